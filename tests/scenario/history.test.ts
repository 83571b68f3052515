import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedSplit, historyBlock, parseCarShareHistory, parseTurnoverHistory } from '../../src/scenario/history.js';
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

  it('covers every year from 2010 to 2024 and maps China’s exports to Russia’s imports', () => {
    expect(years.map((y) => y.year)).toEqual(Array.from({ length: 15 }, (_, i) => 2010 + i));
    const { rows } = parseCsv(turnoverText);
    const primary2024 = rows.find((r) => r.fields.year === '2024' && r.fields.notes?.startsWith('PRIMARY'))!;
    expect(byYear.get(2024)?.importsFromChina).toBe(Number(primary2024.fields.china_exports_to_russia_usd_bn));
    expect(byYear.get(2024)?.exportsToChina).toBe(Number(primary2024.fields.china_imports_from_russia_usd_bn));
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

  it('goes into the result history with nulls where unknown', () => {
    const block = historyBlock({ years, carShareChina: { 2021: 0.07, 2024: 0.585 } }, 2024);
    expect(block['share.cars.china'].at(-1)).toBe(0.585);
    expect(block['share.cars.china'][0]).toBeNull();
    expect(block.flags['2012']).toEqual(['missing']);
  });
});
