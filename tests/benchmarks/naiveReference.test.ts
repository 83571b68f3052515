import { describe, expect, it } from 'vitest';
import { simulateNaive, summariseNaive } from '../../benchmarks/naiveReference.js';
import { prepareRun, runSimulation } from '../../src/analysis/runSimulation.js';
import { shipped } from '../helpers.js';

/** Standard errors allowed between two independent Monte Carlo medians. */
const STANDARD_ERRORS = 5;

describe('the naive reference of the benchmark', () => {
  it('is the same model as the engine: every series’ last-year median agrees within 5 Monte Carlo standard errors', () => {
    const paths = 4_000;
    const prepared = prepareRun(shipped('baseline'), { paths, seed: 1 });
    const engine = runSimulation(shipped('baseline'), { paths, seed: 1 });
    if (!prepared.ok || !engine.ok) throw new Error('baseline does not run');
    const naive = summariseNaive(prepared.run.plan, simulateNaive(prepared.run.plan, paths, 99));
    const last = prepared.run.plan.years.length - 1;
    for (const [name, summary] of Object.entries(engine.result.series)) {
      const [p25, p50, p75] = [summary.p25[last]!, summary.p50[last]!, summary.p75[last]!];
      // s.e. of a median ≈ 1.2533·σ/√n, σ from the interquartile range; two independent samples: × √2
      const standardError = Math.SQRT2 * 1.2533 * ((p75 - p25) / 1.349) / Math.sqrt(paths);
      const naiveMedian = naive[name]!.percentiles[last]![2]!;
      expect(Math.abs(naiveMedian - p50), `${name}: naive ${naiveMedian}, engine ${p50}`).toBeLessThanOrEqual(STANDARD_ERRORS * standardError + 1e-12);
    }
  });
});
