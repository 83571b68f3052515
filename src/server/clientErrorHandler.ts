import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { problemResponse, type ApiProblem } from './apiProblem.js';
import { API_CACHE_CONTROL, SECURITY_HEADERS } from './securityHeaders.js';

/**
 * Answers what Node's HTTP parser refuses before fastify sees a request — a request line or
 * header it cannot parse (a URL with spaces or control characters), headers over the size
 * limit, a request that did not arrive within the request timeout — with the API's error
 * shape and security headers, written to the socket as is (there is no request object), then
 * closes the connection: after such an error the rest of the stream cannot be trusted.
 */
export function createClientErrorHandler(requestTimeoutMs: number) {
  // fastify calls it with the instance as `this`
  return function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
    // a reset connection has nobody to answer
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const problem: ApiProblem =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? { kind: 'request-timeout', limitMs: requestTimeoutMs }
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? { kind: 'headers-too-large' }
          : { kind: 'invalid-request', message: 'the request could not be parsed as HTTP (check the request line and headers)' };
    this.log.debug({ code: error.code }, 'client error');
    if (socket.writable) socket.end(rawResponse(problem));
    socket.destroySoon();
  };
}

/** A whole HTTP/1.1 response for a problem: status line, headers (security headers included) and the JSON body. */
function rawResponse(problem: ApiProblem): string {
  const { status, body, headers } = problemResponse(problem);
  const text = JSON.stringify(body);
  const all: Record<string, string> = {
    ...SECURITY_HEADERS,
    'cache-control': API_CACHE_CONTROL,
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    connection: 'close',
  };
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${Object.entries(all)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n${text}`;
}
