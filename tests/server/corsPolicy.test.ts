import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.js';
import { CORS_PREFLIGHT_MAX_AGE_SECONDS } from '../../src/server/limits.js';
import { listeningApp } from './serverHarness.js';

const ALLOWED = 'https://dashboard.example.org';
const OTHER = 'https://evil.example.com';

/** One real HTTP exchange with any headers (a browser's Origin included). */
function exchange(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const corsHeaders = (headers: IncomingHttpHeaders) => Object.keys(headers).filter((name) => name.startsWith('access-control-'));

let withList: { app: App; url: string };
let sameOrigin: { app: App; url: string };
beforeAll(async () => {
  withList = await listeningApp({ corsOrigins: [ALLOWED] });
  sameOrigin = await listeningApp();
});
afterAll(async () => {
  await withList.app.close();
  await sameOrigin.app.close();
});

describe('CORS', () => {
  it('by default sends no CORS header to any origin: the API is for its own page', async () => {
    const answer = await exchange(`${sameOrigin.url}/api/scenarios`, 'GET', { origin: ALLOWED });
    expect(answer.status).toBe(200);
    expect(corsHeaders(answer.headers)).toEqual([]);
    const preflight = await exchange(`${sameOrigin.url}/api/simulations`, 'OPTIONS', { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });
    expect(preflight.status).toBe(204);
    expect(corsHeaders(preflight.headers)).toEqual([]);
  });

  it('grants a listed origin, by name and without credentials, on answers and errors alike', async () => {
    const body = JSON.stringify({ scenario: 'baseline', paths: 200, seed: 3 });
    const answer = await exchange(`${withList.url}/api/simulations`, 'POST', { origin: ALLOWED, 'content-type': 'application/json' }, body);
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    expect(answer.headers['access-control-expose-headers']).toBe('retry-after');
    expect(answer.headers.vary).toBe('Origin');
    const refused = await exchange(`${withList.url}/api/scenarios/atlantis`, 'GET', { origin: ALLOWED });
    expect(refused.status).toBe(404);
    expect(refused.headers['access-control-allow-origin']).toBe(ALLOWED); // the caller can read why
  });

  it('grants nothing to an origin not on the list (its browser withholds the answer), and says the answer varies by Origin', async () => {
    for (const origin of [OTHER, `${ALLOWED}.evil.com`, 'null', ALLOWED.replace('https', 'http')]) {
      const answer = await exchange(`${withList.url}/api/scenarios`, 'GET', { origin });
      expect(answer.status, origin).toBe(200);
      expect(corsHeaders(answer.headers), origin).toEqual([]);
      expect(answer.headers.vary, origin).toBe('Origin');
    }
  });

  it('answers a preflight with 204: methods, content-type and max-age for a listed origin; nothing for others', async () => {
    const ask = (origin: string, method = 'POST') =>
      exchange(`${withList.url}/api/simulations`, 'OPTIONS', { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' });
    const granted = await ask(ALLOWED);
    expect(granted.status).toBe(204);
    expect(granted.headers).toMatchObject({
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': String(CORS_PREFLIGHT_MAX_AGE_SECONDS),
    });
    expect(granted.body).toBe('');
    const otherOrigin = await ask(OTHER);
    expect(otherOrigin.status).toBe(204);
    expect(corsHeaders(otherOrigin.headers)).toEqual([]);
    const otherMethod = await ask(ALLOWED, 'DELETE');
    expect(otherMethod.headers['access-control-allow-methods']).toBeUndefined();
  });
});
