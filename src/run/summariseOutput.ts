import type { SimulationOutput } from '../core/simulationOutput.js';
import type { SimulationKernel } from '../core/simulationKernel.js';
import { blockStatisticsOf } from '../core/summarise.js';
import { kernelNamed } from './kernelChoice.js';
import { conditionOnOutcomes } from './outcomeWeights.js';
import type { PreparedRun } from './preparedRun.js';
import { resampleUniform } from './resampleUniform.js';
import { createRunTally, resultFromTally, tallyPassInto } from './runTally.js';
import { resampledChunkStarts } from './runTasks.js';
import type { ResultOutcome } from './simulationResult.js';

/**
 * The result contract from every path and year of a run already simulated (a comparison keeps
 * its paths to pair them; the page's workers simulate them): the same bytes as the runner's
 * `run` for the same prepared run — conditioned on its observed outcomes the same way.
 */
export function summariseOutput(run: PreparedRun, output: SimulationOutput, kernel: SimulationKernel = kernelNamed()): ResultOutcome {
  let summarised = output;
  let conditioning;
  let chunkStarts: Int32Array | undefined;
  if (run.outcomes.length > 0) {
    const conditioned = conditionOnOutcomes(run.outcomes, output, resampleUniform(run.seed));
    if (!conditioned.ok) return conditioned;
    conditioning = conditioned.conditioning;
    summarised = resampled(output, conditioning.resample);
    chunkStarts = resampledChunkStarts(conditioning.resample);
  }
  const tally = createRunTally(run);
  tallyPassInto(run, summarised, 0, tally);
  return resultFromTally(run, summarised.series, blockStatisticsOf(summarised, chunkStarts, kernel.summariseBlockInto), tally, conditioning);
}

/** The output with path p replaced by path resample[p], in every series and year. */
function resampled(output: SimulationOutput, resample: Int32Array): SimulationOutput {
  const { paths, yearCount } = output;
  const gather = <A extends Float64Array | Uint8Array>(from: A, into: A) => {
    for (let y = 0; y < yearCount; y++) for (let p = 0; p < paths; p++) into[y * paths + p] = from[y * paths + resample[p]!]!;
    return into;
  };
  return {
    paths,
    yearCount,
    series: output.series,
    values: output.values.map((values) => gather(values, new Float64Array(values.length))),
    regime: gather(output.regime, new Uint8Array(output.regime.length)),
  };
}
