import { mean, sampleCorrelation, sampleStandardDeviation } from 'simple-statistics';
import { z } from 'zod';
import { BARRELS_PER_TONNE } from '../../core/defaults.js';
import { log } from '../../core/log.js';
import type { History } from '../../scenario/history.js';
import type { ResolvedScenario } from '../../scenario/loadScenario.js';
import { centreOf } from '../rebase/rebaseScenario.js';
import { realizedDrivers, type RealizedDrivers } from './realizedDrivers.js';
import { weightedLeastSquares } from './weightedLeastSquares.js';

const estimateSchema = z.object({
  estimate: z.number(),
  /** null with too few observations for one */
  standardError: z.number().nullable(),
  /** observations behind it (yearly changes, or pairs) */
  observations: z.number().int(),
});
export type Estimate = z.infer<typeof estimateSchema>;

const volatilitySchema = z.object({ estimate: z.number(), degreesOfFreedom: z.number().int() });
export type VolatilityEstimate = z.infer<typeof volatilitySchema>;

export const driverEstimatesSchema = z.object({
  lastYear: z.number().int().describe('the estimates use data up to this year only'),
  oilFiveYearMean: z
    .object({ value: z.number(), years: z.array(z.number().int()) })
    .nullable()
    .describe('US$/bbl: mean oil price of the five years up to lastYear'),
  oilRoubleCorrelation: estimateSchema.nullable().describe('sample correlation of Δln oil and Δln RUB/CNY, yearly pairs (at least 6)'),
  crudeTrend: estimateSchema.nullable().describe('log/yr: mean Δln crude volume of the five years up to lastYear'),
  crudeVolatility: estimateSchema.nullable().describe('log/yr: standard deviation of yearly Δln crude volume about its mean (at least 4 changes)'),
  nonEnergyGrowth: estimateSchema.nullable().describe('log/yr: mean yearly Δln of non-crude exports less other energy’s oil-linked part'),
  nonEnergyVolatility: volatilitySchema.nullable().describe('log/yr: standard deviation of a year’s non-crude export change about that drift'),
  importsDrift: estimateSchema.nullable().describe('log/yr: drift of log imports from China, the rouble held constant'),
  importsRoubleElasticity: estimateSchema.nullable().describe('fall in log imports per unit rise of log RUB/CNY (at least 5 changes)'),
  importsResidualVolatility: z.number().nullable().describe('log/yr: standard deviation of a year’s imports change about the fit'),
  importsVolatility: volatilitySchema.nullable().describe('log/yr: the same with its degrees of freedom (the drift-only fit where the elasticity is not estimated)'),
  notes: z.array(z.string()),
});
export type DriverEstimates = z.infer<typeof driverEstimatesSchema>;

export interface DriverEstimateOptions {
  /** other energy's share of non-crude exports (other energy ÷ (exports − crude value)) */
  readonly otherEnergyShare: number;
  /** the centre of other energy's oil elasticity */
  readonly otherEnergyElasticity: number;
}

/** Least data behind each estimate, below which it is null (the caller then keeps its prior). */
export const MIN_CORRELATION_PAIRS = 6;
export const MIN_IMPORT_CHANGES_FOR_ELASTICITY = 5;
export const MIN_VOLUME_CHANGES_FOR_VOLATILITY = 4;
/** Years behind the oil price's long-run anchor and the crude trend. */
export const RECENT_YEARS = 5;

/**
 * The data-based parameters of the drivers, estimated from the data up to `lastYear` only (the
 * back-test calls this at every origin; `tradecast calibrate` at the newest year):
 * - the oil price's five-year mean, and the correlation of yearly Δln oil and Δln RUB/CNY;
 * - the crude volume's recent trend (mean Δln of the last five years) and the standard
 *   deviation of its yearly Δln about their mean (every year);
 * - non-energy export growth: the mean yearly Δln of non-crude exports (exports − crude volume ×
 *   oil price × 7.33 bbl/t) less other energy's oil-linked part (share × elasticity × Δln oil),
 *   gaps bridged as multi-year changes (Σ Δ / Σ years, the random walk's estimate);
 * - imports: Δln imports = years·drift − elasticity·Δln RUB/CNY + noise, by least squares with
 *   weight 1/years (a multi-year change has that many years of noise).
 * Only stated export/import splits are used (no derived ones).
 */
