import { resolveScenarioFile, resolveScenarioObject, type ResolvedScenario } from '../src/scenario/loadScenario.js';
import { shippedScenariosDir } from '../src/scenario/projectPaths.js';
import { formatIssue } from '../src/scenario/scenarioIssue.js';
import { join } from 'node:path';

/** The ids of the scenarios the project ships. */
export const SHIPPED = ['baseline', 'escalation', 'thaw', 'localisation', 'oil-slump'] as const;

/** Loads a shipped scenario (with optional --set overrides) or fails the test with the issues. */
export function shipped(id: string, overrides: Record<string, unknown> = {}): ResolvedScenario {
  const loaded = resolveScenarioFile(join(shippedScenariosDir(), `${id}.yaml`), { overrides });
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  return loaded.resolved;
}

/** Resolves an inline scenario object or fails the test with the issues. */
export function inline(raw: unknown): ResolvedScenario {
  const loaded = resolveScenarioObject(raw);
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  return loaded.resolved;
}

/** Relative tolerance comparison that reads well in assertions. */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

/** Paths of every number in a value that is NaN or ±Infinity. */
export function nonFiniteNumbers(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFiniteNumbers(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => nonFiniteNumbers(v, `${path}.${k}`));
  return [];
}
