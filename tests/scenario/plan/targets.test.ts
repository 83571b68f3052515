import { describe, expect, it } from 'vitest';
import { compileTargets } from '../../../src/scenario/plan/targets.js';
import { TargetSchema } from '../../../src/scenario/scenarioSchema.js';
import { problems } from './planParts.js';

const SERIES = ['turnover', 'exportsToChina', 'importsFromChina', 'oilPrice', 'rubPerCny', 'share.cars.china'];
const target = (id: string, year: number, expression: string) => TargetSchema.parse({ id, label: id, year, expression });

describe('plan part: targets (compileTargets)', () => {
  it('compiles each expression over the plan’s series, with the index of each series it reads', () => {
    const { problem, issues } = problems();
    const [compiled] = compileTargets([target('big', 2030, 'turnover > 300 and share.cars.china < 0.5')], SERIES, 2025, problem);
    expect(issues).toEqual([]);
    expect(compiled).toMatchObject({ id: 'big', label: 'big', year: 2030 });
    expect(compiled!.expression.symbols.map((s, i) => [s, compiled!.seriesIndex[i]])).toEqual(
      expect.arrayContaining([
        ['turnover', 0],
        ['share.cars.china', 5],
      ]),
    );
    const values = compiled!.seriesIndex.map((index) => (index === 0 ? 320 : 0.4));
    expect(compiled!.expression.evaluate(values)).toBeTruthy();
  });

  it('reports an expression of an unknown series (and leaves the target out) and a year not after the origin', () => {
    const { problem, issues } = problems();
    const compiled = compileTargets([target('gdp', 2030, 'gdp > 1'), target('past', 2025, 'turnover > 1')], SERIES, 2025, problem);
    expect(compiled.map((t) => t.id)).toEqual(['past']);
    expect(issues.map((issue) => issue.path)).toEqual([
      ['targets', 0, 'expression'],
      ['targets', 1, 'year'],
    ]);
    expect(issues[0]!.message).toContain('share.<sector>.<supplier>');
    expect(issues[1]!.message).toBe('year 2025 is not after the origin 2025');
  });
});