export function estimateDrivers(history: History, lastYear: number, options: DriverEstimateOptions): DriverEstimates {
  const notes: string[] = [];
  const drivers = new Map<number, RealizedDrivers>();
  for (const row of history.years) {
    if (row.year > lastYear) continue;
    const found = realizedDrivers(history.drivers ?? [], row.year);
    if (found.ok) drivers.set(row.year, found.drivers);
  }
  if ([...drivers.values()].some((d) => d.oilPrice.proxy)) notes.push('oil: Brent stands in for China’s unit value of Russian crude in years the data have no unit value');
  const years = [...drivers.keys()].sort((a, b) => a - b);
  const oil = (year: number) => drivers.get(year)?.oilPrice.value;
  const rub = (year: number) => drivers.get(year)?.rubPerCny.value;
  const volume = (year: number) => drivers.get(year)?.crudeVolume.value;

  // — oil —
  const recent = years.filter((y) => y > lastYear - RECENT_YEARS);
  const oilFiveYearMean = recent.length > 0 ? { value: mean(recent.map((y) => oil(y)!)), years: recent } : null;
  const pairs = years.filter((y) => drivers.has(y - 1));
  const oilChanges = pairs.map((y) => log(oil(y)! / oil(y - 1)!));
  const rubChanges = pairs.map((y) => log(rub(y)! / rub(y - 1)!));
  const oilRoubleCorrelation = pairs.length >= MIN_CORRELATION_PAIRS ? correlationEstimate(oilChanges, rubChanges) : null;

  // — crude volume —
  const volumeChanges = pairs.map((y) => log(volume(y)! / volume(y - 1)!));
  const recentVolumeChanges = pairs.flatMap((y, i) => (y > lastYear - RECENT_YEARS ? [volumeChanges[i]!] : []));
  const crudeTrend = recentVolumeChanges.length > 0 ? meanEstimate(recentVolumeChanges) : null;
  const crudeVolatility =
    volumeChanges.length >= MIN_VOLUME_CHANGES_FOR_VOLATILITY ? { estimate: sampleStandardDeviation(volumeChanges), standardError: null, observations: volumeChanges.length } : null;

  // — non-energy exports —
  const nonCrude = history.years.flatMap((row) => {
    const d = drivers.get(row.year);
    if (row.year > lastYear || !d || row.exportsToChina === null || row.flags.includes('suspect')) return [];
    const crudeValue = (d.crudeVolume.value * BARRELS_PER_TONNE * d.oilPrice.value) / 1000;
    const value = row.exportsToChina - crudeValue;
    return value > 0 ? [{ year: row.year, value, logOil: log(d.oilPrice.value) }] : [];
  });
  const oilLinked = options.otherEnergyShare * options.otherEnergyElasticity;
  const nonEnergySteps = nonCrude.slice(1).map((to, i) => {
    const from = nonCrude[i]!;
    return { years: to.year - from.year, change: log(to.value / from.value) - oilLinked * (to.logOil - from.logOil) };
  });
  const nonEnergyGrowth = nonEnergySteps.length > 0 ? randomWalkDrift(nonEnergySteps) : null;
  const nonEnergyVolatility = nonEnergySteps.length >= 2 ? randomWalkVolatility(nonEnergySteps) : null;

  // — imports —
  const importLevels = history.years.filter((row) => row.year <= lastYear && row.importsFromChina !== null && !row.flags.includes('suspect') && drivers.has(row.year));
  const importSteps = importLevels.slice(1).map((to, i) => {
    const from = importLevels[i]!;
    return { years: to.year - from.year, change: log(to.importsFromChina! / from.importsFromChina!), rubChange: log(rub(to.year)! / rub(from.year)!) };
  });
  let importsDrift: Estimate | null = null;
  let importsRoubleElasticity: Estimate | null = null;
  let importsResidualVolatility: number | null = null;
  let importsVolatility: VolatilityEstimate | null = null;
  if (importSteps.length >= MIN_IMPORT_CHANGES_FOR_ELASTICITY) {
    const fit = weightedLeastSquares(
      importSteps.map((s) => [s.years, s.rubChange]),
      importSteps.map((s) => s.change),
      importSteps.map((s) => 1 / s.years),
    );
    if (fit) {
      importsDrift = { estimate: fit.coefficients[0]!, standardError: Math.sqrt(fit.covariance[0]![0]!), observations: importSteps.length };
      // the fit's coefficient is the rise of log imports with log RUB/CNY: the elasticity is its negative
      importsRoubleElasticity = { estimate: -fit.coefficients[1]!, standardError: Math.sqrt(fit.covariance[1]![1]!), observations: importSteps.length };
      importsResidualVolatility = Math.sqrt(fit.residualVariance);
      importsVolatility = { estimate: importsResidualVolatility, degreesOfFreedom: fit.degreesOfFreedom };
    }
  }
  if (!importsDrift && importSteps.length > 0) {
    importsDrift = randomWalkDrift(importSteps);
    if (importSteps.length >= 2) importsVolatility = randomWalkVolatility(importSteps);
    notes.push(`imports: ${importSteps.length} changes up to ${lastYear}, fewer than ${MIN_IMPORT_CHANGES_FOR_ELASTICITY}: drift only, no rouble elasticity`);
  }
  return {
    lastYear,
    oilFiveYearMean,
    oilRoubleCorrelation,
    crudeTrend,
    crudeVolatility,
    nonEnergyGrowth,
    nonEnergyVolatility,
    importsDrift,
    importsRoubleElasticity,
    importsResidualVolatility,
    importsVolatility,
    notes,
  };
}

