import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../../src/scenario/scenarioSchema.js';
import { schemaFieldNames } from '../../src/scenario/schemaFieldNames.js';

describe('schemaFieldNames', () => {
  it('lists the fields of the object at a path, through records, lists and optional parts', () => {
    expect(schemaFieldNames(ScenarioSchema, ['oil'], {})).toEqual(['start', 'longRunPrice', 'meanReversion', 'volatility']);
    expect(schemaFieldNames(ScenarioSchema, ['sectors', 'cars', 'market'], {})).toEqual(['value', 'source']);
    expect(schemaFieldNames(ScenarioSchema, ['targets', 0], {})).toEqual(['id', 'label', 'year', 'expression']);
    expect(schemaFieldNames(ScenarioSchema, ['regimes', 'states', 'thaw', 'entryJump'], {})).toEqual(['exports', 'imports']);
  });

  it('picks the distribution the input names, else offers every distribution’s fields', () => {
    const input = { oil: { volatility: { dist: 'lognormal' } } };
    expect(schemaFieldNames(ScenarioSchema, ['oil', 'volatility'], input)).toEqual(['dist', 'median', 'sigma', 'source']);
    expect(schemaFieldNames(ScenarioSchema, ['oil', 'volatility'], {})).toEqual(expect.arrayContaining(['median', 'alpha', 'mode', 'values']));
  });

  it('is empty where the schema holds no object', () => {
    expect(schemaFieldNames(ScenarioSchema, ['horizon'], {})).toEqual([]);
    expect(schemaFieldNames(ScenarioSchema, ['nowhere', 'at', 'all'], {})).toEqual([]);
  });
});
