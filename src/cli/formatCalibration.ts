import type { DriverEstimates, Estimate } from '../analysis/calibration/driverEstimates.js';
import { CALIBRATED_SERIES, type CalibrationResult } from '../analysis/calibration/calibrate.js';
import type { CoefficientEstimate } from '../scenario/coefficientEstimate.js';
import type { CarShareFit } from '../analysis/calibration/fitCarShare.js';
import { fixed, percent, textTable } from './textTable.js';

const LABELS: Readonly<Record<(typeof CALIBRATED_SERIES)[number], string>> = {
  turnover: 'turnover',
  exportsToChina: 'exports to China',
  importsFromChina: 'imports from China',
};

/** A readable report of a calibration: growth fits, data rules applied, the car-share fit. */
export function formatCalibration(result: CalibrationResult, source: string): string {
  const { options } = result;
  const level = Math.round(100 * options.confidence);
  const out: string[] = [
    `Calibration on ${source} · break year ${options.breakYear} · ${level}% intervals (Student t; σ: chi-square) · tradecast ${result.version}`,
    `Log growth per year, Δ ln X_t = μ + J·1{t = ${options.breakYear}} + δ·1{t > ${options.breakYear}} + σ·ε_t, by GLS over the year-to-year (or gap-spanning) changes.`,
    '',
  ];
  const p = (c: CoefficientEstimate | undefined) => (c?.pValue == null ? '–' : c.pValue < 0.001 ? '<0.001' : c.pValue.toFixed(2));
  const estimate = (c: CoefficientEstimate | undefined) => (c ? `${fixed(c.estimate, 3)} ± ${c.standardError === null ? '–' : fixed(c.standardError, 3)}` : '–');
  out.push(
    ...textTable(
      ['series', 'changes', 'drift μ ± SE', `${level}% interval`, `jump ${options.breakYear} (p)`, `shift δ after (p)`, 'σ', `σ ${level}%`, 'projection drift'],
      CALIBRATED_SERIES.map((name) => {
        const fit = result.series[name].fit;
        if (!fit) return [LABELS[name], '0', 'too few data', '', '', '', '', '', ''];
        const jump = fit.jump.coefficients.find((c) => c.name.startsWith('jump'));
        const shift = fit.regime?.coefficients.at(-1);
        const mu = fit.jump.coefficients[0]!;
        return [
          LABELS[name],
          `${fit.observations.length}/${fit.observations.reduce((s, o) => s + o.years, 0)}y`,
          estimate(mu),
          mu.low === null ? '–' : `${fixed(mu.low, 3)} … ${fixed(mu.high!, 3)}`,
          jump ? `${fixed(jump.estimate, 3)} (${p(jump)})` : '–',
          shift ? `${fixed(shift.estimate, 3)} (${p(shift)})` : '–',
          fit.volatility ? fixed(fit.volatility.estimate, 3) : '–',
          fit.volatility ? `${fixed(fit.volatility.low, 3)} … ${fixed(fit.volatility.high, 3)}` : '–',
          `${fixed(fit.drift.estimate, 3)} (${fit.drift.basis})`,
        ];
      }),
    ),
  );
  out.push('', 'Data rules applied (a year not listed was used as stated):');
  for (const name of CALIBRATED_SERIES) {
    const notes = result.series[name].levels.filter((l) => l.note !== null).map((l) => `${l.year} ${l.note}`);
    if (notes.length > 0) out.push(`  ${LABELS[name]}: ${notes.join('; ')}`);
  }
  for (const [title, fit] of [
    ['Chinese brands’ share of new-car sales', result.cars],
    [`the same from ${options.breakYear}`, result.carsFromBreakYear],
  ] as const) {
    if (fit) out.push('', ...formatCars(title, fit, level));
  }
  if (result.drivers) out.push('', ...formatDrivers(result.drivers));
  out.push('', ...result.notes.map((note) => `• ${note}`));
  return out.join('\n') + '\n';
}

function formatCars(title: string, fit: CarShareFit, level: number): string[] {
  const interval = (c: CoefficientEstimate, digits: number) =>
    c.standardError === null ? '(no residual degrees of freedom: no standard error)' : `± ${fixed(c.standardError, digits)} SE, ${level}% ${fixed(c.low!, digits)} … ${fixed(c.high!, digits)}`;
  return [
    `${title}: ${fit.years.map((y, i) => `${y} ${percent(fit.shares[i]!)}`).join(', ')}; fitted ${fit.fitted.map((s) => percent(s)).join(', ')}`,
    `  partial adjustment of the log-odds from ${fit.baseYear}, nonlinear least squares, ${fit.degreesOfFreedom} residual degree(s) of freedom${fit.onBound ? ' (λ on a bound of [0, 1])' : ''}`,
    `  speed λ           ${fixed(fit.adjustmentSpeed.estimate, 3)} ${interval(fit.adjustmentSpeed, 3)} (the model admits 0 … 1)`,
    `  target share s*   ${percent(fit.targetShare.estimate)}${fit.targetShare.low === null ? '' : ` (${level}% ${percent(fit.targetShare.low)} … ${percent(fit.targetShare.high!)})`}`,
    `  price wedge       ln(p_rest/p_china) = ${fixed(fit.logPriceWedge.estimate, 3)} ${interval(fit.logPriceWedge, 3)} at σ = ${fit.elasticity} (two-supplier Armington)`,
  ];
}

function formatDrivers(drivers: DriverEstimates): string[] {
  const estimate = (e: Estimate | null, digits = 3) =>
    e === null ? 'too few data' : `${fixed(e.estimate, digits)}${e.standardError === null ? '' : ` ± ${fixed(e.standardError, digits)} SE`} (${e.observations} obs.)`;
  return [
    `Drivers, data up to ${drivers.lastYear} (drivers_history.csv, drivers.csv; model v2 parameters):`,
    `  oil price, five-year mean          ${drivers.oilFiveYearMean ? `${fixed(drivers.oilFiveYearMean.value, 1)} US$/bbl (${drivers.oilFiveYearMean.years[0]}–${drivers.oilFiveYearMean.years.at(-1)})` : 'too few data'}`,
    `  corr(Δln oil, Δln RUB/CNY)         ${estimate(drivers.oilRoubleCorrelation, 2)}`,
    `  crude volume trend, log/yr         ${estimate(drivers.crudeTrend)}`,
    `  crude volume volatility, log/yr    ${estimate(drivers.crudeVolatility)}`,
    `  non-energy export growth, log/yr   ${estimate(drivers.nonEnergyGrowth)}${drivers.nonEnergyVolatility ? `; σ ${fixed(drivers.nonEnergyVolatility.estimate, 3)} (${drivers.nonEnergyVolatility.degreesOfFreedom} d.f.)` : ''}`,
    `  imports drift, log/yr              ${estimate(drivers.importsDrift)}`,
    `  imports' rouble elasticity         ${estimate(drivers.importsRoubleElasticity, 2)}${drivers.importsVolatility === null ? '' : `; residual σ ${fixed(drivers.importsVolatility.estimate, 3)} (${drivers.importsVolatility.degreesOfFreedom} d.f.)`}`,
    ...drivers.notes.map((note) => `  note: ${note}`),
  ];
}
