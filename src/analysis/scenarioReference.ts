import { z } from 'zod';
import { resolveScenarioFile, resolveScenarioObject, shippedScenarioFile, type ResolveResult, type ResolvedScenario } from '../scenario/loadScenario.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';

/** A scenario in an API request: the id of a shipped scenario, or an inline scenario object. */
export const scenarioReferenceSchema = z.union([
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'expected the id of a shipped scenario, e.g. baseline')
    .describe('id of a shipped scenario (baseline, escalation, thaw, localisation, oil-slump)'),
  z.record(z.string(), z.unknown()).describe('an inline scenario object (may `extends` a shipped one)'),
]);

/** A scenario with optional `key=value` overrides (knob names or dotted field paths) and a label. */
export const scenarioEntrySchema = z
  .object({
    scenario: scenarioReferenceSchema,
    overrides: z.record(z.string(), z.unknown()).optional().describe('knob or field overrides, as `--set` on the command line'),
    label: z.string().min(1).max(200).optional().describe('how the scenario is named in the result (default: its id)'),
  })
  .strict();

export type ScenarioReference = z.infer<typeof scenarioReferenceSchema>;
export type ScenarioEntry = z.infer<typeof scenarioEntrySchema>;

/** Resolves a reference from a request: a shipped id, or an inline object; issues name the field. */
export function resolveScenarioReference(reference: ScenarioReference, overrides: Readonly<Record<string, unknown>> = {}): ResolveResult {
  if (typeof reference === 'string') {
    const file = shippedScenarioFile(reference);
    if (!file) return { ok: false, issues: [{ path: ['scenario'], message: `no shipped scenario "${reference}"` }] };
    return resolveScenarioFile(file, { overrides });
  }
  return resolveScenarioObject(reference, { overrides });
}

/**
 * Resolves the scenarios of a request body, each at its place in the body (`scenarios[1]…` or
 * the top level): the resolved scenarios, or every issue with its path prefixed.
 */
export function resolveRequestScenarios(
  entries: readonly { readonly scenario: ScenarioReference; readonly overrides?: Readonly<Record<string, unknown>> | undefined }[],
  prefix: (index: number) => readonly (string | number)[],
): { readonly ok: true; readonly resolved: readonly ResolvedScenario[] } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] } {
  const resolved: ResolvedScenario[] = [];
  const issues: ScenarioIssue[] = [];
  entries.forEach((entry, i) => {
    const result = resolveScenarioReference(entry.scenario, entry.overrides ?? {});
    if (result.ok) resolved.push(result.resolved);
    else issues.push(...result.issues.map((issue) => ({ ...issue, path: [...prefix(i), ...issue.path] })));
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, resolved };
}
