import type { FastifyReply } from 'fastify';
import { serializeResult } from '../run/serializeResult.js';

/**
 * Answers with a result as the exact bytes the CLI prints with `--format json`: fastify sends a
 * string with a JSON content type as is, never re-serialised. The route's typed reply expects
 * the result object, hence `as never`.
 */
export function sendResult(reply: FastifyReply, result: object): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(serializeResult(result) as never);
}
