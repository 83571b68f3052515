import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulatePathsInto } from '../../src/core/simulatePaths.js';
import { createSimulationOutput } from '../../src/core/simulationOutput.js';
import type { PreparedRun } from '../../src/run/preparedRun.js';
import { preparedRun, shipped, variant } from '../helpers.js';
import { PROPERTY_SEED, regimeOverrides, regimeVariation, STATISTICAL } from '../scenarioArbitraries.js';
import { CheckFamily, FALSE_ALARM_RATE, pearsonChiSquare } from '../statistics.js';

/**
 * The regime chain of the engine (simulatePaths.ts, step 1): each year a path moves from regime
 * r to s with probability P[r][s], whatever the year and the regimes before (a Markov chain).
 * Tested on the counts of moves r → s, by Pearson's χ² per row against the row of P: for a
 * Markov chain the counts from r given n_r are multinomial(n_r, P[r]), so the statistic is
 * χ²(cells − 1) (Anderson & Goodman, "Statistical inference about Markov chains", Ann. Math.
 * Statist. 28, 1957). The same counts split by year, and by the regime the year before, test
 * that the move depends on the regime in force only.
 */

const baseline = shipped('baseline');
/** The regimes do not depend on the sectors: one sector costs a fifth of the baseline's five. */
const ONE_SECTOR = { sectors: { cars: baseline.scenario.sectors.cars } };
/** 2026–2035: ten moves a path. */
const HORIZON = 2035;

/** Moves r → s counted over every path, also by year and by the regime before r. */
interface MoveCounts {
  readonly regimeCount: number;
  readonly yearCount: number;
  /** [r·R + s] */
  readonly all: Float64Array;
  /** [(y·R + r)·R + s]: the moves into year y */
  readonly byYear: Float64Array;
  /** [(q·R + r)·R + s]: moves out of r from year 1 on, by the regime q the year before */
  readonly byBefore: Float64Array;
  /** paths not in an observed regime in its year */
  readonly offObservation: number;
}

/** Simulates a run and counts its regime moves (a move into a year whose regime is observed is not one of the chain's: it is left out). */
function moveCounts(run: PreparedRun): MoveCounts {
  const { plan, paths } = run;
  const output = createSimulationOutput(plan, paths);
  simulatePathsInto(plan, output, { seed: run.seed, start: 0, end: paths });
  const R = plan.regimeNames.length;
  const Y = plan.years.length;
  const all = new Float64Array(R * R);
  const byYear = new Float64Array(Y * R * R);
  const byBefore = new Float64Array(R * R * R);
  let offObservation = 0;
  for (let p = 0; p < paths; p++) {
    let before = -1;
    let from = plan.initialRegime;
    for (let y = 0; y < Y; y++) {
      const to = output.regime[y * paths + p]!;
      const observed = plan.observed.regime[y]!;
      if (observed >= 0) {
        if (to !== observed) offObservation++;
      } else {
        all[from * R + to]!++;
        byYear[(y * R + from) * R + to]!++;
        if (before >= 0) byBefore[(before * R + from) * R + to]!++;
      }
      before = from;
      from = to;
    }
  }
  return { regimeCount: R, yearCount: Y, all, byYear, byBefore, offObservation };
}

/**
 * Adds to `family` a χ² test of every row of counts (grouped as `groups` blocks of R rows)
 * against the row of `matrix`; returns the moves of probability 0 that happened. A row's test
 * has fewer degrees of freedom where cells are pooled to reach the expected count χ² needs.
 */
function checkRows(family: CheckFamily, counts: Float64Array, groups: number, matrix: readonly (readonly number[])[], label: (group: number, r: number) => string): string[] {
  const R = matrix.length;
  const impossible: string[] = [];
  for (let g = 0; g < groups; g++) {
    for (let r = 0; r < R; r++) {
      const row = counts.subarray((g * R + r) * R, (g * R + r + 1) * R);
      row.forEach((count, s) => {
        if (matrix[r]![s] === 0 && count > 0) impossible.push(`${label(g, r)} → ${s}: ${count} moves of probability 0`);
      });
      const { statistic, degreesOfFreedom } = pearsonChiSquare(row, matrix[r]!);
      family.goodnessOfFit(label(g, r), statistic, degreesOfFreedom);
    }
  }
  return impossible;
}

/** The transition matrix a plan samples from: differences of its cumulative rows. */
function planMatrix(run: PreparedRun): number[][] {
  const { transitionCumulative, regimeNames } = run.plan;
  const R = regimeNames.length;
  return regimeNames.map((_, r) => regimeNames.map((__, s) => transitionCumulative[r * R + s]! - (s > 0 ? transitionCumulative[r * R + s - 1]! : 0)));
}

