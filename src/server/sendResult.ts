import type { FastifyReply } from 'fastify';

/**
 * Answers with a result as the exact bytes the CLI prints with `--format json` (serialized by
 * the compute worker with the CLI's serializeResult): fastify sends a string with a JSON content
 * type as is, never re-serialised. The route's typed reply expects the result object, hence
 * `as never`.
 */
export function sendResult(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text as never);
}
