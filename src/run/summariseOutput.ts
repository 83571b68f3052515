import type { SimulationOutput } from '../core/simulationOutput.js';
import { blockStatisticsOf } from '../core/summarise.js';
import type { PreparedRun } from './preparedRun.js';
import { createRunTally, resultFromTally, tallyPassInto } from './runTally.js';
import type { ResultOutcome } from './simulationResult.js';

/**
 * The result contract from every path and year of a run already simulated (a comparison keeps
 * its paths to pair them; the page's workers simulate them): the same bytes as the runner's
 * `run` for the same prepared run.
 */
export function summariseOutput(run: PreparedRun, output: SimulationOutput): ResultOutcome {
  const tally = createRunTally(run);
  tallyPassInto(run, output, 0, tally);
  return resultFromTally(run, output.series, blockStatisticsOf(output), tally);
}
