import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BARRELS_PER_TONNE } from '../../src/core/defaults.js';
import { parseCsv } from '../../src/scenario/parseCsv.js';
import { shippedScenariosDir } from '../../src/scenario/projectPaths.js';
import { scenarioFileJsonSchema } from '../../src/scenario/scenarioJsonSchema.js';
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

  it('start from the levels the data files state', () => {
    const { scenario } = shipped('baseline');
    const drivers = parseCsv(readFileSync(join(dir, 'data', 'drivers.csv'), 'utf8')).rows;
    const find = (year: string, indicator: string) => Number(drivers.find((r) => r.fields.year === year && r.fields.indicator === indicator)!.fields.value);
    expect(scenario.exports.crudeVolume.value).toBe(find('2024', 'china_crude_imports_from_russia_volume'));
    const unitValue = (find('2023', 'china_crude_imports_from_russia_value') * 1000) / find('2023', 'china_crude_imports_from_russia_volume') / BARRELS_PER_TONNE;
    expect(scenario.oil.start.value).toBeCloseTo(unitValue, 1);
    expect(scenario.sectors.cars!.originShares.china).toBe(0.585);
    expect(scenario.sectors.cars!.baseShares.china).toBe(0.07);
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
