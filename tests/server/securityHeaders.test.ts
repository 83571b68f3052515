import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { DEFAULT_PAGE_DIR } from '../../src/server/routes/pageRoutes.js';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../src/server/securityHeaders.js';
import { postSimulation } from './serverHarness.js';

const app = buildApp({ limits: { bodyLimitBytes: 10_000 } });
afterAll(() => app.close());

type Headers = Record<string, string | string[] | number | undefined>;

/** The CSP as directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectSecurityHeaders(headers: Headers, what: string): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (name !== 'content-security-policy') expect(headers[name], `${what}: ${name}`).toBe(value);
  }
  expect(headers['content-security-policy'], what).toContain("frame-ancestors 'none'");
}

describe('security headers', () => {
  it('are on every kind of response: the page, its assets, API answers and errors', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    const script = /src="\.\/assets\/([^"]+\.js)"/.exec(page.body)![1]!;
    const responses = {
      page,
      asset: await app.inject({ method: 'GET', url: `/assets/${script}` }),
      health: await app.inject({ method: 'GET', url: '/api/health' }),
      simulation: await postSimulation(app, { scenario: 'baseline', paths: 200, seed: 1 }),
      'invalid body (400)': await postSimulation(app, { scenario: 'baseline', paths: 'many' }),
      'unknown route (404)': await app.inject({ method: 'GET', url: '/api/nowhere' }),
      'too large (413)': await app.inject({ method: 'POST', url: '/api/simulations', headers: { 'content-type': 'application/json' }, payload: `"${'x'.repeat(20_000)}"` }),
      'not JSON (415)': await app.inject({ method: 'POST', url: '/api/simulations', headers: { 'content-type': 'application/xml' }, payload: '<a/>' }),
      preflight: await app.inject({ method: 'OPTIONS', url: '/api/simulations' }),
    };
    expect(Object.values(responses).map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 400, 404, 413, 415, 204]);
    for (const [what, response] of Object.entries(responses)) {
      expectSecurityHeaders(response.headers, what);
      if (what !== 'asset' && what !== 'page') expect(response.headers['content-security-policy'], what).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(responses.page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('mark API answers no-store (simulations are computed per request); the page and its assets keep their own cache policy', async () => {
    for (const response of [
      await postSimulation(app, { scenario: 'baseline', paths: 200, seed: 1 }),
      await postSimulation(app, { scenario: 'atlantis' }),
      await app.inject({ method: 'GET', url: '/api/scenarios' }),
      await app.inject({ method: 'GET', url: '/api/health' }),
    ]) {
      expect(response.headers['cache-control'], response.body.slice(0, 60)).toBe('no-store');
    }
    expect((await app.inject({ method: 'GET', url: '/' })).headers['cache-control']).toBe('no-cache');
  });

  it('use a CSP the built page fits: scripts, styles and its worker from this origin, no inline script or style, no eval; WebAssembly compiles', () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    for (const name of ['style-src', 'worker-src', 'connect-src']) expect(policy.get(name), name).toEqual(["'self'"]);
    // the workers compile the engine's WebAssembly kernel: allowed, and nothing else that evaluates code
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    const tokens = [...policy.values()].flat();
    expect(tokens).not.toContain("'unsafe-eval'");
    expect(tokens).not.toContain("'unsafe-inline'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/\*/);
    // the page (vite's build) has nothing inline that this policy would block
    const html = readFileSync(join(DEFAULT_PAGE_DIR, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // every script is a file
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i); // no inline style or handler
    for (const reference of html.matchAll(/\s(?:src|href)="([^"]+)"/g)) expect(reference[1], 'same-origin asset').toMatch(/^\.?\/assets\//);
  });

  it('allow the API docs page its one inline stylesheet by hash, and nothing else inline', async () => {
    const docs = await app.inject({ method: 'GET', url: '/api/docs' });
    const style = /<style>([^<]*)<\/style>/.exec(docs.body)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(directives(String(docs.headers['content-security-policy'])).get('style-src')).toEqual(["'self'", `'sha256-${hash}'`]);
    expectSecurityHeaders(docs.headers, 'docs');
  });
});
