import { describe, expect, it } from 'vitest';
import { originFacts, type OriginFacts } from '../../../src/analysis/rebase/originFacts.js';
import { centreOf, rebaseScenario, type RebasePlan } from '../../../src/analysis/rebase/rebaseScenario.js';
import { armingtonSharesInto } from '../../../src/core/armingtonShares.js';
import { SUPPLIERS } from '../../../src/core/modelPlan.js';
import { compileExpression } from '../../../src/scenario/expression.js';
import type { Scenario } from '../../../src/scenario/scenarioSchema.js';
import { shipped } from '../../helpers.js';
import { projectOriginData } from './rebaseData.js';

const resolved = shipped('baseline');
const data = projectOriginData(resolved.history.years);

function factsOf(year: number): OriginFacts {
  const facts = originFacts(data, year);
  if (!facts.ok) throw new Error(facts.problems.join('\n'));
  return facts.facts;
}

/** The scenario with a plan's changes applied. */
function applied(scenario: Scenario, plan: RebasePlan): Scenario {
  const copy = structuredClone(scenario) as unknown as Record<string, unknown>;
  for (const change of plan.changes) {
    let node = copy as Record<string | number, unknown>;
    for (const key of change.path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[change.path.at(-1)!] = change.to;
  }
  return copy as unknown as Scenario;
}

/** A number or an expression of the knobs, evaluated. */
function valueOf(scenario: Scenario, value: number | string): number {
  if (typeof value === 'number') return value;
  const compiled = compileExpression(value, (name) => name in scenario.knobs);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.expression.evaluate(compiled.expression.symbols.map((s) => scenario.knobs[s]!.value));
}

/** Re-bases a scenario from its own origin to `year`. */
function rebase(scenario: Scenario, year: number): RebasePlan {
  return rebaseScenario(scenario, factsOf(year), factsOf(scenario.origin));
}

const newest = 2025;
// the shipped baseline starts from the newest year; re-based one year back, it is the file before the data update
const start = applied(resolved.scenario, rebase(resolved.scenario, newest - 1));
const plan = rebase(start, newest);
const rebased = applied(start, plan);

describe('re-basing the baseline on the newest year', () => {
  it('moves the origin and reads the levels and the car share from the data', () => {
    expect([resolved.scenario.origin, start.origin]).toEqual([newest, newest - 1]);
    const facts = factsOf(newest);
    expect(rebased.origin).toBe(newest);
    expect(rebased.oil.start).toEqual({ value: facts.oilPrice.value, source: facts.oilPrice.source });
    expect(rebased.rouble.start).toEqual({ value: facts.rubPerCny.value, source: facts.rubPerCny.source });
    expect(rebased.exports.crudeVolume).toEqual({ value: facts.crudeVolume.value, source: facts.crudeVolume.source });
    expect(rebased.sectors.cars!.originShares.china).toBe(facts.carShareChina!.value);
    expect(rebased.regimes.initial).toBe('statusQuo');
  });

  it('holds the origin shares in the status quo at the centre of each elasticity (the calibration of scenarios/README.md)', () => {
    const friction = valueOf(rebased, rebased.regimes.states.statusQuo!.paymentFriction);
    for (const [name, sector] of Object.entries(rebased.sectors)) {
      const sigma = centreOf(sector.substitutionElasticity, { ...Object.fromEntries(Object.entries(rebased.knobs).map(([k, v]) => [k, v.value])) }) as number;
      // policy schedules are zero at the origin; the wedges are rounded to 3 decimals, which moves each log price by at
      // most 5e-4 and each log-ratio by Δ = (σ − 1)·5e-4; shares s_j = e^{l_j}/Σe^{l_i} then move by
      // s_j(δ_j − Σ s_i δ_i) ≤ 2 s_j (1 − s_j) Δ ≤ Δ/2
      const prices = SUPPLIERS.map((s) => (1 + valueOf(rebased, sector.sanctionsWedge[s])) * (s === 'china' ? 1 + friction : 1));
      const target = new Float64Array(SUPPLIERS.length);
      armingtonSharesInto(
        SUPPLIERS.map((s) => sector.baseShares[s]),
        prices,
        sigma,
        target,
      );
      SUPPLIERS.forEach((s, j) => expect(Math.abs(target[j]! - sector.originShares[s]), `${name}.${s}`).toBeLessThan(((sigma - 1) * 5e-4) / 2 + 1e-12));
    }
  });

  it('keeps the car shares summing to one, the rest in its old proportions', () => {
    const [before, after] = [start.sectors.cars!.originShares, rebased.sectors.cars!.originShares];
    expect(SUPPLIERS.reduce((sum, s) => sum + after[s], 0)).toBeCloseTo(1, 12);
    const restBefore = 1 - before.china;
    const restAfter = 1 - after.china;
    for (const s of ['west', 'domestic', 'other'] as const) expect(Math.abs(after[s] / restAfter - before[s] / restBefore)).toBeLessThan(0.0015 / restAfter);
  });

  it('says where each number comes from: a data file and row, or an assumption', () => {
    for (const change of plan.changes.filter((c) => c.path.at(-1) !== 'source')) {
      expect(change.basis, change.path.join('.')).toMatch(/\.csv lines? \d+|^assumption|^calibrated/);
    }
    for (const name of Object.keys(rebased.sectors)) expect(rebased.sectors[name]!.market.source, name).toMatch(/^assumption: 2024's [\d.]+ US\$ bn moved with Russia's imports from China to 2025/);
    expect(rebased.exports.otherEnergy.source).toMatch(/^assumption: /);
    expect(rebased.sectors.machinery!.originShares).toEqual(start.sectors.machinery!.originShares); // assumptions stay
    expect(plan.kept.some((k) => k.startsWith('sectors.machinery.originShares: assumptions'))).toBe(true);
  });

  it('moves the market sizes with imports from China and other energy with the oil price', () => {
    const [old, facts] = [factsOf(start.origin), factsOf(newest)];
    const ratio = facts.importsFromChina.value / old.importsFromChina.value;
    for (const [name, sector] of Object.entries(rebased.sectors)) {
      expect(Math.abs((sector.market.value as number) - (start.sectors[name]!.market.value as number) * ratio), name).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    expect((rebased.exports.otherEnergy.value as number) < (start.exports.otherEnergy.value as number)).toBe(facts.oilPrice.value < old.oilPrice.value);
  });

  it('keeps the knobs written after a wedge’s number', () => {
    for (const name of Object.keys(rebased.sectors)) expect(rebased.sectors[name]!.sanctionsWedge.west, name).toMatch(/^\d+(\.\d+)? \+ westernWedge$/);
  });

  it('changes nothing the second time, and gives the shipped file’s values', () => {
    const again = rebaseScenario(rebased, factsOf(newest), factsOf(newest));
    expect(again.changes).toEqual([]);
    expect(again.warnings).toEqual([]);
    for (const change of plan.changes) {
      let node: unknown = resolved.scenario;
      for (const key of change.path) node = (node as Record<string | number, unknown>)[key];
      // a round trip 2025 → 2024 → 2025 moves the assumed sizes (markets, other energy) by a ratio and back, each
      // time rounded to 0.1 US$ bn; their source texts name the year they were moved from
      const moved = ['market', 'otherEnergy'].includes(String(change.path.at(-2)));
      if (moved && change.path.at(-1) === 'value') expect(Math.abs((node as number) - (change.to as number)), change.path.join('.')).toBeLessThanOrEqual(0.1 + 1e-9);
      else if (!moved) expect(node, change.path.join('.')).toEqual(change.to);
    }
  });

  it('goes back to the previous year’s data when asked', () => {
    const back = applied(rebased, rebaseScenario(rebased, factsOf(2024), factsOf(newest)));
    const facts = factsOf(2024);
    expect([back.origin, back.oil.start.value, back.rouble.start.value, back.exports.crudeVolume.value]).toEqual([2024, facts.oilPrice.value, facts.rubPerCny.value, facts.crudeVolume.value]);
    expect(back.sectors.cars!.originShares.china).toBe(facts.carShareChina!.value);
  });

  it('warns about a schedule that names the old origin year, and a target the new origin reaches', () => {
    const scenario = structuredClone(start);
    scenario.sectors.cars!.policyWedges = { ...scenario.sectors.cars!.policyWedges!, china: 'recyclingFeeWedge * min(max(year - 2024, 0), 6) / 6' };
    scenario.targets = [...scenario.targets, { id: 'soon', label: 'soon', year: 2025, expression: 'turnover > 0' }];
    const warned = rebase(scenario, newest);
    expect(warned.warnings).toEqual([
      expect.stringMatching(/^sectors\.cars\.policyWedges\.china = .* names 2024, the old origin: write the schedule relative to `origin`/),
      expect.stringMatching(/^targets\[\d+\] \(soon\) is for 2025, not after the new origin 2025$/),
    ]);
  });
});
