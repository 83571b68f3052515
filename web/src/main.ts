import './zodWithoutEval.js'; // before anything parses with zod
import Chart, { type ChartConfiguration } from 'chart.js/auto';
import { resultCsv } from '../../src/run/resultCsv.js';
import type { SimulationResult } from '../../src/run/simulationResult.js';
import { serializeResult } from '../../src/run/serializeResult.js';
import type { Knob } from '../../src/scenario/scenarioSchema.js';
import { api, ApiError, type ScenarioDocument, type ScenarioSummary } from './apiClient.js';
import { differenceChartConfig } from './charts/differenceChart.js';
import { fanChartConfig } from './charts/fanChart.js';
import { regimeChartConfig } from './charts/regimeChart.js';
import { HEADLINE_LABELS, HEADLINE_SERIES, type HeadlineSeries } from './charts/seriesLabels.js';
import { sectorsOf, shareChartConfig } from './charts/shareChart.js';
import { tornadoChartConfig } from './charts/tornadoChart.js';
import { decodePageState, encodePageState, PATH_CHOICES, type PageState, type RunSpec } from './pageState.js';
import { createRunner, WORKER_MAX_PATHS, type RunOutcome } from './runner.js';
import './styles.css';

/** Measurements the end-to-end test (and a curious user, in the console) can read. */
interface PageProbe {
  updates: number;
  lastUpdateMs: number;
  lastComputeMs: number;
  lastWhere: string;
  error: string | null;
}
const probe: PageProbe = { updates: 0, lastUpdateMs: NaN, lastComputeMs: NaN, lastWhere: '', error: null };
(window as unknown as { tradecast: PageProbe }).tradecast = probe;

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const worker = new Worker(new URL('./simulationWorker.ts', import.meta.url), { type: 'module' });
// a second worker halves the time of a run where memory can be shared (the server sends COOP/COEP)
const helperWorker =
  globalThis.crossOriginIsolated && (navigator.hardwareConcurrency ?? 1) >= 2
    ? new Worker(new URL('./simulationWorker.ts', import.meta.url), { type: 'module' })
    : undefined;
const runner = createRunner(worker, helperWorker);

let state: PageState = decodePageState(location.search);
let scenarios: ScenarioSummary[] = [];
const documents = new Map<string, ScenarioDocument>();
let current: RunOutcome | null = null;
/** Charts by canvas id: updated in place (no re-creation) when a new projection arrives. */
const charts = new Map<string, Chart>();

/** Draws `config` on the canvas, reusing the chart already there. */
function draw(canvasId: string, config: ChartConfiguration): Chart {
  const existing = charts.get(canvasId);
  if (existing && (existing.config as { type?: string }).type === config.type) {
    existing.data = config.data;
    existing.options = config.options ?? {};
    existing.update('none');
    return existing;
  }
  existing?.destroy();
  const chart = new Chart(element<HTMLCanvasElement>(canvasId), config);
  charts.set(canvasId, chart);
  return chart;
}

// — runs: one at a time, the latest request wins —
let running = false;
let queued: { startedAt: number } | null = null;

async function documentFor(id: string): Promise<ScenarioDocument> {
  const cached = documents.get(id);
  if (cached) return cached;
  const doc = await api.scenario(id);
  documents.set(id, doc);
  return doc;
}

function specOf(s: PageState): RunSpec {
  return { scenario: s.scenario, knobs: s.knobs, paths: s.paths, seed: s.seed };
}

/** Asks for a new projection; `startedAt` is when the user acted (for the timing note). */
function requestRun(startedAt = performance.now()): void {
  history.replaceState(null, '', `?${encodePageState(state)}`);
  if (running) {
    queued = { startedAt };
    return;
  }
  void execute(startedAt);
}

async function execute(startedAt: number): Promise<void> {
  running = true;
  const spec = specOf(state);
  const pinnedSpec = state.pinned;
  try {
    const doc = await documentFor(spec.scenario);
    const pinned = pinnedSpec ? { spec: pinnedSpec, doc: await documentFor(pinnedSpec.scenario) } : undefined;
    const outcome = await runner.run(spec, doc, pinned);
    current = outcome;
    clearError();
    render();
    probe.updates++;
    probe.lastUpdateMs = performance.now() - startedAt;
    probe.lastComputeMs = outcome.computeMs;
    probe.lastWhere = outcome.where;
    element('timing').textContent = `Updated in ${probe.lastUpdateMs.toFixed(0)} ms (model ${outcome.computeMs.toFixed(0)} ms, ${
      outcome.where === 'page' ? 'computed in this browser' : 'computed on the server'
    }).`;
  } catch (error) {
    showError(error);
  } finally {
    running = false;
    if (queued) {
      const next = queued;
      queued = null;
      void execute(next.startedAt);
    }
  }
}

