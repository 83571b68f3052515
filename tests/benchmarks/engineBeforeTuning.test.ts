import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulatePathsBeforeTuning } from '../../benchmarks/engineBeforeTuning.js';
import { prepareRun, type PreparedRun } from '../../src/run/preparedRun.js';
import { simulatePathsInto, type SimulateOptions } from '../../src/core/simulatePaths.js';
import { createSimulationOutput, type SimulationOutput } from '../../src/core/simulationOutput.js';
import { SHIPPED, shipped, variant } from '../helpers.js';
import { between, modelOverrides, modelVariation, PROPERTY_SEED } from '../scenarioArbitraries.js';

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

const source = 'test';
/** Every distribution kind with a bounded support, drawn around a parameter's plausible values. */
const boundedDistribution = (center: number, spread: number) =>
  fc.oneof(
    fc.constant({ dist: 'fixed', value: center, source }),
    fc.constant({ dist: 'uniform', min: center - spread, max: center + spread, source }),
    fc.double({ min: -0.9, max: 0.9, noNaN: true }).map((k) => ({ dist: 'triangular', min: center - spread, mode: center + k * spread, max: center + spread, source })),
    fc.tuple(fc.double({ min: 0.3, max: 8, noNaN: true }), fc.double({ min: 0.3, max: 8, noNaN: true })).map(([alpha, beta]) => ({ dist: 'beta', alpha, beta, min: center - spread, max: center + spread, source })),
    fc.double({ min: -3, max: 3, noNaN: true }).map((k) => ({ dist: 'truncnormal', mean: center + k * spread, sd: spread, min: center - spread, max: center + 2 * spread, source })),
    fc.array(fc.double({ min: center - spread, max: center + spread, noNaN: true }), { minLength: 1, maxLength: 12 }).map((values) => ({ dist: 'empirical', values, source })),
  );
const normal = (center: number, spread: number) => fc.double({ min: 0.1, max: 2, noNaN: true }).map((k) => ({ dist: 'normal', mean: center, sd: spread * k, source }));
const lognormal = (center: number) => fc.double({ min: 0.1, max: 2, noNaN: true }).map((k) => ({ dist: 'lognormal', median: center, sigma: 0.3 * k, source }));

const scenarioVariation = fc.record({
  knobs: fc.record({
    sanctionsPersistence: between(0.5, 0.99),
    westernWedge: between(-0.5, 1.5),
    recyclingFeeWedge: between(0, 1),
    substitutionSpeed: between(0.25, 4),
  }),
  caps: fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true })),
  elasticity: boundedDistribution(6, 3),
  growth: fc.oneof(boundedDistribution(0.02, 0.03), normal(0.02, 0.03)),
  oilLongRun: fc.oneof(boundedDistribution(70, 15), lognormal(70)),
  model: modelVariation,
  seed: fc.nat(0xffffffff),
  split: fc.nat(59),
});
const baseline = shipped('baseline');

describe('the tuned engine gives the bits of the engine before tuning', () => {
  it.each(SHIPPED)('%s: every series and regime, 2,000 paths', (id) => {
    const run = prepared({}, 2000, 2030, id);
    const [tuned, before] = bothEngines(run);
    expect(differing(tuned, before)).toEqual([]);
  });

  it('on scenarios varied in every distribution kind, regimes (number, matrices, caps, frictions, jumps), correlations, volatilities (0 among them), knobs and seeds, and any path range', () => {
    fc.assert(
      fc.property(scenarioVariation, ({ knobs, caps, elasticity, growth, oilLongRun, model, seed, split }) => {
        const overrides: Record<string, unknown> = {
          ...knobs,
          ...modelOverrides(model, Object.keys(baseline.scenario.sectors)),
          // the baseline's own regimes get caps of their own
          ...(model.regimes ? {} : { 'regimes.states.statusQuo.westernCap': caps[0], 'regimes.states.escalation.westernCap': caps[1] }),
          'oil.longRunPrice': oilLongRun,
          'sectors.machinery.substitutionElasticity': elasticity,
          'sectors.cars.marketGrowth': growth,
        };
        const outcome = prepareRun(variant(baseline, overrides), { paths: 60, seed });
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
        const [tuned, before] = bothEngines(outcome.run, { start: split, end: 60 });
        expect(differing(tuned, before)).toEqual([]);
      }),
      { seed: PROPERTY_SEED, numRuns: 100 },
    );
  });
});
