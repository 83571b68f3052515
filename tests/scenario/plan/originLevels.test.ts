import { describe, expect, it } from 'vitest';
import { BARRELS_PER_TONNE } from '../../../src/core/defaults.js';
import type { HistoryYear } from '../../../src/scenario/history.js';
import { knobScope } from '../../../src/scenario/plan/knobExpressions.js';
import { compileOriginLevels } from '../../../src/scenario/plan/originLevels.js';
import type { Scenario } from '../../../src/scenario/scenarioSchema.js';
import { shipped } from '../../helpers.js';
import { problems } from './planParts.js';

const year = (y: number, exportsToChina: number | null, importsFromChina: number | null): HistoryYear => ({
  year: y,
  turnover: exportsToChina !== null && importsFromChina !== null ? exportsToChina + importsFromChina : null,
  exportsToChina,
  importsFromChina,
  flags: [],
  confidence: null,
  splitConfidence: null,
  source: 'test',
  line: 0,
});

/** Baseline with round starting levels and the origin 2025, and one sector of 40 US$ bn, half imported, China 50%. */
function scenarioWith(): Scenario {
  const scenario = structuredClone(shipped('baseline').scenario);
  scenario.origin = 2025;
  scenario.oil.start.value = 60;
  scenario.rouble.start.value = 11;
  scenario.exports.crudeVolume.value = 100;
  scenario.exports.otherEnergy.value = 20;
  return scenario;
}
const cars = { sectorNames: ['cars'], initialMarket: Float64Array.from([40]), originImportContent: Float64Array.from([0.5]) };

describe('plan part: the origin’s levels (compileOriginLevels)', () => {
  it('splits the origin year’s exports into crude, other energy and the rest, and its imports into the sectors’ and the rest', () => {
    const { problem, issues } = problems();
    const scenario = scenarioWith();
    const chinaShare = scenario.sectors.cars!.originShares.china;
    const initial = compileOriginLevels(scenario, [year(2024, 120, 110), year(2025, 130, 100)], cars, knobScope(scenario.knobs, problem), problem);
    expect(issues).toEqual([]);
    const crudeValue = (100 * BARRELS_PER_TONNE * 60) / 1000;
    expect(initial).toEqual({ oilPrice: 60, rubPerCny: 11, crudeVolume: 100, otherEnergyExports: 20, nonEnergyExports: 130 - crudeValue - 20, otherImports: 100 - 40 * 0.5 * chinaShare });
  });

  it('reports an origin year without a stated export/import split, naming the years that have one', () => {
    const { problem, issues } = problems();
    const scenario = scenarioWith();
    const initial = compileOriginLevels(scenario, [year(2023, 120, 110), year(2024, 125, 105), year(2025, null, null)], cars, knobScope(scenario.knobs, problem), problem);
    expect(initial.nonEnergyExports).toBeNaN();
    expect(issues).toEqual([{ path: ['origin'], message: `the data (${scenario.data.turnover}) states no export/import split for 2025; years with a stated split: 2023, 2024` }]);
  });

  it('reports energy exports worth more than all exports, and sector imports above all imports', () => {
    const { problem, issues } = problems();
    const scenario = scenarioWith();
    compileOriginLevels(scenario, [year(2025, 50, 5)], cars, knobScope(scenario.knobs, problem), problem);
    expect(issues.map((issue) => issue.path)).toEqual([['exports', 'otherEnergy', 'value'], ['sectors']]);
    expect(issues[0]!.message).toMatch(/^crude \(\d+\.\d\) plus other energy \(20\) leave -\d+\.\d US\$ bn of non-energy exports in 2025 \(total 50\); it must be > 0$/);
  });

  it('reports starting levels out of range at their fields', () => {
    const { problem, issues } = problems();
    const scenario = scenarioWith();
    scenario.oil.start.value = 0;
    scenario.exports.crudeVolume.value = -1;
    compileOriginLevels(scenario, [year(2025, 130, 100)], cars, knobScope(scenario.knobs, problem), problem);
    expect(issues.slice(0, 2)).toEqual([
      { path: ['oil', 'start', 'value'], message: 'must be > 0 (US$/bbl) (got 0)' },
      { path: ['exports', 'crudeVolume', 'value'], message: 'must be ≥ 0 (Mt/yr) (got -1)' },
    ]);
  });
});
