import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { partialYearPanel, type PartialYearPanel } from '../../../src/scenario/nowcast/partialYearPanel.js';
import { formatDataIssue } from '../../../src/scenario/dataIssue.js';
import { parsePartialYear, periodLabel, type PartialYearRecord } from '../../../src/scenario/parsePartialYear.js';
import { shippedScenariosDir } from '../../../src/scenario/projectPaths.js';

/** The project's partial_year.csv, parsed. */
export function projectRecords(): readonly PartialYearRecord[] {
  const file = join(shippedScenariosDir(), 'data', 'partial_year.csv');
  const parsed = parsePartialYear(readFileSync(file, 'utf8'), 'partial_year.csv');
  if (!parsed.ok) throw new Error(parsed.issues.map(formatDataIssue).join('\n'));
  return parsed.records;
}

/** The project's panel (DERIVED rows used, as the nowcast does by default). */
export function projectPanel(): PartialYearPanel {
  return partialYearPanel(projectRecords());
}

/** A record for tests: turnover `value` US$ bn over `months` months of `year`. */
export function record(year: number, months: number, value: number, kind: PartialYearRecord['kind'] = 'primary', line = 0): PartialYearRecord {
  return {
    year,
    period: periodLabel(months),
    months,
    turnover: value,
    chinaExportsToRussia: null,
    chinaImportsFromRussia: null,
    yoyPercent: null,
    kind,
    confidence: kind === 'alternative' ? null : 'HIGH',
    source: 'test',
    notes: kind === 'alternative' ? 'ALTERNATIVE' : kind === 'derived' ? 'DERIVED; HIGH' : 'HIGH',
    line,
  };
}

/** The records with one year's figures changed by `change(months, value)` (months 12: the full year). */
export function withYearChanged(records: readonly PartialYearRecord[], year: number, change: (months: number, value: number) => number): PartialYearRecord[] {
  return records.map((r) => (r.year === year ? { ...r, turnover: change(r.months, r.turnover) } : r));
}
