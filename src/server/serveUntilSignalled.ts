import { createRunner } from '../run/runner.js';
import { buildApp } from './app.js';
import type { ServerSettings } from './serverSettings.js';

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs the API as this process's job: one runner with a worker pool for large runs (`threads`
 * workers, started on the first large run), listens, logs (pino, JSON lines on stdout), and on
 * SIGINT or SIGTERM shuts down gracefully — stops accepting connections, lets in-flight
 * requests finish, then resolves 0. Past `shutdownGraceMs`, or on a second signal, the process
 * exits 1 at once. Resolves 1 when it cannot listen.
 */
export async function serveUntilSignalled(settings: ServerSettings, stderr: NodeJS.WritableStream): Promise<number> {
  const { limits } = settings;
  const runner = createRunner({ threads: settings.threads });
  const app = buildApp({ limits, logger: { level: settings.logLevel }, runner, corsOrigins: settings.corsOrigins });
  try {
    await app.listen({ port: settings.port, host: settings.host });
  } catch (error) {
    stderr.write(`tradecast: cannot listen on ${settings.host}:${settings.port}: ${(error as Error).message}\n`);
    await app.close();
    await runner.close();
    return 1;
  }
  app.log.info({ threads: runner.threads, corsOrigins: settings.corsOrigins }, 'simulation pool ready');
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
        .then(() => runner.close())
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
