import type { z } from 'zod';
import { didYouMean } from './didYouMean.js';
import { isPlainObject } from './mergeScenario.js';
import { ScenarioSchema, type Scenario } from './scenarioSchema.js';
import { fromZodIssue, type ScenarioIssue } from './scenarioIssue.js';
import { schemaFieldNames } from './schemaFieldNames.js';

/**
 * Where a field came from, for messages: a file and line, or the `--set` that wrote it, and the
 * field's path as that file writes it when it differs (a target merged by id sits at another
 * index of the merged list than in its file). Spread over an issue, it names the field there.
 */
export type Locate = (path: readonly (string | number)[]) => { file?: string; line?: number; path?: readonly (string | number)[] };

/** What a knob must state besides its value; a knob missing any of them is reported once. */
const KNOB_REQUIRED_FIELDS = ['min', 'max', 'unit', 'label', 'source'] as const;

/**
 * Validates a merged scenario object (extends and overrides applied) against the schema; each
 * problem comes back with its field path and, through `locate`, the file and line that hold it.
 * `overridePaths` (as `applyOverrides` returns them) let an override that names no knob or
 * field be reported as the override's fault, with the nearest names.
 */
export function parseScenario(merged: unknown, locate: Locate, overridePaths: readonly (readonly string[])[] = []): { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] } {
  const parsed = ScenarioSchema.safeParse(merged);
  if (parsed.success) return { ok: true, scenario: parsed.data };
  const context = { schema: ScenarioSchema, input: merged };
  const issues: ScenarioIssue[] = [];
  const incompleteKnobs = new Map<string, string[]>();
  for (const issue of parsed.error.issues) {
    const override = unknownOverride(issue, overridePaths);
    if (override) {
      if (!issues.some((known) => known.path.join('.') === override.join('.'))) issues.push({ path: override, message: unknownOverrideMessage(override, merged), ...locate(override) });
      continue;
    }
    const described = fromZodIssue(issue, context);
    const knob = missingKnobField(described);
    if (knob) {
      const missing = incompleteKnobs.get(knob.name);
      if (missing) missing.push(knob.field);
      else {
        incompleteKnobs.set(knob.name, [knob.field]);
        // one issue for the knob, worded below once every missing field is known
        issues.push({ path: ['knobs', knob.name], message: '', ...locate(['knobs', knob.name]) });
      }
      continue;
    }
    issues.push({ ...described, ...locate(described.path) });
  }
  const knobNames = isPlainObject(merged) && isPlainObject(merged.knobs) ? Object.keys(merged.knobs) : [];
  return {
    ok: false,
    issues: issues.map((issue) => {
      const name = issue.path[0] === 'knobs' && issue.path.length === 2 ? String(issue.path[1]) : null;
      const missing = name === null ? undefined : incompleteKnobs.get(name);
      return missing ? { ...issue, message: incompleteKnobMessage(name!, missing, knobNames) } : issue;
    }),
  };
}

/** The `--set key` that wrote an issue's path when the issue is that the key names no field. */
function unknownOverride(issue: z.core.$ZodIssue, overridePaths: readonly (readonly string[])[]): string[] | null {
  if (issue.code !== 'unrecognized_keys') return null;
  for (const path of overridePaths) {
    const unknownAt = issue.path.length;
    const prefixMatches = issue.path.every((part, i) => String(part) === path[i]);
    if (prefixMatches && path.length > unknownAt && issue.keys.includes(path[unknownAt]!)) return [...path];
  }
  return null;
}

function unknownOverrideMessage(path: readonly string[], merged: unknown): string {
  const key = path.join('.');
  const knobs = isPlainObject(merged) && isPlainObject(merged.knobs) ? Object.keys(merged.knobs) : [];
  const candidates = path.length === 1 ? [...knobs, ...schemaFieldNames(ScenarioSchema, [], merged)] : [...leafPaths(merged, []).filter((candidate) => candidate !== key), ...knobs];
  const suggestion = didYouMean(key, candidates);
  const what = path.length === 1 ? `no knob or top-level field "${key}"` : `no field "${key}" in the scenario`;
  return `${what}; ${suggestion || `knobs: ${knobs.join(', ') || '(none)'}; a field is named by its dotted path, e.g. oil.volatility.mean`}`;
}

/** Dotted paths of every leaf (number, text, list) of a merged scenario. */
function leafPaths(value: unknown, path: readonly string[]): string[] {
  if (!isPlainObject(value)) return path.length > 0 ? [path.join('.')] : [];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...path, key]));
}

/** `knobs.<name>.<required field>: missing …` */
function missingKnobField(issue: Omit<ScenarioIssue, 'file' | 'line'>): { name: string; field: string } | null {
  const [top, name, field] = issue.path;
  if (top !== 'knobs' || issue.path.length !== 3 || typeof name !== 'string' || !(KNOB_REQUIRED_FIELDS as readonly unknown[]).includes(field)) return null;
  return issue.message.startsWith('missing') ? { name, field: field as string } : null;
}

/** One message for a knob that states only some of what a knob needs: usually a misspelt name. */
function incompleteKnobMessage(name: string, missing: readonly string[], knobNames: readonly string[]): string {
  const suggestion = didYouMean(
    name,
    knobNames.filter((other) => other !== name),
  );
  const needs = `needs ${KNOB_REQUIRED_FIELDS.slice(0, -1).join(', ')} and ${KNOB_REQUIRED_FIELDS.at(-1)} besides its value; missing: ${missing.join(', ')}`;
  return suggestion ? `unknown knob "${name}"; ${suggestion} (a new knob ${needs})` : `new knob "${name}" ${needs}`;
}
