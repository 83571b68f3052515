import { BARRELS_PER_TONNE } from '../../core/defaults.js';
import type { CarShareObservation, HistoryYear } from '../../scenario/history.js';
import { driverObservations, type DriverObservation, type DriverTable } from '../../scenario/parseDriversHistory.js';

export type { DriverTable } from '../../scenario/parseDriversHistory.js';

/** A number read from the data, with the file, rows and reasoning behind it. */
export interface SourcedNumber {
  readonly value: number;
  readonly source: string;
}

/** What the data files hold, as the loaders read them. */
export interface OriginData {
  readonly turnoverFile: string;
  readonly years: readonly HistoryYear[];
  readonly sectorSharesFile: string | null;
  readonly carShares: readonly CarShareObservation[];
  /** in order of preference: a row of the first table that has one wins (drivers_history.csv, then drivers.csv) */
  readonly drivers: readonly DriverTable[];
}

/** The facts of one year of data that a scenario starting there takes as its levels. */
export interface OriginFacts {
  readonly year: number;
  /** US$ bn (GACC) */
  readonly turnover: SourcedNumber;
  /** Russia's exports to China, US$ bn */
  readonly exportsToChina: SourcedNumber;
  /** Russia's imports from China, US$ bn */
  readonly importsFromChina: SourcedNumber;
  /** China's import unit value of Russian crude, US$/bbl: the model's oil price */
  readonly oilPrice: SourcedNumber;
  /** Russian crude into China, Mt/yr */
  readonly crudeVolume: SourcedNumber;
  /** annual average RUB per CNY */
  readonly rubPerCny: SourcedNumber;
  /** Chinese brands' share of new-car sales, fraction; null where the data have none for the year */
  readonly carShareChina: SourcedNumber | null;
}

export type OriginFactsResult = { readonly ok: true; readonly facts: OriginFacts } | { readonly ok: false; readonly problems: readonly string[] };

const CRUDE_VOLUME = 'china_crude_imports_from_russia_volume';
const CRUDE_VALUE = 'china_crude_imports_from_russia_value';
const CRUDE_UNIT_VALUE = 'china_crude_imports_from_russia_unit_value';
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The newest year whose turnover and export/import split are both stated: the newest complete year. */
export function newestCompleteYear(years: readonly HistoryYear[]): number | null {
  const complete = years.filter((y) => y.turnover !== null && y.exportsToChina !== null && y.importsFromChina !== null);
  return complete.at(-1)?.year ?? null;
}

/**
 * Reads a year's origin levels from the data, each with the file and line it comes from:
 * - turnover and its split: the GACC row of the turnover table (the split must be stated);
 * - the oil price: China's import unit value of Russian crude, US$ bn ÷ (Mt × 7.33 bbl/t), from
 *   the year's crude value and volume where both exist; failing that, from the longest
 *   January-to-month period with both (which then stands for the year: an assumption the
 *   source says); failing that, the year's derived unit-value row;
 * - the crude volume: the year's, or the longest partial period's scaled by 12/months (an
 *   assumption of even monthly flows, said in the source);
 * - the rouble: the annual average RUB per CNY (or RUB per USD ÷ CNY per USD);
 * - the Chinese brands' share of new-car sales, where stated.
 */
export function originFacts(data: OriginData, year: number): OriginFactsResult {
  const problems: string[] = [];
  const row = data.years.find((y) => y.year === year);
  if (!row || row.turnover === null || row.exportsToChina === null || row.importsFromChina === null) {
    const newest = newestCompleteYear(data.years);
    return { ok: false, problems: [`${data.turnoverFile} states no export/import split for ${year}${newest === null ? '' : `; the newest year with one is ${newest}`}`] };
  }
  const where = `${data.turnoverFile} line ${row.line}`;
  const grade = row.splitConfidence ? `; ${row.confidence ?? 'ungraded'} confidence total, ${row.splitConfidence} split` : row.confidence ? `; ${row.confidence} confidence` : '';
  const turnover = { value: row.turnover, source: `${where} (GACC${grade})` };
  const exportsToChina = { value: row.exportsToChina, source: `${where}: China's imports from Russia (GACC${grade})` };
  const importsFromChina = { value: row.importsFromChina, source: `${where}: China's exports to Russia (GACC${grade})` };

  const crude = crudeAt(data.drivers, year);
  if (typeof crude === 'string') problems.push(crude);
  const rouble = roubleAt(data.drivers, year);
  if (typeof rouble === 'string') problems.push(rouble);
  const car = data.carShares.find((s) => s.year === year);
  const carShareChina = car ? { value: car.share, source: `${shortSource(car.source)} ${year} (${data.sectorSharesFile ?? 'sector shares'} line ${car.line})` } : null;
  if (problems.length > 0 || typeof crude === 'string' || typeof rouble === 'string') return { ok: false, problems };
  return { ok: true, facts: { year, turnover, exportsToChina, importsFromChina, oilPrice: crude.unitValue, crudeVolume: crude.volume, rubPerCny: rouble, carShareChina } };
}

interface Found {
  readonly file: string;
  readonly row: DriverObservation;
}

/** The first row (in table order of preference) of an indicator, year, period and unit that holds a value. */
export function find(tables: readonly DriverTable[], indicator: string, year: number, months: number, unit: string): Found | null {
  for (const table of tables) {
    const rows = driverObservations(table.records, indicator, year, months).filter((r) => r.unit === unit);
    if (rows.length > 0) return { file: table.file, row: rows[0]! };
  }
  return null;
}

