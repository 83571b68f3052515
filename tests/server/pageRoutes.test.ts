import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { DEFAULT_PAGE_DIR } from '../../src/server/routes/pageRoutes.js';

const app = buildApp();
afterAll(() => app.close());

describe('the page', () => {
  it('is served at / from the build (npm test builds it), not cached, with its assets cached for good', async () => {
    const home = await app.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.headers['cache-control']).toBe('no-cache');
    // cross-origin isolation: the page's two workers may share memory
    expect(home.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(home.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(home.body).toBe(readFileSync(join(DEFAULT_PAGE_DIR, 'index.html'), 'utf8'));
    const script = /src="\.\/assets\/([^"]+\.js)"/.exec(home.body)?.[1];
    expect(script).toBeDefined();
    const asset = await app.inject({ method: 'GET', url: `/assets/${script}` });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(readdirSync(join(DEFAULT_PAGE_DIR, 'assets')).some((name) => name.startsWith('simulationWorker'))).toBe(true);
  });

  it('answers 404 in the API’s error shape for unknown or crafted asset names', async () => {
    for (const url of ['/assets/nope.js', '/assets/..%2F..%2Fpackage.json', '/assets/%2e%2e%2fpackage.json', '/assets/x.exe', '/assets/.env']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'not-found' } });
    }
  });

  it('says how to build the page when it is missing', async () => {
    const bare = buildApp({ pageDir: mkdtempSync(join(tmpdir(), 'tradecast-nopage-')) });
    const response = await bare.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toContain('npm run build');
    await bare.close();
  });
});
