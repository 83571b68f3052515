import { describe, expect, it } from 'vitest';
import { log } from '../../../src/core/log.js';
import { log1p } from '../../../src/core/log1p.js';
import { SUPPLIER_CHINA, SUPPLIER_COUNT, SUPPLIERS } from '../../../src/core/modelPlan.js';
import { planCalendar, yearlyField } from '../../../src/scenario/plan/schedules.js';
import { compilePrices, compileSectors } from '../../../src/scenario/plan/sectors.js';
import { SectorSchema, type Scenario } from '../../../src/scenario/scenarioSchema.js';
import { knobsOf, problems } from './planParts.js';

const fixed = { dist: 'fixed', value: 0, source: 'test' };
const shares = (china: number, west: number, domestic: number, other: number) => ({ china, west, domestic, other, source: 'test' });
const sector = (fields: Record<string, unknown>) =>
  SectorSchema.parse({
    label: 'cars',
    market: { value: 40, source: 'test' },
    importContent: { value: 0.8, source: 'test' },
    baseShares: shares(0.1, 0.4, 0.4, 0.1),
    originShares: shares(0.5, 0.1, 0.3, 0.1),
    sanctionsWedge: { west: 0.5, source: 'test' },
    marketGrowth: fixed,
    roubleElasticity: fixed,
    substitutionElasticity: { ...fixed, value: 3 },
    adjustmentSpeed: fixed,
    shareVolatility: fixed,
    ...fields,
  });

function compileOne(sectors: Scenario['sectors'], knobValues: Record<string, number> = {}) {
  const { problem, issues } = problems();
  const calendar = planCalendar(2025, 2027, problem);
  const knobs = knobsOf(knobValues, problem);
  const names = Object.keys(sectors);
  const compiled = compileSectors(sectors, names, calendar.years, knobs, yearlyField(calendar, knobs, [], [], problem));
  return { compiled, issues, names, years: calendar.years, problem };
}

describe('plan part: sectors (compileSectors)', () => {
  it('keeps shares as log-ratios to the domestic share, and the market and wedges by sector × supplier', () => {
    const { compiled, issues } = compileOne({ cars: sector({}) });
    expect(issues).toEqual([]);
    expect(Array.from(compiled.logBaseRatio)).toEqual([log(0.1 / 0.4), log(0.4 / 0.4), 0, log(0.1 / 0.4)]);
    expect(Array.from(compiled.initialLogRatio)).toEqual([log(0.5 / 0.3), log(0.1 / 0.3), 0, log(0.1 / 0.3)]);
    expect(Array.from(compiled.initialMarket)).toEqual([40]);
    expect(Array.from(compiled.sanctionsWedge)).toEqual([0, 0.5, 0, 0]);
    expect(Array.from(compiled.policyWedge)).toEqual(new Array(2 * SUPPLIER_COUNT).fill(0));
  });

  it('evaluates import content and policy wedges in each year: the origin apart, then by projected year × sector (× supplier)', () => {
    const { compiled, issues } = compileOne(
      {
        cars: sector({ importContent: { value: '0.9 - (year - origin) / 10', source: 'test' }, policyWedges: { china: 'fee * (year - origin)', source: 'test' } }),
        trucks: sector({ label: 'trucks' }),
      },
      { fee: 0.1 },
    );
    expect(issues).toEqual([]);
    expect(Array.from(compiled.originImportContent)).toEqual([0.9, 0.8]);
    expect(Array.from(compiled.importContent)).toEqual([0.9 - 1 / 10, 0.8, 0.9 - 2 / 10, 0.8]);
    const china = (y: number, k: number) => compiled.policyWedge[(y * 2 + k) * SUPPLIER_COUNT + SUPPLIER_CHINA];
    expect([china(0, 0), china(1, 0), china(0, 1), china(1, 1)]).toEqual([0.1, 0.2, 0, 0]);
  });

  it('reports a market that is not positive, an import content outside (0, 1] and a wedge of −1 or less', () => {
    const { issues } = compileOne({ cars: sector({ market: { value: 0, source: 'test' }, importContent: { value: 1.5, source: 'test' }, sanctionsWedge: { china: -1, source: 'test' } }) });
    expect(issues).toEqual([
      { path: ['sectors', 'cars', 'market', 'value'], message: 'must be > 0 (US$ bn) (got 0)' },
      { path: ['sectors', 'cars', 'importContent', 'value'], message: 'must lie in (0, 1] (got 1.5)' },
      { path: ['sectors', 'cars', 'sanctionsWedge', 'china'], message: 'a price wedge must be > −1 (got -1)' },
    ]);
  });
});

describe('plan part: prices (compilePrices)', () => {
  const regimes = { regimeNames: ['calm', 'tense'], intensity: Float64Array.from([1, 3]), friction: Float64Array.from([0, 0.1]) };

  it('adds the policy wedge, the sanctions wedge scaled by the regime and, on China, the payment friction, as logs', () => {
    const { problem, issues } = problems();
    const J = SUPPLIER_COUNT;
    const sectors = { sectorNames: ['cars'], sanctionsWedge: Float64Array.from([0, 0.2, 0, 0]), policyWedge: Float64Array.from([0.05, 0, 0, 0, 0.1, 0, 0, 0]) };
    const logPrice = compilePrices(regimes, sectors, [2026, 2027], problem);
    expect(issues).toEqual([]);
    expect(logPrice).toHaveLength(2 * 2 * 1 * J);
    const at = (y: number, r: number, j: number) => logPrice[(y * 2 + r) * J + j]!;
    const west = SUPPLIERS.indexOf('west');
    expect(at(0, 0, SUPPLIER_CHINA)).toBe(log1p(0.05) + log1p(0) + log1p(0));
    expect(at(1, 1, SUPPLIER_CHINA)).toBe(log1p(0.1) + log1p(0) + log1p(0.1));
    expect(at(0, 1, west)).toBe(log1p(0) + log1p(3 * 0.2));
    expect(at(1, 1, SUPPLIERS.indexOf('domestic'))).toBe(0);
  });

  it('reports a sanctions wedge that a regime’s intensity scales to −1 or less, at the regime', () => {
    const { problem, issues } = problems();
    compilePrices(regimes, { sectorNames: ['cars'], sanctionsWedge: Float64Array.from([0, -0.4, 0, 0]), policyWedge: new Float64Array(SUPPLIER_COUNT) }, [2026], problem);
    expect(issues).toEqual([{ path: ['regimes', 'states', 'tense', 'sanctionsIntensity'], message: `times sectors.cars.sanctionsWedge.west gives a price wedge of ${3 * -0.4}; it must be > −1` }]);
  });
});
