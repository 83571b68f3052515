import type { SimulationRunner } from './runSimulationAsync.js';
import type { SimulationPool } from './workerPool.js';

/**
 * A SimulationRunner over a persistent pool (the server's): large runs go to its worker
 * threads, small ones stay on the calling thread, and the signal cancels either.
 */
export function poolRunner(pool: SimulationPool): SimulationRunner {
  return (run, { signal, onProgress }) => pool.run(run, { signal, onProgress });
}
