import type { ScenarioDocument } from './apiClient.js';
import { element, make } from './dom.js';
import { describeObservation, monthsInWords, observationFields, type ObservationField } from './observationFields.js';
import { page } from './pageContext.js';
import { observationText, type PageObservation } from './pageState.js';
import { onShown, onStateChange, requestRun } from './projection.js';

/**
 * The "what happened" panel: pick a name, a projected year (and, for turnover, the months of a
 * cumulative value), enter the value in the unit shown; the entry joins the runs and the link.
 * Each entry says how it was used, or why the model refused it.
 */

let fields: ObservationField[] = [];

const nameSelect = () => element<HTMLSelectElement>('observation-name');
const fieldNamed = (name: string) => fields.find((f) => f.name === name);

/** Fills the pickers for a scenario: its observable names, its projected years, its regimes. */
export function renderObservationForm(doc: ScenarioDocument): void {
  fields = observationFields(doc);
  const chosen = nameSelect().value;
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const field of fields) {
    let group = groups.get(field.group);
    if (!group) groups.set(field.group, (group = make('optgroup', '', { label: field.group })));
    group.append(new Option(field.label, field.name));
  }
  nameSelect().replaceChildren(...groups.values());
  if (fieldNamed(chosen)) nameSelect().value = chosen;
  const yearSelect = element<HTMLSelectElement>('observation-year');
  const year = yearSelect.value;
  const years = Array.from({ length: doc.scenario.horizon - doc.scenario.origin }, (_, i) => doc.scenario.origin + 1 + i);
  yearSelect.replaceChildren(...years.map((y) => new Option(String(y), String(y))));
  if (years.map(String).includes(year)) yearSelect.value = year;
  element<HTMLSelectElement>('observation-regime').replaceChildren(...Object.keys(doc.scenario.regimes.states).map((r) => new Option(r, r)));
  fitFormToName();
  renderObservationList();
}

/** Shows the unit, the hint and the right value control for the chosen name. */
function fitFormToName(): void {
  const field = fieldNamed(nameSelect().value);
  if (!field) return;
  element('observation-unit').textContent = field.regime ? '' : field.unit;
  element('observation-hint').textContent = field.hint;
  element('observation-value').hidden = field.regime;
  element('observation-regime').hidden = !field.regime;
  element('observation-months-control').hidden = !field.partialYear;
  const months = element<HTMLSelectElement>('observation-months');
  if (months.options.length === 0) months.replaceChildren(new Option('Whole year', ''), ...Array.from({ length: 11 }, (_, i) => new Option(`${monthsInWords(i + 1)} (cumulative)`, String(i + 1))));
  if (!field.partialYear) months.value = '';
}

/** The entry the form describes, or a sentence saying what is missing. */
function entryFromForm(): PageObservation | string {
  const field = fieldNamed(nameSelect().value);
  if (!field) return 'Choose what happened.';
  const year = Number(element<HTMLSelectElement>('observation-year').value);
  const monthsText = element<HTMLSelectElement>('observation-months').value;
  const months = field.partialYear && monthsText !== '' ? { months: Number(monthsText) } : {};
  if (field.regime) return { name: field.name, year, ...months, value: element<HTMLSelectElement>('observation-regime').value };
  const text = element<HTMLInputElement>('observation-value').value.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) return `Enter the value as a number, in ${field.unit}.`;
  return { name: field.name, year, ...months, value };
}

/** What the run on screen did with an entry: held on every path, or the paths it left. */
function usedAs(observation: PageObservation): string {
  const shown = page.shown;
  if (!shown || !shown.spec.observations.some((o) => observationText(o) === observationText(observation))) return 'Running…';
  const summary = shown.outcome.result.observations?.find((o) => o.name === observation.name && o.year === observation.year && (o.months ?? undefined) === observation.months);
  if (summary?.kind === 'driver') return 'Held at this value on every path.';
  if (summary?.effectiveSampleSize !== undefined) {
    return `The paths are weighted by how close they come: together worth ${Math.round(summary.effectiveSampleSize).toLocaleString('en-US')} of ${shown.outcome.result.paths.toLocaleString('en-US')} independent paths.`;
  }
  return 'Included in the run on screen.';
}

/** The entries: those in the runs, then those the model refused, each with a button to remove it. */
function renderObservationList(): void {
  const list = element('observation-list');
  const item = (observation: PageObservation, state: 'applied' | 'refused', status: string, remove: () => void) => {
    const text = describeObservation(observation, fields);
    const li = make('li', '', { 'data-observation': observationText(observation), 'data-state': state });
    const button = make('button', 'Remove', { type: 'button', 'aria-label': `Remove ${text}` });
    button.addEventListener('click', remove);
    li.append(make('span', text, { class: 'observation-text' }), button, make('p', status, { class: state === 'refused' ? 'field-error' : 'note' }));
    return li;
  };
  list.replaceChildren(
    ...page.state.observations.map((observation) =>
      item(observation, 'applied', usedAs(observation), () => {
        page.state.observations = page.state.observations.filter((o) => observationText(o) !== observationText(observation));
        requestRun();
      }),
    ),
    ...page.refused.map((refused) =>
      item(refused.observation, 'refused', `Not applied: ${refused.message}`, () => {
        page.refused = page.refused.filter((r) => r !== refused);
        renderObservationList();
      }),
    ),
  );
}

export function wireObservationPanel(): void {
  nameSelect().addEventListener('change', fitFormToName);
  element('observation-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const entry = entryFromForm();
    const error = element('observation-form-error');
    error.hidden = typeof entry !== 'string';
    if (typeof entry === 'string') {
      error.textContent = entry;
      return;
    }
    const text = observationText(entry);
    const sameSlot = (o: PageObservation) => o.name === entry.name && o.year === entry.year && o.months === entry.months;
    // a new value for a name and year replaces the one entered before
    page.refused = page.refused.filter((r) => !sameSlot(r.observation) && observationText(r.observation) !== text);
    page.state.observations = [...page.state.observations.filter((o) => !sameSlot(o)), entry];
    requestRun();
  });
  onStateChange(renderObservationList);
  onShown(renderObservationList);
}
