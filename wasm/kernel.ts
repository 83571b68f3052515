// The WebAssembly kernel's exports (see README.md): the path loop, a block's summary, and where
// free memory starts.
export { simulateChunk, chunkScratchBytes } from './simulatePaths';

/** The first byte after the module's static data: the glue lays out plans and chunks from here. */
export function heapBase(): usize {
  return __heap_base;
}
export { summariseBlock, summaryWorkspaceBytes } from './summariseBlock';

// The SIMD elementary batches on their own, for tests/core/wasmBatches.test.ts: `count` pairs
// (16 bytes each) at `values`, replaced in place.
export { expPairsInPlace, normalQuantilePairsInPlace } from './batches';