/**
 * The χ² tests of a run's moves, by row; with `splits`, also by row and year and by row and the
 * regime before (that a move depends on the regime in force only: a property of the random
 * streams, not of the matrix, so tested once rather than in every property run).
 */
function checkMoves(counts: MoveCounts, matrix: readonly (readonly number[])[], splits: boolean): { family: CheckFamily; impossible: string[] } {
  const family = new CheckFamily();
  const impossible = checkRows(family, counts.all, 1, matrix, (_, r) => `from ${r}`);
  if (splits) {
    impossible.push(
      ...checkRows(family, counts.byYear, counts.yearCount, matrix, (y, r) => `from ${r} into year ${y}`),
      ...checkRows(family, counts.byBefore, counts.regimeCount, matrix, (q, r) => `from ${r} after ${q}`),
    );
  }
  return { family, impossible };
}

describe('the regime chain', () => {
  it('moves from each regime with the probabilities of its row of the transition matrix (fast-check: 1–5 regimes, random rows with zeros, an observed regime)', () => {
    // 5,000 paths × 10 moves, 40 runs of at most 5 row tests: limits near χ²(2) = 29. A row
    // visited n times with a probability off by δ from p shows a noncentrality of about
    // n·δ²/(p(1 − p)), 45 for nine detections in ten: δ = 0.045 at p = 0.3 in the initial
    // regime's row (n ≥ 5,000), δ = 0.015 in a row visited 40,000 times
    const paths = 5_000;
    const runs = 40;
    const observation = fc.option(fc.tuple(fc.nat(HORIZON - baseline.scenario.origin - 1), fc.nat(4)), { nil: null });
    fc.assert(
      fc.property(regimeVariation, observation, fc.nat(0xffffffff), (regimes, observed, seed) => {
        const observe = observed ? [{ name: 'regime', year: baseline.scenario.origin + 1 + observed[0], value: regimes.names[observed[1] % regimes.names.length] }] : [];
        const run = preparedRun(variant(baseline, { ...ONE_SECTOR, horizon: HORIZON, ...regimeOverrides(regimes), observe }), { paths, seed });
        const counts = moveCounts(run);
        expect(counts.offObservation).toBe(0);
        const { family, impossible } = checkMoves(counts, regimes.matrix, false);
        expect(impossible).toEqual([]);
        // the property's runs share the false-alarm rate of one test
        expect(family.failures(FALSE_ALARM_RATE / runs)).toEqual([]);
        // not vacuous: the initial regime's row, left on every path in the first year, is tested whenever it has two moves
        const initial = regimes.names.indexOf(regimes.initial);
        const moves = regimes.matrix[initial]!.filter((p) => p > 0).length;
        if (moves > 1 && !(observed && observed[0] === 0))
          expect(pearsonChiSquare(counts.all.subarray(initial * counts.regimeCount, (initial + 1) * counts.regimeCount), regimes.matrix[initial]!).degreesOfFreedom).toBe(moves - 1);
      }),
      { seed: PROPERTY_SEED, numRuns: runs, ...STATISTICAL },
    );
  });

  it('follows the baseline’s own matrix whatever the year or the regime before, and its counts are enough to tell it from a matrix one percentage point off', () => {
    // 20,000 paths × 10 moves: the status quo's row is visited n ≈ 120,000 times; moving 0.01
    // from its 0.8 to its 0.12 gives a noncentrality n·(0.01²/0.8 + 0.01²/0.12) ≈ 114 against a
    // limit of about 26 (χ²(2) at 1e-4 split over the family's 40-odd tests): found with near certainty
    const run = preparedRun(variant(baseline, { ...ONE_SECTOR, horizon: HORIZON }), { paths: 20_000, seed: 2035 });
    const matrix = planMatrix(run);
    const counts = moveCounts(run);
    const { family, impossible } = checkMoves(counts, matrix, true);
    expect(impossible).toEqual([]);
    expect(family.failures()).toEqual([]);

    const R = matrix.length;
    const visits = matrix.map((_, r) => counts.all.subarray(r * R, (r + 1) * R).reduce((a, b) => a + b, 0));
    const busiest = visits.indexOf(Math.max(...visits));
    const row = [...matrix[busiest]!];
    const largest = row.indexOf(Math.max(...row));
    const next = row.indexOf(Math.max(...row.filter((_, s) => s !== largest)));
    row[largest]! -= 0.01;
    row[next]! += 0.01;
    const wrong = matrix.map((r, i) => (i === busiest ? row : r));
    const { family: againstWrong } = checkMoves(counts, wrong, true);
    expect(againstWrong.failures()).toContainEqual(expect.stringMatching(new RegExp(`^from ${busiest}: `)));
  });
});
