import type { PartialYearRecord } from '../parsePartialYear.js';

/** One GACC-consistent figure of the panel: US$ bn, how it was obtained, and its line. */
export interface PanelCell {
  /** US$ bn */
  readonly value: number;
  readonly kind: 'primary' | 'derived';
  readonly line: number;
}

/** A year of the panel: its full-year total and its January-to-month cumulative figures (months 2–11). */
export interface PanelYear {
  readonly year: number;
  readonly fullYear: PanelCell | null;
  readonly cumulative: ReadonlyMap<number, PanelCell>;
}

/** Years in calendar order, each at most once. */
export type PartialYearPanel = readonly PanelYear[];

export interface PanelOptions {
  /** leave DERIVED rows out (default false: they are used, and counted apart in every report) */
  readonly primaryOnly?: boolean;
}

/**
 * The GACC-consistent partial-year series by year and month: ALTERNATIVE rows (Russian-side
 * figures) are never read; DERIVED rows are read unless `primaryOnly`. The parser has already
 * refused duplicates and cumulative figures that fall.
 */
export function partialYearPanel(records: readonly PartialYearRecord[], options: PanelOptions = {}): PartialYearPanel {
  const byYear = new Map<number, { fullYear: PanelCell | null; cumulative: Map<number, PanelCell> }>();
  for (const record of records) {
    if (record.kind === 'alternative' || (options.primaryOnly && record.kind === 'derived')) continue;
    const entry = byYear.get(record.year) ?? { fullYear: null, cumulative: new Map<number, PanelCell>() };
    const cell: PanelCell = { value: record.turnover, kind: record.kind, line: record.line };
    if (record.months === 12) entry.fullYear = cell;
    else entry.cumulative.set(record.months, cell);
    byYear.set(record.year, entry);
  }
  return [...byYear.entries()].sort(([a], [b]) => a - b).map(([year, entry]) => ({ year, ...entry }));
}

/** A year of the panel, or undefined. */
export function panelYear(panel: PartialYearPanel, year: number): PanelYear | undefined {
  return panel.find((y) => y.year === year);
}
