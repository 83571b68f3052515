import { buildApp } from './app.js';
import { createComputePool } from './computePool.js';
import type { ServerSettings } from './serverSettings.js';

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs the API as this process's job: a compute pool of `threads` worker threads (started on
 * the first request that computes), listens, logs (pino, JSON lines on stdout), and on SIGINT
 * or SIGTERM shuts down gracefully — stops accepting connections, lets in-flight requests
 * finish, stops the pool, then resolves 0. Past `shutdownGraceMs`, or on a second signal, the
 * process exits 1 at once: the computing is on the pool's threads, so this thread is free to
 * hear the signal.
 */
export async function serveUntilSignalled(settings: ServerSettings, stderr: NodeJS.WritableStream): Promise<number> {
  const { limits } = settings;
  const compute = createComputePool({ threads: settings.threads, ...(settings.queue ? { queue: { address: settings.queue, minPaths: settings.queueMinPaths } } : {}) });
  const app = buildApp({ limits, logger: { level: settings.logLevel }, compute, corsOrigins: settings.corsOrigins, allowedHosts: settings.allowedHosts });
  try {
    await app.listen({ port: settings.port, host: settings.host });
  } catch (error) {
    stderr.write(`tradecast: cannot listen on ${settings.host}:${settings.port}: ${(error as Error).message}\n`);
    await app.close();
    await compute.close();
    return 1;
  }
  app.log.info(
    {
      threads: settings.threads,
      corsOrigins: settings.corsOrigins,
      allowedHosts: settings.allowedHosts,
      queue: settings.queue?.shown ?? null,
      queueMinPaths: settings.queue ? settings.queueMinPaths : null,
    },
    'simulation pool ready',
  );
  return new Promise<number>((resolve) => {
    const forceExit = (signal: NodeJS.Signals) => {
      app.log.error({ signal }, 'second signal: exiting without waiting for in-flight requests');
      process.exit(1);
    };
    const shutdown = (signal: NodeJS.Signals) => {
      for (const name of SHUTDOWN_SIGNALS) {
        process.off(name, shutdown);
        process.once(name, forceExit);
      }
      app.log.info({ signal, graceMs: limits.shutdownGraceMs }, 'shutting down: no new connections; in-flight requests finish');
      const deadline = setTimeout(() => {
        app.log.error({ graceMs: limits.shutdownGraceMs }, 'in-flight requests did not finish in time: exiting');
        process.exit(1);
      }, limits.shutdownGraceMs);
      deadline.unref();
      // the requests in flight finish first, then the pool's workers stop
      app
        .close()
        .then(() => compute.close())
        .then(
          () => {
            clearTimeout(deadline);
            app.log.info('closed');
            resolve(0);
          },
          (error: unknown) => {
            app.log.error({ err: error }, 'error while closing');
            resolve(1);
          },
        );
    };
    for (const name of SHUTDOWN_SIGNALS) process.on(name, shutdown);
  });
}
