import { describe, expect, it } from 'vitest';
import { compareFromRequest, compareScenarios, compareWorkFromRequest, type CompareResult } from '../../src/analysis/compare.js';
import { workTotal } from '../../src/run/workCount.js';
import { explainDifference, planExplain, type ExplainOptions, type ExplainResult } from '../../src/analysis/explainDifference.js';
import { EXPLAIN_BATCHES, EXPLAIN_MIN_BATCH_PATHS, MAX_EXPLAIN_INPUTS } from '../../src/analysis/defaults.js';
import { chiSquareQuantile } from '../../src/core/chiSquareQuantile.js';
import type { ResolvedScenario } from '../../src/scenario/loadScenario.js';
import { onCallingThread, shipped } from '../helpers.js';

async function explained(a: ResolvedScenario, b: ResolvedScenario, paths: number, seed: number, explain: ExplainOptions = {}): Promise<CompareResult & { explain: ExplainResult }> {
  const outcome = await compareScenarios([{ resolved: a }, { resolved: b }], { paths, seed, explain }, onCallingThread);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  if (!outcome.result.explain) throw new Error('no explain in the result');
  return outcome.result as CompareResult & { explain: ExplainResult };
}

/** The attribution alone, without the comparison around it. */
async function explainedOnly(a: ResolvedScenario, b: ResolvedScenario, paths: number, seed: number, explain: ExplainOptions): Promise<ExplainResult> {
  const sizes = { paths, seed, horizon: a.scenario.horizon };
  const planned = planExplain(a, b, sizes, explain);
  if (!planned.ok) throw new Error(planned.issues[0]!.message);
  const outcome = await explainDifference(a, b, sizes, planned.plan, onCallingThread);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.result;
}

const TARGET = { kind: 'target', id: 'turnover-300bn-2030' } as const;
const lastYear = (result: CompareResult) => result.years.length - 1;

