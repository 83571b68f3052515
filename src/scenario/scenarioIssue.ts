import type { z } from 'zod';
import { didYouMean } from './didYouMean.js';
import { schemaFieldNames } from './schemaFieldNames.js';

/**
 * A problem with a scenario, as data: the field path, what was expected, and —
 * where the scenario came from a file — the file and line that hold the field.
 */
export interface ScenarioIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

/** `a.b[2].c` from a path. */
export function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text === '' ? '(scenario)' : text;
}

/** One line: `file:line: path: message`. */
export function formatIssue(issue: ScenarioIssue): string {
  const where = issue.file ? `${issue.file}${issue.line ? `:${issue.line}` : ''}: ` : '';
  return `${where}${formatPath(issue.path)}: ${issue.message}`;
}

/** Unknown keys beyond the first that a message names; the rest are counted. */
const UNKNOWN_KEYS_NAMED = 5;

/** The schema an issue came from and the input it judged, so an unknown field can be matched to the nearest known one. */
export interface IssueContext {
  readonly schema: z.ZodType;
  readonly input: unknown;
}

/** A zod issue as a scenario issue: the path of the field at fault and a message for a person. */
export function fromZodIssue(issue: z.core.$ZodIssue, context?: IssueContext): Omit<ScenarioIssue, 'file' | 'line'> {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    // point at the first unknown key itself, so the line is the misspelt one
    const first = issue.keys[0]!;
    const named = issue.keys.slice(1, 1 + UNKNOWN_KEYS_NAMED).map((k) => `"${k}"`);
    const unnamed = issue.keys.length - 1 - named.length;
    const others = named.length > 0 ? ` (also ${named.join(', ')}${unnamed > 0 ? ` and ${unnamed} more` : ''})` : '';
    const known = context ? schemaFieldNames(context.schema, path, context.input).filter((name) => !issue.keys.includes(name)) : [];
    const suggestion = didYouMean(first, known);
    return { path: [...path, first], message: `unknown field${others}; ${suggestion || 'check the spelling (the JSON Schema lists the fields)'}` };
  }
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    const last = path[path.length - 1];
    if (last === 'source') return { path, message: 'missing: name the source of this number (report, file, URL) or write "assumption: …"' };
    return { path, message: `missing: expected ${issue.expected}` };
  }
  return { path, message: issue.message };
}
