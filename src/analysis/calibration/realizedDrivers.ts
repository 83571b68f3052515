import type { DriverTable } from '../../scenario/parseDriversHistory.js';
import { crudeAt, find, roubleAt, round, type SourcedNumber } from '../rebase/originFacts.js';

/** What the drivers of the model were in a past year, each with the data row it comes from. */
export interface RealizedDrivers {
  readonly year: number;
  /** US$/bbl: China's import unit value of Russian crude, or Brent's annual average as its proxy */
  readonly oilPrice: SourcedNumber & { readonly proxy: boolean };
  /** annual average RUB per CNY */
  readonly rubPerCny: SourcedNumber;
  /** Russian crude into China, Mt/yr */
  readonly crudeVolume: SourcedNumber;
}

const CRUDE_VOLUME = 'china_crude_imports_from_russia_volume';
const BRENT = 'brent_usd_bbl_avg';

/**
 * The model's drivers in a past year, read as a projection's origin reads them (`originFacts`):
 * the oil price is China's import unit value of Russian crude where the tables have the crude
 * value and volume (full year, a January-to-month period, or the derived unit-value row); before
 * 2020 they have volumes only, and Brent's annual average stands in for the unit value (their
 * ratio was 0.97–1.07 in 2020–21, the years both exist before the 2022 discount). The crude
 * volume is the year's, else the longest January-to-month period × 12/months. Null with the
 * reasons when a driver is missing.
 */
export function realizedDrivers(tables: readonly DriverTable[], year: number): { readonly ok: true; readonly drivers: RealizedDrivers } | { readonly ok: false; readonly problems: readonly string[] } {
  const problems: string[] = [];
  const rouble = roubleAt(tables, year);
  if (typeof rouble === 'string') problems.push(rouble);
  const crude = crudeAt(tables, year);
  let oilPrice: RealizedDrivers['oilPrice'] | null = null;
  let crudeVolume: SourcedNumber | null = null;
  if (typeof crude !== 'string') {
    oilPrice = { ...crude.unitValue, proxy: false };
    crudeVolume = crude.volume;
  } else {
    const brent = find(tables, BRENT, year, 12, 'USD/bbl');
    if (brent)
      oilPrice = {
        value: brent.row.value!,
        source: `${brent.file} line ${brent.row.line}: ${year} Brent average ${brent.row.value} US$/bbl, the proxy for China's import unit value before the data have one`,
        proxy: true,
      };
    else problems.push(`no oil price for ${year}: neither China's unit value of Russian crude nor Brent in ${tables.map((t) => t.file).join(' or ')}`);
    crudeVolume = volumeAt(tables, year);
    if (!crudeVolume) problems.push(`no crude volume into China (Mt) for ${year} in ${tables.map((t) => t.file).join(' or ')}`);
  }
  if (problems.length > 0 || !oilPrice || !crudeVolume || typeof rouble === 'string') return { ok: false, problems };
  return { ok: true, drivers: { year, oilPrice, rubPerCny: rouble, crudeVolume } };
}

/** The year's crude volume, else the longest January-to-month period's × 12/months. */
function volumeAt(tables: readonly DriverTable[], year: number): SourcedNumber | null {
  const full = find(tables, CRUDE_VOLUME, year, 12, 'Mt');
  if (full) return { value: full.row.value!, source: `${full.file} line ${full.row.line}: ${year} crude into China ${full.row.value} Mt` };
  for (let months = 11; months >= 1; months--) {
    const partial = find(tables, CRUDE_VOLUME, year, months, 'Mt');
    if (partial) {
      const annual = round((partial.row.value! * 12) / months, 1);
      return { value: annual, source: `${partial.file} line ${partial.row.line}: ${partial.row.value} Mt in ${months} months × 12/${months} (assumption: even monthly flows)` };
    }
  }
  return null;
}