describe('compare --explain: Shapley attribution of a paired difference', () => {
  const baseline = shipped('baseline');

  it('adds its parts up to the total exactly, and the total to B − A within rounding', async () => {
    const { explain } = await explained(baseline, shipped('escalation'), 400, 3);
    expect(explain.parts.length).toBeGreaterThan(1);
    expect(explain.parts.reduce((sum, part) => sum + part.contribution, 0)).toBe(explain.total);
    expect(Math.abs(explain.total - (explain.value - explain.reference))).toBeLessThan(1e-9 * Math.max(1, Math.abs(explain.value)));
    expect(explain.runs).toBe(1 << explain.parts.length);
    const sizes = explain.parts.map((part) => Math.abs(part.contribution));
    expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
  });

  it('reproduces A and B at the ends: the mixture of no input is A, of every input is B, to the bit', async () => {
    const result = await explained(baseline, shipped('escalation'), 300, 5);
    const y = lastYear(result);
    expect(result.explain.reference).toBe(result.scenarios[0]!.series.turnover!.p50[y]);
    expect(result.explain.value).toBe(result.scenarios[1]!.series.turnover!.p50[y]);
    const target = await explained(baseline, shipped('oil-slump'), 300, 5, { output: TARGET });
    const paired = target.comparisons[0]!.targets.find((t) => t.id === TARGET.id)!;
    expect([target.explain.reference, target.explain.value]).toEqual([paired.probabilityReference, paired.probability]);
  });

  it('with one changed knob, the one part is the plain paired difference (median and probability)', async () => {
    const cheapOil = shipped('baseline', { oilLongRun: 55 });
    const median = await explained(baseline, cheapOil, 500, 11);
    const y = lastYear(median);
    expect(median.explain.parts).toHaveLength(1);
    expect(median.explain.parts[0]).toMatchObject({ input: 'knobs.oilLongRun', kind: 'knob', to: 55 });
    expect(median.explain.parts[0]!.contribution).toBe(median.scenarios[1]!.series.turnover!.p50[y]! - median.scenarios[0]!.series.turnover!.p50[y]!);
    const probability = await explained(baseline, cheapOil, 500, 11, { output: TARGET });
    const paired = probability.comparisons[0]!.targets.find((t) => t.id === TARGET.id)!;
    expect(probability.explain.parts[0]!.contribution).toBe(paired.difference);
    expect(probability.explain.parts[0]!.standardError).toBe(paired.standardError);
  });

  it('negates every part, to the bit, when A and B swap (median and probability)', async () => {
    const escalation = shipped('escalation');
    for (const explain of [{}, { output: TARGET }] as const) {
      const forward = (await explained(baseline, escalation, 300, 9, explain)).explain;
      const backward = (await explained(escalation, baseline, 300, 9, explain)).explain;
      expect(backward.parts.map((part) => part.input)).toEqual(forward.parts.map((part) => part.input));
      forward.parts.forEach((part, i) => {
        expect(-backward.parts[i]!.contribution === part.contribution, part.input).toBe(true);
        expect(backward.parts[i]!.standardError).toBe(part.standardError);
      });
      expect(-backward.total === forward.total).toBe(true);
    }
  });

  it('reads a target written in place like the named target', async () => {
    const cheapOil = shipped('baseline', { oilLongRun: 55, westernWedge: 0.4 });
    const named = (await explained(baseline, cheapOil, 300, 2, { output: TARGET })).explain;
    const inPlace = (await explained(baseline, cheapOil, 300, 2, { output: { kind: 'probability', expression: 'turnover >= 300', year: 2030 } })).explain;
    expect(inPlace.parts.map((part) => part.contribution)).toEqual(named.parts.map((part) => part.contribution));
    expect(inPlace.output).toBe('P(turnover >= 300)@2030');
  });

  it('reports standard errors that match the spread of the parts over independent seeds', async () => {
    // k = 2 knobs; R seeds. If a reported s.e. is right, (R − 1)·s²/s.e.² of the R estimates
    // is χ²(R − 1), so s / s.e. lies within the χ² bounds below with probability 1 − 2α. The
    // mean reported s.e. has its own error: none to speak of for the per-path s.e. of a
    // probability; for batch means over G blocks a relative standard deviation of about
    // 1/√(2(G − 1)) per seed, 1/√(2(G − 1)R) for the mean, allowed 3 times over.
    const alpha = 0.0005;
    const b = shipped('baseline', { oilLongRun: 50, westernWedge: 0.5 });
    const cases = [
      { what: 'probability', explain: { output: TARGET }, paths: 1000, seeds: 60, reportedError: 0 },
      // blocks of EXPLAIN_MIN_BATCH_PATHS paths, the smallest the batch means use
      { what: 'median', explain: {}, paths: EXPLAIN_BATCHES * EXPLAIN_MIN_BATCH_PATHS, seeds: 40, reportedError: 3 / Math.sqrt(2 * (EXPLAIN_BATCHES - 1) * 40) },
    ];
    for (const { what, explain, paths, seeds, reportedError } of cases) {
      const low = Math.sqrt(chiSquareQuantile(alpha, seeds - 1) / (seeds - 1)) * (1 - reportedError);
      const high = Math.sqrt(chiSquareQuantile(1 - alpha, seeds - 1) / (seeds - 1)) * (1 + reportedError);
      const estimates = new Map<string, { values: number[]; errors: number[] }>();
      for (let seed = 1; seed <= seeds; seed++) {
        for (const part of (await explainedOnly(baseline, b, paths, 1000 + seed, explain)).parts) {
          const entry = estimates.get(part.input) ?? { values: [], errors: [] };
          entry.values.push(part.contribution);
          entry.errors.push(part.standardError!);
          estimates.set(part.input, entry);
        }
      }
      expect([...estimates.keys()].sort()).toEqual(['knobs.oilLongRun', 'knobs.westernWedge']);
      for (const [input, { values, errors }] of estimates) {
        const mean = values.reduce((s, v) => s + v, 0) / seeds;
        const spread = Math.sqrt(values.reduce((s, v) => s + (v - mean) * (v - mean), 0) / (seeds - 1));
        const reported = errors.reduce((s, v) => s + v, 0) / seeds;
        const message = `${input}, ${what}: spread ${spread} over ${seeds} seeds vs reported ${reported}; bounds ${low}–${high}`;
        expect(spread / reported, message).toBeGreaterThan(low);
        expect(spread / reported, message).toBeLessThan(high);
      }
    }
  }, 300_000);

  it('gives no standard error for a median when there are too few paths for two blocks', async () => {
    const { explain } = await explained(baseline, shipped('baseline', { oilLongRun: 55 }), 2 * EXPLAIN_MIN_BATCH_PATHS - 1, 1);
    expect(explain.parts[0]!.standardError).toBeNull();
    expect(explain.standardErrors).toMatch(/^none: batch means need at least/);
  });
});

