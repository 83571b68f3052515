/**
 * A problem with a row of a data file, as data: the file, the 1-based line of the row, the
 * column at fault where there is one, and what was expected.
 */
export interface DataIssue {
  readonly file: string;
  readonly line: number;
  readonly column?: string;
  readonly message: string;
}

/** Records read from a data file, or every problem found in it. */
export type DataParseResult<T> = { readonly ok: true; readonly records: readonly T[] } | { readonly ok: false; readonly issues: readonly DataIssue[] };

/** One line: `file:line: column: message`. */
export function formatDataIssue(issue: DataIssue): string {
  return `${issue.file}:${issue.line}: ${issue.column ? `${issue.column}: ` : ''}${issue.message}`;
}

/** Issues for the columns a header lacks (reported on line 1). */
export function missingColumns(header: readonly string[], required: readonly string[], file: string): DataIssue[] {
  const missing = required.filter((name) => !header.includes(name));
  return missing.length === 0 ? [] : [{ file, line: 1, message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected the header ${required.join(',')}` }];
}

/** A number cell: null when blank, NaN when it holds something that is not a finite number. */
export function numberCell(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}
