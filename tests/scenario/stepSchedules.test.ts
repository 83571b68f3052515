import { describe, expect, it } from 'vitest';
import { SUPPLIER_CHINA, SUPPLIER_COUNT, SUPPLIER_WEST } from '../../src/core/modelPlan.js';
import { prepareRun } from '../../src/run/preparedRun.js';
import { preparedRun, shipped } from '../helpers.js';

const FEE = {
  label: 'Recycling fee',
  unit: 'price-equivalent wedge',
  steps: { '2027': 0.1, '2029': 'recyclingFeeWedge * 3' },
  source: 'test',
};

/** The cars sector's policy wedge on a supplier in each projected year of the status quo, from the plan's log prices. */
function carPolicyWedge(overrides: Record<string, unknown>, supplier: number): { years: readonly number[]; wedges: number[] } {
  const run = preparedRun(shipped('baseline', overrides), { paths: 1 });
  const { plan } = run;
  const R = plan.regimeNames.length;
  const K = plan.sectorNames.length;
  const k = plan.sectorNames.indexOf('cars');
  const r = plan.regimeNames.indexOf('statusQuo');
  const noPolicy = preparedRun(shipped('baseline', { ...overrides, 'sectors.cars.policyWedges': { source: 'test' } }), { paths: 1 }).plan;
  const wedges = plan.years.map((_, y) => {
    const at = ((y * R + r) * K + k) * SUPPLIER_COUNT + supplier;
    return Math.expm1(plan.logPrice[at]! - noPolicy.logPrice[at]!);
  });
  return { years: plan.years, wedges };
}

describe('step schedules (model v2)', () => {
  const policy = { 'schedules.fee': FEE, 'sectors.cars.policyWedges': { china: 'fee', west: 'fee', other: 'fee', source: 'test' } };

  it('hold the latest step in or before each year, 0 before the first; steps may read knobs', () => {
    const { years, wedges } = carPolicyWedge(policy, SUPPLIER_CHINA);
    const knob = shipped('baseline').scenario.knobs.recyclingFeeWedge!.value;
    const expected = years.map((year) => (year >= 2029 ? knob * 3 : year >= 2027 ? 0.1 : 0));
    wedges.forEach((w, y) => expect(w).toBeCloseTo(expected[y]!, 12));
  });

  it('are set by an observation from its year until their next step', () => {
    const { years, wedges } = carPolicyWedge({ ...policy, observe: [{ name: 'fee', year: 2027, value: 0.25 }] }, SUPPLIER_WEST);
    const knob = shipped('baseline').scenario.knobs.recyclingFeeWedge!.value;
    const expected = years.map((year) => (year >= 2029 ? knob * 3 : year >= 2027 ? 0.25 : 0));
    wedges.forEach((w, y) => expect(w).toBeCloseTo(expected[y]!, 12));
    // an observation in a year with no step of its own carries on to the next step
    const late = carPolicyWedge({ ...policy, observe: [{ name: 'fee', year: 2028, value: 0.3 }] }, SUPPLIER_WEST);
    expect(late.wedges[late.years.indexOf(2027)]).toBeCloseTo(0.1, 12);
    expect(late.wedges[late.years.indexOf(2028)]).toBeCloseTo(0.3, 12);
    expect(late.wedges[late.years.indexOf(2029)]).toBeCloseTo(knob * 3, 12);
  });

  it('move the Chinese share of car sales when observed, and only from the observed year', async () => {
    const paths = 200;
    const shares = async (overrides: Record<string, unknown>) => {
      const run = preparedRun(shipped('baseline', { ...policy, ...overrides }), { paths, seed: 9 });
      const { callingThread } = await import('../helpers.js');
      const outcome = await callingThread.simulate(run);
      if (!outcome.ok) throw new Error('cancelled');
      const series = outcome.output.series.findIndex((s) => s.name === 'share.cars.china');
      return { years: run.plan.years, values: outcome.output.values[series]! };
    };
    const plain = await shares({});
    const observed = await shares({ observe: [{ name: 'fee', year: 2028, value: 0.6 }] });
    const y = plain.years.indexOf(2028);
    const block = (values: Float64Array, year: number) => Array.from(values.subarray(year * paths, (year + 1) * paths));
    expect(block(observed.values, y - 1)).toEqual(block(plain.values, y - 1));
    expect(block(observed.values, y)).not.toEqual(block(plain.values, y));
  });

  it('refuse a name that is also a knob, an observation of a schedule the scenario lacks, and a value the wedge cannot take', () => {
    expect(() => shipped('baseline', { 'schedules.oilLongRun': FEE })).toThrow(/"oilLongRun" is also a knob/);
    const missing = prepareRun(shipped('baseline', { observe: [{ name: 'tariff', year: 2027, value: 0.1 }] }));
    expect(!missing.ok && missing.issues[0]).toMatchObject({ path: ['observe', 0, 'name'], message: expect.stringContaining('unknown name "tariff"') });
    const negative = prepareRun(shipped('baseline', { ...policy, observe: [{ name: 'fee', year: 2027, value: -1.5 }] }));
    expect(!negative.ok && negative.issues.map((i) => i.path.join('.'))).toContain('sectors.cars.policyWedges.china');
  });
});

describe('import content as a schedule (model v2)', () => {
  it('changes by year as its expression says, and the origin’s other imports use its origin value', () => {
    const run = preparedRun(shipped('baseline', { 'sectors.cars.importContent.value': 'max(0.8 - 0.1 * (year - origin), 0.4)' }), { paths: 1 });
    const { plan } = run;
    const K = plan.sectorNames.length;
    const k = plan.sectorNames.indexOf('cars');
    plan.years.forEach((year, y) => expect(plan.importContent[y * K + k]).toBeCloseTo(Math.max(0.8 - 0.1 * (year - plan.originYear), 0.4), 12));
    const constant = preparedRun(shipped('baseline', { 'sectors.cars.importContent.value': 0.8 }), { paths: 1 }).plan;
    expect(plan.initial.otherImports).toBe(constant.initial.otherImports);
  });
});
