import { availableParallelism } from 'node:os';
import { QUEUE_MIN_PATHS_SERVER } from '../../src/run/queue/queueDefaults.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, DEFAULT_LIMITS, DEFAULT_PORT } from '../../src/server/limits.js';
import { serverSettingsFromEnvironment } from '../../src/server/serverSettings.js';

describe('serverSettingsFromEnvironment', () => {
  it('uses port 3000, this machine, the default limits, a thread per core and no CORS origins when nothing is set', () => {
    expect(serverSettingsFromEnvironment({})).toEqual({
      ok: true,
      settings: {
        port: DEFAULT_PORT,
        host: DEFAULT_HOST,
        limits: DEFAULT_LIMITS,
        logLevel: 'info',
        threads: availableParallelism(),
        corsOrigins: [],
        allowedHosts: [],
        queueMinPaths: QUEUE_MIN_PATHS_SERVER,
      },
    });
    expect(DEFAULT_PORT).toBe(3000);
  });

  it('reads PORT, HOST, LOG_LEVEL, the threads, the CORS origins, the queue and each TRADECAST_* limit; flags win over the environment', () => {
    const outcome = serverSettingsFromEnvironment(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        LOG_LEVEL: 'warn',
        TRADECAST_MAX_PATH_YEARS: '1000',
        TRADECAST_RUN_TIMEOUT_MS: '500',
        TRADECAST_BODY_LIMIT_BYTES: ' 2048 ',
        TRADECAST_THREADS: '3',
        TRADECAST_CORS_ORIGINS: 'https://example.org, http://localhost:5173',
        TRADECAST_ALLOWED_HOSTS: 'Tradecast.example.org, dashboard.lan',
        TRADECAST_MAX_RUN_MEMORY_MB: '512',
        TRADECAST_REQUEST_TIMEOUT_MS: '3000',
        TRADECAST_KEEP_ALIVE_TIMEOUT_MS: '1000',
        TRADECAST_MAX_CONNECTIONS: '64',
        TRADECAST_QUEUE: 'redis://:secret@queue.example:6380/2',
        TRADECAST_QUEUE_MIN_PATHS: '100000',
      },
      { port: '0' },
    );
    expect(outcome).toEqual({
      ok: true,
      settings: {
        port: 0,
        host: '0.0.0.0',
        logLevel: 'warn',
        limits: { ...DEFAULT_LIMITS, maxPathYears: 1000, runTimeoutMs: 500, bodyLimitBytes: 2048, maxRunMemoryMb: 512, requestTimeoutMs: 3000, keepAliveTimeoutMs: 1000, maxConnections: 64 },
        threads: 3,
        corsOrigins: ['https://example.org', 'http://localhost:5173'],
        allowedHosts: ['tradecast.example.org', 'dashboard.lan'],
        queue: { host: 'queue.example', port: 6380, db: 2, password: 'secret', tls: false, shown: 'redis://:<password>@queue.example:6380/2' },
        queueMinPaths: 100_000,
      },
    });
  });

  it('takes only exact origins for CORS (no path, wildcard or other scheme) and 1 to 64 threads', () => {
    for (const origins of ['*', 'https://example.org/', 'https://example.org/api', 'example.org', 'ftp://example.org', 'https://a.org,,https://b.org']) {
      const outcome = serverSettingsFromEnvironment({ TRADECAST_CORS_ORIGINS: origins });
      expect(outcome.ok, origins).toBe(false);
      if (!outcome.ok) expect(outcome.problems[0]).toMatch(/^TRADECAST_CORS_ORIGINS=.*: expected origins separated by commas/);
    }
    for (const threads of ['0', '65', '1.5', 'all']) {
      const outcome = serverSettingsFromEnvironment({ TRADECAST_THREADS: threads });
      expect(outcome.ok ? [] : outcome.problems, threads).toEqual([`TRADECAST_THREADS=${JSON.stringify(threads)}: expected a whole number from 1 to 64`]);
    }
  });

  it('answers to the name it listens on, and takes host names or * in TRADECAST_ALLOWED_HOSTS', () => {
    expect(serverSettingsFromEnvironment({ HOST: 'tradecast.lan', TRADECAST_ALLOWED_HOSTS: 'b.example' })).toMatchObject({ ok: true, settings: { allowedHosts: ['tradecast.lan', 'b.example'] } });
    expect(serverSettingsFromEnvironment({ TRADECAST_ALLOWED_HOSTS: '*' })).toMatchObject({ ok: true, settings: { allowedHosts: ['*'] } });
    for (const hosts of ['http://a.example', 'a.example:3000', 'a b', 'a.example,,b.example', '-a.example']) {
      const outcome = serverSettingsFromEnvironment({ TRADECAST_ALLOWED_HOSTS: hosts });
      expect(outcome.ok, hosts).toBe(false);
      if (!outcome.ok) expect(outcome.problems[0]).toMatch(/^TRADECAST_ALLOWED_HOSTS=.*: expected host names separated by commas/);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(serverSettingsFromEnvironment({ PORT: '', HOST: '  ' })).toMatchObject({ ok: true, settings: { port: DEFAULT_PORT, host: DEFAULT_HOST } });
  });

  it('names every bad variable and what it expects', () => {
    const outcome = serverSettingsFromEnvironment({ PORT: '70000', TRADECAST_MAX_CONCURRENT_RUNS: '0', TRADECAST_SHUTDOWN_GRACE_MS: '1.5', LOG_LEVEL: 'loud' });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems).toHaveLength(4);
    expect(outcome.problems.join('\n')).toMatch(/^PORT="70000": expected a port number/m);
    expect(outcome.problems.join('\n')).toMatch(/^TRADECAST_MAX_CONCURRENT_RUNS="0": expected a whole number, at least 1$/m);
    expect(outcome.problems.join('\n')).toMatch(/^TRADECAST_SHUTDOWN_GRACE_MS="1.5": /m);
    expect(outcome.problems.join('\n')).toMatch(/^LOG_LEVEL="loud": expected one of fatal, error/m);
  });
});
