import type { SimulationResult } from './runSimulation.js';

/** The result as the bytes the CLI prints and the API sends: compact JSON and a newline. */
export function serializeResult(result: SimulationResult): string {
  return JSON.stringify(result) + '\n';
}
