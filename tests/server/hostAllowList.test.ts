import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { isAllowedHost } from '../../src/server/hostAllowList.js';
import { errorOf } from './serverHarness.js';

const app = buildApp({ allowedHosts: ['tradecast.example.org'] });
afterAll(() => app.close());

describe('the Host allow-list', () => {
  it.each(['localhost:3000', 'localhost', '127.0.0.1:3000', '[::1]:3000', '192.168.1.20', 'app.localhost', 'TRADECAST.example.org:443'])('answers a request to %s', async (host) => {
    expect((await app.inject({ method: 'GET', url: '/api/health', headers: { host } })).statusCode).toBe(200);
  });

  it.each(['evil.example', 'evil.example:3000', 'localhost.evil.example', 'localhost@evil.example', '127.0.0.1.nip.io', 'not a host'])(
    'refuses a request to %s with 403 host-not-allowed, before the route runs (DNS rebinding)',
    async (host) => {
      const response = await app.inject({ method: 'POST', url: '/api/simulations', headers: { host }, payload: { scenario: 'baseline', paths: 10 } });
      expect(response.statusCode).toBe(403);
      expect(errorOf(response).code).toBe('host-not-allowed');
      expect(response.headers['x-frame-options']).toBe('DENY');
      const { runs } = (await app.inject({ method: 'GET', url: '/api/health' })).json();
      expect(runs.completed).toBe(0);
    },
  );

  it('takes any host with *', () => {
    expect(isAllowedHost('anything.example', new Set(['*']))).toBe(false); // the wildcard is read by the hook, not here
    const open = buildApp({ allowedHosts: ['*'] });
    return open.inject({ method: 'GET', url: '/api/health', headers: { host: 'anything.example' } }).then(async (response) => {
      expect(response.statusCode).toBe(200);
      await open.close();
    });
  });
});
