import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { projectRoot } from '../../scenario/projectPaths.js';
import { ProblemError } from '../apiProblem.js';

/** Where `npm run build` puts the page (vite's output for web/). */
export const DEFAULT_PAGE_DIR = join(projectRoot(), 'web', 'dist');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * Cross-origin isolation for the page and its scripts: with it the browser lets the page's
 * two Web Workers share memory (SharedArrayBuffer), so a run's paths are split between them.
 * Everything the page loads is same-origin, so nothing breaks.
 */
const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/** A built asset's name: vite's hashed file names, never a path. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

/**
 * The browser page: `/` is web/dist/index.html, `/assets/<name>` its hashed scripts and styles
 * (cached for a year: a new build makes new names). Files are read once and kept in memory.
 */
export const pageRoutes: FastifyPluginAsync<{ pageDir?: string }> = async (app, options) => {
  const pageDir = options.pageDir ?? DEFAULT_PAGE_DIR;
  const cache = new Map<string, Buffer>();
  const read = async (relative: string): Promise<Buffer | null> => {
    const hit = cache.get(relative);
    if (hit) return hit;
    try {
      const content = await readFile(join(pageDir, relative));
      cache.set(relative, content);
      return content;
    } catch {
      return null;
    }
  };

  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const page = await read('index.html');
    if (!page) throw new ProblemError({ kind: 'not-found', message: 'the page is not built: run `npm run build` (npm start does), or use the API under /api' });
    return reply.type(CONTENT_TYPES['.html']!).headers(ISOLATION_HEADERS).header('cache-control', 'no-cache').send(page);
  });

  app.get<{ Params: { name: string } }>('/assets/:name', { schema: { hide: true } }, async (request, reply) => {
    const { name } = request.params;
    const type = CONTENT_TYPES[extname(name)];
    const content = ASSET_NAME.test(name) && type ? await read(join('assets', name)) : null;
    if (!content) throw new ProblemError({ kind: 'not-found', message: `no page asset named ${JSON.stringify(name.slice(0, 100))}` });
    return reply.type(type!).headers(ISOLATION_HEADERS).header('cache-control', 'public, max-age=31536000, immutable').send(content);
  });
};
