import { workLimitMessage, type WorkCount, type WorkLimits } from '../run/workCount.js';
import { describeModelFailure, type ModelFailure } from '../core/modelFailure.js';
import { formatPath, type ScenarioIssue } from '../scenario/scenarioIssue.js';
import { BUSY_RETRY_AFTER_SECONDS } from './limits.js';
import type { ApiIssue, ErrorCode, ErrorResponse } from './schemas/errorResponseSchema.js';

/**
 * Every way a request can fail, as data: a closed union that `problemResponse` maps
 * to a status and a body, in one place.
 */
export type ApiProblem =
  | { readonly kind: 'invalid-request'; readonly message: string; readonly issues?: readonly ScenarioIssue[] }
  | { readonly kind: 'invalid-scenario'; readonly issues: readonly ScenarioIssue[] }
  | { readonly kind: 'work-limit'; readonly work: WorkCount; readonly limits: WorkLimits }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'body-too-large'; readonly limitBytes: number }
  | { readonly kind: 'unsupported-media-type'; readonly message: string }
  | { readonly kind: 'model-failure'; readonly failure: ModelFailure }
  | { readonly kind: 'busy'; readonly maxConcurrentRuns: number }
  /** a request on a connection still open while the server shuts down */
  | { readonly kind: 'shutting-down' }
  /** a Host header this server does not answer to (DNS rebinding) */
  | { readonly kind: 'host-not-allowed'; readonly host: string }
  | { readonly kind: 'uri-too-long'; readonly message: string }
  | { readonly kind: 'headers-too-large' }
  /** the request did not arrive whole within the request timeout */
  | { readonly kind: 'request-timeout'; readonly limitMs: number }
  /** `done` of `total` units of progress (paths, simulated paths, steps) when it stopped; `field` is what to ask less of */
  | { readonly kind: 'timeout'; readonly what: string; readonly limitMs: number; readonly done: number; readonly total: number; readonly unit: string; readonly field: string }
  /** the client went away mid-run: logged, nobody reads the body */
  | { readonly kind: 'client-closed' }
  /** the queue of workers a large run goes to could not be used (TRADECAST_QUEUE) */
  | { readonly kind: 'queue-unavailable'; readonly message: string }
  /** a bug: the detail goes to the log only */
  | { readonly kind: 'internal' };

/** Most issues an error body lists; its message says how many there are in all. */
export const ISSUES_LISTED = 100;

/** Thrown by route handlers to hand a problem to the error handler (fastify's error channel). */
export class ProblemError extends Error {
  constructor(readonly problem: ApiProblem) {
    super(problem.kind);
  }
}

/** Status code, body and any extra headers for a problem: the one mapping. */
export function problemResponse(problem: ApiProblem): { readonly status: number; readonly body: ErrorResponse; readonly headers?: Readonly<Record<string, string>> } {
  // the message counts every issue; the list stops at ISSUES_LISTED (a scenario with every number broken has hundreds)
  const body = (code: ErrorCode, message: string, issues?: readonly ScenarioIssue[]): ErrorResponse => ({
    error: issues === undefined ? { code, message } : { code, message, issues: issues.slice(0, ISSUES_LISTED).map(plainIssue) },
  });
  switch (problem.kind) {
    case 'invalid-request':
      return { status: 400, body: body('invalid-request', problem.message, problem.issues) };
    case 'invalid-scenario':
      return { status: 400, body: body('invalid-scenario', summariseIssues(problem.issues, 'the scenario'), problem.issues) };
    case 'work-limit': {
      const message = workLimitMessage(problem.work, problem.limits, "this server's");
      return { status: 400, body: body('work-limit', message, [{ path: [problem.work.field], message }]) };
    }
    case 'not-found':
      return { status: 404, body: body('not-found', problem.message) };
    case 'body-too-large':
      return { status: 413, body: body('body-too-large', `the request body is over this server's limit of ${problem.limitBytes} bytes`) };
    case 'unsupported-media-type':
      return { status: 415, body: body('unsupported-media-type', problem.message) };
    case 'model-failure':
      // `cancelled` never gets here (the run's caller knows why it stopped); 503 if it does
      return { status: problem.failure.kind === 'cancelled' ? 503 : 422, body: body('model-failure', describeModelFailure(problem.failure)) };
    case 'busy':
      // refused before any work: the one 503 worth retrying, and when
      return {
        status: 503,
        body: body('busy', `this server is already running ${problem.maxConcurrentRuns} simulations or analyses; try again in a moment`),
        headers: { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) },
      };
    case 'shutting-down':
      return { status: 503, body: body('busy', 'this server is shutting down; try again in a moment'), headers: { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) } };
    case 'host-not-allowed':
      return {
        status: 403,
        body: body(
          'host-not-allowed',
          `this server does not answer to the host ${JSON.stringify(problem.host.slice(0, 100))}; it answers to localhost, IP addresses and the names in TRADECAST_ALLOWED_HOSTS`,
        ),
      };
    case 'uri-too-long':
      return { status: 414, body: body('uri-too-long', problem.message) };
    case 'headers-too-large':
      return { status: 431, body: body('headers-too-large', "the request's headers are over this server's limit") };
    case 'request-timeout':
      return { status: 408, body: body('request-timeout', `the request did not arrive whole within ${problem.limitMs} ms`) };
    case 'timeout':
      return {
        status: 503,
        body: body('timeout', `the ${problem.what} was stopped after ${problem.limitMs} ms (${problem.done} of ${problem.total} ${problem.unit} done); ask for fewer ${problem.field}`),
      };
    case 'queue-unavailable':
      return { status: 503, body: body('queue-unavailable', `this run goes to the server's queue of workers, which cannot take it: ${problem.message}`) };
    case 'client-closed':
      return { status: 499, body: body('client-closed', 'the client closed the connection before the run finished') };
    case 'internal':
      return { status: 500, body: body('internal', 'internal server error; the server log has the details') };
  }
}

/**
 * Issues an analysis found in a valid body: `invalid-scenario` when any is located in a
 * scenario source (it has a `file`), else `invalid-request` (they name fields of the body).
 */
export function problemFromIssues(issues: readonly ScenarioIssue[]): ApiProblem {
  return issues.some((issue) => issue.file !== undefined) ? { kind: 'invalid-scenario', issues } : { kind: 'invalid-request', message: summariseIssues(issues, 'the request body'), issues };
}

/** `path: message` of the first issue (`whole` names the empty path), and how many more. */
export function summariseIssues(issues: readonly ScenarioIssue[], whole: string): string {
  const first = issues[0];
  if (first === undefined) return `${whole} is invalid`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return `${first.path.length === 0 ? whole : formatPath(first.path)}: ${first.message}${more}`;
}

/** Only the documented fields, in a fixed order. */
function plainIssue(issue: ScenarioIssue): ApiIssue {
  return {
    path: [...issue.path],
    message: issue.message,
    ...(issue.file === undefined ? {} : { file: issue.file }),
    ...(issue.line === undefined ? {} : { line: issue.line }),
  };
}
