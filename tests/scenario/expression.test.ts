import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/scenario/expression.js';

const known = new Set(['year', 'westernWedge', 'turnover', 'share.cars.china']);
const isKnown = (name: string) => known.has(name);

function evaluate(source: string, values: Record<string, number>): number {
  const compiled = compileExpression(source, isKnown);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.expression.evaluate(compiled.expression.symbols.map((s) => values[s]!));
}

describe('compileExpression', () => {
  it('evaluates arithmetic, comparisons, conditionals and whitelisted functions', () => {
    expect(evaluate('2.2 + westernWedge', { westernWedge: 0.3 })).toBeCloseTo(2.5, 15);
    expect(evaluate('year >= 2025 ? 0.1 * (year - 2024) : 0', { year: 2027 })).toBeCloseTo(0.3, 15);
    expect(evaluate('0.25 * min(max(year - 2024, 0), 6) / 6', { year: 2020 })).toBe(0);
    expect(evaluate('turnover >= 300 and share.cars.china > 0.5', { turnover: 310, 'share.cars.china': 0.6 })).toBe(1);
    expect(evaluate('not (turnover > 300)', { turnover: 310 })).toBe(0);
    expect(evaluate('2025 <= year < 2030', { year: 2030 })).toBe(0);
    expect(evaluate('exp(log(2)) + sqrt(16) + abs(-1) + pi - pi', {})).toBeCloseTo(7, 12);
  });

  it('reads each name once, in first-use order', () => {
    const compiled = compileExpression('turnover + year * turnover', isKnown);
    expect(compiled.ok && compiled.expression.symbols).toEqual(['turnover', 'year']);
  });

  it.each([
    ['import({x: 1})', 'function "import" is not allowed'],
    ['createUnit("bbl")', 'function "createUnit" is not allowed'],
    ['evaluate("1+1")', 'function "evaluate" is not allowed'],
    ['parse("1")', 'function "parse" is not allowed'],
    ['simplify("x")', 'function "simplify" is not allowed'],
    ['f(x) = x', 'defining a function'],
    ['a = 1', 'assignment'],
    ['"text"', 'only finite numbers'],
    ['[1, 2]', 'matrix or list'],
    ['{a: 1}', 'object'],
    ['1:3', 'range'],
    ['turnover[1]', 'indexing'],
    ['5 cm', 'unknown name "cm"'],
    ['oilPrice > 3', 'unknown name "oilPrice"'],
    ['1; 2', 'block of several statements'],
    ['x.constructor', 'unknown name "x.constructor"'],
    ['(', 'cannot parse'],
    ['1e400', 'only finite numbers'],
  ])('refuses %s', (source, message) => {
    const compiled = compileExpression(source, isKnown);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.message).toContain(message);
  });

  it.each(['constructor(1)', 'toString(1)', 'hasOwnProperty(1)', '__proto__(1)', 'valueOf()'])('refuses %s as a function that is not allowed, never throwing', (source) => {
    const compiled = compileExpression(source, isKnown);
    expect(compiled).toMatchObject({ ok: false, message: expect.stringContaining('is not allowed; allowed: min, max') });
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('refuses the name %s as unknown, not as a member of Object.prototype', (source) => {
    const compiled = compileExpression(source, isKnown);
    expect(compiled).toMatchObject({ ok: false, message: expect.stringContaining(`unknown name "${source}"`) });
  });

  it('refuses expressions that are too long or too deep', () => {
    expect(compileExpression('1+'.repeat(300) + '1', isKnown).ok).toBe(false);
    expect(compileExpression('x'.repeat(501), isKnown).ok).toBe(false);
  });
});
