import { leadingConfidenceOf, type Confidence } from './confidenceOf.js';
import { missingColumns, numberCell, type DataIssue, type DataParseResult } from './dataIssue.js';
import { parseCsv } from './parseCsv.js';

/**
 * How a partial-year row was obtained, as its notes open:
 * - primary: published (GACC figures quoted by news wires); the notes open with a confidence grade;
 * - derived: computed, not published — from the next year's level and its year-on-year rate, or
 *   as a difference of figures in one release (`DERIVED; …`);
 * - alternative: a Russian-side figure (Federal Customs Service, ministries), 1–12 bn off GACC,
 *   never mixed into the GACC series (`ALTERNATIVE …`).
 */
export type PartialYearKind = 'primary' | 'derived' | 'alternative';

/** One row of partial_year.csv: turnover from January to the end of month `months`, US$ bn. */
export interface PartialYearRecord {
  readonly year: number;
  /** `Jan-Apr` … `Jan-Nov`, or `FY` */
  readonly period: string;
  /** months covered from January, 2–12 (12: the full year) */
  readonly months: number;
  /** cumulative turnover, US$ bn */
  readonly turnover: number;
  /** China's exports to Russia (= Russia's imports from China) over the period, US$ bn, where stated */
  readonly chinaExportsToRussia: number | null;
  /** China's imports from Russia (= Russia's exports to China) over the period, US$ bn, where stated */
  readonly chinaImportsFromRussia: number | null;
  /** year-on-year change as the source states it, %, where stated (sometimes in yuan terms: see notes) */
  readonly yoyPercent: number | null;
  readonly kind: PartialYearKind;
  readonly confidence: Confidence | null;
  readonly source: string;
  readonly notes: string;
  /** 1-based line of the row in the file */
  readonly line: number;
}

const COLUMNS = ['year', 'period', 'months', 'turnover_usd_bn', 'china_exports_to_russia_usd_bn', 'china_imports_from_russia_usd_bn', 'yoy_pct', 'source', 'notes'] as const;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The label of a period of `months` months: `Jan-Apr` for 4, `FY` for 12. */
export function periodLabel(months: number): string {
  return months === 12 ? 'FY' : `Jan-${MONTH_NAMES[months - 1]}`;
}

/**
 * Parses partial_year.csv into typed records. A row is bad — an issue naming the file and line,
 * never thrown — when its year, months or turnover are not numbers, its period label does not
 * match its months, its notes neither open with a confidence grade nor say DERIVED or
 * ALTERNATIVE, or it has no source; two GACC-consistent (primary or derived) rows for the same
 * year and period, or a cumulative figure below an earlier period's of the same year, are bad too.
 */
export function parsePartialYear(text: string, file: string): DataParseResult<PartialYearRecord> {
  const { header, rows } = parseCsv(text);
  const headerIssues = missingColumns(header, COLUMNS, file);
  if (headerIssues.length > 0) return { ok: false, issues: headerIssues };
  const issues: DataIssue[] = [];
  const records: PartialYearRecord[] = [];
  for (const { line, fields } of rows) {
    const problem = (column: string, message: string) => void issues.push({ file, line, column, message });
    const year = Number(fields.year);
    if (!/^\d{4}$/.test(fields.year ?? '')) problem('year', `expected a calendar year, got "${fields.year ?? ''}"`);
    const months = Number(fields.months);
    const monthsValid = /^\d{1,2}$/.test(fields.months ?? '') && months >= 2 && months <= 12;
    if (!monthsValid) problem('months', `expected the months covered, a whole number from 2 to 12, got "${fields.months ?? ''}"`);
    const period = fields.period ?? '';
    if (monthsValid && period !== periodLabel(months)) problem('period', `"${period}" does not match months = ${months} (expected "${periodLabel(months)}")`);
    const turnover = numberCell(fields.turnover_usd_bn);
    if (turnover === null || !(turnover > 0)) problem('turnover_usd_bn', `expected a positive number of US$ bn, got "${fields.turnover_usd_bn ?? ''}"`);
    const optional = (column: (typeof COLUMNS)[number]): number | null => {
      const value = numberCell(fields[column]);
      if (Number.isNaN(value)) problem(column, `expected a number or a blank, got "${fields[column]}"`);
      return value;
    };
    const chinaExportsToRussia = optional('china_exports_to_russia_usd_bn');
    const chinaImportsFromRussia = optional('china_imports_from_russia_usd_bn');
    const yoyPercent = optional('yoy_pct');
    const notes = fields.notes ?? '';
    const source = fields.source ?? '';
    if (source === '') problem('source', 'missing: every row names where its number comes from');
    const confidence = leadingConfidenceOf(notes);
    const kind: PartialYearKind | null = /^\s*ALTERNATIVE\b/.test(notes) ? 'alternative' : /^\s*DERIVED\b/.test(notes) ? 'derived' : confidence !== null ? 'primary' : null;
    if (kind === null) problem('notes', 'expected to open with a confidence grade (HIGH … LOW) for a published figure, DERIVED for a computed one or ALTERNATIVE for a Russian-side one');
    records.push({
      year,
      period,
      months,
      turnover: turnover ?? NaN,
      chinaExportsToRussia,
      chinaImportsFromRussia,
      yoyPercent,
      kind: kind ?? 'primary',
      confidence: confidence ?? (kind === 'derived' ? leadingConfidenceOf(notes.replace(/^\s*DERIVED\s*;?\s*/, '')) : null),
      source,
      notes,
      line,
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  issues.push(...consistencyIssues(records, file));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, records };
}

/** Duplicate GACC-consistent rows, and cumulative figures that fall within a year. */
function consistencyIssues(records: readonly PartialYearRecord[], file: string): DataIssue[] {
  const issues: DataIssue[] = [];
  const byYear = new Map<number, PartialYearRecord[]>();
  for (const record of records) {
    if (record.kind === 'alternative') continue;
    const list = byYear.get(record.year) ?? [];
    const twin = list.find((r) => r.months === record.months);
    if (twin)
      issues.push({
        file,
        line: record.line,
        column: 'period',
        message: `a second GACC-consistent ${record.period} ${record.year} row (the first is on line ${twin.line}); mark one ALTERNATIVE or remove it`,
      });
    else list.push(record);
    byYear.set(record.year, list);
  }
  for (const list of byYear.values()) {
    const sorted = [...list].sort((a, b) => a.months - b.months);
    for (let i = 1; i < sorted.length; i++) {
      const [earlier, later] = [sorted[i - 1]!, sorted[i]!];
      if (later.turnover < earlier.turnover) {
        issues.push({
          file,
          line: later.line,
          column: 'turnover_usd_bn',
          message: `${later.period} ${later.year} (${later.turnover}) is below ${earlier.period} (${earlier.turnover}, line ${earlier.line}): cumulative turnover cannot fall`,
        });
      }
    }
  }
  return issues;
}
