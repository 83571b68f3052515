import { log } from '../../core/log.js';
import { log1p } from '../../core/log1p.js';
import { SUPPLIER_CHINA, SUPPLIER_COUNT, SUPPLIERS } from '../../core/modelPlan.js';
import type { Scenario } from '../scenarioSchema.js';
import type { KnobScope, ReportProblem } from './knobExpressions.js';
import type { YearlyField } from './schedules.js';

/** The sectors' part of the plan: arrays by sector × supplier, and by projected year where a field changes by year. */
export interface CompiledSectors {
  /** log(base share / domestic share), by sector × supplier */
  readonly logBaseRatio: Float64Array;
  /** log(origin share / domestic share), by sector × supplier */
  readonly initialLogRatio: Float64Array;
  /** market size at the origin, US$ bn, by sector */
  readonly initialMarket: Float64Array;
  /** import content by projected year × sector */
  readonly importContent: Float64Array;
  /** import content in the origin year, by sector */
  readonly originImportContent: Float64Array;
  /** the sanctions wedge before a regime's intensity scales it, by sector × supplier */
  readonly sanctionsWedge: Float64Array;
  /** the policy wedge by projected year × sector × supplier */
  readonly policyWedge: Float64Array;
}

/** The sectors: markets, shares, import content and the price wedges on each supplier. */
export function compileSectors(sectors: Scenario['sectors'], sectorNames: readonly string[], years: readonly number[], { numberAt }: KnobScope, yearly: YearlyField): CompiledSectors {
  const K = sectorNames.length;
  const J = SUPPLIER_COUNT;
  const logBaseRatio = new Float64Array(K * J);
  const initialLogRatio = new Float64Array(K * J);
  const initialMarket = new Float64Array(K);
  const importContent = new Float64Array(years.length * K);
  const originImportContent = new Float64Array(K);
  const sanctionsWedge = new Float64Array(K * J);
  const policyWedge = new Float64Array(years.length * K * J);
  sectorNames.forEach((name, k) => {
    const sector = sectors[name]!;
    const base = ['sectors', name];
    initialMarket[k] = numberAt(sector.market.value, [...base, 'market', 'value'], (v) => (v > 0 ? null : 'must be > 0 (US$ bn)'));
    const content = yearly(sector.importContent.value, [...base, 'importContent', 'value'], (v) => (v > 0 && v <= 1 ? null : 'must lie in (0, 1]'));
    originImportContent[k] = content[0]!;
    for (let y = 0; y < years.length; y++) importContent[y * K + k] = content[y + 1]!;
    SUPPLIERS.forEach((supplier, j) => {
      logBaseRatio[k * J + j] = log(sector.baseShares[supplier] / sector.baseShares.domestic);
      initialLogRatio[k * J + j] = log(sector.originShares[supplier] / sector.originShares.domestic);
      sanctionsWedge[k * J + j] = numberAt(sector.sanctionsWedge[supplier], [...base, 'sanctionsWedge', supplier], (v) => (v > -1 ? null : 'a price wedge must be > −1'));
      const schedule = yearly(sector.policyWedges?.[supplier] ?? 0, [...base, 'policyWedges', supplier], (v) => (v > -1 ? null : 'a price wedge must be > −1'));
      for (let y = 0; y < years.length; y++) policyWedge[(y * K + k) * J + j] = schedule[y + 1]!;
    });
  });
  return { logBaseRatio, initialLogRatio, initialMarket, importContent, originImportContent, sanctionsWedge, policyWedge };
}

/**
 * Each supplier's log price factor by projected year × regime × sector × supplier: the policy
 * wedge, the sanctions wedge scaled by the regime's intensity, and on China's goods the regime's
 * payment friction. A scaled sanctions wedge of −1 or less is reported at the regime's intensity.
 */
export function compilePrices(
  { regimeNames, intensity, friction }: { readonly regimeNames: readonly string[]; readonly intensity: Float64Array; readonly friction: Float64Array },
  { sectorNames, sanctionsWedge, policyWedge }: { readonly sectorNames: readonly string[]; readonly sanctionsWedge: Float64Array; readonly policyWedge: Float64Array },
  years: readonly number[],
  problem: ReportProblem,
): Float64Array {
  const R = regimeNames.length;
  const K = sectorNames.length;
  const J = SUPPLIER_COUNT;
  for (let r = 0; r < R; r++) {
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < J; j++) {
        const scaled = intensity[r]! * sanctionsWedge[k * J + j]!;
        if (!Number.isNaN(scaled) && !(scaled > -1)) {
          problem(['regimes', 'states', regimeNames[r]!, 'sanctionsIntensity'], `times sectors.${sectorNames[k]}.sanctionsWedge.${SUPPLIERS[j]} gives a price wedge of ${scaled}; it must be > −1`);
        }
      }
    }
  }
  const logPrice = new Float64Array(years.length * R * K * J);
  for (let y = 0; y < years.length; y++) {
    for (let r = 0; r < R; r++) {
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < J; j++) {
          let value = log1p(policyWedge[(y * K + k) * J + j]!) + log1p(intensity[r]! * sanctionsWedge[k * J + j]!);
          if (j === SUPPLIER_CHINA) value += log1p(friction[r]!);
          logPrice[((y * R + r) * K + k) * J + j] = value;
        }
      }
    }
  }
  return logPrice;
}
