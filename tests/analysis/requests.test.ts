import { describe, expect, it } from 'vitest';
import { backtestFromRequest, backtestRequestSchema, backtestWorkFromRequest } from '../../src/analysis/backtest/backtest.js';
import { compareFromRequest, compareRequestSchema, compareWorkFromRequest } from '../../src/analysis/compare.js';
import { sensitivityFromRequest, sensitivityRequestSchema, sensitivityWorkFromRequest } from '../../src/analysis/sensitivity/sensitivity.js';
import { onCallingThread, shipped } from '../helpers.js';

/** What the HTTP routes do: parse the body with the schema, then drive the steps. */
describe('request bodies, as the API routes will pass them', () => {
  it('compares a shipped scenario with an inline one that extends it, under the given labels', async () => {
    const body = compareRequestSchema.parse({
      scenarios: [
        { scenario: 'baseline', label: 'status quo' },
        { scenario: { extends: 'baseline', name: 'Cheap oil', knobs: { oilLongRun: { value: 50 } } }, label: 'cheap oil' },
      ],
      paths: 200,
      seed: 3,
    });
    const outcome = await compareFromRequest(body, undefined, onCallingThread);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    expect(outcome.result.comparisons[0]).toMatchObject({ reference: 'status quo', scenario: 'cheap oil' });
    expect(outcome.result.comparisons[0]!.series.oilPrice!.mean.at(-1)!).toBeLessThan(0);
  });

  it('reports an unresolvable scenario with its place in the body', async () => {
    const body = compareRequestSchema.parse({ scenarios: [{ scenario: 'baseline' }, { scenario: 'atlantis' }] });
    const outcome = await compareFromRequest(body, undefined, onCallingThread);
    expect(!outcome.ok && 'issues' in outcome && outcome.issues[0]!.path).toEqual(['scenarios', 1, 'scenario']);
  });

  it('runs a sensitivity request, and names `output` when it does not parse', async () => {
    const good = await sensitivityFromRequest(
      sensitivityRequestSchema.parse({ scenario: 'baseline', method: 'morris', output: 'oilPrice@2026', samples: 3, resamples: 10 }),
      undefined,
      onCallingThread,
    );
    expect(good.ok && good.result.output.spec).toBe('oilPrice@2026');
    const bad = await sensitivityFromRequest(sensitivityRequestSchema.parse({ scenario: 'baseline', output: 'oil price in 2026' }), undefined, onCallingThread);
    expect(!bad.ok && 'issues' in bad && bad.issues[0]!.path).toEqual(['output']);
  });

  it('runs a back-test request', async () => {
    const outcome = await backtestFromRequest(
      backtestRequestSchema.parse({ scenario: 'baseline', origins: { from: 2019, to: 2020 }, horizons: { from: 1, to: 1 }, samples: 200 }),
      undefined,
      onCallingThread,
    );
    expect(outcome.ok && outcome.result.origins).toEqual([2019, 2020]);
  });

  it('takes scenarios the caller has resolved, and counts the work of the same body', async () => {
    const origin = shipped('baseline').scenario.origin;
    const compare = compareRequestSchema.parse({ scenarios: [{ scenario: 'baseline' }, { scenario: 'thaw', label: 'T' }], paths: 100, horizon: origin + 2 });
    const scenarios = [shipped('baseline'), shipped('thaw', { westernWedge: 0.5 })];
    const given = await compareFromRequest(compare, scenarios, onCallingThread);
    const resolvedHere = await compareFromRequest(compare, undefined, onCallingThread);
    if (!given.ok || !resolvedHere.ok) throw new Error('expected both comparisons to run');
    expect(given.result.scenarios.map((s) => s.label)).toEqual(['baseline', 'T']);
    // the scenarios given were used: thaw with the override, not the shipped thaw
    expect(given.result.scenarios[0]!.inputHash).toBe(resolvedHere.result.scenarios[0]!.inputHash);
    expect(given.result.scenarios[1]!.inputHash).not.toBe(resolvedHere.result.scenarios[1]!.inputHash);
    expect(compareWorkFromRequest(compare, scenarios)).toMatchObject({
      ok: true,
      work: {
        field: 'paths',
        value: 100,
        factors: [
          ['projected years', 2],
          ['scenarios', 2],
        ],
      },
    });

    const sensitivity = sensitivityRequestSchema.parse({ scenario: 'baseline', method: 'morris', samples: 3, output: 'oilPrice@2026' });
    expect(sensitivityWorkFromRequest(sensitivity, shipped('baseline'))).toMatchObject({ ok: true, work: { field: 'samples', value: 3 } });
    const unparsable = sensitivityWorkFromRequest({ ...sensitivity, output: 'oil in 2026' }, shipped('baseline'));
    expect(!unparsable.ok && unparsable.issues[0]!.path).toEqual(['output']);

    const backtest = backtestRequestSchema.parse({ scenario: 'baseline', origins: { from: 2023, to: 2023 }, horizons: { from: 1, to: 2 }, samples: 100 });
    // 2 projected years in each of 2 runs (ex ante, ex post) from the one origin, and the scenario's own projection
    expect(backtestWorkFromRequest(backtest, shipped('baseline'))).toMatchObject({
      ok: true,
      work: {
        field: 'samples',
        value: 100,
        factors: [
          ['projected years', 2],
          ['runs (2 per origin + the projection)', 3],
        ],
      },
    });
    const tested = await backtestFromRequest(backtest, shipped('baseline', { westernWedge: 0.5 }), onCallingThread);
    expect(tested.ok && tested.result.origins).toEqual([2023]);
  });
});
