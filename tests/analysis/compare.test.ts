import { describe, expect, it } from 'vitest';
import { compareRequestSchema, compareScenarios, compareWork, type CompareResult } from '../../src/analysis/compare.js';
import { prepareRun } from '../../src/run/preparedRun.js';
import { workTotal } from '../../src/run/workCount.js';
import { resolveScenarioReference } from '../../src/analysis/scenarioReference.js';
import { PERCENTILES } from '../../src/core/defaults.js';
import { percentiles } from '../../src/core/percentiles.js';
import type { ResolvedScenario } from '../../src/scenario/loadScenario.js';
import { nonFiniteNumbers, onCallingThread, shipped, simulated } from '../helpers.js';

async function compared(scenarios: readonly ResolvedScenario[], paths: number, seed = 7): Promise<CompareResult> {
  const outcome = await compareScenarios(
    scenarios.map((resolved) => ({ resolved })),
    { paths, seed },
    onCallingThread,
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.result;
}

describe('paired comparison on common random numbers', () => {
  it('gives exactly zero difference when a scenario is compared with itself', async () => {
    const result = await compared([shipped('baseline'), shipped('baseline')], 500);
    const [comparison] = result.comparisons;
    expect(Object.keys(comparison!.series)).toEqual(Object.keys(result.scenarios[0]!.series));
    for (const [name, difference] of Object.entries(comparison!.series)) {
      for (const key of ['mean', 'p5', 'p25', 'p50', 'p75', 'p95', 'probabilityHigher', 'probabilityLower', 'standardError'] as const) {
        expect(difference[key], `${name}.${key}`).toEqual(result.years.map(() => 0));
      }
    }
    for (const target of comparison!.targets) {
      expect(target.difference).toBe(0);
      expect(target.standardError).toBe(0);
      expect(target.probability).toBe(target.probabilityReference);
    }
    expect(result.scenarios.map((s) => s.label)).toEqual(['baseline', 'baseline #2']);
  });

  it('gives a paired band of B − A far narrower than the difference of two independent runs (one knob changed)', async () => {
    // baseline vs baseline with the long-run oil price at $60 instead of $70, turnover in 2030
    const paths = 2000;
    const a = shipped('baseline');
    const b = shipped('baseline', { oilLongRun: 60 });
    const result = await compared([a, b], paths, 7);
    const paired = result.comparisons[0]!.series.turnover!;
    const y = result.years.length - 1;
    const pairedWidth = paired.p95[y]! - paired.p5[y]!;

    // independent: B on another seed, differenced path by path
    const runA = prepareRun(a, { paths, seed: 7 });
    const runB = prepareRun(b, { paths, seed: 8 });
    if (!runA.ok || !runB.ok) throw new Error('prepare failed');
    const outA = (await simulated(runA.run)).values[0]!;
    const outB = (await simulated(runB.run)).values[0]!;
    const difference = Float64Array.from({ length: paths }, (_, p) => outB[y * paths + p]! - outA[y * paths + p]!);
    const bands = new Float64Array(PERCENTILES.length);
    percentiles(difference, PERCENTILES, bands);
    const independentWidth = bands[4]! - bands[0]!;

    // measured (seed 7, 2000 paths): paired p5–p95 ≈ 12.3 US$ bn against ≈ 324 independent, a ratio of ≈ 0.04
    expect(pairedWidth / independentWidth).toBeLessThan(0.1);
    expect(paired.mean[y]!).toBeLessThan(0); // a lower oil price lowers turnover on (almost) every path
    expect(paired.probabilityHigher[y]!).toBeLessThan(0.01);
    // the reported standard errors say the same: paired far below independent
    expect(paired.standardError[y]! / paired.standardErrorIndependent[y]!).toBeLessThan(0.1);
  });

  it('gives byte-identical results for the same scenarios and seed', async () => {
    const again = async () => JSON.stringify(await compared([shipped('baseline'), shipped('thaw')], 200, 5));
    expect(await again()).toBe(await again());
  });

  it('keeps every series and year of each scenario’s own summary', async () => {
    const result = await compared([shipped('baseline'), shipped('escalation'), shipped('thaw')], 300);
    expect(result.comparisons.map((c) => [c.reference, c.scenario])).toEqual([
      ['baseline', 'escalation'],
      ['baseline', 'thaw'],
    ]);
    for (const scenario of result.scenarios) expect(scenario.series.turnover!.p50).toHaveLength(result.years.length);
    expect(nonFiniteNumbers(result)).toEqual([]);
    // the difference's mean is the difference of the means (same paths)
    const [escalation] = result.comparisons;
    result.years.forEach((_, y) => {
      const expected = result.scenarios[1]!.series.turnover!.mean[y]! - result.scenarios[0]!.series.turnover!.mean[y]!;
      expect(escalation!.series.turnover!.mean[y]!).toBeCloseTo(expected, 8);
    });
  });
});

describe('invalid comparisons', () => {
  it('needs two scenarios with the same origin', async () => {
    const one = await compareScenarios([{ resolved: shipped('baseline') }], { paths: 10 }, onCallingThread);
    expect(!one.ok && 'issues' in one && one.issues[0]!.path).toEqual(['scenarios']);
    const moved = shipped('baseline', { origin: 2022 });
    const mixed = await compareScenarios([{ resolved: shipped('baseline') }, { resolved: moved }], { paths: 10 }, onCallingThread);
    expect(!mixed.ok && 'issues' in mixed && mixed.issues[0]!.path).toEqual(['origin']);
  });

  it('parses request bodies: ids or inline scenarios with overrides', async () => {
    const body = compareRequestSchema.parse({ scenarios: [{ scenario: 'baseline' }, { scenario: 'baseline', overrides: { oilLongRun: 60 } }], paths: 100 });
    const resolved = body.scenarios.map((entry) => resolveScenarioReference(entry.scenario, entry.overrides));
    expect(resolved.every((r) => r.ok)).toBe(true);
    expect(compareRequestSchema.safeParse({ scenarios: [{ scenario: 'baseline' }] }).success).toBe(false);
    expect(resolveScenarioReference('no-such-scenario').ok).toBe(false);
  });
});

describe('work, counted before it runs', () => {
  it('is paths × projected years × scenarios, with the sizes the comparison would use', async () => {
    const entries = [{ resolved: shipped('baseline') }, { resolved: shipped('escalation') }, { resolved: shipped('thaw') }];
    const origin = shipped('baseline').scenario.origin;
    const work = compareWork(entries, { paths: 300, horizon: 2028 });
    expect(work).toMatchObject({
      field: 'paths',
      value: 300,
      factors: [
        ['projected years', 2028 - origin],
        ['scenarios', 3],
      ],
    });
    const result = await compared(
      entries.map((e) => e.resolved),
      300,
    );
    expect(workTotal(compareWork(entries, { paths: 300 }))).toBe(result.paths * result.years.length * result.scenarios.length);
    // nothing given: the first scenario's run.paths (baseline's 10,000) and the earliest horizon, as the comparison uses
    expect(compareWork(entries)).toMatchObject({
      field: 'paths',
      value: 10_000,
      factors: [
        ['projected years', 2030 - origin],
        ['scenarios', 3],
      ],
    });
  });
});

describe('cancellation', () => {
  it('returns cancelled once the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await compareScenarios([{ resolved: shipped('baseline') }, { resolved: shipped('thaw') }], { paths: 100 }, { ...onCallingThread, signal: controller.signal });
    expect(outcome).toEqual({ ok: false, failure: { kind: 'cancelled' } });
  });
});
