import type { ModelPlan } from './modelPlan.js';
import type { PercentileWorkspace } from './percentilesOfBlock.js';
import { simulatePathsInto, type SimulateOptions } from './simulatePaths.js';
import type { SimulationOutput } from './simulationOutput.js';
import { summariseBlockInto } from './summarise.js';

/**
 * The engine's two hot parts, as one implementation: the path loop and a block's summary. The
 * TypeScript one (`typeScriptKernel`) is the reference; the WebAssembly one (wasmKernel.ts)
 * computes the same operations in the same order and so gives the same bits, faster.
 */
export interface SimulationKernel {
  readonly name: KernelName;
  /** As `simulatePathsInto` (simulatePaths.ts). */
  simulatePathsInto(plan: ModelPlan, output: SimulationOutput, options: SimulateOptions): void;
  /** As `summariseBlockInto` (summarise.ts): the mean summed chunk by chunk, the chunks' sums in chunk order. */
  summariseBlockInto(block: Float64Array, workspace: PercentileWorkspace, into: Float64Array, offset: number, chunkStarts?: Int32Array): number;
}

export type KernelName = 'ts' | 'wasm';

/** The reference kernel: the TypeScript core. */
export const typeScriptKernel: SimulationKernel = { name: 'ts', simulatePathsInto, summariseBlockInto };
