import { describe, expect, it } from 'vitest';
import { backtestRequestSchema } from '../../src/analysis/backtest/backtest.js';
import { compareRequestSchema } from '../../src/analysis/compare.js';
import { MAX_BACKTEST_HORIZON, MAX_INNER_PATHS, MAX_SENSITIVITY_SAMPLES } from '../../src/analysis/defaults.js';
import { horizonSchema, pathsSchema, seedSchema } from '../../src/analysis/requestFields.js';
import { sensitivityRequestSchema } from '../../src/analysis/sensitivity/sensitivity.js';
import { sweepRequestSchema } from '../../src/analysis/sweep.js';
import { integerField, rangeField, UsageError, wholeNumberBounds } from '../../src/cli/command.js';
import { MAX_HORIZON, MAX_PATHS, MAX_SEED } from '../../src/core/defaults.js';
import { SimulationRequestSchema } from '../../src/server/schemas/simulationRequestSchema.js';

// The command line checks an option that sets a request field against the field's own schema,
// so `--paths` and `"paths"` take the same numbers.

describe('options that set request fields take their bounds from the request schemas', () => {
  it('paths, seed and horizon: one declaration, in every body that takes them', () => {
    expect(wholeNumberBounds(pathsSchema)).toEqual({ min: 1, max: MAX_PATHS });
    expect(wholeNumberBounds(seedSchema)).toEqual({ min: 0, max: MAX_SEED });
    expect(wholeNumberBounds(horizonSchema)).toEqual({ min: 1991, max: MAX_HORIZON });
    for (const schema of [SimulationRequestSchema, compareRequestSchema, sweepRequestSchema]) {
      expect(wholeNumberBounds(schema.shape.paths)).toEqual(wholeNumberBounds(pathsSchema));
      expect(wholeNumberBounds(schema.shape.horizon)).toEqual(wholeNumberBounds(horizonSchema));
    }
    for (const schema of [SimulationRequestSchema, compareRequestSchema, sweepRequestSchema, sensitivityRequestSchema, backtestRequestSchema]) {
      expect(wholeNumberBounds(schema.shape.seed)).toEqual(wholeNumberBounds(seedSchema));
    }
  });

  it('the analyses’ own counts keep their bounds', () => {
    expect(wholeNumberBounds(sensitivityRequestSchema.shape.samples)).toEqual({ min: 2, max: MAX_SENSITIVITY_SAMPLES });
    expect(wholeNumberBounds(sensitivityRequestSchema.shape.innerPaths)).toEqual({ min: 1, max: MAX_INNER_PATHS });
    expect(wholeNumberBounds(sensitivityRequestSchema.shape.resamples)).toEqual({ min: 10, max: 10_000 });
    expect(wholeNumberBounds(backtestRequestSchema.shape.samples)).toEqual({ min: 100, max: 100_000 });
  });

  it('parses and refuses as integerOption does, naming the option', () => {
    expect(integerField(undefined, 'paths', pathsSchema)).toBeUndefined();
    expect(integerField('1_000', 'paths', pathsSchema)).toBe(1000);
    expect(() => integerField('0', 'paths', pathsSchema)).toThrow(new UsageError(`--paths: expected a whole number from 1 to ${MAX_PATHS}, got "0"`));
    expect(() => integerField('2.5', 'seed', seedSchema)).toThrow(UsageError);
  });

  it('ranges (the back-test’s origins and horizons) take the bounds of their request field', () => {
    const { origins, horizons } = backtestRequestSchema.shape;
    expect(rangeField('2019..2021', 'origins', origins)).toEqual({ from: 2019, to: 2021 });
    expect(rangeField('3', 'horizons', horizons)).toEqual({ from: 3, to: 3 });
    expect(() => rangeField('1989..2000', 'origins', origins)).toThrow(new UsageError(`--origins: expected FROM..TO with 1990 ≤ FROM ≤ TO ≤ ${MAX_HORIZON} (e.g. 1990..1994), got "1989..2000"`));
    expect(() => rangeField(`1..${MAX_BACKTEST_HORIZON + 1}`, 'horizons', horizons)).toThrow(
      new UsageError(`--horizons: expected FROM..TO with 1 ≤ FROM ≤ TO ≤ ${MAX_BACKTEST_HORIZON} (e.g. 1..5), got "1..${MAX_BACKTEST_HORIZON + 1}"`),
    );
  });

  it('refuses a schema without whole-number bounds (a programming error, not a usage one)', () => {
    expect(() => wholeNumberBounds(sweepRequestSchema.shape.output)).toThrow('bounded whole-number schema');
  });
});
