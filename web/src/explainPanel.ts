import type { ChartConfiguration } from 'chart.js';
import type { ExplainPart, ExplainResult } from '../../src/analysis/explainDifference.js';
import { OBSERVABLE } from '../../src/scenario/observationNames.js';
import type { Knob } from '../../src/scenario/scenarioSchema.js';
import { api, ApiError, type ScenarioDocument } from './apiClient.js';
import { draw } from './chartBoard.js';
import { displayUnit, formatChange, formatLevel, formatStandardError } from './charts/displayUnits.js';
import { waterfallChartConfig, type WaterfallLabels } from './charts/waterfallChart.js';
import { element, make } from './dom.js';
import { describeSpec, page, scenarioName, specOf } from './pageContext.js';
import { observationText, runSpecKey, type PageObservation, type RunSpec } from './pageState.js';
import { errorInWords, largestPathsIn } from './pageWording.js';
import { onStateChange } from './projection.js';

/**
 * "Why does it differ?": B − A of one output (a median, or a target's probability) split between
 * the inputs that differ, by the server's attribution (POST /api/compare with `explain`, the
 * same bytes as `tradecast compare A B --explain`), drawn as a waterfall. B is the projection on
 * the controls; A the pinned one, or a shipped scenario as it ships.
 */

/** Fewest paths for which the attribution gives a median's standard error (batch means). */
const MIN_PATHS_FOR_STANDARD_ERRORS = 400;

/** The attribution on screen: what it was computed for. */
let explained: { key: string; note: string } | null = null;

const referenceSelect = () => element<HTMLSelectElement>('explain-reference');
const outputSelect = () => element<HTMLSelectElement>('explain-output');

/** The outputs offered for a scenario: the headline medians in the horizon year and each target's probability. */
export function renderExplainControls(doc: ScenarioDocument): void {
  const horizon = doc.scenario.horizon;
  const chosen = outputSelect().value;
  const options = [
    new Option(`the median turnover in ${horizon}`, `turnover@${horizon}`),
    new Option(`the median exports to China in ${horizon}`, `exportsToChina@${horizon}`),
    new Option(`the median imports from China in ${horizon}`, `importsFromChina@${horizon}`),
    ...('cars' in doc.scenario.sectors ? [new Option(`the median Chinese share of car sales in ${horizon}`, `share.cars.china@${horizon}`)] : []),
    ...doc.scenario.targets.map((target) => new Option(`the probability: ${target.label}`, `target:${target.id}`)),
  ];
  outputSelect().replaceChildren(...options);
  if (options.some((o) => o.value === chosen)) outputSelect().value = chosen;
  renderReferences();
}

/** Whether the person picked A themselves; until then A follows the pin. */
let referenceChosen = false;

/** A: the pinned projection when there is one, else the baseline as shipped, unless the person chose another. */
function renderReferences(): void {
  const select = referenceSelect();
  const chosen = select.value;
  const pinned = new Option('the pinned projection', 'pinned');
  pinned.disabled = !page.state.pinned;
  select.replaceChildren(pinned, ...page.scenarios.map((s) => new Option(`“${s.name}” as shipped`, `scenario:${s.id}`)));
  if (referenceChosen && chosen && !(chosen === 'pinned' && pinned.disabled)) select.value = chosen;
  else {
    referenceChosen = false;
    const baseline = page.scenarios.find((s) => s.id === 'baseline') ?? page.scenarios[0];
    select.value = page.state.pinned ? 'pinned' : `scenario:${baseline?.id ?? 'baseline'}`;
  }
}

/** A's spec: the pinned run, or a shipped scenario with nothing moved, given what happened on the controls. */
function referenceSpec(current: RunSpec): { spec: RunSpec; label: string } | null {
  const value = referenceSelect().value;
  if (value === 'pinned') return page.state.pinned ? { spec: page.state.pinned, label: `Pinned: ${describeSpec(page.state.pinned).replace(/, seed .*$/, '')}` } : null;
  const id = value.slice('scenario:'.length);
  return { spec: { scenario: id, knobs: {}, observations: current.observations, paths: current.paths, seed: current.seed }, label: `“${scenarioName(id)}” as shipped` };
}

/** Why the two cannot be split, or null: the attribution covers assumptions, not what happened. */
function observationsBlock(a: readonly PageObservation[], b: readonly PageObservation[]): string | null {
  const schedules = page.documents.get(page.state.scenario)?.scenario.schedules ?? {};
  const outcome = [...a, ...b].find((o) => (OBSERVABLE[o.name]?.kind ?? (Object.hasOwn(schedules, o.name) ? 'driver' : 'outcome')) !== 'driver');
  if (outcome) {
    return `“${observationText(outcome)}” is a trade total or a share: it weights each projection’s paths differently, so the difference cannot be split path by path. Observed drivers (oil price, rouble, crude volume, regime) can be; remove the entry to explain the difference.`;
  }
  const texts = (list: readonly PageObservation[]) => list.map(observationText).sort().join(' ');
  if (texts(a) !== texts(b))
    return 'The two differ in what happened, and the split covers assumptions only, so it would leave that out. Enter the same in both (pin again after entering it) to explain the difference.';
  return null;
}

const explainKey = (a: RunSpec, b: RunSpec, output: string) => `${runSpecKey(a)}|${runSpecKey(b)}|${output}`;

function setNote(text: string, failed = false): void {
  const note = element('explain-note');
  note.textContent = text;
  note.classList.toggle('field-error', failed);
}

