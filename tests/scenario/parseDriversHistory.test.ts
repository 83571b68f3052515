import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDataIssue } from '../../src/scenario/dataIssue.js';
import { parseCsv } from '../../src/scenario/parseCsv.js';
import { driverObservations, parseDriversHistory } from '../../src/scenario/parseDriversHistory.js';
import { shippedScenariosDir } from '../../src/scenario/projectPaths.js';

const dataDir = join(shippedScenariosDir(), 'data');
const HEADER = 'year,indicator,value,unit,source,notes';

function parseFile(name: string) {
  const parsed = parseDriversHistory(readFileSync(join(dataDir, name), 'utf8'), name);
  if (!parsed.ok) throw new Error(parsed.issues.map(formatDataIssue).join('\n'));
  return parsed.records;
}

describe('drivers_history.csv', () => {
  const records = parseFile('drivers_history.csv');
  const { rows } = parseCsv(readFileSync(join(dataDir, 'drivers_history.csv'), 'utf8'));

  it('reads every row with its line, value, unit, source and confidence', () => {
    expect(records).toHaveLength(rows.length);
    records.forEach((record, i) => {
      const row = rows[i]!;
      expect(record.line).toBe(row.line);
      expect(record.value).toBe(Number(row.fields.value));
      expect([record.unit, record.source]).toEqual([row.fields.unit, row.fields.source]);
      expect(record.confidence, `line ${record.line}`).not.toBeNull();
    });
  });

  it('covers 2010–2025 for prices, exchange rates and (from 2014) the key rate', () => {
    for (const indicator of ['brent_usd_bbl_avg', 'urals_usd_bbl_avg', 'rub_per_usd_avg', 'cny_per_usd_avg', 'rub_per_cny_avg']) {
      const years = records.filter((r) => r.indicator === indicator).map((r) => r.year);
      expect(years, indicator).toEqual(Array.from({ length: 16 }, (_, i) => 2010 + i));
    }
    expect(records.filter((r) => r.indicator === 'key_rate_avg_pct').map((r) => r.year)).toEqual(Array.from({ length: 12 }, (_, i) => 2014 + i));
  });

  it('reads a January-to-month suffix as the months covered, and keeps it apart from the full year', () => {
    const partial = driverObservations(records, 'china_crude_imports_from_russia_volume', 2025, 10);
    expect(partial.map((r) => [r.value, r.unit])).toEqual([[83.15, 'Mt']]);
    expect(driverObservations(records, 'china_crude_imports_from_russia_volume', 2025)).toEqual([]); // the full year is not in the data
    expect(driverObservations(records, 'china_crude_imports_from_russia_volume', 2024).map((r) => r.value)).toEqual([108.47]);
  });

  it('flags the values with no public page (general knowledge) and the derived ones', () => {
    const unsourced = records.filter((r) => r.source.startsWith('general knowledge (no URL found)'));
    expect(unsourced.length).toBeGreaterThan(0);
    for (const record of unsourced) {
      expect(record.generalKnowledge).toBe(true);
      expect(record.confidence).toBe('LOW');
    }
    const crossRates = records.filter((r) => r.indicator === 'rub_per_cny_avg');
    expect(crossRates.every((r) => r.derived)).toBe(true);
  });
});

describe('drivers.csv (same columns)', () => {
  it('parses, with blank values as recorded gaps', () => {
    const records = parseFile('drivers.csv');
    expect(records.find((r) => r.indicator === 'plan_2030_numeric_target')?.value).toBeNull();
    expect(driverObservations(records, 'plan_2030_numeric_target', 2023)).toEqual([]);
  });
});

describe('bad driver rows are issues naming the file, line and column', () => {
  it('a value that is not a number, a missing unit or source, a year that is not one', () => {
    const parsed = parseDriversHistory(
      `${HEADER}\n2020,brent_usd_bbl_avg,about 42,USD/bbl,EIA,HIGH\n2021,brent_usd_bbl_avg,70.9,,EIA,HIGH\n2022,brent_usd_bbl_avg,100.9,USD/bbl,,HIGH\nlast,brent_usd_bbl_avg,80,USD/bbl,EIA,HIGH\n`,
      'drivers.test.csv',
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => [i.line, i.column])).toEqual([
      [2, 'value'],
      [3, 'unit'],
      [4, 'source'],
      [5, 'year'],
    ]);
    expect(formatDataIssue(parsed.issues[0]!)).toBe('drivers.test.csv:2: value: expected a number or a blank, got "about 42"');
  });

  it('a header without the columns', () => {
    const parsed = parseDriversHistory('year,value\n2020,1\n', 'drivers.test.csv');
    expect(!parsed.ok && parsed.issues[0]).toMatchObject({ line: 1, message: expect.stringContaining('missing columns indicator, unit, source, notes') });
  });
});
