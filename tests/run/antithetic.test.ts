import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareScenarios } from '../../src/analysis/compare.js';
import { log } from '../../src/core/log.js';
import { normalQuantile } from '../../src/core/normalQuantile.js';
import { createPathStates } from '../../src/core/pathStates.js';
import { typeScriptKernel } from '../../src/core/simulationKernel.js';
import { createSimulationOutput, SERIES_OIL_PRICE, SERIES_TURNOVER } from '../../src/core/simulationOutput.js';
import { meanAndStandardError } from '../../src/analysis/standardErrorOfMean.js';
import { prepareRun } from '../../src/run/preparedRun.js';
import { createRunner } from '../../src/run/runner.js';
import { serializeResult } from '../../src/run/serializeResult.js';
import { callingThread, onCallingThread, preparedRun, resultOf, shipped, SHIPPED, simulated } from '../helpers.js';
import { wilsonInterval } from '../../src/core/wilsonInterval.js';

/** A check passes within this many standard errors of its estimate (each derived where used). */
const STANDARD_ERRORS = 4;

describe('antithetic sampling', () => {
  it('mirrors a uniform exactly: Φ⁻¹(1 − u) is −Φ⁻¹(u) for every uniform the generator makes', () => {
    fc.assert(
      fc.property(fc.nat(0xffffffff), (word) => {
        const u = (word + 0.5) * 2.3283064365386963e-10;
        expect(1 - (1 - u)).toBe(u); // 1 − u is exact
        expect(Object.is(normalQuantile(1 - u), -normalQuantile(u))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('pairs paths 2i and 2i + 1: opposite parameter draws, and first-year oil shocks of opposite sign', () => {
    // the oil price's own parameters fixed, so a pair's year-one oil differs by its shock alone
    const fixed = (value: number) => ({ dist: 'fixed', value, source: 'test' });
    const oil = { 'oil.longRunPrice': fixed(70), 'oil.meanReversion': fixed(0.3), 'oil.volatility': fixed(0.25) };
    const run = preparedRun(shipped('baseline', oil), { paths: 400, seed: 9, sampling: 'antithetic' });
    const state = createPathStates(run.plan, run.paths);
    const firstYear = createSimulationOutput({ sectorNames: run.plan.sectorNames, years: run.plan.years.slice(0, 1) }, run.paths);
    typeScriptKernel.simulatePathsInto(run.plan, firstYear, { seed: run.seed, start: 0, end: run.paths, fromYear: 0, toYear: 1, state });
    const parameters = run.plan.parameters;
    const normals = parameters.flatMap((slot, i) => (slot.distribution.dist === 'normal' ? [{ i, mean: slot.distribution.mean, sd: slot.distribution.sd }] : []));
    expect(normals.length).toBeGreaterThan(3);
    const origin = log(run.plan.initial.oilPrice);
    const persistence = state.values[parameters.length + 1]!;
    const centre = log(70) + (origin - log(70)) * persistence;
    // exact OU step: ln oil = θ + (ln oil₀ − θ)φ + σε, so with ε and −ε the pair's logs average θ + (ln oil₀ − θ)φ
    const roundoff = 1e-12;
    for (let pair = 0; pair < run.paths / 2; pair++) {
      const [a, b] = [2 * pair, 2 * pair + 1];
      const at = (p: number, i: number) => state.values[p * state.stride + i]!;
      // a normal parameter's draws are mean ± sd·z: they average to the mean
      for (const { i, mean, sd } of normals) expect(Math.abs(at(a, i) + at(b, i) - 2 * mean)).toBeLessThan(roundoff * (Math.abs(mean) + sd));
      const sum = log(firstYear.values[SERIES_OIL_PRICE]![a]!) + log(firstYear.values[SERIES_OIL_PRICE]![b]!);
      expect(Math.abs(sum - 2 * centre)).toBeLessThan(roundoff * Math.max(1, Math.abs(centre)));
    }
  });

  it('leaves independent runs as they were, and changes the paths and the input hash when asked for', async () => {
    const independent = await resultOf(shipped('thaw'), { paths: 600, seed: 3 });
    const again = await resultOf(shipped('thaw'), { paths: 600, seed: 3, sampling: 'independent' });
    const antithetic = await resultOf(shipped('thaw'), { paths: 600, seed: 3, sampling: 'antithetic' });
    expect(serializeResult(again)).toBe(serializeResult(independent));
    expect('sampling' in independent).toBe(false);
    expect(antithetic.sampling).toBe('antithetic');
    expect(antithetic.inputHash).not.toBe(independent.inputHash);
    expect(antithetic.series.turnover!.p50).not.toEqual(independent.series.turnover!.p50);
  });

  it('is taken from the scenario’s run block, and the caller’s option wins', async () => {
    const fromScenario = preparedRun(shipped('baseline', { 'run.sampling': 'antithetic' }), { paths: 10 });
    expect(fromScenario.plan.sampling).toBe('antithetic');
    const overridden = preparedRun(shipped('baseline', { 'run.sampling': 'antithetic' }), { paths: 10, sampling: 'independent' });
    expect(overridden.plan.sampling).toBe('independent');
  });

  it('gives the same bytes on any number of threads and with either kernel', async () => {
    const run = preparedRun(shipped('localisation'), { paths: 25_001, seed: 77, sampling: 'antithetic' });
    const texts: string[] = [];
    for (const [kernel, threads] of [
      ['ts', 1],
      ['wasm', 1],
      ['wasm', 2],
      ['wasm', 3],
    ] as const) {
      const runner = createRunner({ kernel, threads });
      const outcome = await runner.run(run, { onWorkers: threads > 1 }).finally(() => runner.close());
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.failure));
      texts.push(serializeResult(outcome.result));
    }
    for (const text of texts.slice(1)) expect(text).toBe(texts[0]);
  });

  it('refuses observed outcomes (resampling would break the pairs), naming them, and takes observed drivers', () => {
    const first = shipped('baseline').scenario.origin + 1;
    const outcome = prepareRun(shipped('baseline', { observe: [{ name: 'turnover', year: first, value: 230 }] }), { paths: 100, sampling: 'antithetic' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.issues.map((issue) => issue.message).join('\n')).toMatch(new RegExp(`antithetic.*turnover@${first}`));
    const drivers = prepareRun(shipped('baseline', { observe: [{ name: 'oilPrice', year: first, value: 60 }] }), { paths: 100, sampling: 'antithetic' });
    expect(drivers.ok).toBe(true);
  });

  // The standard error a result reports must be the spread its estimate really has: over many
  // seeds, the standard deviation of a target's probability against the mean reported standard
  // error. The sample standard deviation of R estimates has a relative standard error of about
  // 1/√(2(R − 1)), so the two agree within STANDARD_ERRORS of that.
  it.each(['antithetic', 'independent'] as const)('reports a target standard error that matches the spread over seeds (%s)', async (sampling) => {
    const replications = 60;
    const probabilities: number[] = [];
    const reported: number[] = [];
    for (let seed = 0; seed < replications; seed++) {
      const result = await resultOf(shipped('baseline'), { paths: 1_000, seed: 500 + seed, sampling });
      const target = result.targets.find((t) => t.id === 'turnover-above-2024-in-2030')!;
      probabilities.push(target.probability!);
      reported.push(target.standardError!);
    }
    const mean = probabilities.reduce((a, b) => a + b, 0) / replications;
    const spread = Math.sqrt(probabilities.reduce((a, p) => a + (p - mean) * (p - mean), 0) / (replications - 1));
    const averageReported = reported.reduce((a, b) => a + b, 0) / replications;
    const tolerance = STANDARD_ERRORS / Math.sqrt(2 * (replications - 1));
    expect(Math.abs(spread / averageReported - 1)).toBeLessThan(tolerance);
  });

  it('gives a target’s 95% interval the pairs’ effective number of paths, p(1 − p)/s.e.²', async () => {
    const result = await resultOf(shipped('baseline'), { paths: 2_000, seed: 11, sampling: 'antithetic' });
    for (const target of result.targets) {
      const p = target.probability!;
      const se = target.standardError!;
      const effective = se > 0 && p > 0 && p < 1 ? (p * (1 - p)) / (se * se) : 2_000;
      const { low, high } = wilsonInterval(p, effective);
      expect(target.interval95).toEqual([low, high]);
    }
  });

  it('computes the standard error from the pairs: none when each pair mirrors, twice the variance when each pair repeats', () => {
    // x₂ᵢ₊₁ = −x₂ᵢ: every pair sums to 0, so the mean is 0 with no Monte Carlo error (up to rounding)
    const mirrored = Float64Array.from({ length: 1000 }, (_, p) => (p % 2 ? -1 : 1) * (1 + (p >> 1) * 0.01));
    expect(meanAndStandardError(mirrored, 'antithetic').standardError).toBeLessThan(1e-15);
    expect(meanAndStandardError(mirrored, 'independent').standardError).toBeGreaterThan(0.01);
    // pairs of identical values (perfectly positively correlated) double the variance of the mean
    const doubled = Float64Array.from({ length: 1000 }, (_, p) => (((p >> 1) * 7919) % 101) / 101);
    const ratio = meanAndStandardError(doubled, 'antithetic').standardError / meanAndStandardError(doubled, 'independent').standardError;
    expect(Math.abs(ratio * ratio - 2)).toBeLessThan(0.02);
  });

  it('keeps common random numbers in compare: a scenario against itself differs by nothing, path by path', async () => {
    const outcome = await compareScenarios([{ resolved: shipped('baseline') }, { resolved: shipped('baseline'), label: 'again' }], { paths: 800, seed: 4, sampling: 'antithetic' }, onCallingThread);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const difference = outcome.result.comparisons[0]!.series.turnover!;
    expect(difference.mean.every((d) => d === 0)).toBe(true);
    expect(difference.standardError.every((d) => d === 0)).toBe(true);
  });

  it('compares on the pairs: a knob’s paired difference has the standard error its spread over seeds shows', async () => {
    const replications = 40;
    const means: number[] = [];
    const reported: number[] = [];
    for (let seed = 0; seed < replications; seed++) {
      const outcome = await compareScenarios(
        [{ resolved: shipped('baseline') }, { resolved: shipped('baseline', { oilLongRun: 60 }), label: 'oil 60' }],
        { paths: 400, seed: 900 + seed, sampling: 'antithetic' },
        onCallingThread,
      );
      if (!outcome.ok) throw new Error(JSON.stringify(outcome));
      const turnover = outcome.result.comparisons[0]!.series.turnover!;
      const last = turnover.mean.length - 1;
      means.push(turnover.mean[last]!);
      reported.push(turnover.standardError[last]!);
    }
    const mean = means.reduce((a, b) => a + b, 0) / replications;
    const spread = Math.sqrt(means.reduce((a, m) => a + (m - mean) * (m - mean), 0) / (replications - 1));
    const averageReported = reported.reduce((a, b) => a + b, 0) / replications;
    expect(Math.abs(spread / averageReported - 1)).toBeLessThan(STANDARD_ERRORS / Math.sqrt(2 * (replications - 1)));
  });

  it('runs every shipped scenario with finite results', async () => {
    for (const id of SHIPPED) {
      const output = await simulated(preparedRun(shipped(id), { paths: 300, seed: 1, sampling: 'antithetic' }));
      expect(output.values[SERIES_TURNOVER]!.every(Number.isFinite), id).toBe(true);
    }
    expect(callingThread.kernel).toBe('wasm');
  });
});
