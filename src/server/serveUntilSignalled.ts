import { createRunner } from '../run/runner.js';
import { buildApp } from './app.js';
import type { ServerSettings } from './serverSettings.js';
import type { QueueAddress } from '../run/queue/queueUrl.js';
import { QueueError } from '../run/queueError.js';
import type { RunBackend } from '../run/runBackend.js';

/**
 * The queue for large runs (bullmq and ioredis load only when TRADECAST_QUEUE is set). One that
 * cannot be reached at start-up is said once on stderr and its runs are answered 503; the
 * server serves everything else. One lost later reconnects on its own; runs meanwhile get 503.
 */
async function queueBackend(address: QueueAddress, stderr: NodeJS.WritableStream): Promise<RunBackend> {
  const [{ createQueueBackend }, { unavailableBackend }] = await Promise.all([import('../run/queue/queueBackend.js'), import('../run/queue/unavailableBackend.js')]);
  try {
    return await createQueueBackend({ address });
  } catch (error) {
    if (!(error instanceof QueueError)) throw error;
    stderr.write(`tradecast server: TRADECAST_QUEUE: ${error.message}; runs for the queue will be answered 503\n`);
    return unavailableBackend(error);
  }
}

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
  const runner = createRunner({ threads: settings.threads, ...(settings.queue ? { queue: { backend: await queueBackend(settings.queue, stderr), minPaths: settings.queueMinPaths } } : {}) });
  const app = buildApp({ limits, logger: { level: settings.logLevel }, runner, corsOrigins: settings.corsOrigins });
  try {
    await app.listen({ port: settings.port, host: settings.host });
  } catch (error) {
    stderr.write(`tradecast: cannot listen on ${settings.host}:${settings.port}: ${(error as Error).message}\n`);
    await app.close();
    await runner.close();
    return 1;
  }
  app.log.info({ threads: runner.threads, corsOrigins: settings.corsOrigins, queue: settings.queue?.shown ?? null, queueMinPaths: settings.queue ? settings.queueMinPaths : null }, 'simulation pool ready');
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
