import type { FastifyReply, FastifyRequest } from 'fastify';
import { CORS_PREFLIGHT_MAX_AGE_SECONDS } from './limits.js';

/** What a cross-origin caller may use: the API's own methods and its one request header. */
const ALLOWED_METHODS = ['GET', 'POST'] as const;
const ALLOWED_REQUEST_HEADERS = 'content-type';
/** Response headers beyond the CORS-safelisted ones that a cross-origin caller may read. */
const EXPOSED_HEADERS = 'retry-after';

/**
 * The CORS policy: same origin only unless `allowedOrigins` lists others (exact
 * `scheme://host:port` matches, no wildcard). A listed origin gets
 * `Access-Control-Allow-Origin` naming it, never credentials; any other gets no CORS header,
 * so its browser keeps the answer from it. With a list, every answer varies by `Origin`.
 */
export function createCorsPolicy(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  const isAllowed = (request: FastifyRequest) => {
    const origin = request.headers.origin;
    return origin !== undefined && allowed.has(origin);
  };
  return {
    /** onRequest hook: the CORS headers of an actual request (they stay on error answers too). */
    async onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      if (allowed.size === 0) return; // same origin only: nothing to say
      reply.header('vary', 'Origin');
      if (!isAllowed(request)) return;
      reply.header('access-control-allow-origin', request.headers.origin!);
      reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    },

    /** OPTIONS under /api: a preflight answered 204, granting methods and headers only to a listed origin. */
    async preflight(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
      const method = request.headers['access-control-request-method']?.toUpperCase();
      reply.header('allow', [...ALLOWED_METHODS, 'OPTIONS'].join(', '));
      if (isAllowed(request) && ALLOWED_METHODS.some((allowedMethod) => allowedMethod === method)) {
        reply.header('access-control-allow-methods', ALLOWED_METHODS.join(', '));
        reply.header('access-control-allow-headers', ALLOWED_REQUEST_HEADERS);
        reply.header('access-control-max-age', String(CORS_PREFLIGHT_MAX_AGE_SECONDS));
      }
      return reply.code(204).send();
    },
  };
}