/** The drift of a random walk seen in steps of several years: Σ Δ / Σ years, with the plug-in standard error σ̂/√Σ years. */
function randomWalkDrift(steps: readonly { readonly years: number; readonly change: number }[]): Estimate {
  const totalYears = steps.reduce((sum, s) => sum + s.years, 0);
  const drift = steps.reduce((sum, s) => sum + s.change, 0) / totalYears;
  if (steps.length < 2) return { estimate: drift, standardError: null, observations: steps.length };
  const squares = steps.reduce((sum, s) => sum + ((s.change - s.years * drift) * (s.change - s.years * drift)) / s.years, 0);
  return { estimate: drift, standardError: Math.sqrt(squares / (steps.length - 1) / totalYears), observations: steps.length };
}

/** σ̂ of a random walk seen in steps of several years, with n − 1 degrees of freedom. */
function randomWalkVolatility(steps: readonly { readonly years: number; readonly change: number }[]): VolatilityEstimate {
  const totalYears = steps.reduce((sum, s) => sum + s.years, 0);
  const drift = steps.reduce((sum, s) => sum + s.change, 0) / totalYears;
  const squares = steps.reduce((sum, s) => sum + ((s.change - s.years * drift) * (s.change - s.years * drift)) / s.years, 0);
  return { estimate: Math.sqrt(squares / (steps.length - 1)), degreesOfFreedom: steps.length - 1 };
}

/**
 * A standard deviation's posterior under a scaled-inverse-χ² prior (ν₀ degrees of freedom at
 * s₀) and an estimate s with ν degrees of freedom: σ² ≈ (ν₀s₀² + νs²)/(ν₀ + ν) (Gelman et al.,
 * "Bayesian Data Analysis", 3rd ed., §3.3), with the spread σ/√(2(ν₀ + ν)). The prior alone
 * without an estimate.
 */
export function volatilityPosterior(prior: { readonly sd: number; readonly degreesOfFreedom: number }, estimate: VolatilityEstimate | null): { readonly mean: number; readonly sd: number } {
  const dof = prior.degreesOfFreedom + (estimate?.degreesOfFreedom ?? 0);
  const variance = (prior.degreesOfFreedom * prior.sd * prior.sd + (estimate ? estimate.degreesOfFreedom * estimate.estimate * estimate.estimate : 0)) / dof;
  const sigma = Math.sqrt(variance);
  return { mean: sigma, sd: sigma / Math.sqrt(2 * dof) };
}

function meanEstimate(values: readonly number[]): Estimate {
  const estimate = mean([...values]);
  return { estimate, standardError: values.length >= 2 ? sampleStandardDeviation([...values]) / Math.sqrt(values.length) : null, observations: values.length };
}

/** The sample correlation, with the standard error (1 − r²)/√(n − 2) (normal theory). */
function correlationEstimate(x: readonly number[], y: readonly number[]): Estimate {
  const r = sampleCorrelation([...x], [...y]);
  return { estimate: r, standardError: (1 - r * r) / Math.sqrt(x.length - 2), observations: x.length };
}

/** A normal prior N(mean, sd²) combined with a normal estimate (precision-weighted): the posterior mean and sd. */
export function combineWithPrior(prior: { readonly mean: number; readonly sd: number }, estimate: Estimate | null): { readonly mean: number; readonly sd: number } {
  if (!estimate || estimate.standardError === null || !(estimate.standardError > 0)) return prior;
  const priorPrecision = 1 / (prior.sd * prior.sd);
  const dataPrecision = 1 / (estimate.standardError * estimate.standardError);
  const precision = priorPrecision + dataPrecision;
  return { mean: (prior.mean * priorPrecision + estimate.estimate * dataPrecision) / precision, sd: Math.sqrt(1 / precision) };
}

/**
 * Other energy's share of non-crude exports and the centre of its oil elasticity, as a scenario
 * states them at its origin: other energy ÷ (exports − crude volume × oil price × 7.33 bbl/t).
 * Null when the scenario's numbers do not evaluate or its origin has no stated exports.
 */
export function otherEnergyOf(resolved: ResolvedScenario): DriverEstimateOptions | null {
  const { scenario, history } = resolved;
  const knobs = Object.fromEntries(Object.entries(scenario.knobs).map(([name, knob]) => [name, knob.value]));
  const number = (value: number | string) => (typeof value === 'number' ? value : null);
  const elasticity = centreOf(scenario.exports.otherEnergyOilElasticity, knobs);
  const oil = number(scenario.oil.start.value);
  const volume = number(scenario.exports.crudeVolume.value);
  const otherEnergy = number(scenario.exports.otherEnergy.value);
  const exports = history.years.find((y) => y.year === scenario.origin)?.exportsToChina ?? null;
  if (typeof elasticity === 'string' || oil === null || volume === null || otherEnergy === null || exports === null) return null;
  const nonCrude = exports - (volume * BARRELS_PER_TONNE * oil) / 1000;
  return nonCrude > 0 ? { otherEnergyShare: otherEnergy / nonCrude, otherEnergyElasticity: elasticity } : null;
}
