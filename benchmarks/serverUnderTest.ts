import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/scenario/projectPaths.js';
import type { HeapAfterCollection } from './serverWithProbe.js';

/** The built server (`node dist/src/server/main.js`) running in its own process on loopback. */
export interface ServerUnderTest {
  readonly url: string;
  readonly pid: number;
  /** where its log (pino JSON lines) goes */
  readonly logFile: string;
  alive(): boolean;
  /** its resident set size now, MB: VmRSS of /proc/<pid>/status (Linux) */
  rssMb(): number;
  /** the server's heap after a full garbage collection (serverWithProbe.ts) */
  heap(): Promise<HeapAfterCollection>;
  /** sends a signal to the process */
  signal(signal: NodeJS.Signals): void;
  /** resolves when the process has exited, with how, and when (performance.now()) */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly at: number }>;
  /** SIGTERM, and how it exited (at once if it already has) */
  stop(): Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

/** Longest the server may take to answer its health route after starting, ms. */
const START_TIMEOUT_MS = 30_000;

/**
 * Starts the built server with `environment` on a free loopback port — through serverWithProbe.js,
 * with --expose-gc and an IPC channel for the heap probe — and resolves once /api/health answers.
 */
export async function startServer(environment: Readonly<Record<string, string>> = {}): Promise<ServerUnderTest> {
  const entry = join(projectRoot(), 'dist', 'benchmarks', 'serverWithProbe.js');
  if (!existsSync(entry)) throw new Error('dist/ is missing: run `npm run build` first');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(mkdtempSync(join(tmpdir(), 'tradecast-load-')), 'server.log');
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--expose-gc', entry], {
    cwd: projectRoot(),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...environment },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start (exit ${child.exitCode}):\n${readFileSync(logFile, 'utf8').slice(-2_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    logFile,
    alive: () => child.exitCode === null && child.signalCode === null,
    rssMb: () => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024,
    heap: () =>
      new Promise<HeapAfterCollection>((resolve, reject) => {
        child.once('message', (message) => resolve(message as HeapAfterCollection));
        child.send({ type: 'heap' }, (error) => error && reject(error));
      }),
    signal: (signal) => void child.kill(signal),
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/health`)).ok;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
