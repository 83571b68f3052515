import { CONFIDENCE_LEVEL } from '../../core/defaults.js';
import { z } from 'zod';
import { derivedSplit, type History, type HistoryYear } from '../../scenario/history.js';
import { VERSION } from '../../version.js';
import { BREAK_YEAR, CAR_SUBSTITUTION_ELASTICITY } from '../defaults.js';
import { driverEstimatesSchema, estimateDrivers, type DriverEstimateOptions } from './driverEstimates.js';
import { carShareFitSchema, fitCarShare } from './fitCarShare.js';
import { fitGrowth, growthFitSchema } from './fitGrowth.js';
import { growthObservations, type Level } from './growthObservations.js';

export const CALIBRATED_SERIES = ['turnover', 'exportsToChina', 'importsFromChina'] as const;
export type CalibratedSeries = (typeof CALIBRATED_SERIES)[number];

const levelSchema = z.object({
  year: z.number().int(),
  value: z.number().nullable(),
  /** why a year's value is not used, or how it is used (`rounded`, `derived split`) */
  note: z.string().nullable(),
});

export const seriesCalibrationSchema = z.object({
  unit: z.literal('USD bn'),
  levels: z.array(levelSchema),
  /** null when the data leave fewer observations than parameters */
  fit: growthFitSchema.nullable(),
});

export const calibrationOptionsSchema = z.object({
  breakYear: z.number().int(),
  includeSuspect: z.boolean(),
  derivedSplits: z.boolean(),
  lastYear: z.number().int().nullable(),
  carElasticity: z.number(),
  confidence: z.number(),
});

export const calibrationResultSchema = z.object({
  kind: z.literal('calibration'),
  version: z.string(),
  options: calibrationOptionsSchema,
  series: z.object({ turnover: seriesCalibrationSchema, exportsToChina: seriesCalibrationSchema, importsFromChina: seriesCalibrationSchema }),
  /** the car fit from the first year with a share (2021: the pre-shock base of the model) */
  cars: carShareFitSchema.nullable(),
  /** the same fit with the base moved to the break year, to show how much the answer hangs on one point */
  carsFromBreakYear: carShareFitSchema.nullable(),
  /** the drivers' data-based parameters (model v2), where the history has driver tables */
  drivers: driverEstimatesSchema.nullable(),
  notes: z.array(z.string()),
});
export type CalibrationResult = z.infer<typeof calibrationResultSchema>;
export type SeriesCalibration = z.infer<typeof seriesCalibrationSchema>;
export type CalibrationOptions = Partial<z.infer<typeof calibrationOptionsSchema>> & {
  /** other energy's share of non-crude exports and oil elasticity, for the drivers' estimates */
  readonly otherEnergy?: DriverEstimateOptions;
};

/**
 * Fits the history (GACC series as `src/scenario/history.ts` reads it) year by year:
 * drift and volatility of log growth of turnover, exports to China and imports from China
 * (fitGrowth: gaps as multi-year changes, the 2022 break as a jump and a drift shift), and the
 * substitution speed and target share of Chinese cars (fitCarShare).
 * Data rules, all explicit: 2012 is a gap; 2015 (flagged suspect: its own −27.8% implies ≈68.8,
 * not 64.2) is left out unless `includeSuspect`, which bridges 2014→2016 as a two-year change;
 * 2011 (rounded to 80) is used for turnover, its rounding (±0.6%) being far below the yearly
 * volatility; unstated export/import splits are gaps, and the splits derived in the notes
 * (2023: exports = turnover − stated imports) are used only with `derivedSplits`.
 * `lastYear` keeps data up to that year only (back-tests re-calibrate at each origin).
 */
