import { describe, expect, it } from 'vitest';
import { SERIES_OIL_PRICE, SERIES_RUB_PER_CNY, type SimulationOutput } from '../../src/core/simulationOutput.js';
import { effectiveSampleSize, systematicResample } from '../../src/run/outcomeWeights.js';
import { createRunner } from '../../src/run/runner.js';
import { serializeResult } from '../../src/run/serializeResult.js';
import { summariseOutput } from '../../src/run/summariseOutput.js';
import { prepareRun } from '../../src/run/preparedRun.js';
import { fitNowcast } from '../../src/scenario/nowcast/fitNowcast.js';
import { fullYearGivenPartial } from '../../src/scenario/nowcast/fullYearGivenPartial.js';
import { partialYearPanel } from '../../src/scenario/nowcast/partialYearPanel.js';
import { callingThread, preparedRun, resultOf, shipped, simulated } from '../helpers.js';

/** A check passes within this many Monte Carlo standard errors (each derived where it is used). */
const STANDARD_ERRORS = 4;

const baseline = shipped('baseline');
const first = baseline.scenario.origin + 1;
/** The block of series `s` in projected year `y` of an output. */
const block = (output: SimulationOutput, s: number, y: number) => output.values[s]!.subarray(y * output.paths, (y + 1) * output.paths);
const sorted = (values: Float64Array) => Float64Array.from(values).sort();
const quantile = (values: Float64Array, q: number) => sorted(values)[Math.floor(q * (values.length - 1))]!;
/** Standard error of a sample median, from the interquartile range (normal approximation: σ ≈ IQR/1.349). */
const medianError = (values: Float64Array) => (1.2533 * ((quantile(values, 0.75) - quantile(values, 0.25)) / 1.349)) / Math.sqrt(values.length);
const mean = (values: Float64Array) => values.reduce((a, b) => a + b, 0) / values.length;
const variance = (values: Float64Array) => {
  const m = mean(values);
  return values.reduce((a, b) => a + (b - m) * (b - m), 0) / (values.length - 1);
};

describe('an observed driver', () => {
  it('takes the observed value on every path in its year, and only there', async () => {
    const run = preparedRun(baseline, { paths: 3000, seed: 5 });
    const pinned = preparedRun(shipped('escalation'), { paths: 3000, seed: 5 });
    expect(pinned.plan.observed.oilPrice.every((v) => Number.isNaN(v))).toBe(true);
    const observedRun = preparedRun(
      observedScenario([
        { name: 'oilPrice', year: first + 1, value: 61.25 },
        { name: 'rubPerCny', year: first + 1, value: 13.5 },
      ]),
      { paths: 3000, seed: 5 },
    );
    const output = await simulated(observedRun);
    expect(block(output, SERIES_OIL_PRICE, 1).every((v) => v === 61.25)).toBe(true);
    expect(block(output, SERIES_RUB_PER_CNY, 1).every((v) => v === 13.5)).toBe(true);
    expect(new Set(block(output, SERIES_OIL_PRICE, 0)).size).toBeGreaterThan(2900); // the year before is free
    expect(new Set(block(output, SERIES_OIL_PRICE, 2)).size).toBeGreaterThan(2900); // and later years evolve from it
    // the year before the pin is the same path for path as without it: the pin changes nothing earlier
    const free = await simulated(run);
    expect(block(output, SERIES_OIL_PRICE, 0)).toEqual(block(free, SERIES_OIL_PRICE, 0));
  });

  it('gives the correlated shocks their conditional distribution: the rouble in a year whose oil price is observed', async () => {
    // fixed parameters, so every path leaves the origin with the same state and oil's shock is
    // the same number on every path: ε_oil = (ln v − θ − (ln p₀ − θ)e^{−κ})/(σ√((1 − e^{−2κ})/2κ))
    const fixed = (value: number) => ({ dist: 'fixed', value, source: 'test' });
    const [theta, kappa, sigma, drift, volatility] = [70, 0.3, 0.25, 0.04, 0.12];
    const observedOil = 58;
    const resolved = observedScenario([{ name: 'oilPrice', year: first, value: observedOil }], {
      'oil.longRunPrice': fixed(theta),
      'oil.meanReversion': fixed(kappa),
      'oil.volatility': fixed(sigma),
      'rouble.drift': fixed(drift),
      'rouble.volatility': fixed(volatility),
    });
    const run = preparedRun(resolved, { paths: 40_000, seed: 11 });
    const output = await simulated(run);
    const p0 = run.plan.initial.oilPrice;
    const innovation = sigma * Math.sqrt((1 - Math.exp(-2 * kappa)) / (2 * kappa));
    const shockOil = (Math.log(observedOil) - Math.log(theta) - (Math.log(p0) - Math.log(theta)) * Math.exp(-kappa)) / innovation;
    const rho = resolved.scenario.correlation.matrix[0]![1]!;
    const change = block(output, SERIES_RUB_PER_CNY, 0).map((rub) => Math.log(rub / run.plan.initial.rubPerCny));
    const expectedMean = drift + volatility * rho * shockOil;
    const expectedVariance = volatility * volatility * (1 - rho * rho);
    const n = change.length;
    expect(Math.abs(mean(change) - expectedMean)).toBeLessThan(STANDARD_ERRORS * Math.sqrt(expectedVariance / n));
    expect(Math.abs(variance(change) - expectedVariance)).toBeLessThan(STANDARD_ERRORS * expectedVariance * Math.sqrt(2 / (n - 1)));
  });

  it('pinned at the median of its unconditional distribution, narrows the next year’s band without moving its median beyond Monte Carlo error', async () => {
    const paths = 20_000;
    const free = await simulated(preparedRun(baseline, { paths, seed: 3 }));
    const median = quantile(block(free, SERIES_OIL_PRICE, 0), 0.5);
    const pinned = await simulated(preparedRun(observedScenario([{ name: 'oilPrice', year: first, value: median }]), { paths, seed: 3 }));
    const before = block(free, SERIES_OIL_PRICE, 1);
    const after = block(pinned, SERIES_OIL_PRICE, 1);
    expect(Math.abs(quantile(after, 0.5) - quantile(before, 0.5))).toBeLessThan(STANDARD_ERRORS * medianError(before));
    expect(quantile(after, 0.95) - quantile(after, 0.05)).toBeLessThan(quantile(before, 0.95) - quantile(before, 0.05));
  });
});