export function crudeAt(tables: readonly DriverTable[], year: number): { volume: SourcedNumber; unitValue: SourcedNumber } | string {
  const volume = find(tables, CRUDE_VOLUME, year, 12, 'Mt');
  const value = find(tables, CRUDE_VALUE, year, 12, 'USD bn');
  if (volume && value) {
    const unitValue = unitValueOf(value.row.value!, volume.row.value!);
    return {
      volume: { value: volume.row.value!, source: `${cite(volume)}: ${year} crude into China ${volume.row.value} Mt (${shortSource(volume.row.source)})` },
      unitValue: {
        value: round(unitValue, 1),
        source: `${citeBoth(value, volume)}: ${year} crude ${value.row.value} US$ bn ÷ (${volume.row.value} Mt × ${BARRELS_PER_TONNE} bbl/t) = ${unitValue.toFixed(1)} $/bbl, China's import unit value of Russian crude`,
      },
    };
  }
  for (let months = 11; months >= 1; months--) {
    const partialVolume = find(tables, CRUDE_VOLUME, year, months, 'Mt');
    const partialValue = find(tables, CRUDE_VALUE, year, months, 'USD bn');
    if (!partialVolume || !partialValue) continue;
    const period = `Jan–${MONTH_NAMES[months - 1]} ${year}`;
    const unitValue = unitValueOf(partialValue.row.value!, partialVolume.row.value!);
    const annual = (partialVolume.row.value! * 12) / months;
    return {
      volume: {
        value: round(annual, 1),
        source: `${cite(partialVolume)}: ${period} ${partialVolume.row.value} Mt (${shortSource(partialVolume.row.source)}) × 12/${months} = ${annual.toFixed(1)} Mt; assumption: even monthly flows (the full year is not in the data)`,
      },
      unitValue: {
        value: round(unitValue, 1),
        source: `${citeBoth(partialValue, partialVolume)}: ${period} crude ${partialValue.row.value} US$ bn ÷ (${partialVolume.row.value} Mt × ${BARRELS_PER_TONNE} bbl/t) = ${unitValue.toFixed(1)} $/bbl, China's import unit value; assumption: ${period} stands for the year (the full year is not in the data)`,
      },
    };
  }
  const derived = find(tables, CRUDE_UNIT_VALUE, year, 12, 'USD/bbl');
  if (volume && derived) {
    return {
      volume: { value: volume.row.value!, source: `${cite(volume)}: ${year} crude into China ${volume.row.value} Mt (${shortSource(volume.row.source)})` },
      unitValue: {
        value: derived.row.value!,
        source: `${cite(derived)}: ${year} unit value of China's crude imports from Russia, ${derived.row.value} $/bbl (${derived.row.confidence ?? 'ungraded'}; derived: ${shortSource(derived.row.source)})`,
      },
    };
  }
  return `no crude volume and value (Mt, US$ bn) for ${year}, full year or January-to-month, in ${tables.map((t) => t.file).join(' or ')}: the oil price at the origin is China's import unit value of Russian crude`;
}

export function roubleAt(tables: readonly DriverTable[], year: number): SourcedNumber | string {
  const cross = find(tables, 'rub_per_cny_avg', year, 12, 'RUB per CNY');
  const perUsd = find(tables, 'rub_per_usd_avg', year, 12, 'RUB per USD');
  const cnyPerUsd = find(tables, 'cny_per_usd_avg', year, 12, 'CNY per USD');
  const parts =
    perUsd && cnyPerUsd
      ? ` = ${perUsd.row.value} RUB/USD (line ${perUsd.row.line}, ${perUsd.row.confidence ?? 'ungraded'}) ÷ ${cnyPerUsd.row.value} CNY/USD (line ${cnyPerUsd.row.line}, ${cnyPerUsd.row.confidence ?? 'ungraded'})`
      : '';
  if (cross) {
    const kind = cross.row.derived ? 'a derived cross-rate of annual averages' : 'annual average';
    return { value: cross.row.value!, source: `${cite(cross)}: ${year} average RUB per CNY ${cross.row.value}${parts}, ${kind} (${cross.row.confidence ?? 'ungraded'} confidence)` };
  }
  if (perUsd && cnyPerUsd) {
    const value = perUsd.row.value! / cnyPerUsd.row.value!;
    return { value: round(value, 3), source: `${perUsd.file}: ${year} average RUB per CNY${parts} (derived here)` };
  }
  return `no average RUB per CNY (or RUB and CNY per USD) for ${year} in ${tables.map((t) => t.file).join(' or ')}`;
}

/** US$/bbl from US$ bn and Mt. */
function unitValueOf(valueUsdBillion: number, volumeMegatonnes: number): number {
  return (valueUsdBillion * 1000) / (volumeMegatonnes * BARRELS_PER_TONNE);
}

function cite(found: Found): string {
  return `${found.file} line ${found.row.line}`;
}

function citeBoth(a: Found, b: Found): string {
  return a.file === b.file ? `${a.file} lines ${a.row.line}, ${b.row.line}` : `${cite(a)}, ${cite(b)}`;
}

/** A source without its URLs: `Avtostat via Kommersant/Moscow Times: https://…` → `Avtostat via Kommersant/Moscow Times`. */
export function shortSource(source: string): string {
  // the files separate several sources with " ; "
  const text = source
    .split(' ; ')[0]!
    .replace(/:?\s*https?:\/\/\S+/g, '')
    .trim();
  return text === '' ? source.replace(/https?:\/\//, '').split('/')[0]! : text;
}

/** `value` rounded to `decimals` places (0–6). */
export function round(value: number, decimals: number): number {
  const factor = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000][decimals]!;
  return Math.round(value * factor) / factor;
}
