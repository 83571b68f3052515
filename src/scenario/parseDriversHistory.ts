import { confidenceOf, type Confidence } from './confidenceOf.js';
import { missingColumns, numberCell, type DataIssue, type DataParseResult } from './dataIssue.js';
import { parseCsv } from './parseCsv.js';

/**
 * One row of a driver table (drivers_history.csv; drivers.csv has the same columns): an annual
 * average or total, or a January-to-month partial figure where the indicator ends in
 * `_jan_<month>`.
 */
export interface DriverObservation {
  readonly year: number;
  /** the indicator without its partial-period suffix, e.g. `china_crude_imports_from_russia_volume` */
  readonly indicator: string;
  /** months the value covers, from January: 12 for a year, 10 for `…_jan_oct` */
  readonly monthsCovered: number;
  /** null where the file records a gap (a blank value, the notes saying what was not found) */
  readonly value: number | null;
  /** as the file writes it: `USD/bbl`, `Mt`, `USD bn`, `RUB per CNY`, `% p.a.` … */
  readonly unit: string;
  readonly confidence: Confidence | null;
  /** computed from other figures (the source or notes say DERIVED), not published as such */
  readonly derived: boolean;
  /** the source is "general knowledge (no URL found)": no public page was found for the number */
  readonly generalKnowledge: boolean;
  readonly source: string;
  readonly notes: string;
  /** 1-based line of the row in the file */
  readonly line: number;
}

/** A driver table and the name it goes by in sources (`drivers_history.csv`). */
export interface DriverTable {
  readonly file: string;
  readonly records: readonly DriverObservation[];
}

const COLUMNS = ['year', 'indicator', 'value', 'unit', 'source', 'notes'] as const;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
const PARTIAL_SUFFIX = new RegExp(`_jan_(${MONTHS.slice(1, 11).join('|')})$`);

/**
 * Parses a driver table into typed records. Every row must have a calendar year, an
 * indicator, a unit and a source; a value is a number or blank (a recorded gap). Problems come
 * back as issues naming the file and line, never thrown. Several rows for one indicator and
 * year are allowed (drivers.csv has two 2023 settlement shares); `driverObservations` lists them, and its callers say
 * when a lookup is ambiguous.
 */
export function parseDriversHistory(text: string, file: string): DataParseResult<DriverObservation> {
  const { header, rows } = parseCsv(text);
  const headerIssues = missingColumns(header, COLUMNS, file);
  if (headerIssues.length > 0) return { ok: false, issues: headerIssues };
  const issues: DataIssue[] = [];
  const records: DriverObservation[] = [];
  for (const { line, fields } of rows) {
    const problem = (column: string, message: string) => void issues.push({ file, line, column, message });
    const year = Number(fields.year);
    if (!/^\d{4}$/.test(fields.year ?? '')) problem('year', `expected a calendar year, got "${fields.year ?? ''}"`);
    const fullIndicator = fields.indicator ?? '';
    if (!/^[a-z][a-z0-9_]*$/.test(fullIndicator)) problem('indicator', `expected a snake_case name, got "${fullIndicator}"`);
    const value = numberCell(fields.value);
    if (Number.isNaN(value)) problem('value', `expected a number or a blank, got "${fields.value}"`);
    const unit = fields.unit ?? '';
    if (unit === '') problem('unit', 'missing: every value needs a unit');
    const source = fields.source ?? '';
    if (source === '') problem('source', 'missing: every row names where its number comes from');
    const partial = PARTIAL_SUFFIX.exec(fullIndicator);
    const notes = fields.notes ?? '';
    records.push({
      year,
      indicator: partial ? fullIndicator.slice(0, partial.index) : fullIndicator,
      monthsCovered: partial ? MONTHS.indexOf(partial[1] as (typeof MONTHS)[number]) + 1 : 12,
      value,
      unit,
      confidence: confidenceOf(notes),
      derived: /\bDERIVED\b/.test(source) || /\bDERIVED\b/.test(notes),
      generalKnowledge: /general knowledge/i.test(source),
      source,
      notes,
      line,
    });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, records };
}

/** The rows of one indicator and year (full year unless `monthsCovered` says otherwise) that hold a value. */
export function driverObservations(records: readonly DriverObservation[], indicator: string, year: number, monthsCovered = 12): DriverObservation[] {
  return records.filter((r) => r.indicator === indicator && r.year === year && r.monthsCovered === monthsCovered && r.value !== null);
}
