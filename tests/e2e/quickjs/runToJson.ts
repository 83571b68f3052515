import './scriptHostGlobals.js'; // before anything else runs
import '../../../web/src/zodWithoutEval.js'; // before anything parses with zod, as in the page
import { serializeResult } from '../../../src/run/serializeResult.js';
import { summariseOutput } from '../../../src/run/summariseOutput.js';
import { describeModelFailure } from '../../../src/core/modelFailure.js';
import { kernelNamed } from '../../../src/run/kernelChoice.js';
import type { HistoryBlock } from '../../../src/scenario/history.js';
import type { PageObservation } from '../../../web/src/pageState.js';
import { prepareWorkerRun, simulateRunInto } from '../../../web/src/workerRun.js';

/**
 * The page's computation end to end, as one function for a bare script engine: the worker's
 * preparation and simulation on one thread, then the bytes the page's JSON download holds.
 * `scenario` and `history` are what GET /api/scenarios/:id serves; `observations` what the page's
 * "what happened" panel adds.
 */
export function runToJson(
  scenarioId: string,
  scenario: unknown,
  history: HistoryBlock,
  overrides: Readonly<Record<string, number>>,
  paths: number,
  seed: number,
  observations: readonly PageObservation[] = [],
): string {
  const run = prepareWorkerRun({ scenarioId, scenario, history, overrides, observations, paths, seed });
  const built = summariseOutput(run, simulateRunInto(run));
  if (!built.ok) throw new Error(describeModelFailure(built.failure));
  return serializeResult(built.result);
}

/** The kernel this engine runs the page's code with: TypeScript in an engine without WebAssembly. */
export function kernelName(): string {
  return kernelNamed().name;
}