describe('an observed outcome', () => {
  it('conditions the paths on it: the median moves to it, the band narrows, and the effective sample size is reported', async () => {
    const free = await resultOf(baseline, { paths: 10_000, seed: 9 });
    const observed = free.series.turnover!.p25[0]!; // a plausible value away from the median
    const result = await resultOf(observedScenario([{ name: 'turnover', year: first, value: observed }]), { paths: 10_000, seed: 9 });
    const turnover = result.series.turnover!;
    expect(Math.abs(turnover.p50[0]! / observed - 1)).toBeLessThan(0.01); // within the 1% measurement error
    expect(turnover.p95[0]! - turnover.p5[0]!).toBeLessThan((free.series.turnover!.p95[0]! - free.series.turnover!.p5[0]!) / 5);
    expect(result.effectiveSampleSize).toBeGreaterThan(100);
    expect(result.observations).toEqual([{ name: 'turnover', year: first, value: observed, kind: 'outcome', effectiveSampleSize: result.effectiveSampleSize }]);
    // years after it are conditioned too: the whole path is resampled
    expect(turnover.p50[1]).not.toBe(free.series.turnover!.p50[1]);
  });

  it('gives the same bytes on the calling thread, the worker pool (streamed or not) and from a simulated output', async () => {
    const free = await resultOf(baseline, { paths: 24_000, seed: 4 });
    const resolved = observedScenario([
      { name: 'turnover', year: first, value: free.series.turnover!.p50[0]! },
      { name: 'share.cars.china', year: first + 1, value: free.series['share.cars.china']!.p75[1]!, sd: 0.02 },
    ]);
    const run = preparedRun(resolved, { paths: 24_000, seed: 4 });
    const here = await callingThread.run(run);
    expect(here.ok, JSON.stringify(here)).toBe(true);
    if (!here.ok) return;
    const expected = serializeResult(here.result);
    const pool = createRunner({ threads: 2 });
    try {
      for (const streaming of [false, true]) {
        const there = await pool.run(run, { onWorkers: true, streaming });
        expect(there.ok && serializeResult(there.result), `workers, streaming ${streaming}`).toBe(expected);
      }
    } finally {
      await pool.close();
    }
    const summarised = summariseOutput(run, await simulated(run));
    expect(summarised.ok && serializeResult(summarised.result)).toBe(expected);
  });

  it('that the paths cannot reach is refused, naming it', async () => {
    const outcome = await callingThread.run(preparedRun(observedScenario([{ name: 'turnover', year: first, value: 900 }]), { paths: 5000, seed: 1 }));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.failure).toMatchObject({ kind: 'unreachable-observation', observation: `turnover@${first}`, index: 0 });
  });

  it('of January–M is read against the nowcast of its year: the full year’s median moves to the cumulative value grossed up by the partial-year data', async () => {
    const fit = fitNowcast(partialYearPanel(baseline.history.partialYear!.filter((r) => r.year <= baseline.scenario.origin)), null, null);
    const free = await resultOf(baseline, { paths: 10_000, seed: 12 });
    const fullYear = free.series.turnover!.p25[0]!;
    const nowcast = fullYearGivenPartial(fit, 4, 1, {}, 'constant-share');
    if (!nowcast.ok) throw new Error(nowcast.message);
    // January–April worth the free run's 25th percentile of the year
    const januaryToApril = fullYear / Math.exp(nowcast.nowcast.logRatio);
    expect(januaryToApril / fullYear).toBeGreaterThan(0.25);
    expect(januaryToApril / fullYear).toBeLessThan(0.4);
    const result = await resultOf(observedScenario([{ name: 'turnover', year: first, months: 4, value: januaryToApril }]), { paths: 10_000, seed: 12 });
    // the prior leans the other way, so the median lies between the nowcast and the free median, close to the nowcast
    const { logScale } = nowcast.nowcast;
    expect(Math.abs(Math.log(result.series.turnover!.p50[0]! / fullYear))).toBeLessThan(2 * logScale);
    expect(result.effectiveSampleSize).toBeGreaterThan(100);
    expect(result.observations[0]).toMatchObject({ name: 'turnover', year: first, months: 4, kind: 'outcome' });
    // a full year's worth given as January–April is far out: refused
    const outcome = await callingThread.run(preparedRun(observedScenario([{ name: 'turnover', year: first, months: 4, value: fullYear }]), { paths: 5000, seed: 1 }));
    expect(!outcome.ok && outcome.failure).toMatchObject({ kind: 'unreachable-observation', observation: `turnover@${first}:4` });
  });

  it('of January–M needs the partial-year data', () => {
    const { partialYear: _partialYear, ...history } = baseline.history;
    const prepared = prepareRun({ ...observedScenario([{ name: 'turnover', year: first, months: 4, value: 70 }]), history });
    expect(!prepared.ok && prepared.issues[0]).toMatchObject({ path: ['observe', 0, 'months'], message: expect.stringContaining('data.partialYear') });
  });

  it('changes the input hash, so results with and without it are told apart', async () => {
    const a = preparedRun(baseline, { paths: 10 });
    const b = preparedRun(observedScenario([{ name: 'oilPrice', year: first, value: 60 }]), { paths: 10 });
    expect(a.inputHash).not.toBe(b.inputHash);
  });
});

describe('resampling', () => {
  it('draws each path ⌊n·w⌋ or ⌈n·w⌉ times (systematic), in order, and the effective sample size is Kish’s', () => {
    const weights = Float64Array.from([0.13, 0, 0.41, 0.07, 0.39]); // no point of the draws falls on a boundary between paths
    for (const u of [0, 0.3, 0.999]) {
      const chosen = systematicResample(weights, u);
      const counts = [0, 0, 0, 0, 0];
      for (const p of chosen) counts[p]!++;
      weights.forEach((w, p) => {
        expect(counts[p]).toBeGreaterThanOrEqual(Math.floor(5 * w));
        expect(counts[p]).toBeLessThanOrEqual(Math.ceil(5 * w));
      });
      expect([...chosen]).toEqual([...chosen].sort((a, b) => a - b));
    }
    expect(effectiveSampleSize(Float64Array.from([1, 1, 1, 1]))).toBe(4);
    expect(effectiveSampleSize(Float64Array.from([1, 0, 0, 0]))).toBe(1);
  });
});

/** The baseline with observations (and optional overrides), as a scenario that extends it. */
function observedScenario(observe: readonly object[], overrides: Record<string, unknown> = {}) {
  return shipped('baseline', { ...overrides, observe });
}
