import type { History } from './history.js';
import type { ResolvedScenario } from './loadScenario.js';
import { applyOverrides, isPlainObject } from './mergeScenario.js';
import { parseScenario } from './parseScenario.js';
import type { ScenarioIssue } from './scenarioIssue.js';

export type InMemoryResult = { readonly ok: true; readonly resolved: ResolvedScenario } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/**
 * Validates an already-resolved scenario (as the API serves it, `extends` applied) with
 * `key=value` overrides, without touching files: what the page's Web Worker runs on. Applies
 * overrides exactly as the command line's `--set` does, so the same inputs give the same
 * result bytes in the browser, the CLI and the API.
 */
export function resolveInMemory(id: string, scenario: unknown, history: History, overrides: Readonly<Record<string, unknown>> = {}): InMemoryResult {
  if (!isPlainObject(scenario)) return { ok: false, issues: [{ path: [], message: 'a scenario must be an object' }] };
  const merged = structuredClone(scenario) as Record<string, unknown>;
  const applied = applyOverrides(merged, overrides);
  if (applied.issues.length > 0) return { ok: false, issues: applied.issues };
  const locate = (path: readonly (string | number)[]) => applied.sourceOf(path) ?? {};
  const parsed = parseScenario(merged, locate, applied.paths);
  if (!parsed.ok) return parsed;
  return { ok: true, resolved: { id, scenario: parsed.scenario, history, locate } };
}
