import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, type App, type AppOptions } from '../../src/server/app.js';
import { projectRoot } from '../../src/scenario/projectPaths.js';

const root = projectRoot();

/** POSTs a body (an object, sent as JSON) to /api/simulations through `app.inject`. */
export function postSimulation(app: App, body: unknown) {
  return post(app, '/api/simulations', body);
}

/** POSTs a body (an object, sent as JSON) to a route through `app.inject`. */
export function post(app: App, url: string, body: unknown) {
  return app.inject({ method: 'POST', url, payload: body as object });
}

/** A valid scenario that drives the model to Infinity (a car market growing 200× a year): 422 model-failure. */
export const EXPLODING_SCENARIO = { extends: 'baseline', sectors: { cars: { marketGrowth: { dist: 'fixed', value: 200, source: 'test: an absurd growth rate' } } } };

/** Resolves once a run is computing on `server` (its health route answers between chunks). */
export async function untilActive(server: App): Promise<void> {
  while ((await server.inject({ method: 'GET', url: '/api/health' })).json().runs.active === 0) await new Promise(setImmediate);
}

/** The `{ error }` body of a response, parsed. */
export function errorOf(response: { body: string }): { code: string; message: string; issues?: { path: (string | number)[]; message: string; file?: string; line?: number }[] } {
  return JSON.parse(response.body).error;
}

/** buildApp listening on a free port of this machine, for tests that talk real HTTP. */
export async function listeningApp(options: AppOptions = {}): Promise<{ app: App; url: string }> {
  const app = buildApp(options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return { app, url: `http://127.0.0.1:${address.port}` };
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** every line the server logged on stdout so far (pino JSON) */
  readonly logs: string[];
  readonly stderr: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the built server as a user would (`node dist/src/server/main.js`, or the CLI with
 * `args`) on a free port, and resolves once it logs where it listens.
 */
export function spawnServer(environment: Record<string, string> = {}, args?: readonly string[]): Promise<ServerProcess> {
  const entry = args ? join(root, 'bin', 'tradecast.js') : join(root, 'dist', 'src', 'server', 'main.js');
  if (!existsSync(join(root, 'dist', 'src', 'server', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
  const child = spawn(process.execPath, [entry, ...(args ?? [])], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        logs.push(line);
        const listening = /Server listening at (http:\/\/[^"\s]+)/.exec(line);
        if (listening) resolve({ child, url: listening[1]!, logs, stderr, exited });
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
    void exited.then(({ code }) => reject(new Error(`the server exited (${code}) before listening: ${stderr.join('')}`)));
  });
}

/** Messages of the pino log lines, in order. */
export function logMessages(logs: readonly string[]): string[] {
  return logs.flatMap((line) => {
    try {
      return [String(JSON.parse(line).msg)];
    } catch {
      return [];
    }
  });
}
