/**
 * Parses RFC 4180 CSV text (quoted fields, doubled quotes, CRLF or LF) into rows keyed by the
 * header. Returns the 1-based line of each row too, so data errors can point at the file.
 */
export interface CsvRow {
  readonly line: number;
  readonly fields: Readonly<Record<string, string>>;
}

export function parseCsv(text: string): { readonly header: readonly string[]; readonly rows: readonly CsvRow[] } {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: recordLine, cells });
      cells = [];
      cell = '';
      line++;
      recordLine = line;
    } else cell += c;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: recordLine, cells });
  }
  const nonEmpty = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonEmpty[0]?.cells.map((h) => h.trim()) ?? [];
  const rows = nonEmpty.slice(1).map(({ line: rowLine, cells: rowCells }) => {
    const fields: Record<string, string> = {};
    header.forEach((name, i) => (fields[name] = (rowCells[i] ?? '').trim()));
    return { line: rowLine, fields };
  });
  return { header, rows };
}
