import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDataIssue } from '../../src/scenario/dataIssue.js';
import { parseCsv } from '../../src/scenario/parseCsv.js';
import { parsePartialYear, periodLabel } from '../../src/scenario/parsePartialYear.js';
import { shippedScenariosDir } from '../../src/scenario/projectPaths.js';

const file = join(shippedScenariosDir(), 'data', 'partial_year.csv');
const text = readFileSync(file, 'utf8');
const HEADER = 'year,period,months,turnover_usd_bn,china_exports_to_russia_usd_bn,china_imports_from_russia_usd_bn,yoy_pct,source,notes';

function issuesOf(body: string) {
  const parsed = parsePartialYear(`${HEADER}\n${body}\n`, 'test.csv');
  if (parsed.ok) throw new Error('expected issues');
  return parsed.issues;
}

describe('partial_year.csv', () => {
  const parsed = parsePartialYear(text, 'partial_year.csv');
  if (!parsed.ok) throw new Error(parsed.issues.map(formatDataIssue).join('\n'));
  const records = parsed.records;
  const { rows } = parseCsv(text);

  it('reads every row with its line, and the kind its notes open with', () => {
    expect(records).toHaveLength(rows.length);
    records.forEach((record, i) => {
      const row = rows[i]!;
      expect(record.line).toBe(row.line);
      expect(record.turnover).toBe(Number(row.fields.turnover_usd_bn));
      expect(record.months).toBe(Number(row.fields.months));
      const notes = row.fields.notes!;
      expect(record.kind).toBe(notes.startsWith('ALTERNATIVE') ? 'alternative' : notes.startsWith('DERIVED') ? 'derived' : 'primary');
    });
  });

  it('marks the Russian-side rows alternative and grades every published and derived row', () => {
    const alternative = records.filter((r) => r.kind === 'alternative');
    expect(alternative.length).toBeGreaterThan(0);
    for (const record of alternative) expect(record.notes).toMatch(/Russian|FCS|Putin|Export Center/);
    for (const record of records.filter((r) => r.kind !== 'alternative')) expect(record.confidence, `line ${record.line}`).not.toBeNull();
  });

  it('holds a full year for every year 2014–2025 and labels periods by the months they cover', () => {
    const fullYears = records.filter((r) => r.months === 12 && r.kind !== 'alternative').map((r) => r.year);
    expect(fullYears).toEqual(Array.from({ length: 12 }, (_, i) => 2014 + i));
    for (const record of records) expect(record.period).toBe(periodLabel(record.months));
    expect(periodLabel(4)).toBe('Jan-Apr');
  });
});

describe('bad partial-year rows are issues naming the file, line and column', () => {
  it('a period that does not match its months', () => {
    expect(issuesOf('2020,Jan-May,4,33.5,,,,src,HIGH')).toEqual([{ file: 'test.csv', line: 2, column: 'period', message: expect.stringContaining('"Jan-May" does not match months = 4') }]);
  });

  it('a turnover that is not a positive number, months out of range, a year that is not one', () => {
    const issues = issuesOf('2020,Jan-Apr,4,n/a,,,,src,HIGH\n2020,Jan,1,3,,,,src,HIGH\n20x0,FY,12,100,,,,src,HIGH');
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [2, 'turnover_usd_bn'],
      [3, 'months'],
      [4, 'year'],
    ]);
    expect(formatDataIssue(issues[0]!)).toMatch(/^test\.csv:2: turnover_usd_bn: expected a positive number of US\$ bn, got "n\/a"$/);
  });

  it('notes that say neither a grade, DERIVED nor ALTERNATIVE, and a row without a source', () => {
    const issues = issuesOf('2020,FY,12,107.76,,,,src,GACC says so\n2021,FY,12,146.9,,,,,HIGH');
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [2, 'notes'],
      [3, 'source'],
    ]);
  });

  it('two GACC-consistent rows for one period, and a cumulative figure that falls', () => {
    const duplicate = issuesOf('2020,FY,12,107.76,,,,src,HIGH\n2020,FY,12,104,,,,src,DERIVED; LOW');
    expect(duplicate).toEqual([{ file: 'test.csv', line: 3, column: 'period', message: expect.stringContaining('first is on line 2') }]);
    // an ALTERNATIVE twin is allowed: it is never mixed in
    expect(parsePartialYear(`${HEADER}\n2020,FY,12,107.76,,,,src,HIGH\n2020,FY,12,104,,,,src,ALTERNATIVE (Russian side)\n`, 'test.csv').ok).toBe(true);
    const falling = issuesOf('2020,Jan-May,5,40.89,,,,src,HIGH\n2020,Jan-Jun,6,39.0,,,,src,HIGH');
    expect(falling).toEqual([{ file: 'test.csv', line: 3, column: 'turnover_usd_bn', message: expect.stringContaining('below Jan-May (40.89, line 2)') }]);
  });

  it('a header without the columns', () => {
    const parsed = parsePartialYear('year,months,turnover\n2020,12,100\n', 'test.csv');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]).toMatchObject({ file: 'test.csv', line: 1, message: expect.stringContaining('missing columns period') });
  });
});
