import { SUPPLIERS } from '../../src/core/modelPlan.js';
import { OBSERVABLE, SHARE_OUTCOME, scheduleObservable, type ObservableName } from '../../src/scenario/observationNames.js';
import type { ScenarioDocument } from './apiClient.js';
import { SUPPLIER_LABELS } from './charts/seriesLabels.js';
import type { PageObservation } from './pageState.js';

/** One name the "what happened" panel offers, with what a person needs to enter it. */
export interface ObservationField {
  readonly name: string;
  readonly label: string;
  /** the unit of the value, as the page writes it */
  readonly unit: string;
  /** what the value is and must be, in a sentence */
  readonly hint: string;
  /** the values the model accepts, in words ("above 0") */
  readonly domain: string;
  readonly kind: ObservableName['kind'];
  /** the cumulative value of January…M may be given instead of the full year */
  readonly partialYear: boolean;
  /** the value is one of the scenario's regimes */
  readonly regime: boolean;
  /** for the picker's groups */
  readonly group: 'Drivers (held at the value on every path)' | 'Trade (paths weighted by how close they come)' | 'Shares (paths weighted by how close they come)';
}

/** The page's words for the drivers and trade totals (their units and domains come from the model's list). */
const WORDS: Readonly<Record<string, { readonly label: string; readonly unit: string; readonly what: string }>> = {
  oilPrice: { label: 'Oil price (Russian crude into China)', unit: 'US$/bbl', what: 'The year’s average price China paid for Russian crude' },
  rubPerCny: { label: 'Rouble per yuan', unit: 'RUB per CNY', what: 'The year’s average exchange rate, roubles for one yuan' },
  crudeVolume: { label: 'Crude volume to China', unit: 'Mt', what: 'Russia’s crude oil exports to China in the year, million tonnes' },
  recyclingFee: {
    label: 'Recycling-fee wedge on imported cars',
    unit: 'fraction (0.2 = +20%)',
    what: 'The fee as a price-equivalent wedge beyond the origin year’s, held from that year until the schedule’s next step',
  },
  regime: { label: 'Sanctions regime', unit: 'regime', what: 'The sanctions regime in force that year' },
  turnover: { label: 'Trade turnover', unit: 'US$ bn', what: 'Russia–China trade turnover (GACC), the whole year or January to a month' },
  exportsToChina: { label: 'Russia’s exports to China', unit: 'US$ bn', what: 'The whole year, GACC' },
  importsFromChina: { label: 'Russia’s imports from China', unit: 'US$ bn', what: 'The whole year, GACC' },
};

/** The model's domains ("> 0", "in (0, 1)") in words. */
export function domainInWords(domain: string): string {
  const words: Readonly<Record<string, string>> = { '> 0': 'above 0', '≥ 0': '0 or more', '> −1': 'above −1', 'in (0, 1)': 'between 0 and 1' };
  return words[domain] ?? domain;
}

/**
 * The names the panel offers for a scenario: the model's drivers and outcomes (its list,
 * src/scenario/observationNames.ts) with the page's labels, and each supplier's share of each
 * of the scenario's sectors. The hint gives the unit, the domain and, where the data has it,
 * the origin year's value, so a value in the wrong unit stands out.
 */
export function observationFields(doc: ScenarioDocument): ObservationField[] {
  const origin = doc.scenario.origin;
  const history = doc.history as unknown as Record<string, readonly (number | null)[] | undefined> & { years: readonly number[] };
  const atOrigin = (series: string): number | null => history[series]?.[history.years.indexOf(origin)] ?? null;
  const fields: ObservationField[] = [];
  // the model's fixed names, then the scenario's step schedules (recyclingFee …), drivers too
  const schedules = Object.entries(doc.scenario.schedules ?? {}).map(([name, schedule]) => [name, scheduleObservable(schedule.unit)] as const);
  const fixed = Object.entries(OBSERVABLE);
  const ordered = [...fixed.filter(([, o]) => o.kind === 'driver'), ...schedules, ...fixed.filter(([, o]) => o.kind !== 'driver')];
  for (const [name, observable] of ordered) {
    const schedule = doc.scenario.schedules?.[name];
    const words = WORDS[name] ?? (schedule ? { label: schedule.label, unit: schedule.unit, what: schedule.description ?? schedule.label } : { label: name, unit: observable.unit, what: name });
    const last = atOrigin(name);
    const regime = name === 'regime';
    const domain = regime ? `one of ${Object.keys(doc.scenario.regimes.states).join(', ')}` : `${domainInWords(observable.domain)} ${words.unit}`;
    fields.push({
      name,
      label: words.label,
      unit: words.unit,
      hint: `${words.what}: ${domain}.${last === null ? '' : ` ${origin}: ${last.toFixed(1)} ${words.unit}.`}`,
      domain: regime ? domain : domainInWords(observable.domain),
      kind: observable.kind,
      partialYear: observable.partialYear,
      regime,
      group: observable.kind === 'driver' ? 'Drivers (held at the value on every path)' : 'Trade (paths weighted by how close they come)',
    });
  }
  for (const [sector, definition] of Object.entries(doc.scenario.sectors)) {
    for (const supplier of SUPPLIERS) {
      const name = `share.${sector}.${supplier}`;
      const last = atOrigin(name);
      fields.push({
        name,
        label: `${SUPPLIER_LABELS[supplier] ?? supplier}’s share of ${definition.label?.toLowerCase() ?? sector}`,
        unit: 'fraction (0.517 = 51.7%)',
        hint: `A fraction of the sector’s market, ${domainInWords(SHARE_OUTCOME.domain)}.${last === null ? '' : ` ${origin}: ${last} (${(100 * last).toFixed(1)}%).`}`,
        domain: domainInWords(SHARE_OUTCOME.domain),
        kind: 'outcome',
        partialYear: false,
        regime: false,
        group: 'Shares (paths weighted by how close they come)',
      });
    }
  }
  return fields;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November'] as const;

/** "January–April" for a cumulative observation of four months. */
export function monthsInWords(months: number): string {
  return months === 1 ? 'January' : `January–${MONTH_NAMES[months - 1] ?? months}`;
}

/** How the panel lists an entry: "Oil price (Russian crude into China), 2026: 62 US$/bbl". */
export function describeObservation(observation: PageObservation, fields: readonly ObservationField[]): string {
  const field = fields.find((f) => f.name === observation.name);
  const label = field?.label ?? observation.name;
  const period = observation.months === undefined ? String(observation.year) : `${monthsInWords(observation.months)} ${observation.year}`;
  const unit = field && !field.regime ? ` ${field.unit.replace(/ \(.*\)$/, '')}` : '';
  return `${label}, ${period}: ${observation.value}${unit}`;
}
