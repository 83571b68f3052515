import { isScalar, parseDocument, Scalar } from 'yaml';

/** A field to set: its path in the file and its new value. */
export interface FieldValue {
  readonly path: readonly (string | number)[];
  readonly value: number | string;
}

export interface RewriteResult {
  readonly text: string;
  /** fields written */
  readonly written: readonly (readonly (string | number)[])[];
  /** fields this file does not hold (inherited through `extends`, or absent), not written */
  readonly absent: readonly (readonly (string | number)[])[];
}

/**
 * Sets scalar fields of a scenario file's text (YAML, or JSON) and leaves every other byte as it
 * was: the yaml Document API locates each field's node, and only the characters of its value are
 * replaced, in the quoting style the file used (plain, single or double quotes). Comments, key
 * order, flow maps, folded text and blank lines survive. A field the file does not hold is not
 * added (it is inherited or absent: the caller decides); a field that is a map or list is a
 * programmer error.
 */
export function rewriteScenarioText(text: string, fields: readonly FieldValue[]): RewriteResult {
  const document = parseDocument(text, { keepSourceTokens: false });
  if (document.errors.length > 0) throw new Error(`cannot rewrite a file that does not parse: ${document.errors[0]!.message}`);
  const edits: { start: number; end: number; text: string }[] = [];
  const written: FieldValue['path'][] = [];
  const absent: FieldValue['path'][] = [];
  for (const field of fields) {
    const node = document.getIn(field.path, true);
    if (node === undefined) {
      absent.push(field.path);
      continue;
    }
    if (!isScalar(node) || !node.range) throw new Error(`${field.path.join('.')} is not a scalar field`);
    edits.push({ start: node.range[0], end: node.range[1], text: renderScalar(node, field.value) });
    written.push(field.path);
  }
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  const check = parseDocument(result);
  for (const field of fields.filter((f) => written.includes(f.path))) {
    const value = check.getIn(field.path);
    if (value !== field.value) throw new Error(`rewriting ${field.path.join('.')} gave ${JSON.stringify(value)}, not ${JSON.stringify(field.value)}`);
  }
  return { text: result, written, absent };
}

/** A value as text in the style of the node it replaces. */
function renderScalar(node: Scalar, value: number | string): string {
  if (typeof value === 'number') return String(value);
  if (node.type === Scalar.QUOTE_SINGLE) return `'${value.replaceAll("'", "''")}'`;
  if (node.type === Scalar.PLAIN && isPlainSafe(value)) return value;
  return JSON.stringify(value);
}

/** Whether a string reads back as the same string when written without quotes. */
function isPlainSafe(value: string): boolean {
  if (value === '' || value !== value.trim() || /[\n#:]|^[-?[\]{},&*!|>'"%@`]/.test(value)) return false;
  return parseDocument(`key: ${value}`).get('key') === value;
}