export function calibrate(history: History, options: CalibrationOptions = {}): CalibrationResult {
  const settings = {
    breakYear: options.breakYear ?? BREAK_YEAR,
    includeSuspect: options.includeSuspect ?? false,
    derivedSplits: options.derivedSplits ?? false,
    lastYear: options.lastYear ?? null,
    carElasticity: options.carElasticity ?? CAR_SUBSTITUTION_ELASTICITY,
    confidence: options.confidence ?? CONFIDENCE_LEVEL,
  };
  const years = history.years.filter((y) => settings.lastYear === null || y.year <= settings.lastYear);
  const series = Object.fromEntries(
    CALIBRATED_SERIES.map((name) => {
      const levels = years.map((y) => levelOf(y, name, settings));
      const observations = growthObservations(levels.map((l): Level => ({ year: l.year, value: l.note === null || USED_NOTES.has(l.note) ? l.value : null })));
      const fit = observations.length > 0 ? fitGrowth(observations, settings.breakYear, settings.confidence) : null;
      return [name, { unit: 'USD bn' as const, levels, fit }];
    }),
  ) as Record<CalibratedSeries, SeriesCalibration>;
  const carShares = Object.fromEntries(Object.entries(history.carShareChina).filter(([year]) => settings.lastYear === null || Number(year) <= settings.lastYear));
  const cars = fitCarShare(carShares, settings.carElasticity, settings.confidence);
  const carsFromBreakYear = fitCarShare(carShares, settings.carElasticity, settings.confidence, settings.breakYear);
  const lastDataYear = Math.max(...years.filter((y) => y.turnover !== null).map((y) => y.year));
  const drivers = history.drivers && history.drivers.length > 0 && options.otherEnergy ? estimateDrivers(history, settings.lastYear ?? lastDataYear, options.otherEnergy) : null;
  return { kind: 'calibration', version: VERSION, options: settings, series, cars, carsFromBreakYear, drivers, notes: notesFor(series, cars, carsFromBreakYear, settings) };
}

const NOTE_ROUNDED = 'rounded (used)';
const NOTE_DERIVED = 'derived split (used: --derived-splits)';
const USED_NOTES = new Set([NOTE_ROUNDED, NOTE_DERIVED]);

function levelOf(year: HistoryYear, name: CalibratedSeries, settings: { includeSuspect: boolean; derivedSplits: boolean }): z.infer<typeof levelSchema> {
  const value = year[name];
  if (year.flags.includes('suspect') && !settings.includeSuspect) return { year: year.year, value, note: 'suspect (left out; --include-suspect uses it)' };
  if (value === null) {
    if (year.flags.includes('missing')) return { year: year.year, value: null, note: 'no data (gap)' };
    const derived = name === 'turnover' ? null : derivedSplit(year);
    if (derived && name !== 'turnover' && settings.derivedSplits) return { year: year.year, value: derived[name], note: NOTE_DERIVED };
    return { year: year.year, value: null, note: derived ? 'split not stated (derived value not used)' : 'split not stated (gap)' };
  }
  if (year.flags.includes('rounded')) return { year: year.year, value, note: NOTE_ROUNDED };
  return { year: year.year, value, note: null };
}

function notesFor(series: Record<CalibratedSeries, SeriesCalibration>, cars: CalibrationResult['cars'], carsFromBreakYear: CalibrationResult['cars'], settings: { breakYear: number }): string[] {
  const notes: string[] = [];
  for (const name of CALIBRATED_SERIES) {
    const fit = series[name].fit;
    if (!fit) {
      notes.push(`${name}: too few observations to fit.`);
      continue;
    }
    const jump = fit.jump.coefficients.find((c) => c.name.startsWith('jump'));
    const shift = fit.regime?.coefficients.at(-1);
    const p = (value: number | null | undefined) => (value === null || value === undefined ? 'n/a' : value < 0.001 ? '< 0.001' : value.toFixed(3));
    notes.push(
      `${name}: ${fit.observations.length} changes over ${fit.observations.reduce((s, o) => s + o.years, 0)} years; ` +
        (jump ? `${settings.breakYear} jump ${jump.estimate.toFixed(3)} (p ${p(jump.pValue)}); ` : '') +
        (shift ? `drift shift after ${settings.breakYear} ${shift.estimate.toFixed(3)} (p ${p(shift.pValue)}); ` : '') +
        `projection drift = ${fit.drift.basis}.`,
    );
  }
  if (cars) {
    notes.push(
      `cars: ${cars.years.length} shares (${cars.years[0]}–${cars.years.at(-1)}) for 2 parameters leave ${cars.degreesOfFreedom} residual degree(s) of freedom: the intervals are wide by necessity.`,
    );
    if (carsFromBreakYear && carsFromBreakYear.baseYear !== cars.baseYear) {
      notes.push(
        `cars from ${carsFromBreakYear.baseYear} (sanctions began in March ${settings.breakYear}, so that year's share is partly pre-shock): λ = ${carsFromBreakYear.adjustmentSpeed.estimate.toFixed(2)}, s* = ${carsFromBreakYear.targetShare.estimate.toFixed(3)} with ${carsFromBreakYear.degreesOfFreedom} residual degrees of freedom, against λ = ${cars.adjustmentSpeed.estimate.toFixed(2)}, s* = ${cars.targetShare.estimate.toFixed(3)} from ${cars.baseYear}: the data cannot tell these apart.`,
      );
    }
  } else {
    notes.push('cars: fewer than three car-share years; no fit.');
  }
  return notes;
}