describe('compare --explain: what it refuses, and the work it counts', () => {
  const baseline = shipped('baseline');
  const refusal = async (entries: readonly ResolvedScenario[], explain: ExplainOptions) => {
    const outcome = await compareScenarios(
      entries.map((resolved) => ({ resolved })),
      { paths: 50, explain },
      onCallingThread,
    );
    return outcome.ok ? null : 'issues' in outcome ? outcome.issues : null;
  };

  it('needs exactly two scenarios, a measure both share, and few enough inputs', async () => {
    expect(await refusal([baseline, baseline, baseline], {})).toEqual([{ path: ['explain'], message: 'explain splits B − A of one pair: give exactly two scenarios, got 3' }]);
    expect((await refusal([baseline, shipped('escalation')], { output: { kind: 'target', id: 'nope' } }))![0]).toMatchObject({
      path: ['explain', 'output'],
      message: expect.stringContaining('"nope" is not a target of both'),
    });
    const moved = shipped('baseline', { 'targets.0.expression': 'turnover >= 320' });
    expect((await refusal([baseline, moved], { output: TARGET }))![0]).toMatchObject({ path: ['explain', 'output'], message: expect.stringContaining('differs between') });
    // nine blocks that differ, each a field: oil, rouble, exports, imports, demand, correlation, regimes, two sectors
    const fields = {
      'oil.meanReversion.max': 0.4,
      'rouble.drift.mean': 0.04,
      'exports.crudeCatchUp.max': 0.5,
      'imports.otherGoodsGrowth.mean': 0.02,
      'demand.volatility.mean': 0.1,
      'correlation.matrix': [
        [1, 0.1, 0, 0],
        [0.1, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1],
      ],
      'regimes.states.thaw.westernCap': 0.6,
      'sectors.cars.importContent.value': 0.7,
      'sectors.machinery.importContent.value': 0.9,
    };
    expect((await refusal([baseline, shipped('baseline', fields)], {}))![0]).toMatchObject({ path: ['explain'], message: expect.stringContaining(`at most ${MAX_EXPLAIN_INPUTS}`) });
  });

  it('counts 2^k mixtures in the work of a request, and gives the same result as the command line’s path', async () => {
    const request = { scenarios: [{ scenario: 'baseline' }, { scenario: 'baseline', overrides: { oilLongRun: 55, westernWedge: 0.2 } }], paths: 200, explain: true };
    const resolved = [baseline, shipped('baseline', { oilLongRun: 55, westernWedge: 0.2 })];
    const work = compareWorkFromRequest(request, resolved);
    const years = baseline.scenario.horizon - baseline.scenario.origin;
    expect(work.ok && workTotal(work.work)).toBe(200 * years * (2 + 4));
    const viaRequest = await compareFromRequest(request, resolved, onCallingThread);
    const direct = await compareScenarios(
      resolved.map((r) => ({ resolved: r })),
      { paths: 200, explain: {} },
      onCallingThread,
    );
    expect(viaRequest).toEqual(direct);
    const badOutput = compareWorkFromRequest({ ...request, explain: { output: 'turnover in 2030' } } as never, resolved);
    expect(!badOutput.ok && badOutput.issues[0]).toMatchObject({ path: ['explain', 'output'] });
  });
});