// — rendering —

function render(): void {
  if (!current) return;
  const { result, comparison } = current;
  const pinnedLabel = state.pinned ? describeSpec(state.pinned) : '';
  const series = state.series as HeadlineSeries;
  const fan = draw('fan-chart', fanChartConfig(result, series, comparison ? { pinned: { result: comparison.pinned, label: pinnedLabel } } : {}) as ChartConfiguration);
  const sectorNames = sectorsOf(result);
  if (!sectorNames.includes(state.sector)) state.sector = sectorNames[0] ?? 'cars';
  renderSectorPicker(sectorNames);
  const doc = documents.get(state.scenario);
  const sectorLabel = doc?.scenario.sectors[state.sector]?.label ?? state.sector;
  draw('share-chart', shareChartConfig(result, state.sector, sectorLabel.toLowerCase()) as ChartConfiguration);
  draw('regime-chart', regimeChartConfig(result) as ChartConfiguration);
  const differenceFigure = element('difference-figure');
  const difference = comparison?.difference?.[series];
  differenceFigure.hidden = !difference;
  if (difference && state.pinned) {
    const labels = { current: describeSpec(specOf(state)), pinned: pinnedLabel };
    draw('difference-chart', differenceChartConfig(result.years, difference, series, labels) as ChartConfiguration);
  }
  fan.canvas.dataset.drawn = String(probe.updates + 1);
  renderTargets(result);
  renderCompare(result);
  const note = `${result.paths.toLocaleString('en-US')} paths · seed ${result.seed} · scenario ${result.scenario} · tradecast ${result.version} · inputs ${result.inputHash.slice(0, 12)}`;
  for (const id of ['fan-note', 'share-note', 'regime-note']) element(id).textContent = note;
  if (difference) {
    const last = result.years.length - 1;
    element('difference-note').textContent =
      `Same ${result.paths.toLocaleString('en-US')} paths and seed ${result.seed} for both, so each path differs only by the assumptions. ` +
      `In ${result.years[last]}: mean ${signed(difference.mean[last]!)} ± ${difference.standardError[last]!.toFixed(2)} US$ bn (paired s.e.; ` +
      `${difference.standardErrorIndependent[last]!.toFixed(2)} if the runs were independent); ` +
      `current above pinned on ${(100 * difference.probabilityHigher[last]!).toFixed(0)}% of paths.`;
  }
}

function signed(value: number, digits = 1): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
}

function renderTargets(result: SimulationResult): void {
  const box = element('targets');
  box.replaceChildren(
    ...result.targets.map((target) => {
      const card = document.createElement('div');
      card.className = 'target';
      card.dataset.targetId = target.id;
      const value = document.createElement('p');
      value.className = 'probability';
      value.textContent = target.probability === null ? 'n/a' : `${(100 * target.probability).toFixed(1)}%`;
      const paired = current?.comparison?.targets.find((t) => t.id === target.id);
      const pinnedTarget = current?.comparison?.pinned.targets.find((t) => t.id === target.id);
      const label = document.createElement('p');
      label.className = 'target-label';
      label.textContent = target.label;
      const detail = document.createElement('p');
      detail.className = 'target-detail';
      detail.textContent =
        target.standardError === null
          ? `${target.year} is outside the projection`
          : `probability across paths, ± ${(100 * target.standardError).toFixed(1)} pp Monte Carlo error` +
            (paired
              ? ` · vs pinned ${(100 * paired.probabilityReference).toFixed(1)}%: ${signed(100 * paired.difference)} pp (paired ± ${(100 * paired.standardError).toFixed(1)})`
              : pinnedTarget?.probability != null
                ? ` · pinned: ${(100 * pinnedTarget.probability).toFixed(1)}%`
                : '');
      card.append(value, label, detail);
      return card;
    }),
  );
}

function renderCompare(result: SimulationResult): void {
  const box = element('compare-summary');
  const comparison = current?.comparison;
  if (!comparison || !state.pinned) {
    box.textContent = 'Pin the current projection, then change the scenario or a slider: the charts overlay the two and show the difference path by path.';
    return;
  }
  const y = result.years.length - 1;
  const series = state.series as HeadlineSeries;
  const a = comparison.pinned.series[series]!;
  const b = result.series[series]!;
  const pairing = comparison.difference
    ? 'paired on the same random numbers'
    : 'not paired: the two use different paths, seeds or run on the server; pin and compare at equal paths and seed up to 20,000 paths';
  box.textContent = `Pinned: ${describeSpec(state.pinned)}. ${HEADLINE_LABELS[series].title} in ${result.years[y]}: median ${b.p50[y]!.toFixed(1)} now vs ${a.p50[y]!.toFixed(1)} US$ bn pinned (${pairing}).`;
}

