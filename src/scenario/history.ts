import { confidenceOf, splitConfidenceOf, type Confidence } from './confidenceOf.js';
import { missingColumns, type DataParseResult, type DataIssue } from './dataIssue.js';
import type { PartialYearRecord } from './parsePartialYear.js';
import type { DriverTable } from './parseDriversHistory.js';
import { parseCsv } from './parseCsv.js';

/**
 * The historical series the model starts from and is judged against, read from the
 * project's copy of the data (scenarios/data/, sources and notes carried over).
 *
 * Rules (scenarios/data/README.md):
 * - turnover, exports and imports come only from rows whose notes begin with PRIMARY (the
 *   GACC series) or SUSPECT (GACC-reported but internally inconsistent: kept, flagged);
 *   ALTERNATIVE rows (Russian-side figures, 1–12 bn off GACC) are never used;
 * - a year with no usable row (2012) is a gap: null, flagged `missing`, never interpolated;
 * - an export/import split that the sources do not state is null, even where the notes
 *   derive one (2021, 2023 exports); `derivedSplit` offers those separately, flagged.
 */

/** Quality of one year of the turnover series. */
export type YearFlag = 'missing' | 'suspect' | 'rounded' | 'split-not-stated';

export interface HistoryYear {
  readonly year: number;
  /** total turnover, US$ bn (GACC) */
  readonly turnover: number | null;
  /** Russia's exports to China = China's imports from Russia, US$ bn */
  readonly exportsToChina: number | null;
  /** Russia's imports from China = China's exports to Russia, US$ bn */
  readonly importsFromChina: number | null;
  readonly flags: readonly YearFlag[];
  /** HIGH, MEDIUM, LOW … as the notes state it (for the total), or null */
  readonly confidence: Confidence | null;
  /** the confidence the notes give the export/import split where they grade it apart (2025: MEDIUM), or null */
  readonly splitConfidence: Confidence | null;
  readonly source: string;
  /** line of the row in the CSV file (0 for a year with no row) */
  readonly line: number;
}

export interface History {
  /** every calendar year from the first to the last row, gaps included */
  readonly years: readonly HistoryYear[];
  /** Chinese brands' share of Russia's new-car sales (fraction) by year, where stated */
  readonly carShareChina: Readonly<Record<number, number>>;
  /** the driver tables of `data.drivers`, in order of preference (absent: none declared) */
  readonly drivers?: readonly DriverTable[];
  /** the regime in force each past year, from `data.regimes` (absent: none declared) */
  readonly regimes?: readonly RegimeYear[];
  /** cumulative partial-year turnover, from `data.partialYear` (absent: none declared) */
  readonly partialYear?: readonly PartialYearRecord[];
}

/** The sanctions regime in force in a past year (regime_history.csv), with its row. */
export interface RegimeYear {
  readonly year: number;
  readonly regime: string;
  readonly source: string;
  readonly line: number;
}

const PRIMARY = /^PRIMARY/i;
const SUSPECT = /^SUSPECT/i;

/** Reads the turnover table (trade_turnover.csv). */
export function parseTurnoverHistory(text: string): readonly HistoryYear[] {
  const { rows } = parseCsv(text);
  const byYear = new Map<number, HistoryYear>();
  for (const { line, fields } of rows) {
    const year = Number(fields.year);
    const notes = fields.notes ?? '';
    const primary = PRIMARY.test(notes);
    const suspect = SUSPECT.test(notes);
    if (!Number.isInteger(year) || !(primary || suspect)) continue;
    const turnover = numberOrNull(fields.turnover_usd_bn);
    const importsFromChina = numberOrNull(fields.china_exports_to_russia_usd_bn);
    const exportsToChina = numberOrNull(fields.china_imports_from_russia_usd_bn);
    const flags: YearFlag[] = [];
    if (turnover === null) flags.push('missing');
    if (suspect) flags.push('suspect');
    if (/ROUNDED/.test(notes)) flags.push('rounded');
    if (turnover !== null && (exportsToChina === null || importsFromChina === null)) flags.push('split-not-stated');
    byYear.set(year, {
      year,
      turnover,
      exportsToChina,
      importsFromChina,
      flags,
      confidence: confidenceOf(notes),
      splitConfidence: splitConfidenceOf(notes),
      source: fields.source ?? '',
      line,
    });
  }
  const known = [...byYear.keys()];
  if (known.length === 0) return [];
  const first = Math.min(...known);
  const last = Math.max(...known);
  const years: HistoryYear[] = [];
  for (let year = first; year <= last; year++) {
    years.push(
      byYear.get(year) ?? {
        year,
        turnover: null,
        exportsToChina: null,
        importsFromChina: null,
        flags: ['missing'],
        confidence: null,
        splitConfidence: null,
        source: '',
        line: 0,
      },
    );
  }
  return years;
}

/** One year's Chinese-brand share of new-car sales, with the row it was read from. */
export interface CarShareObservation {
  readonly year: number;
  /** fraction of new-car sales */
  readonly share: number;
  readonly source: string;
  /** line of the row in sector_shares.csv */
  readonly line: number;
}

