import type { History, HistoryYear } from '../../scenario/history.js';
import { realizedDrivers, type RealizedDrivers } from '../calibration/realizedDrivers.js';

/** How an origin's export/import split was obtained. */
export type SplitBasis = 'stated' | 'derived' | 'carried';

/** What the data say about a past year, as a back-test origin reads it (data of that year and before only). */
export interface OriginState {
  readonly year: number;
  /** US$ bn */
  readonly turnover: number;
  /** Russia's exports to China, US$ bn */
  readonly exportsToChina: number;
  /** Russia's imports from China, US$ bn */
  readonly importsFromChina: number;
  /** stated; derived (one side stated, the other = total − it); carried (the exports' share of the latest earlier stated split) */
  readonly splitBasis: SplitBasis;
  readonly drivers: RealizedDrivers;
  /** the regime in force (data.regimes), or null where the data have none */
  readonly regime: string | null;
  /** Chinese brands' share of new-car sales, or null */
  readonly carShareChina: number | null;
}

export type OriginStateResult = { readonly ok: true; readonly state: OriginState } | { readonly ok: false; readonly reason: string };

/**
 * The state of year `year` from the data: its stated, non-suspect turnover, its export/import
 * split (stated, else derived from one stated side of the same year, else carried as the
 * exports' share of the latest earlier year with a stated split), the drivers
 * (`realizedDrivers`), the regime and the car share. Reads nothing after `year`.
 */
export function originState(history: History, year: number): OriginStateResult {
  const row = history.years.find((y) => y.year === year);
  if (!row || row.turnover === null) return { ok: false, reason: `no turnover in the data for ${year}` };
  if (row.flags.includes('suspect')) return { ok: false, reason: `the level of ${year} is flagged suspect: no forecast is anchored on it` };
  const split = splitAt(history.years, row);
  if (!split) return { ok: false, reason: `no export/import split stated for ${year} or any earlier year` };
  const drivers = realizedDrivers(history.drivers ?? [], year);
  if (!drivers.ok) return { ok: false, reason: drivers.problems.join('; ') };
  const regime = history.regimes?.find((r) => r.year === year)?.regime ?? null;
  const carShareChina = history.carShareChina[year] ?? null;
  return { ok: true, state: { year, turnover: row.turnover, ...split, drivers: drivers.drivers, regime, carShareChina } };
}

function splitAt(years: readonly HistoryYear[], row: HistoryYear): Pick<OriginState, 'exportsToChina' | 'importsFromChina' | 'splitBasis'> | null {
  const total = row.turnover!;
  if (row.exportsToChina !== null && row.importsFromChina !== null) return { exportsToChina: row.exportsToChina, importsFromChina: row.importsFromChina, splitBasis: 'stated' };
  if (row.exportsToChina !== null) return { exportsToChina: row.exportsToChina, importsFromChina: total - row.exportsToChina, splitBasis: 'derived' };
  if (row.importsFromChina !== null) return { exportsToChina: total - row.importsFromChina, importsFromChina: row.importsFromChina, splitBasis: 'derived' };
  const earlier = years.filter((y) => y.year < row.year && y.exportsToChina !== null && y.importsFromChina !== null && !y.flags.includes('suspect')).at(-1);
  if (!earlier) return null;
  const share = earlier.exportsToChina! / (earlier.exportsToChina! + earlier.importsFromChina!);
  return { exportsToChina: total * share, importsFromChina: total * (1 - share), splitBasis: 'carried' };
}
