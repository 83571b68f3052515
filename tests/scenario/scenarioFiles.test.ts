import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BARRELS_PER_TONNE } from '../../src/core/defaults.js';
import { parseCsv } from '../../src/scenario/parseCsv.js';
import { shippedScenariosDir } from '../../src/scenario/projectPaths.js';
import { scenarioFileJsonSchema } from '../../src/scenario/scenarioJsonSchema.js';
import { newestCompleteYear, originFacts } from '../../src/analysis/rebase/originFacts.js';
import { rebaseScenario } from '../../src/analysis/rebase/rebaseScenario.js';
import { projectOriginData } from '../analysis/rebase/rebaseData.js';
import { SHIPPED, shipped } from '../helpers.js';

const dir = shippedScenariosDir();

describe('scenario files', () => {
  it('point editors at the JSON Schema, which is the one generated from the zod schema', () => {
    const committed = JSON.parse(readFileSync(join(dir, 'scenario.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioFileJsonSchema())));
    for (const id of SHIPPED) {
      expect(readFileSync(join(dir, `${id}.yaml`), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    }
  });

  it('name a source (or say assumption) for every calibrated number', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}[${i}]`));
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      // distributions, sourced values and knobs, supplier shares and wedges, the regime block, the correlation matrix
      const calibrated = ['dist', 'value', 'china', 'states', 'matrix'].some((key) => key in record);
      if (calibrated && !(typeof record.source === 'string' && record.source.trim().length >= 3)) missing.push(path);
      for (const [key, value] of Object.entries(record)) walk(value, path ? `${path}.${key}` : key);
    };
    for (const id of SHIPPED) walk(shipped(id).scenario, '');
    expect(missing).toEqual([]);
  });

  it('start from the newest complete year, at the levels the data files state', () => {
    const { scenario, history } = shipped('baseline');
    const turnover = parseCsv(readFileSync(join(dir, 'data', 'trade_turnover.csv'), 'utf8')).rows.filter((r) => r.fields.notes!.startsWith('PRIMARY'));
    const withSplit = turnover.filter((r) => r.fields.china_exports_to_russia_usd_bn && r.fields.china_imports_from_russia_usd_bn).map((r) => Number(r.fields.year));
    expect(scenario.origin).toBe(Math.max(...withSplit));
    const drivers = parseCsv(readFileSync(join(dir, 'data', 'drivers_history.csv'), 'utf8')).rows;
    const find = (indicator: string) => Number(drivers.find((r) => r.fields.year === String(scenario.origin) && r.fields.indicator === indicator)!.fields.value);
    // the full year 2025 has no crude volume or value: January–October stands for it (the source says so)
    const [volume, value] = [find('china_crude_imports_from_russia_volume_jan_oct'), find('china_crude_imports_from_russia_value_jan_oct')];
    expect(scenario.exports.crudeVolume.value).toBeCloseTo((volume * 12) / 10, 1);
    expect(scenario.oil.start.value).toBeCloseTo((value * 1000) / (volume * BARRELS_PER_TONNE), 1);
    expect(scenario.rouble.start.value).toBe(find('rub_per_cny_avg'));
    for (const field of [scenario.oil.start, scenario.exports.crudeVolume, scenario.rouble.start]) expect(field.source).toMatch(/^drivers_history\.csv lines? \d+/);
    expect(scenario.sectors.cars!.originShares.china).toBe(history.carShareChina[scenario.origin]);
    expect(scenario.sectors.cars!.baseShares.china).toBe(history.carShareChina[2021]);
  });

  it('need no re-basing: `tradecast rebase` finds nothing to change in any of them', () => {
    const resolved = shipped('baseline');
    const data = projectOriginData(resolved.history.years);
    const facts = originFacts(data, newestCompleteYear(resolved.history.years)!);
    if (!facts.ok) throw new Error(facts.problems.join('\n'));
    for (const id of SHIPPED) {
      const { scenario } = shipped(id);
      const previous = originFacts(data, scenario.origin);
      expect(rebaseScenario(scenario, facts.facts, previous.ok ? previous.facts : null).changes, id).toEqual([]);
    }
  });

  it('ship the five scenarios the project promises, each with a name and description', () => {
    for (const id of SHIPPED) {
      const { scenario } = shipped(id);
      expect(scenario.name.length).toBeGreaterThan(3);
      expect(scenario.description.length).toBeGreaterThan(20);
      expect(Object.keys(scenario.sectors)).toEqual(['cars', 'machinery', 'electronics', 'chemicals', 'otherGoods']);
    }
  });
});
