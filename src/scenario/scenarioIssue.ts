import type { z } from 'zod';

/**
 * A problem with a scenario, as data (STYLE 5): the field path, what was expected, and —
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

/** A zod issue as a scenario issue: the path of the field at fault and a message for a person. */
export function fromZodIssue(issue: z.core.$ZodIssue): Omit<ScenarioIssue, 'file' | 'line'> {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    return { path, message: `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling (the JSON Schema lists the fields)` };
  }
  return { path, message: issue.message };
}
