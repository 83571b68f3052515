import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedSplit, historyBlock, parseCarShareHistory, parseCarShareObservations, parseTurnoverHistory } from '../../src/scenario/history.js';
import { parseCsv } from '../../src/scenario/parseCsv.js';
import { shippedScenariosDir } from '../../src/scenario/projectPaths.js';

const dataDir = join(shippedScenariosDir(), 'data');
const turnoverText = readFileSync(join(dataDir, 'trade_turnover.csv'), 'utf8');
const years = parseTurnoverHistory(turnoverText);
const byYear = new Map(years.map((y) => [y.year, y]));

describe('GACC turnover history', () => {
  it('uses only PRIMARY (and the flagged SUSPECT) rows, never the Russian-side ALTERNATIVE ones', () => {
    const { rows } = parseCsv(turnoverText);
    const alternative = rows.filter((r) => r.fields.notes?.startsWith('ALTERNATIVE'));
    expect(alternative.length).toBeGreaterThan(0);
    for (const row of alternative) {
      const used = byYear.get(Number(row.fields.year));
      expect(used?.turnover, `${row.fields.year}`).not.toBe(Number(row.fields.turnover_usd_bn));
      expect(used?.line).not.toBe(row.line);
    }
    for (const row of rows.filter((r) => r.fields.notes?.startsWith('PRIMARY'))) {
      expect(byYear.get(Number(row.fields.year))?.line).toBe(row.line);
    }
  });

  it('keeps 2012 as an explicit gap, not an interpolated value', () => {
    expect(byYear.get(2012)).toMatchObject({ turnover: null, exportsToChina: null, importsFromChina: null, flags: ['missing'] });
  });

  it('flags 2015 as suspect and 2011 as rounded', () => {
    expect(byYear.get(2015)?.flags).toContain('suspect');
    expect(byYear.get(2011)?.flags).toContain('rounded');
  });

  it('covers every year from the first to the newest row (2010–2025) and maps China’s exports to Russia’s imports', () => {
    const { rows } = parseCsv(turnoverText);
    const stated = rows.map((r) => Number(r.fields.year)).filter(Number.isInteger);
    const [first, last] = [Math.min(...stated), Math.max(...stated)];
    expect([first, last]).toEqual([2010, 2025]);
    expect(years.map((y) => y.year)).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i));
    for (const year of ['2024', '2025']) {
      const primary = rows.find((r) => r.fields.year === year && r.fields.notes?.startsWith('PRIMARY'))!;
      expect(byYear.get(Number(year))?.importsFromChina).toBe(Number(primary.fields.china_exports_to_russia_usd_bn));
      expect(byYear.get(Number(year))?.exportsToChina).toBe(Number(primary.fields.china_imports_from_russia_usd_bn));
      expect(byYear.get(Number(year))?.turnover).toBe(Number(primary.fields.turnover_usd_bn));
      expect(byYear.get(Number(year))?.flags).toEqual([]);
    }
    // 2025's split is stated by an aggregator citing GACC: used, with the notes' grades kept apart
    expect(byYear.get(2025)).toMatchObject({ confidence: 'HIGH', splitConfidence: 'MEDIUM' });
    expect(byYear.get(2024)).toMatchObject({ confidence: 'HIGH', splitConfidence: null });
  });

  it('leaves unstated splits null and offers derived ones separately', () => {
    const y2023 = byYear.get(2023)!;
    expect(y2023.exportsToChina).toBeNull();
    expect(y2023.flags).toContain('split-not-stated');
    const derived = derivedSplit(y2023)!;
    expect(derived.exportsToChina + derived.importsFromChina).toBeCloseTo(y2023.turnover!, 10);
    expect(derivedSplit(byYear.get(2021)!)).toBeNull(); // neither side stated
  });
});

describe('car-share history', () => {
  it('reads Chinese brands’ share of new-car sales as fractions, skipping the alternative basis', () => {
    const shares = parseCarShareHistory(readFileSync(join(dataDir, 'sector_shares.csv'), 'utf8'));
    const { rows } = parseCsv(readFileSync(join(dataDir, 'sector_shares.csv'), 'utf8'));
    const stated = rows.filter((r) => r.fields.indicator === 'chinese_brands_share_new_car_sales' && r.fields.value);
    expect(Object.keys(shares).map(Number).sort()).toEqual(stated.map((r) => Number(r.fields.year)).sort());
    for (const row of stated) expect(shares[Number(row.fields.year)]).toBeCloseTo(Number(row.fields.value) / 100, 12);
  });

  it('keeps the line and source of each share', () => {
    const observations = parseCarShareObservations(readFileSync(join(dataDir, 'sector_shares.csv'), 'utf8'));
    const { rows } = parseCsv(readFileSync(join(dataDir, 'sector_shares.csv'), 'utf8'));
    const y2025 = observations.find((o) => o.year === 2025)!;
    const row = rows.find((r) => r.line === y2025.line)!;
    expect(row.fields).toMatchObject({ year: '2025', indicator: 'chinese_brands_share_new_car_sales', value: '51.7' });
    expect(y2025.share).toBeCloseTo(0.517, 12);
    expect(y2025.source).toBe(row.fields.source);
  });

  it('goes into the result history with nulls where unknown', () => {
    const block = historyBlock({ years, carShareChina: { 2021: 0.07, 2024: 0.585 } }, 2024);
    expect(block['share.cars.china'].at(-1)).toBe(0.585);
    expect(block['share.cars.china'][0]).toBeNull();
    expect(block.flags['2012']).toEqual(['missing']);
  });
});
