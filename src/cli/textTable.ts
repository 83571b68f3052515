/**
 * A plain-text table for the terminal: a header row, then rows; the first `leftColumns` columns
 * are left-aligned (labels) and the others right-aligned (numbers), each as wide as its widest
 * cell. Cells are already formatted.
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], leftColumns = 1, indent = '  '): string[] {
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((cell, c) => (c < leftColumns ? padEnd(cell, widths[c]!) : padStart(cell, widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** A bar of `fraction` (0–1) of `width` characters, in eighths of a block. */
export function bar(fraction: number, width: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, fraction)) * width * 8);
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  return '█'.repeat(full) + (rest > 0 ? PARTIAL_BLOCKS[rest]! : '');
}

const PARTIAL_BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A signed number with a fixed number of decimals (−0.000 shown as 0.000). */
export function signed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return value > 0 ? `+${text}` : text.replace('-', '−');
}

/** A number with a real minus sign. */
export function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return Number(text) === 0 ? (0).toFixed(digits) : text.replace('-', '−');
}

/** A fraction as a percentage. */
export function percent(value: number, digits = 1): string {
  return `${fixed(100 * value, digits)}%`;
}

function displayWidth(text: string): number {
  return [...text].length;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
