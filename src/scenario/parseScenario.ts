import { ScenarioSchema, type Scenario } from './scenarioSchema.js';
import { fromZodIssue, type ScenarioIssue } from './scenarioIssue.js';

/** Where a field came from, for messages: a file and line, or the `--set` that wrote it. */
export type Locate = (path: readonly (string | number)[]) => { file?: string; line?: number };

/**
 * Validates a merged scenario object (extends and overrides applied) against the schema; each
 * problem comes back with its field path and, through `locate`, the file and line that hold it.
 */
export function parseScenario(merged: unknown, locate: Locate): { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] } {
  const parsed = ScenarioSchema.safeParse(merged);
  if (parsed.success) return { ok: true, scenario: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => {
      const described = fromZodIssue(issue);
      return { ...described, ...locate(described.path) };
    }),
  };
}
