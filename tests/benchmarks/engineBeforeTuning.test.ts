import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulatePathsBeforeTuning } from '../../benchmarks/engineBeforeTuning.js';
import { prepareRun, type PreparedRun } from '../../src/run/preparedRun.js';
import { simulatePathsInto, type SimulateOptions } from '../../src/core/simulatePaths.js';
import { createSimulationOutput, type SimulationOutput } from '../../src/core/simulationOutput.js';
import { SHIPPED, shipped, variant } from '../helpers.js';
import { PROPERTY_SEED, scenarioVariation, variationOverrides } from '../scenarioArbitraries.js';

/**
 * The engine's speed-ups (normal quantile's central region inlined, exponentials and
 * logarithms batched, Armington targets kept while a sector's prices hold, parameter draws
 * without closures) must not change a bit: the engine as it was before them is kept in
 * benchmarks/, and both run here on the same plans.
 */
function prepared(overrides: Record<string, unknown>, paths: number, seed: number, id = 'baseline'): PreparedRun {
  const outcome = prepareRun(shipped(id, overrides), { paths, seed });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome.run;
}

function bothEngines(run: PreparedRun, options: Omit<SimulateOptions, 'seed'> = { start: 0, end: run.paths }): [SimulationOutput, SimulationOutput] {
  const tuned = createSimulationOutput(run.plan, run.paths);
  const before = createSimulationOutput(run.plan, run.paths);
  simulatePathsInto(run.plan, tuned, { seed: run.seed, ...options });
  simulatePathsBeforeTuning(run.plan, before, { seed: run.seed, ...options });
  return [tuned, before];
}

/** The series (and 'regime') whose bytes differ between two outputs. */
const differing = (a: SimulationOutput, b: SimulationOutput) => [
  ...a.series.filter((_, s) => !Buffer.from(a.values[s]!.buffer).equals(Buffer.from(b.values[s]!.buffer))).map((series) => series.name),
  ...(Buffer.from(a.regime.buffer).equals(Buffer.from(b.regime.buffer)) ? [] : ['regime']),
];

const baseline = shipped('baseline');

describe('the tuned engine gives the bits of the engine before tuning', () => {
  it.each(SHIPPED)('%s: every series and regime, 2,000 paths', (id) => {
    const run = prepared({}, 2000, 2030, id);
    const [tuned, before] = bothEngines(run);
    expect(differing(tuned, before)).toEqual([]);
  });

  it('on scenarios varied in every distribution kind, regimes (number, matrices, caps, frictions, jumps), correlations, volatilities (0 among them), knobs and seeds, and any path range', () => {
    fc.assert(
      fc.property(scenarioVariation, (variation) => {
        const { seed, split } = variation;
        const overrides = variationOverrides(variation);
        const outcome = prepareRun(variant(baseline, overrides), { paths: 60, seed });
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
        const [tuned, before] = bothEngines(outcome.run, { start: split, end: 60 });
        expect(differing(tuned, before)).toEqual([]);
      }),
      { seed: PROPERTY_SEED, numRuns: 100 },
    );
  });
});
