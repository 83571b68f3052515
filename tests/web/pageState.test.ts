import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePageState, encodePageState, PageStateSchema, type PageState } from '../../web/src/pageState.js';

const spec = fc.record({
  scenario: fc.constantFrom('baseline', 'escalation', 'thaw', 'oil-slump'),
  knobs: fc.dictionary(fc.constantFrom('westernWedge', 'oilLongRun', 'substitutionSpeed'), fc.double({ min: -10, max: 200, noNaN: true }).map((v) => v + 0)), // + 0: a knob at −0 is the knob at 0
  paths: fc.integer({ min: 100, max: 1_000_000 }),
  seed: fc.nat(0xffffffff),
});
const state: fc.Arbitrary<PageState> = fc
  .record({ run: spec, series: fc.constantFrom('turnover', 'exportsToChina', 'importsFromChina'), sector: fc.constantFrom('cars', 'machinery'), pinned: fc.option(spec, { nil: undefined }) })
  .map(({ run, series, sector, pinned }) => PageStateSchema.parse({ ...run, series, sector, ...(pinned ? { pinned } : {}) }));

describe('page state in the URL', () => {
  it('survives a round trip through the query string, so a copied link reopens the same view', () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(decodePageState(encodePageState(s))).toEqual(s);
      }),
    );
  });

  it('falls back to defaults field by field for a malformed link, keeping what is valid', () => {
    const decoded = decodePageState('scenario=thaw&paths=lots&seed=-4&k.westernWedge=0.4&k.bad=NaN&series=nonsense&pin.scenario=../etc');
    expect(decoded).toMatchObject({ scenario: 'thaw', paths: 10_000, seed: 2030, knobs: { westernWedge: 0.4 }, series: 'turnover' });
    expect(decoded.pinned?.scenario).toBe('baseline');
    expect(decodePageState('')).toEqual(PageStateSchema.parse({}));
  });
});
