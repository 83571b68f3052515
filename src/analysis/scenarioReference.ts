import { z } from 'zod';
import { OVERRIDE_KEY_PATTERN, SCENARIO_ID_PATTERN, resolveScenarioFile, resolveScenarioObject, shippedScenarioFile, type ResolveResult, type ResolvedScenario } from '../scenario/loadScenario.js';
import { MAX_OBSERVATIONS } from '../core/defaults.js';
import { ObservationSchema, type Observation } from '../scenario/scenarioSchema.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';

/** The id of a shipped scenario in a request (GET /api/scenarios lists them): never a file path. */
export const scenarioIdSchema = z
  .string()
  .max(100)
  .regex(SCENARIO_ID_PATTERN, 'expected the id of a shipped scenario: letters, digits, - and _ (e.g. "baseline")')
  .describe('The id of a shipped scenario (GET /api/scenarios lists them), e.g. "baseline".');

/**
 * A scenario written in the request. Only `extends` is checked here (a shipped id: no file paths
 * from the network); the rest is checked after `extends` is applied, by the same code as
 * scenario files, so issues name fields of the merged scenario. The OpenAPI document shows what
 * it may hold (the `ScenarioInput` component is the scenario schema before defaults).
 */
export const inlineScenarioSchema = z.looseObject({ extends: scenarioIdSchema.optional() }).meta({
  id: 'InlineScenario',
  description:
    'A complete scenario (the Scenario schema), or an overlay: `extends` names a shipped scenario and the other fields are merged over it (objects key by key, null deletes). Data paths stay inside the shipped scenarios folder.',
  anyOf: [{ $ref: '#/components/schemas/ScenarioInput' }, { required: ['extends'] }],
});

/** A scenario in an API request: the id of a shipped scenario, or an inline scenario object. The one declaration every body uses. */
export const scenarioReferenceSchema = z.union([scenarioIdSchema, inlineScenarioSchema]);

/** Observations added to a scenario's `observe` list, as `--observe` on the command line. */
export const observationsSchema = z
  .array(ObservationSchema)
  .max(MAX_OBSERVATIONS)
  .describe('What happened in projected years, as --observe: [{"name": "oilPrice", "year": 2026, "value": 62}, {"name": "turnover", "year": 2026, "months": 4, "value": 85.2}]');

/**
 * `key: value` settings, as `--set key=value` on the command line: a knob name or a dotted field
 * path. The one declaration of a request's overrides: /api/simulations and every analysis body
 * check their keys with it.
 */
export const overridesSchema = z
  .record(z.string().max(200).regex(OVERRIDE_KEY_PATTERN, 'expected a knob name or a dotted field path (letters, digits, _ - .)'), z.unknown())
  .describe('Applied after `extends` and validated with the scenario, as `--set`: {"westernWedge": 0.5, "oil.volatility.mean": 0.35}.');

/** A scenario with optional `key=value` overrides (knob names or dotted field paths), observations and a label. */
export const scenarioEntrySchema = z
  .object({
    scenario: scenarioReferenceSchema,
    overrides: overridesSchema.optional(),
    observations: observationsSchema.optional(),
    label: z.string().min(1).max(200).optional().describe('how the scenario is named in the result (default: its id)'),
  })
  .strict();

export type ScenarioReference = z.infer<typeof scenarioReferenceSchema>;
export type ScenarioEntry = z.infer<typeof scenarioEntrySchema>;

/** Resolves a reference from a request: a shipped id, or an inline object; issues name the field. */
export function resolveScenarioReference(reference: ScenarioReference, overrides: Readonly<Record<string, unknown>> = {}, observations: readonly Observation[] = []): ResolveResult {
  const options = { overrides, observations: requestObservations(observations) };
  if (typeof reference === 'string') {
    const file = shippedScenarioFile(reference);
    if (!file) return { ok: false, issues: [{ path: ['scenario'], message: `no shipped scenario "${reference}"` }] };
    return resolveScenarioFile(file, options);
  }
  return resolveScenarioObject(reference, options);
}

/** A request's observations as the scenario loader takes them, each named by its place in the body. */
export function requestObservations(observations: readonly Observation[]): { readonly observation: Observation; readonly label: string }[] {
  return observations.map((observation, i) => ({ observation, label: `observations[${i}]` }));
}

/**
 * Resolves the scenarios of a request body, each at its place in the body (`scenarios[1]…` or
 * the top level): the resolved scenarios, or every issue with its path prefixed.
 */
export function resolveRequestScenarios(
  entries: readonly { readonly scenario: ScenarioReference; readonly overrides?: Readonly<Record<string, unknown>> | undefined; readonly observations?: readonly Observation[] | undefined }[],
  prefix: (index: number) => readonly (string | number)[],
): { readonly ok: true; readonly resolved: readonly ResolvedScenario[] } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] } {
  const resolved: ResolvedScenario[] = [];
  const issues: ScenarioIssue[] = [];
  entries.forEach((entry, i) => {
    const result = resolveScenarioReference(entry.scenario, entry.overrides ?? {}, entry.observations ?? []);
    if (result.ok) resolved.push(result.resolved);
    else issues.push(...result.issues.map((issue) => ({ ...issue, path: [...prefix(i), ...issue.path] })));
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, resolved };
}
