import { describe, expect, it } from 'vitest';
import { describeJsonDifference, expectSameJsonBytes, jsonDifference } from './jsonDifference.js';

describe('jsonDifference', () => {
  it('calls the same bytes identical and explains nothing', () => {
    const text = '{"a":[1,2.5],"b":"x"}\n';
    const difference = jsonDifference(text, text);
    expect(difference).toMatchObject({ identical: true, numbersDiffering: 0, otherCount: 0, firstChange: null });
    expect(describeJsonDifference(difference, 'page', 'CLI')).toBe('page and CLI are the same bytes');
  });

  it('counts numbers one bit apart, with their paths, relative difference and distance in ulps', () => {
    const expected = { series: { 'share.cars.china': { mean: [0.1, 0.2, 0.3] } }, seed: 7 };
    const actual = { series: { 'share.cars.china': { mean: [0.1, 0.2 + 2 ** -55, 0.30000000000000004] } }, seed: 7 };
    const difference = jsonDifference(JSON.stringify(expected), JSON.stringify(actual));
    expect(difference.identical).toBe(false);
    expect(difference.numbersCompared).toBe(4);
    expect(difference.numbersDiffering).toBe(2);
    expect(difference.maxUlps).toBe(1);
    expect(difference.maxRelative).toBeGreaterThan(0);
    expect(difference.maxRelative).toBeLessThan(2 * Number.EPSILON);
    expect(difference.firstNumbers.map((n) => n.path)).toEqual(['$.series["share.cars.china"].mean[1]', '$.series["share.cars.china"].mean[2]']);
    const message = describeJsonDifference(difference, 'QuickJS', 'the CLI');
    expect(message).toContain('QuickJS vs the CLI: 2 of 4 numbers differ (max relative difference');
    expect(message).toContain('max 1 ulp');
    expect(message).toContain('$.series["share.cars.china"].mean[1]: 0.20000000000000004 vs 0.2');
  });

  it('counts ulps across zero on the number line', () => {
    const tiny = Number.MIN_VALUE;
    expect(jsonDifference(JSON.stringify([tiny]), JSON.stringify([-tiny])).maxUlps).toBe(2);
    expect(jsonDifference('[1]', '[2]').maxUlps).toBe(2 ** 52);
  });

  it('reports keys, strings, lengths and text that is not JSON as other differences', () => {
    const difference = jsonDifference('{"a":[1,2],"b":"x","c":1}', '{"a":[1],"b":"y","d":1}');
    expect(difference.numbersDiffering).toBe(0);
    expect(difference.firstOthers).toEqual(['$.a: 1 items, expected 2', '$.b: "y", expected "x"', '$.c: missing', '$.d: not expected']);
    expect(jsonDifference('{}', '{').firstOthers[0]).toMatch(/^not JSON: actual/);
  });

  it('says so when the values agree but the text does not, and shows where', () => {
    const difference = jsonDifference('{"a":1,"b":2}\n', '{"b":2,"a":1}\n');
    expect(difference).toMatchObject({ identical: false, numbersDiffering: 0, otherCount: 0, firstChange: { index: 2 } });
    expect(describeJsonDifference(difference, 'page', 'CLI')).toContain('the same values, written differently; the texts first differ at character 2');
  });
});

describe('expectSameJsonBytes', () => {
  it('passes on the same bytes and fails with the report otherwise', () => {
    expect(() => expectSameJsonBytes('[1]\n', '[1]\n', 'page', 'CLI')).not.toThrow();
    expect(() => expectSameJsonBytes('[1.0000000000000002]\n', '[1]\n', 'page', 'CLI')).toThrow(/^page vs CLI: 1 of 1 numbers differ .*max 1 ulp/);
  });
});
