import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { fromZodIssue, type ScenarioIssue } from '../scenario/scenarioIssue.js';

/** A request that does not match its route's zod schema; carries zod's issues as data. */
export class RequestValidationError extends Error {
  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(issues.map((issue) => issue.message).join('; '));
  }
}

/**
 * Validates request parts with their zod schemas. Unlike the type provider's own compiler it
 * keeps each issue's path as an array (numbers stay numbers), so a 400 names fields exactly.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const parsed = schema.safeParse(data);
    return parsed.success ? { value: parsed.data } : { error: new RequestValidationError(parsed.error.issues.map((issue) => fromZodIssue(issue, { schema, input: data }))) };
  };
