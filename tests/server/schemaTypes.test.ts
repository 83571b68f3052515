import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { SeriesSummary } from '../../src/core/summarise.js';
import type { HistoryBlockSchema, SeriesSummarySchema } from '../../src/run/simulationResult.js';
import type { HistoryBlock } from '../../src/scenario/history.js';
import type { ScenarioIssue } from '../../src/scenario/scenarioIssue.js';
import type { IssueSchema } from '../../src/server/schemas/errorResponseSchema.js';

/** The same data with every readonly mark removed: readonly is a promise of the engine's types, not part of the shape. */
type Plain<T> = T extends readonly (infer Item)[] ? Plain<Item>[] : T extends object ? { -readonly [K in keyof T]: Plain<T[K]> } : T;

// `npm test` type-checks this file: a field added to the core's types but not to the result's
// schema (or the other way round) fails the build, so the OpenAPI document cannot drift. The
// result itself is typed from its schema (src/run/simulationResult.ts).
describe('the API schemas describe the core’s types exactly', () => {
  it('SeriesSummarySchema ≡ SeriesSummary', () => {
    expectTypeOf<Plain<z.output<typeof SeriesSummarySchema>>>().toEqualTypeOf<Plain<SeriesSummary>>();
  });

  it('HistoryBlockSchema ≡ HistoryBlock', () => {
    expectTypeOf<Plain<z.output<typeof HistoryBlockSchema>>>().toEqualTypeOf<Plain<HistoryBlock>>();
  });

  it('IssueSchema ≡ ScenarioIssue', () => {
    expectTypeOf<Plain<z.output<typeof IssueSchema>>>().toEqualTypeOf<Plain<ScenarioIssue>>();
  });
});
