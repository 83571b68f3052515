import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';
import { CONTENT_SECURITY_POLICY } from '../securityHeaders.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const DOCS_STYLE = 'body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}td{padding:.2rem .8rem .2rem 0;vertical-align:top}';
/** The server's CSP, with this page's one inline stylesheet allowed by its hash. */
const DOCS_CSP = CONTENT_SECURITY_POLICY.replace("style-src 'self'", `style-src 'self' 'sha256-${createHash('sha256').update(DOCS_STYLE).digest('base64')}'`);

/**
 * GET /api/docs/json: the OpenAPI document @fastify/swagger generates from the routes' zod
 * schemas. GET /api/docs: a plain page listing the operations (no scripts or outside assets,
 * so it works offline).
 */
export const docsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) => {
    const document = app.swagger() as OpenAPIV3_1.Document;
    return reply.type('text/html; charset=utf-8').header('content-security-policy', DOCS_CSP).send(docsPage(document));
  });
};

function docsPage(document: OpenAPIV3_1.Document): string {
  const rows = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item?.[method];
      if (!operation) return [];
      return [`<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(operation.summary ?? '')}</td></tr>`];
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)} API</title>
<style>${DOCS_STYLE}</style></head>
<body><h1>${escapeHtml(document.info.title)} ${escapeHtml(document.info.version)} — HTTP API</h1>
<p>${escapeHtml(document.info.description ?? '')}</p>
<p>The OpenAPI document, with every request and response schema: <a href="/api/docs/json">/api/docs/json</a>.</p>
<table><thead><tr><th>method</th><th>path</th><th>what</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
