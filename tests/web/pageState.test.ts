import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseObservation } from '../../src/scenario/parseObservation.js';
import { decodePageState, encodePageState, observationText, PageStateSchema, type PageState } from '../../web/src/pageState.js';

const observation = fc.oneof(
  fc.record({ name: fc.constantFrom('oilPrice', 'rubPerCny', 'crudeVolume'), year: fc.integer({ min: 2026, max: 2030 }), value: fc.double({ min: 0.01, max: 500, noNaN: true }) }),
  fc.record({ name: fc.constant('turnover'), year: fc.integer({ min: 2026, max: 2030 }), months: fc.integer({ min: 1, max: 11 }), value: fc.double({ min: 1, max: 400, noNaN: true }) }),
  fc.record({ name: fc.constant('regime'), year: fc.integer({ min: 2026, max: 2030 }), value: fc.constantFrom('thaw', 'statusQuo', 'escalation') }),
);
const spec = fc.record({
  scenario: fc.constantFrom('baseline', 'escalation', 'thaw', 'oil-slump'),
  knobs: fc.dictionary(
    fc.constantFrom('westernWedge', 'oilLongRun', 'substitutionSpeed'),
    fc.double({ min: -10, max: 200, noNaN: true }).map((v) => v + 0),
  ), // + 0: a knob at −0 is the knob at 0
  paths: fc.integer({ min: 100, max: 1_000_000 }),
  seed: fc.nat(0xffffffff),
  observations: fc.array(observation, { maxLength: 4 }),
});
const state: fc.Arbitrary<PageState> = fc
  .record({ run: spec, series: fc.constantFrom('turnover', 'exportsToChina', 'importsFromChina'), sector: fc.constantFrom('cars', 'machinery'), pinned: fc.option(spec, { nil: undefined }) })
  .map(({ run, series, sector, pinned }) => PageStateSchema.parse({ ...run, series, sector, ...(pinned ? { pinned } : {}) }));

describe('page state in the URL', () => {
  it('survives a round trip through the query string, observations included, so a copied link reopens the same view', () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(decodePageState(encodePageState(s))).toEqual({ state: s, ignored: [] });
      }),
    );
  });

  it('writes an observation as the command line does, so the link reads like --observe', () => {
    for (const text of ['oilPrice@2026=62', 'turnover@2026:4=85.2', 'regime@2027=escalation']) {
      const parsed = parseObservation(text);
      expect(parsed.ok && observationText(parsed.observation)).toBe(text);
    }
    const { state: decoded } = decodePageState('obs=oilPrice%402026%3D62&obs=turnover%402026%3A4%3D85.2');
    expect(decoded.observations).toEqual([
      { name: 'oilPrice', year: 2026, value: 62 },
      { name: 'turnover', year: 2026, months: 4, value: 85.2 },
    ]);
  });

  it('falls back to defaults field by field for a malformed link, keeping what is valid and listing what it dropped', () => {
    const { state: decoded, ignored } = decodePageState('scenario=thaw&paths=lots&seed=-4&k.westernWedge=0.4&k.bad=NaN&series=nonsense&pin.scenario=../etc&obs=oil&obs=turnover@2026:13=80');
    expect(decoded).toMatchObject({ scenario: 'thaw', paths: 10_000, seed: 2030, knobs: { westernWedge: 0.4 }, series: 'turnover', observations: [] });
    expect(decoded.pinned?.scenario).toBe('baseline');
    expect(ignored.map((part) => `${part.key}=${part.value}`).sort()).toEqual(
      ['k.bad=NaN', 'obs=oil', 'obs=turnover@2026:13=80', 'paths=lots', 'pin.scenario=../etc', 'seed=-4', 'series=nonsense'].sort(),
    );
    expect(decodePageState('')).toEqual({ state: PageStateSchema.parse({}), ignored: [] });
  });
});
