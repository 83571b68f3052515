import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError, problemResponse, summariseIssues, type ApiProblem } from './apiProblem.js';
import type { ServerLimits } from './limits.js';
import { API_CACHE_CONTROL, SECURITY_HEADERS } from './securityHeaders.js';
import { RequestValidationError } from './zodValidatorCompiler.js';

/** Longest piece of a request URL repeated in a 404 message. */
const URL_ECHO_CHARACTERS = 200;

/**
 * The one error handler: every error a route throws or fastify raises becomes an ApiProblem,
 * then a status and an `{ error: { code, message, issues? } }` body. 5xx details go to the
 * log only.
 */
export function createErrorHandler(limits: Pick<ServerLimits, 'bodyLimitBytes'>) {
  return function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const problem = problemFromError(error, limits.bodyLimitBytes);
    if (problem.kind === 'internal') request.log.error({ err: error }, 'internal error');
    const { status, body, headers } = problemResponse(problem);
    if (headers) reply.headers(headers);
    return reply.code(status).send(body);
  };
}

/** Unknown routes: a problem like any other, through the error handler. */
export function notFoundHandler(request: FastifyRequest): never {
  throw new ProblemError({ kind: 'not-found', message: `no route ${request.method} ${request.url.slice(0, URL_ECHO_CHARACTERS)}` });
}

function problemFromError(error: FastifyError, bodyLimitBytes: number): ApiProblem {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof RequestValidationError) {
    const where = error.validationContext; // body, params, querystring or headers
    const issues = where === undefined || where === 'body' ? error.issues : error.issues.map((issue) => ({ ...issue, path: [where, ...issue.path] }));
    return { kind: 'invalid-request', message: summariseIssues(issues, 'the request body'), issues };
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return { kind: 'body-too-large', limitBytes: bodyLimitBytes };
  if (status === 415) return { kind: 'unsupported-media-type', message: `${error.message}; send JSON with content-type: application/json` };
  if (status === 404) return { kind: 'not-found', message: error.message };
  // the rest of fastify's 4xx (malformed JSON, empty body, bad URL…) say what is wrong in words
  if (status >= 400 && status < 500) return { kind: 'invalid-request', message: error.message };
  return { kind: 'internal' };
}

/**
 * fastify's `frameworkErrors`: a URL its router cannot decode (bad percent-encoding) or a path
 * parameter over its length limit, refused before any route or hook runs — answered with the
 * API's error shape and the security headers (set here, as no onSend hook may run).
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const problem: ApiProblem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? { kind: 'uri-too-long', message: 'a part of the URL is longer than this server reads' }
      : { kind: 'invalid-request', message: error.code === 'FST_ERR_BAD_URL' ? 'the URL is not valid: it holds a malformed %-escape' : 'the request could not be routed' };
  const { status, body, headers } = problemResponse(problem);
  void reply
    .code(status)
    .headers({ ...SECURITY_HEADERS, 'cache-control': API_CACHE_CONTROL, ...headers })
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(body));
}
