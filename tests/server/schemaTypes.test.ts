import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { SimulationResult } from '../../src/analysis/runSimulation.js';
import type { HistoryBlock } from '../../src/scenario/history.js';
import type { ScenarioIssue } from '../../src/scenario/scenarioIssue.js';
import type { IssueSchema } from '../../src/server/schemas/errorResponseSchema.js';
import type { HistoryBlockSchema, SimulationResultSchema } from '../../src/server/schemas/simulationResultSchema.js';

/** The same data with every readonly mark removed: readonly is a promise of the engine's types, not part of the shape. */
type Plain<T> = T extends readonly (infer Item)[] ? Plain<Item>[] : T extends object ? { -readonly [K in keyof T]: Plain<T[K]> } : T;

// `npm test` type-checks this file: a field added to the engine's types but not to the API's
// schemas (or the other way round) fails the build, so the OpenAPI document cannot drift.
describe('the API schemas describe the engine’s types exactly', () => {
  it('SimulationResultSchema ≡ SimulationResult', () => {
    expectTypeOf<Plain<z.output<typeof SimulationResultSchema>>>().toEqualTypeOf<Plain<SimulationResult>>();
  });

  it('HistoryBlockSchema ≡ HistoryBlock', () => {
    expectTypeOf<Plain<z.output<typeof HistoryBlockSchema>>>().toEqualTypeOf<Plain<HistoryBlock>>();
  });

  it('IssueSchema ≡ ScenarioIssue', () => {
    expectTypeOf<Plain<z.output<typeof IssueSchema>>>().toEqualTypeOf<Plain<ScenarioIssue>>();
  });
});
