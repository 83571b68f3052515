import { parentPort } from 'node:worker_threads';
import { blockTotals, shardCounts, shardValues, type BlockTotals, type BucketEdges, type ShardPaths, type WantedBuckets } from './shardStatistics.js';

/**
 * A thread of a queue worker's statistics pool: one round's pass over a range of a shard's
 * blocks, the shard's paths shared with it (SharedArrayBuffers), so the worker's main thread
 * stays free and the passes use all its threads.
 */
export type ShardStatisticsRequest = {
  readonly shard: ShardPaths;
  readonly multiplicities: Int32Array | undefined;
  readonly from: number;
  readonly to: number;
} & ({ readonly round: 'totals' } | { readonly round: 'counts'; readonly edges: BucketEdges } | { readonly round: 'values'; readonly edges: BucketEdges; readonly wanted: WantedBuckets });

export type ShardStatisticsReply =
  | { readonly type: 'totals'; readonly totals: BlockTotals }
  | { readonly type: 'counts'; readonly counts: Int32Array }
  | { readonly type: 'values'; readonly counts: Int32Array; readonly values: Float64Array }
  | { readonly type: 'failed'; readonly message: string };

const port = parentPort;
if (!port) throw new Error('shardStatisticsWorker.ts runs as a worker thread of a queue worker');

port.on('message', (request: ShardStatisticsRequest) => {
  let reply: ShardStatisticsReply;
  try {
    const { shard, multiplicities, from, to } = request;
    if (request.round === 'totals') reply = { type: 'totals', totals: blockTotals(shard, multiplicities, from, to) };
    else if (request.round === 'counts') reply = { type: 'counts', counts: shardCounts(shard, request.edges, multiplicities, from, to) };
    else reply = { type: 'values', ...shardValues(shard, request.edges, request.wanted, multiplicities, from, to) };
  } catch (error) {
    reply = { type: 'failed', message: (error as Error).stack ?? String(error) };
  }
  port.postMessage(reply);
});