function describeSpec(spec: RunSpec): string {
  const moved = Object.entries(spec.knobs).map(([k, v]) => `${k}=${v}`);
  return `${spec.scenario}${moved.length ? ` with ${moved.join(', ')}` : ''}, seed ${spec.seed}, ${spec.paths.toLocaleString('en-US')} paths`;
}

// — controls —

function renderSectorPicker(sectorNames: readonly string[]): void {
  const select = element<HTMLSelectElement>('sector');
  if (select.options.length !== sectorNames.length) {
    const doc = documents.get(state.scenario);
    select.replaceChildren(...sectorNames.map((name) => new Option(doc?.scenario.sectors[name]?.label ?? name, name)));
  }
  select.value = state.sector;
}

function renderKnobs(doc: ScenarioDocument): void {
  const box = element('knobs');
  box.replaceChildren();
  for (const [name, knob] of Object.entries(doc.scenario.knobs) as [string, Knob][]) {
    const value = state.knobs[name] ?? knob.value;
    const id = `knob-${name}`;
    const wrapper = document.createElement('div');
    wrapper.className = 'control';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = knob.label;
    const output = document.createElement('output');
    output.htmlFor.add(id);
    output.id = `${id}-value`;
    output.textContent = formatKnob(value, knob.unit);
    const input = document.createElement('input');
    input.type = 'range';
    input.id = id;
    input.name = name;
    input.min = String(knob.min);
    input.max = String(knob.max);
    input.step = String(knob.step ?? (knob.max - knob.min) / 100);
    input.value = String(value);
    input.setAttribute('aria-describedby', `${id}-help`);
    input.addEventListener('input', () => {
      const startedAt = performance.now();
      const v = Number(input.value);
      output.textContent = formatKnob(v, knob.unit);
      if (v === knob.value) delete state.knobs[name];
      else state.knobs[name] = v;
      requestRun(startedAt);
    });
    const help = document.createElement('small');
    help.id = `${id}-help`;
    help.textContent = `${knob.unit}. ${knob.description ?? ''} Source: ${knob.source}`;
    wrapper.append(label, output, input, help);
    box.append(wrapper);
  }
}

function formatKnob(value: number, unit: string): string {
  const text = Math.abs(value) >= 10 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
  return `${text} ${unit.split(/[ ,(]/)[0] === 'USD/bbl' ? 'US$/bbl' : ''}`.trim();
}

async function selectScenario(id: string, keepKnobs: boolean): Promise<void> {
  state.scenario = id;
  if (!keepKnobs) state.knobs = {};
  const doc = await documentFor(id);
  element('scenario-description').textContent = doc.scenario.description;
  renderKnobs(doc);
}

function wireControls(): void {
  const scenario = element<HTMLSelectElement>('scenario');
  scenario.replaceChildren(...scenarios.map((s) => new Option(s.name, s.id)));
  scenario.value = state.scenario;
  scenario.addEventListener('change', async () => {
    const startedAt = performance.now();
    try {
      await selectScenario(scenario.value, false);
      requestRun(startedAt);
    } catch (error) {
      showError(error);
    }
  });

  const paths = element<HTMLSelectElement>('paths');
  paths.replaceChildren(...PATH_CHOICES.map((n) => new Option(`${n.toLocaleString('en-US')}${n > WORKER_MAX_PATHS ? ' (server)' : ''}`, String(n))));
  if (!PATH_CHOICES.includes(state.paths as (typeof PATH_CHOICES)[number])) paths.append(new Option(state.paths.toLocaleString('en-US'), String(state.paths)));
  paths.value = String(state.paths);
  paths.addEventListener('change', () => {
    state.paths = Number(paths.value);
    requestRun();
  });

  const seed = element<HTMLInputElement>('seed');
  seed.value = String(state.seed);
  seed.addEventListener('change', () => {
    const value = Number(seed.value);
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      showError(new ApiError(400, 'seed: expected a whole number from 0 to 4294967295'));
      return;
    }
    state.seed = value;
    requestRun();
  });

  const series = element<HTMLSelectElement>('series');
  series.replaceChildren(...HEADLINE_SERIES.map((name) => new Option(HEADLINE_LABELS[name].title, name)));
  series.value = state.series;
  series.addEventListener('change', () => {
    state.series = series.value as HeadlineSeries;
    history.replaceState(null, '', `?${encodePageState(state)}`);
    render();
  });

  element<HTMLSelectElement>('sector').addEventListener('change', (event) => {
    state.sector = (event.target as HTMLSelectElement).value;
    history.replaceState(null, '', `?${encodePageState(state)}`);
    render();
  });

  element('pin').addEventListener('click', () => {
    state.pinned = structuredClone(specOf(state));
    requestRun();
  });
  element('unpin').addEventListener('click', () => {
    delete state.pinned;
    requestRun();
  });
  element('reset').addEventListener('click', async () => {
    await selectScenario(state.scenario, false);
    requestRun();
  });

  element('tornado-run').addEventListener('click', () => void rankAssumptions());

  element('share').addEventListener('click', async () => {
    const link = location.href;
    const field = element<HTMLInputElement>('share-link');
    field.value = link;
    field.hidden = false;
    field.select();
    try {
      await navigator.clipboard.writeText(link);
      element('share-status').textContent = 'Link copied: it reopens this exact view.';
    } catch {
      element('share-status').textContent = 'Copy the link above: it reopens this exact view.';
    }
  });
  element('download-csv').addEventListener('click', () => current && download(`${current.result.scenario}-seed${current.result.seed}.csv`, resultCsv(current.result), 'text/csv'));
  element('download-json').addEventListener('click', () => current && download(`${current.result.scenario}-seed${current.result.seed}.json`, serializeResult(current.result), 'application/json'));
  element('download-png').addEventListener('click', () => {
    const chart = charts.get('fan-chart');
    if (!chart || !current) return;
    const link = document.createElement('a');
    link.href = chart.toBase64Image('image/png', 1);
    link.download = `${current.result.scenario}-${state.series}.png`;
    link.click();
  });
}

