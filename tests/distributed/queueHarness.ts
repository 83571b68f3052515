import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../src/scenario/projectPaths.js';

/**
 * Real parts for the distributed tests: Debian's redis-server on a random loopback port with
 * no persistence, stopped by its PID, and `tradecast worker` processes of the built command.
 * A missing redis-server fails the tests (CI installs it), never skips them.
 */
export const REDIS_SERVER = '/usr/bin/redis-server';
const root = projectRoot();
export const bin = join(root, 'bin', 'tradecast.js');

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until `check` holds, polling every 50 ms, or fails after `ms` naming `what`. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startRedisServer(extra: readonly string[] = []): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: apt-get install redis-server (CI's .ci/run installs it)`);
  const port = await freePort();
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(() => accepts(port), 10_000, `redis-server on port ${port}`);
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

export interface WorkerProcess {
  readonly process: ChildProcess;
  /** everything it wrote to stderr so far */
  stderr(): string;
  /** resolves with its exit code (or the signal that ended it) */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs` if it has not exited */
  stop(graceMs?: number): Promise<number | string>;
}

/** A `tradecast worker` of the built command, ready once it says it takes shards. */
export async function startWorker(url: string, args: readonly string[] = ['--threads', '1']): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [bin, 'worker', '--queue', url, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  await Promise.race([waitFor(() => text.includes('takes shards from'), 20_000, 'a worker to start'), exited.then((code) => Promise.reject(new Error(`the worker exited (${code}): ${text}`)))]);
  return {
    process: child,
    stderr: () => text,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(child.pid!, 'SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The built command with `args`, as a child process (so a test can kill it or its queue mid-run). */
export function startCommand(args: readonly string[]): { readonly process: ChildProcess; readonly done: Promise<CommandRun> } {
  const started = Date.now();
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CommandRun>((resolve) => child.once('exit', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, ms: Date.now() - started })));
  return { process: child, done };
}
