// The built server as the load test runs it: `node --expose-gc dist/benchmarks/serverWithProbe.js`,
// with an IPC channel to its parent. The parent may ask, between rounds of requests, for the
// heap after a full garbage collection (the leak check); nothing else changes. Never shipped:
// the server itself (src/server/main.ts) has no such channel and no test-only route.
import { Server } from 'node:http';

/** A message from the load test, and the answer. */
export type ProbeRequest = { readonly type: 'heap' };
export interface HeapAfterCollection {
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly rss: number;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (!collectGarbage || !process.send) throw new Error('run with --expose-gc and an IPC channel (the load test does)');

process.on('message', (message: ProbeRequest) => {
  if (message.type !== 'heap') return;
  // twice: a first collection may leave what only its finalizers freed
  collectGarbage();
  collectGarbage();
  const { heapUsed, external, arrayBuffers, rss } = process.memoryUsage();
  process.send!({ heapUsed, external, arrayBuffers, rss } satisfies HeapAfterCollection);
});
// the IPC channel must not keep the process alive once the server has stopped
process.channel?.unref();

/**
 * A leak to show that the check catches one (TRADECAST_TEST_LEAK_BYTES, tests only): that many
 * bytes kept forever for each request the HTTP server receives.
 */
const leakBytes = Number(process.env.TRADECAST_TEST_LEAK_BYTES ?? 0);
if (leakBytes > 0) {
  const kept: Buffer[] = [];
  const emit = Server.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') kept.push(Buffer.alloc(leakBytes, 1));
    return emit.call(this, event, ...args);
  } as typeof Server.prototype.emit;
}

await import('../src/server/main.js');