/** Sobol design for a target's probability: N = 128 samples × 16 shock paths each (≈ 1 s on the server). */
const TARGET_SENSITIVITY_DESIGN = { samples: 128, innerPaths: 16 } as const;

/** Sobol indices on the server for the current scenario and sliders, drawn as a tornado. */
async function rankAssumptions(): Promise<void> {
  const button = element<HTMLButtonElement>('tornado-run');
  const note = element('tornado-note');
  const output = element<HTMLSelectElement>('tornado-output').value;
  button.disabled = true;
  note.textContent = 'Ranking the assumptions on the server…';
  try {
    // a target's probability is averaged over inner shock paths per evaluation: a smaller
    // design keeps the work within the server's cap (the intervals say what that costs)
    const design = output.startsWith('target:') ? TARGET_SENSITIVITY_DESIGN : {};
    const result = await api.sensitivity({ scenario: state.scenario, overrides: state.knobs, output, method: 'sobol', seed: state.seed, ...design });
    element('tornado-box').hidden = false;
    draw('tornado-chart', tornadoChartConfig(result) as ChartConfiguration);
    note.textContent =
      `Sobol indices (Saltelli design, N = ${result.samples}, ${result.evaluations.toLocaleString('en-US')} model evaluations, ` +
      `${Math.round(result.confidence * 100)}% bootstrap intervals in the tooltips) · seed ${result.seed} · scenario ${result.scenario} · ` +
      `inputs ${result.inputHash.slice(0, 12)}. ${result.notes.join(' ')}`;
    clearError();
  } catch (error) {
    note.textContent = 'The ranking did not run.';
    showError(error);
  } finally {
    button.disabled = false;
  }
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// — errors: shown, never a blank chart —

function showError(error: unknown): void {
  const box = element('error');
  const message = error instanceof ApiError ? error.message : `unexpected error: ${(error as Error).message}`;
  const issues = error instanceof ApiError ? error.issues.map((i) => `${(i.path ?? []).join('.')}: ${i.message}`) : [];
  box.replaceChildren();
  const title = document.createElement('strong');
  title.textContent = error instanceof ApiError && error.status > 0 ? `The model refused this request (${error.status}): ` : 'Could not update the projection: ';
  box.append(title, document.createTextNode(message));
  if (issues.length > 0) {
    const list = document.createElement('ul');
    for (const issue of issues) {
      const item = document.createElement('li');
      item.textContent = issue;
      list.append(item);
    }
    box.append(list);
  }
  box.append(document.createTextNode(current ? ' The charts still show the last projection that ran.' : ''));
  box.hidden = false;
  probe.error = message;
}

function clearError(): void {
  element('error').hidden = true;
  probe.error = null;
}

async function start(): Promise<void> {
  try {
    scenarios = await api.scenarios();
    if (!scenarios.some((s) => s.id === state.scenario)) state.scenario = scenarios[0]?.id ?? 'baseline';
    if (state.pinned && !scenarios.some((s) => s.id === state.pinned!.scenario)) delete state.pinned;
    wireControls();
    await selectScenario(state.scenario, true);
    requestRun();
  } catch (error) {
    showError(error);
  }
}

void start();
