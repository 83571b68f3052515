import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestCompleteYear, originFacts, round, shortSource } from '../../../src/analysis/rebase/originFacts.js';
import { BARRELS_PER_TONNE } from '../../../src/core/defaults.js';
import { parseCsv } from '../../../src/scenario/parseCsv.js';
import { shipped } from '../../helpers.js';
import { dataDir, projectOriginData } from './rebaseData.js';

const history = shipped('baseline').history;
const data = projectOriginData(history.years);
const rows = (file: string) => parseCsv(readFileSync(join(dataDir, file), 'utf8')).rows;
const row = (file: string, year: number, indicator: string) => rows(file).find((r) => r.fields.year === String(year) && r.fields.indicator === indicator)!;

describe('origin facts read from the data', () => {
  it('start from the newest year with a stated export/import split', () => {
    const turnover = rows('trade_turnover.csv').filter((r) => r.fields.notes!.startsWith('PRIMARY') && r.fields.china_exports_to_russia_usd_bn && r.fields.china_imports_from_russia_usd_bn);
    expect(newestCompleteYear(history.years)).toBe(Math.max(...turnover.map((r) => Number(r.fields.year))));
    expect(newestCompleteYear(history.years)).toBe(2025);
  });

  it('take 2025’s oil price and crude volume from January–October, the newest period with both, and say so', () => {
    const facts = originFacts(data, 2025);
    if (!facts.ok) throw new Error(facts.problems.join('\n'));
    const volume = row('drivers_history.csv', 2025, 'china_crude_imports_from_russia_volume_jan_oct');
    const value = row('drivers_history.csv', 2025, 'china_crude_imports_from_russia_value_jan_oct');
    expect(facts.facts.oilPrice.value).toBe(round((Number(value.fields.value) * 1000) / (Number(volume.fields.value) * BARRELS_PER_TONNE), 1));
    expect(facts.facts.crudeVolume.value).toBe(round((Number(volume.fields.value) * 12) / 10, 1));
    expect(facts.facts.oilPrice.source).toContain(`drivers_history.csv lines ${value.line}, ${volume.line}`);
    expect(facts.facts.oilPrice.source).toMatch(/assumption: Jan–Oct 2025 stands for the year/);
    expect(facts.facts.crudeVolume.source).toMatch(/× 12\/10 .* assumption: even monthly flows/);
  });

  it('take the turnover split, the rouble and the car share from their rows, with line and confidence', () => {
    const facts = originFacts(data, 2025);
    if (!facts.ok) throw new Error(facts.problems.join('\n'));
    const turnover = rows('trade_turnover.csv').find((r) => r.fields.year === '2025')!;
    expect(facts.facts.importsFromChina.value).toBe(Number(turnover.fields.china_exports_to_russia_usd_bn));
    expect(facts.facts.exportsToChina.value).toBe(Number(turnover.fields.china_imports_from_russia_usd_bn));
    expect(facts.facts.exportsToChina.source).toBe(`trade_turnover.csv line ${turnover.line}: China's imports from Russia (GACC; HIGH confidence total, MEDIUM split)`);
    const rouble = row('drivers_history.csv', 2025, 'rub_per_cny_avg');
    expect(facts.facts.rubPerCny.value).toBe(Number(rouble.fields.value));
    expect(facts.facts.rubPerCny.source).toMatch(new RegExp(`^drivers_history\\.csv line ${rouble.line}: .*\\(LOW confidence\\)$`));
    const car = rows('sector_shares.csv').find((r) => r.fields.year === '2025' && r.fields.indicator === 'chinese_brands_share_new_car_sales')!;
    expect(facts.facts.carShareChina!.value).toBeCloseTo(Number(car.fields.value) / 100, 12);
    expect(facts.facts.carShareChina!.source).toBe(`Avtostat via Kommersant/Moscow Times 2025 (sector_shares.csv line ${car.line})`);
  });

  it('use the full year where the data have it (2024), preferring drivers_history.csv, and drivers.csv where only it does (2022)', () => {
    const y2024 = originFacts(data, 2024);
    if (!y2024.ok) throw new Error(y2024.problems.join('\n'));
    const volume = row('drivers_history.csv', 2024, 'china_crude_imports_from_russia_volume');
    const value = row('drivers_history.csv', 2024, 'china_crude_imports_from_russia_value');
    expect(y2024.facts.crudeVolume.value).toBe(Number(volume.fields.value));
    expect(y2024.facts.oilPrice.value).toBe(round((Number(value.fields.value) * 1000) / (Number(volume.fields.value) * BARRELS_PER_TONNE), 1));
    const y2022 = originFacts(data, 2022);
    if (!y2022.ok) throw new Error(y2022.problems.join('\n'));
    expect(y2022.facts.crudeVolume.source).toMatch(/^drivers\.csv line \d+: 2022 crude into China 86\.2 Mt/);
  });

  it('refuse a year without a stated split, naming the newest year that has one', () => {
    const facts = originFacts(data, 2023);
    expect(facts).toEqual({ ok: false, problems: ['trade_turnover.csv states no export/import split for 2023; the newest year with one is 2025'] });
  });

  it('cite sources without their URLs', () => {
    expect(shortSource('Avtostat via Kommersant/Moscow Times: https://www.themoscowtimes.com/2026/01/13/x')).toBe('Avtostat via Kommersant/Moscow Times');
    expect(shortSource('https://russiaspivottoasia.com/china-2024 ; https://tass.com/economy/2013833')).toBe('russiaspivottoasia.com');
  });
});
