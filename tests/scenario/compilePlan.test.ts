import { describe, expect, it } from 'vitest';
import { SUPPLIERS } from '../../src/core/modelPlan.js';
import { log1p } from '../../src/core/log1p.js';
import { compilePlan } from '../../src/scenario/compilePlan.js';
import { shipped } from '../helpers.js';

/** The plan of baseline with some fields replaced (origin, knobs, schedules). */
function planOf(edit: (scenario: ReturnType<typeof shipped>['scenario']) => void) {
  const resolved = shipped('baseline');
  const scenario = structuredClone(resolved.scenario);
  edit(scenario);
  const compiled = compilePlan(scenario, resolved.history.years);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  return compiled.plan;
}

/** log(1 + policy wedge) on a supplier of a sector in a projected year, read from the plan's log prices. */
function logPolicy(plan: ReturnType<typeof planOf>, year: number, sector: string, supplier: string, withoutPolicy: ReturnType<typeof planOf>): number {
  const [R, K, J] = [plan.regimeNames.length, plan.sectorNames.length, SUPPLIERS.length];
  const index = ((plan.years.indexOf(year) * R + plan.initialRegime) * K + plan.sectorNames.indexOf(sector)) * J + SUPPLIERS.indexOf(supplier as (typeof SUPPLIERS)[number]);
  return plan.logPrice[index]! - withoutPolicy.logPrice[index]!;
}

describe('policy schedules may read the origin', () => {
  it('give the same plan, bit for bit, as the schedule written with the origin year', () => {
    const relativeSchedule = 'recyclingFeeWedge * min(max(year - origin, 0), 2030 - origin) / (2030 - origin)';
    const relative = planOf((s) => {
      s.sectors.cars!.policyWedges = { ...s.sectors.cars!.policyWedges!, china: relativeSchedule, west: relativeSchedule, other: relativeSchedule };
    });
    const anchored = planOf((s) => {
      const anchoredSchedule = `recyclingFeeWedge * min(max(year - ${s.origin}, 0), ${2030 - s.origin}) / ${2030 - s.origin}`;
      s.sectors.cars!.policyWedges = { ...s.sectors.cars!.policyWedges!, china: anchoredSchedule, west: anchoredSchedule, other: anchoredSchedule };
    });
    expect(Array.from(relative.logPrice)).toEqual(Array.from(anchored.logPrice));
    // the shipped import content of cars is such a schedule
    expect(shipped('baseline').scenario.sectors.cars!.importContent.value).toContain('origin');
  });

  it('move with the origin: zero at the origin, the knob in full by 2030', () => {
    const scenario = shipped('baseline').scenario;
    const knob = scenario.knobs.recyclingFeeWedge!.value;
    const plan = planOf(() => {});
    const withoutPolicy = planOf((s) => (s.knobs.recyclingFeeWedge = { ...s.knobs.recyclingFeeWedge!, value: 0 }));
    const span = 2030 - scenario.origin;
    for (const year of plan.years) {
      const expected = log1p((knob * Math.min(year - scenario.origin, span)) / span);
      expect(logPolicy(plan, year, 'cars', 'china', withoutPolicy), `${year}`).toBeCloseTo(expected, 12);
      expect(logPolicy(plan, year, 'cars', 'domestic', withoutPolicy), `${year}`).toBe(0);
    }
    expect(logPolicy(plan, 2030, 'cars', 'west', withoutPolicy)).toBeCloseTo(log1p(knob), 12);
  });

  it('name origin among the names a schedule may read', () => {
    const resolved = shipped('baseline');
    const scenario = structuredClone(resolved.scenario);
    scenario.sectors.cars!.policyWedges = { ...scenario.sectors.cars!.policyWedges!, china: 'originYear * 0' };
    const compiled = compilePlan(scenario, resolved.history.years);
    expect(!compiled.ok && compiled.issues[0]).toMatchObject({ path: ['sectors', 'cars', 'policyWedges', 'china'], message: expect.stringContaining('known: year, origin, ') });
  });
});