/**
 * Chinese brands' share of new-car sales (sector_shares.csv, indicator
 * `chinese_brands_share_new_car_sales` in %), by year; rows on another basis (`…_alt`, monthly or
 * quarterly indicators) and years without a value are not read.
 */
export function parseCarShareObservations(text: string): readonly CarShareObservation[] {
  const { rows } = parseCsv(text);
  const observations: CarShareObservation[] = [];
  for (const { line, fields } of rows) {
    if (fields.sector !== 'passenger_cars' || fields.indicator !== 'chinese_brands_share_new_car_sales') continue;
    const value = numberOrNull(fields.value);
    const year = Number(fields.year);
    if (value !== null && Number.isInteger(year) && fields.unit === '%') observations.push({ year, share: value / 100, source: fields.source ?? '', line });
  }
  return observations;
}

/** Reads Chinese brands' share of new-car sales (sector_shares.csv), as fractions by year. */
export function parseCarShareHistory(text: string): Readonly<Record<number, number>> {
  const shares: Record<number, number> = {};
  for (const observation of parseCarShareObservations(text)) shares[observation.year] = observation.share;
  return shares;
}

/**
 * Export/import splits for years where only one side (or neither) is stated, derived as the
 * notes describe. Never merged into the main series; callers that use them must say so.
 */
export function derivedSplit(year: HistoryYear): { exportsToChina: number; importsFromChina: number } | null {
  if (year.turnover === null) return null;
  if (year.exportsToChina !== null && year.importsFromChina !== null) return null;
  if (year.importsFromChina !== null) {
    return { importsFromChina: year.importsFromChina, exportsToChina: year.turnover - year.importsFromChina };
  }
  if (year.exportsToChina !== null) {
    return { exportsToChina: year.exportsToChina, importsFromChina: year.turnover - year.exportsToChina };
  }
  return null;
}

/** The history block of a result: stated values, nulls for gaps, flags by year. */
export interface HistoryBlock {
  readonly years: readonly number[];
  readonly turnover: readonly (number | null)[];
  readonly exportsToChina: readonly (number | null)[];
  readonly importsFromChina: readonly (number | null)[];
  readonly 'share.cars.china': readonly (number | null)[];
  readonly flags: Readonly<Record<string, readonly YearFlag[]>>;
}

/** History up to and including `lastYear`, in the form results carry. */
export function historyBlock(history: History, lastYear: number): HistoryBlock {
  const years = history.years.filter((y) => y.year <= lastYear);
  const flags: Record<string, readonly YearFlag[]> = {};
  for (const y of years) if (y.flags.length > 0) flags[String(y.year)] = y.flags;
  return {
    years: years.map((y) => y.year),
    turnover: years.map((y) => y.turnover),
    exportsToChina: years.map((y) => y.exportsToChina),
    importsFromChina: years.map((y) => y.importsFromChina),
    'share.cars.china': years.map((y) => history.carShareChina[y.year] ?? null),
    flags,
  };
}

/**
 * The history a result block describes, rebuilt: what the page's worker runs on, given the
 * block the API serves with a scenario (sources and line numbers are not in a block).
 */
export function historyFromBlock(block: HistoryBlock): History {
  const carShareChina: Record<number, number> = {};
  const years = block.years.map((year, i) => {
    const share = block['share.cars.china'][i];
    if (share !== null && share !== undefined) carShareChina[year] = share;
    return {
      year,
      turnover: block.turnover[i] ?? null,
      exportsToChina: block.exportsToChina[i] ?? null,
      importsFromChina: block.importsFromChina[i] ?? null,
      flags: block.flags[String(year)] ?? [],
      confidence: null,
      splitConfidence: null,
      source: '',
      line: 0,
    };
  });
  return { years, carShareChina };
}

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Reads regime_history.csv (year, regime, source, notes): one row a year, the regime an
 * identifier. Problems come back as issues naming the file and line.
 */
export function parseRegimeHistory(text: string, file: string): DataParseResult<RegimeYear> {
  const { header, rows } = parseCsv(text);
  const headerIssues = missingColumns(header, ['year', 'regime', 'source', 'notes'], file);
  if (headerIssues.length > 0) return { ok: false, issues: headerIssues };
  const issues: DataIssue[] = [];
  const records: RegimeYear[] = [];
  const seen = new Set<number>();
  for (const { line, fields } of rows) {
    const year = Number(fields.year);
    if (!/^\d{4}$/.test(fields.year ?? '')) issues.push({ file, line, column: 'year', message: `expected a calendar year, got "${fields.year ?? ''}"` });
    else if (seen.has(year)) issues.push({ file, line, column: 'year', message: `${year} is listed twice; give one regime a year` });
    seen.add(year);
    const regime = fields.regime ?? '';
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(regime)) issues.push({ file, line, column: 'regime', message: `expected a regime name, got "${regime}"` });
    const source = fields.source ?? '';
    if (source === '') issues.push({ file, line, column: 'source', message: 'missing: say where the regime comes from, or "assumption: …"' });
    records.push({ year, regime, source, line });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, records };
}