/** Asks the server for the attribution and draws it; `paths` overrides the current run's paths (to fit the server's limit). */
async function explain(paths?: number): Promise<void> {
  const current = specOf(page.state);
  const reference = referenceSpec(current);
  const output = outputSelect().value;
  element('explain-retry')?.remove();
  if (!reference) return setNote('Pin a projection first, or choose a shipped scenario to explain the difference from.', true);
  const blocked = observationsBlock(reference.spec.observations, current.observations);
  if (blocked) return setNote(blocked, true);
  const button = element<HTMLButtonElement>('explain-run');
  const runPaths = paths ?? current.paths;
  button.disabled = true;
  setNote(`Splitting the difference on the server at ${runPaths.toLocaleString('en-US')} paths…`);
  const entry = (spec: RunSpec, label: string) => ({ scenario: spec.scenario, overrides: spec.knobs, observations: spec.observations, label });
  try {
    const compared = await api.explain({
      scenarios: [entry(reference.spec, reference.label), entry(current, 'This projection')],
      paths: runPaths,
      seed: current.seed,
      output,
    });
    const result = compared.explain!;
    const doc = page.documents.get(current.scenario) ?? page.documents.get(reference.spec.scenario);
    drawWaterfall(result, { reference: reference.label, value: 'This projection', part: (part) => partLabel(part, doc) });
    const fewer = runPaths !== current.paths ? ` Fewer paths than the charts (${current.paths.toLocaleString('en-US')}), so A and B differ from the medians above by Monte Carlo noise.` : '';
    const noErrors = runPaths < MIN_PATHS_FOR_STANDARD_ERRORS && result.statistic === 'median' ? ' Under 400 paths a median’s parts have no standard error.' : '';
    const text =
      result.parts.length === 0
        ? `Nothing to split: no input that moves the model differs between ${reference.label} and this projection.`
        : `Split on the server: ${result.runs} runs (every mixture of the two, on seed ${compared.seed} and the same ${compared.paths.toLocaleString('en-US')} paths), inputs cut by ${result.grouping}. The parts add up to the total change. Standard errors: ${result.standardErrors}.${fewer}${noErrors}`;
    explained = { key: explainKey(reference.spec, current, output), note: text };
    element('explain-figure').dataset.stale = 'false';
    setNote(text);
    markStaleness();
  } catch (error) {
    explainFailed(error);
  } finally {
    button.disabled = false;
  }
}

function explainFailed(error: unknown): void {
  if (!(error instanceof ApiError)) return setNote(`The split did not run: ${(error as Error).message}`, true);
  const most = largestPathsIn(error);
  if (most !== null && most >= 1) {
    setNote(
      `Splitting this difference runs the model once for every mixture of the two projections’ differing inputs, which at this many paths is more than the server computes in one request; it can split it at up to ${most.toLocaleString('en-US')} paths.`,
      true,
    );
    const retry = make('button', `Explain at ${most.toLocaleString('en-US')} paths`, { type: 'button', id: 'explain-retry' });
    retry.addEventListener('click', () => void explain(most));
    element('explain-note').append(' ', retry);
    return;
  }
  const words = errorInWords(error, 'the split');
  setNote(`${words.title} ${words.lines.join(' ')}`, true);
}

/** An input as the waterfall names it: a knob by its label with its two values and unit, a field by its path. */
function partLabel(part: ExplainPart, doc: ScenarioDocument | undefined): string {
  if (part.kind !== 'knob' || !part.input.startsWith('knobs.')) return part.input;
  const name = part.input.slice('knobs.'.length);
  const knob = (doc?.scenario.knobs as Record<string, Knob> | undefined)?.[name];
  const unit = knob
    ? ` ${knob.unit
        .split(/[,(]/)[0]!
        .trim()
        .replace(/^USD\b/, 'US$')}`
    : '';
  return `${knob?.label ?? name}, ${part.from} → ${part.to}${unit}`;
}

function drawWaterfall(result: ExplainResult, labels: WaterfallLabels): void {
  const box = element('explain-box');
  box.hidden = false;
  box.style.height = `${Math.max(14, 4 + 2.6 * (result.parts.length + 2))}rem`;
  draw('explain-chart', waterfallChartConfig(result, labels) as unknown as ChartConfiguration);
  const unit = displayUnit(result.unit);
  const rows = [
    `${labels.reference}: ${formatLevel(result.reference, unit)}`,
    ...result.parts.map((part) => `${labels.part(part)}: ${formatChange(part.contribution, unit)}${part.standardError === null ? '' : ` ${formatStandardError(part.standardError, unit)}`}`),
    `${labels.value}: ${formatLevel(result.value, unit)} (total change ${formatChange(result.total, unit)})`,
  ];
  element('explain-parts').replaceChildren(...rows.map((row) => make('li', row)));
}

/** Marks the waterfall out of date when the controls no longer ask for what it explained. */
function markStaleness(): void {
  if (document.activeElement !== referenceSelect()) renderReferences();
  if (!explained) return;
  const reference = referenceSpec(specOf(page.state));
  const stale = !reference || explained.key !== explainKey(reference.spec, specOf(page.state), outputSelect().value);
  const figure = element('explain-figure');
  if ((figure.dataset.stale === 'true') === stale) return;
  figure.dataset.stale = String(stale);
  setNote(stale ? 'Out of date: the projections or the output have changed since this split. Explain the difference again to update it.' : explained.note);
}

export function wireExplainPanel(): void {
  element('explain-run').addEventListener('click', () => void explain());
  referenceSelect().addEventListener('change', () => {
    referenceChosen = true;
    markStaleness();
  });
  outputSelect().addEventListener('change', markStaleness);
  onStateChange(markStaleness);
}
