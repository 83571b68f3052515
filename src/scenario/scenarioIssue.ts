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
