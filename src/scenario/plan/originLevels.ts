import { BARRELS_PER_TONNE } from '../../core/defaults.js';
import type { ModelPlan } from '../../core/modelPlan.js';
import type { HistoryYear } from '../history.js';
import type { Scenario } from '../scenarioSchema.js';
import type { KnobScope, ReportProblem } from './knobExpressions.js';

/**
 * The origin: the levels the paths start from, from the scenario and the data, the year's
 * exports split into crude, other energy and non-energy, its imports into the sectors' and the
 * rest. Checks that the split leaves non-energy exports > 0 and other imports ≥ 0.
 */
export function compileOriginLevels(
  scenario: Scenario,
  history: readonly HistoryYear[],
  sectors: { readonly sectorNames: readonly string[]; readonly initialMarket: Float64Array; readonly originImportContent: Float64Array },
  { numberAt }: KnobScope,
  problem: ReportProblem,
): ModelPlan['initial'] {
  const oilPrice = numberAt(scenario.oil.start.value, ['oil', 'start', 'value'], (v) => (v > 0 ? null : 'must be > 0 (US$/bbl)'));
  const rubPerCny = numberAt(scenario.rouble.start.value, ['rouble', 'start', 'value'], (v) => (v > 0 ? null : 'must be > 0 (RUB/CNY)'));
  const crudeVolume = numberAt(scenario.exports.crudeVolume.value, ['exports', 'crudeVolume', 'value'], (v) => (v >= 0 ? null : 'must be ≥ 0 (Mt/yr)'));
  const otherEnergyExports = numberAt(scenario.exports.otherEnergy.value, ['exports', 'otherEnergy', 'value'], (v) => (v >= 0 ? null : 'must be ≥ 0 (US$ bn)'));
  const originYear = history.find((y) => y.year === scenario.origin);
  let nonEnergyExports = NaN;
  let otherImports = NaN;
  if (!originYear || originYear.exportsToChina === null || originYear.importsFromChina === null) {
    const stated = history.filter((y) => y.exportsToChina !== null && y.importsFromChina !== null).map((y) => y.year);
    problem(['origin'], `the data (${scenario.data.turnover}) states no export/import split for ${scenario.origin}; years with a stated split: ${stated.join(', ')}`);
  } else {
    const crudeValue = (crudeVolume * BARRELS_PER_TONNE * oilPrice) / 1000;
    nonEnergyExports = originYear.exportsToChina - crudeValue - otherEnergyExports;
    if (!(nonEnergyExports > 0)) {
      problem(
        ['exports', 'otherEnergy', 'value'],
        `crude (${crudeValue.toFixed(1)}) plus other energy (${otherEnergyExports}) leave ${nonEnergyExports.toFixed(1)} US$ bn of non-energy exports in ${scenario.origin} (total ${originYear.exportsToChina}); it must be > 0`,
      );
    }
    let sectorImports = 0;
    for (let k = 0; k < sectors.sectorNames.length; k++) {
      sectorImports += sectors.initialMarket[k]! * sectors.originImportContent[k]! * scenario.sectors[sectors.sectorNames[k]!]!.originShares.china;
    }
    otherImports = originYear.importsFromChina - sectorImports;
    if (!(otherImports >= 0)) {
      problem(
        ['sectors'],
        `the sectors' imports from China at the origin (Σ market × China share × import content = ${sectorImports.toFixed(1)} US$ bn) exceed total imports from China in ${scenario.origin} (${originYear.importsFromChina})`,
      );
    }
  }
  return { oilPrice, rubPerCny, crudeVolume, otherEnergyExports, nonEnergyExports, otherImports };
}
