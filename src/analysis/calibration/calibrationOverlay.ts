import { VERSION } from '../../version.js';
import { OVERLAY_DRAWS } from '../defaults.js';
import type { CalibrationResult } from './calibrate.js';
import { studentTDraws, volatilityDraws } from './estimationDraws.js';

/** One scenario field the overlay replaces. */
export interface OverlayEntry {
  /** dotted path in the scenario, e.g. `exports.nonEnergyGrowth` */
  readonly path: string;
  readonly basis: string;
  readonly values: readonly number[];
}

export interface CalibrationOverlay {
  readonly text: string;
  readonly entries: readonly OverlayEntry[];
  /** fields that could not be written, and why */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

export interface OverlayOptions {
  /** the scenario the overlay extends: a shipped id (`baseline`) or a relative file */
  readonly parent: string;
  /** the command line that produced it, recorded in the file */
  readonly command: string;
  readonly draws?: number;
}

/**
 * A scenario file that `extends` another and replaces the distributions the calibration speaks
 * to with `empirical` draws carrying the estimation uncertainty (Student t for drifts and the
 * car speed, scaled inverse chi-square for the volatility). Which estimate goes where, and the
 * approximation each mapping makes, is written into the file next to the numbers:
 * - exports.nonEnergyGrowth ← the projection drift of log exports to China (the data have no
 *   energy/non-energy split: the total's drift stands in for the part the model leaves free);
 * - imports.otherGoodsGrowth ← the projection drift of log imports from China (same caveat);
 * - demand.volatility ← σ̂ of log imports (the common demand shock is what moves all imports);
 * - sectors.cars.adjustmentSpeed ← λ̂ from the car-share path, truncated to [0, 1].
 * Nothing is written for a fit without residual degrees of freedom.
 */
export function calibrationOverlay(result: CalibrationResult, options: OverlayOptions): CalibrationOverlay {
  const count = options.draws ?? OVERLAY_DRAWS;
  const entries: OverlayEntry[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const drift = (path: string, series: 'exportsToChina' | 'importsFromChina', label: string) => {
    const fit = result.series[series].fit;
    const d = fit?.drift;
    if (!fit || !d || d.standardError === null) {
      skipped.push({ path, reason: `no ${label} drift with a standard error` });
      return;
    }
    const range = `${fit.observations[0]!.from}–${fit.observations.at(-1)!.to}`;
    entries.push({
      path,
      basis: `${d.basis} of log ${label} ${range}, ${fmt(d.estimate)} ± ${fmt(d.standardError)} (SE), Student t with ${d.degreesOfFreedom} df; ${result.options.breakYear} modelled as a one-off jump`,
      values: studentTDraws(d.estimate, d.standardError, d.degreesOfFreedom, count),
    });
  };
  drift('exports.nonEnergyGrowth', 'exportsToChina', 'exports to China');
  drift('imports.otherGoodsGrowth', 'importsFromChina', 'imports from China');
  const importsVolatility = result.series.importsFromChina.fit?.volatility;
  if (importsVolatility) {
    entries.push({
      path: 'demand.volatility',
      basis: `σ̂ of log imports from China, ${fmt(importsVolatility.estimate)} (95% ${fmt(importsVolatility.low)}–${fmt(importsVolatility.high)}), scaled inverse chi-square with ${importsVolatility.degreesOfFreedom} df`,
      values: volatilityDraws(importsVolatility.estimate, importsVolatility.degreesOfFreedom, count),
    });
  } else {
    skipped.push({ path: 'demand.volatility', reason: 'no import volatility estimate' });
  }
  const cars = result.cars;
  if (cars && cars.adjustmentSpeed.standardError !== null && cars.adjustmentSpeed.standardError > 0) {
    const speed = cars.adjustmentSpeed;
    entries.push({
      path: 'sectors.cars.adjustmentSpeed',
      basis: `λ̂ from the car-share path ${cars.years[0]}–${cars.years.at(-1)} (${cars.shares.map((s) => `${(100 * s).toFixed(1)}%`).join(' → ')}), ${fmt(speed.estimate)} ± ${fmt(speed.standardError!)} (SE), Student t with ${cars.degreesOfFreedom} df truncated to [0, 1]`,
      values: studentTDraws(speed.estimate, speed.standardError!, cars.degreesOfFreedom, count, 0, 1),
    });
  } else {
    skipped.push({ path: 'sectors.cars.adjustmentSpeed', reason: 'the car-share fit has no standard error (too few years)' });
  }
  return { text: overlayText(result, options, entries, skipped), entries, skipped };
}

function overlayText(result: CalibrationResult, options: OverlayOptions, entries: readonly OverlayEntry[], skipped: readonly { path: string; reason: string }[]): string {
  const lines: string[] = [
    `# Written by \`${options.command}\` (tradecast ${VERSION}); rerun the command rather than editing.`,
    '#',
    '# A data-anchored variant of the parent scenario: each distribution below is replaced by draws that',
    '# carry the estimation uncertainty of a fit to the GACC history (scenarios/data/). The mapping is',
    '# approximate where the data are coarser than the model:',
    '# - the data have no energy/non-energy or sector split, so the drift of total exports (imports)',
    '#   stands in for the drift of the part of exports (imports) the model leaves free; the 2010–2024',
    '#   export drift mostly reflects crude volumes rising toward today’s pipeline ceiling;',
    '# - demand.volatility takes the volatility of total imports, which also moves with shares;',
    `# - the car speed comes from ${result.cars ? result.cars.years.length : 0} shares for 2 parameters (intervals wide by necessity).`,
    ...(skipped.length > 0 ? ['#', '# Not written:', ...skipped.map((s) => `# - ${s.path}: ${s.reason}`)] : []),
    `extends: ${options.parent}`,
    `name: ${JSON.stringify(`Calibrated to the history (tradecast calibrate, extends ${options.parent})`)}`,
    `description: ${JSON.stringify(`${options.parent} with drifts, demand volatility and the car substitution speed drawn from their estimates on the GACC history and the car-share path, estimation uncertainty included.`)}`,
  ];
  // group the dotted paths into nested YAML blocks
  const nested: Record<string, unknown> = {};
  for (const entry of entries) {
    const parts = entry.path.split('.');
    let node = nested;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = entry;
  }
  const write = (node: Record<string, unknown>, indent: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (isEntry(value)) {
        lines.push(`${indent}# ${value.basis}`);
        lines.push(`${indent}${key}:`);
        lines.push(`${indent}  dist: empirical`);
        lines.push(`${indent}  values: [${value.values.map((v) => Number(v.toPrecision(6))).join(', ')}]`);
        lines.push(`${indent}  source: ${JSON.stringify(`tradecast calibrate: ${value.basis}`)}`);
      } else {
        lines.push(`${indent}${key}:`);
        write(value as Record<string, unknown>, indent + '  ');
      }
    }
  };
  write(nested, '');
  return lines.join('\n') + '\n';
}

function isEntry(value: unknown): value is OverlayEntry {
  return typeof value === 'object' && value !== null && 'values' in value && 'basis' in value;
}

function fmt(value: number): string {
  return value.toFixed(3);
}
