import { z } from 'zod';

/** Every `error.code` the API sends; one per kind of ApiProblem. */
export const ERROR_CODES = [
  'invalid-request',
  'invalid-scenario',
  'host-not-allowed',
  'uri-too-long',
  'headers-too-large',
  'request-timeout',
  'work-limit',
  'not-found',
  'body-too-large',
  'unsupported-media-type',
  'model-failure',
  'busy',
  'timeout',
  'client-closed',
  'queue-unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with the input: the shape of a ScenarioIssue. */
export const IssueSchema = z
  .object({
    path: z.array(z.union([z.string(), z.number()])).describe('Where: field names and array indices, from the request body or from the scenario.'),
    message: z.string().describe('What was expected.'),
    file: z.string().exactOptional().describe('The scenario source at fault: a shipped file (e.g. scenarios/baseline.yaml), "(inline scenario)" or "overrides".'),
    line: z.number().int().exactOptional().describe('Line in `file`, for shipped files.'),
  })
  .meta({ id: 'Issue' });

export type ApiIssue = z.infer<typeof IssueSchema>;

/** Every error response: `{ error: { code, message, issues? } }`. */
export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).describe('Stable, for programs.'),
      message: z.string().describe('One sentence, for people.'),
      issues: z.array(IssueSchema).optional().describe('For 400: every problem found, not just the first.'),
    }),
  })
  .meta({ id: 'ErrorResponse', description: 'Every error (4xx, 5xx) has this shape.' });

export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

/** `response` entries for a route's error statuses, all with the ErrorResponse body. */
export function errorResponses<Status extends number>(...statuses: Status[]): Record<Status, typeof ErrorResponseSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorResponseSchema])) as Record<Status, typeof ErrorResponseSchema>;
}
