import { describe, expect, it } from 'vitest';
import { createOutputReader, formatOutputSpec, parseOutputSpec } from '../../src/analysis/outputSelector.js';
import { prepareRun } from '../../src/run/preparedRun.js';
import { shipped, simulated } from '../helpers.js';

describe('output specs', () => {
  it('parse series@year and target:<id>, and print back the same text', () => {
    for (const text of ['turnover@2030', 'share.cars.china@2028', 'target:turnover-300bn-2030', 'P(turnover >= 300)@2030']) {
      const parsed = parseOutputSpec(text);
      expect(parsed.ok && formatOutputSpec(parsed.spec)).toBe(text);
    }
    for (const text of ['turnover-2030', 'turnover@30', '@2030', 'target:', 'P()@2030', 'P(turnover>=300)']) expect(parseOutputSpec(text).ok, text).toBe(false);
  });

  it('read a series value, or a target as 1/0 per path', async () => {
    const prepared = prepareRun(shipped('baseline'), { paths: 50, seed: 1 });
    if (!prepared.ok) throw new Error('prepare failed');
    const { plan, targets } = prepared.run;
    const output = await simulated(prepared.run);
    const series = createOutputReader(plan, targets, { kind: 'series', series: 'turnover', year: 2030 });
    const target = createOutputReader(plan, targets, { kind: 'target', id: 'turnover-300bn-2030' });
    if (!series.ok || !target.ok) throw new Error('reader failed');
    for (let p = 0; p < 50; p++) expect(target.reader.read(output, p)).toBe(series.reader.read(output, p) >= 300 ? 1 : 0);
    expect(createOutputReader(plan, targets, { kind: 'series', series: 'gdp', year: 2030 }).ok).toBe(false);
    const inPlace = createOutputReader(plan, targets, { kind: 'probability', expression: 'turnover >= 300', year: 2030 });
    if (!inPlace.ok) throw new Error(inPlace.message);
    expect(inPlace.reader.unit).toBe('probability');
    for (let p = 0; p < 50; p++) expect(inPlace.reader.read(output, p)).toBe(target.reader.read(output, p));
    const unknown = createOutputReader(plan, targets, { kind: 'probability', expression: 'gdp > 1', year: 2030 });
    expect(!unknown.ok && unknown.message).toMatch(/^P\(gdp > 1\): unknown name "gdp"; known: turnover, /);
  });
});
