import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.js';
import { CONNECTIONS_CHECKING_INTERVAL_MS } from '../../src/server/limits.js';
import { SECURITY_HEADERS } from '../../src/server/securityHeaders.js';
import { rawRequest, type RawAnswer } from './rawHttp.js';
import { listeningApp } from './serverHarness.js';

/** A short request timeout, so the slow clients below are cut within a second or two. */
const REQUEST_TIMEOUT_MS = 500;

let app: App;
let url: string;
beforeAll(async () => ({ app, url } = await listeningApp({ limits: { requestTimeoutMs: REQUEST_TIMEOUT_MS } })));
afterAll(() => app.close());

/** The API's error shape, with the code, and every security header. */
function expectProblem(answer: RawAnswer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(JSON.parse(answer.body)).toEqual({ error: { code, message: expect.any(String) } });
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(answer.headers[name], name).toBe(value);
}

describe('requests refused before any route sees them, on raw sockets', () => {
  it('a request line with a bad URL (a control character): 400 invalid-request, then the connection closes', async () => {
    const answer = await rawRequest(url, 'GET /api/\x01 HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expectProblem(answer, 400, 'invalid-request');
    expect(answer.headers.connection).toBe('close');
  });

  it('a URL with a malformed %-escape: 400 invalid-request', async () => {
    expectProblem(await rawRequest(url, 'GET /api/scenarios/%E0%A4%A HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'), 400, 'invalid-request');
  });

  it('an over-long path parameter: 414 uri-too-long', async () => {
    expectProblem(await rawRequest(url, `GET /api/scenarios/${'a'.repeat(5_000)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`), 414, 'uri-too-long');
  });

  it('an over-long URL, past the size of the headers: 431 headers-too-large', async () => {
    expectProblem(await rawRequest(url, `GET /api/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`), 431, 'headers-too-large');
  });

  it('headers sent slowly, or headers and no body: 408 request-timeout once the request timeout passes, and the connection closes', async () => {
    // cut at the timeout plus at most one check of the connections (CONNECTIONS_CHECKING_INTERVAL_MS); measured ≈ 1.0 s
    const bound = REQUEST_TIMEOUT_MS + CONNECTIONS_CHECKING_INTERVAL_MS + 2_000;
    const slow = await rawRequest(url, 'GET /api/health HTTP/1.1\r\nHost: localhost\r\n', 10_000);
    expectProblem(slow, 408, 'request-timeout');
    expect(slow.ms).toBeLessThan(bound);
    const bodiless = await rawRequest(url, 'POST /api/simulations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n', 10_000);
    expectProblem(bodiless, 408, 'request-timeout');
    expect(bodiless.ms).toBeLessThan(bound);
  });
});

describe('the connection cap', () => {
  it('closes a connection past the most open at once, and takes new ones again when one closes', async () => {
    const capped = await listeningApp({ limits: { maxConnections: 3 } });
    try {
      // three connections that send half a request and wait: they hold the three slots
      const held = [0, 1, 2].map(() => rawRequest(capped.url, 'GET /api/health HTTP/1.1\r\nHost: localhost\r\n', 1_500));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const refused = await rawRequest(capped.url, 'GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      expect(refused.status).toBe(0); // closed at once, without an answer
      expect(refused.ms).toBeLessThan(1_000);
      await Promise.all(held);
      const health = await fetch(`${capped.url}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      await capped.app.close();
    }
  });
});
