import './zodWithoutEval.js'; // before anything parses with zod
import { api } from './apiClient.js';
import { tooltipLines } from './chartBoard.js';
import { HEADLINE_LABELS, HEADLINE_SERIES, type HeadlineSeries } from './charts/seriesLabels.js';
import { element } from './dom.js';
import { wireDownloads } from './downloads.js';
import { renderExplainControls, wireExplainPanel } from './explainPanel.js';
import { renderKnobs, wireKnobControls } from './knobControls.js';
import { ignoredPartsInWords, knobsFromLink, unknownScenarioInWords } from './linkCheck.js';
import { addNotices, showError, wireNotices } from './messages.js';
import { renderObservationForm, wireObservationPanel } from './observationPanel.js';
import { documentFor, ignoredLinkParts, page, saveToUrl, specOf } from './pageContext.js';
import { PATH_CHOICES } from './pageState.js';
import { requestRun, useRunner } from './projection.js';
import { renderProjection } from './renderProjection.js';
import { createRunner, WORKER_MAX_PATHS } from './runner.js';
import { wireTornadoPanel } from './tornadoPanel.js';
import './styles.css';

/**
 * The page's entry: starts the simulation workers, wires each panel, checks the opening link
 * against the scenarios the server has, and runs the first projection. Each concern lives in
 * its own module: the state and the link (pageState, pageContext, linkCheck), the runs
 * (runner, projection), the charts on screen (renderProjection, chartBoard), the sliders
 * (knobControls), what happened (observationPanel), the tornado and the waterfall
 * (tornadoPanel, explainPanel), downloads, and the messages (messages, pageWording).
 */

const worker = new Worker(new URL('./simulationWorker.ts', import.meta.url), { type: 'module' });
// a second worker halves the time of a run where memory can be shared (the server sends COOP/COEP)
const helperWorker = globalThis.crossOriginIsolated && (navigator.hardwareConcurrency ?? 1) >= 2 ? new Worker(new URL('./simulationWorker.ts', import.meta.url), { type: 'module' }) : undefined;
useRunner(createRunner(worker, helperWorker));
(window as unknown as { tradecastCharts: { tooltipLines: typeof tooltipLines } }).tradecastCharts = { tooltipLines };

/** Switches the controls to scenario `id`: its description, sliders, observable names and outputs. */
async function selectScenario(id: string, keepKnobs: boolean): Promise<void> {
  page.state.scenario = id;
  if (!keepKnobs) page.state.knobs = {};
  const doc = await documentFor(id);
  element('scenario-description').textContent = doc.scenario.description;
  renderKnobs(doc);
  renderObservationForm(doc);
  renderExplainControls(doc);
}

/** On a narrow screen the assumptions and settings fold away under the scenario, so the first chart is on the first screen. */
function wireControlsToggle(): void {
  const toggle = element<HTMLButtonElement>('controls-toggle');
  const controls = element('controls');
  const narrow = matchMedia('(max-width: 700px)');
  const set = (open: boolean) => {
    controls.classList.toggle('collapsed', !open);
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Hide the assumptions and settings' : 'Show the assumptions (sliders), what happened, paths and seed';
  };
  set(!narrow.matches);
  toggle.addEventListener('click', () => set(controls.classList.contains('collapsed')));
}

function wireControls(): void {
  const scenario = element<HTMLSelectElement>('scenario');
  scenario.replaceChildren(...page.scenarios.map((s) => new Option(s.name, s.id)));
  scenario.value = page.state.scenario;
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
  if (!PATH_CHOICES.includes(page.state.paths as (typeof PATH_CHOICES)[number])) paths.append(new Option(page.state.paths.toLocaleString('en-US'), String(page.state.paths)));
  paths.value = String(page.state.paths);
  paths.addEventListener('change', () => {
    page.state.paths = Number(paths.value);
    requestRun();
  });

  const seed = element<HTMLInputElement>('seed');
  seed.value = String(page.state.seed);
  seed.addEventListener('change', () => {
    const value = Number(seed.value);
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      addNotices([`The seed must be a whole number from 0 to 4294967295; it stays ${page.state.seed}.`]);
      seed.value = String(page.state.seed);
      return;
    }
    page.state.seed = value;
    requestRun();
  });

  const series = element<HTMLSelectElement>('series');
  series.replaceChildren(...HEADLINE_SERIES.map((name) => new Option(HEADLINE_LABELS[name].title, name)));
  series.value = page.state.series;
  series.addEventListener('change', () => {
    page.state.series = series.value as HeadlineSeries;
    saveToUrl();
    renderProjection();
  });

  element<HTMLSelectElement>('sector').addEventListener('change', (event) => {
    page.state.sector = (event.target as HTMLSelectElement).value;
    saveToUrl();
    renderProjection();
  });

  element('pin').addEventListener('click', () => {
    page.state.pinned = structuredClone(specOf(page.state));
    requestRun();
  });
  element('unpin').addEventListener('click', () => {
    delete page.state.pinned;
    requestRun();
  });
  element('reset').addEventListener('click', async () => {
    await selectScenario(page.state.scenario, false);
    requestRun();
  });
}

/** What the opening link asks for that this server cannot show: replaced, with a notice saying so. */
async function checkOpeningLink(): Promise<void> {
  const notices = ignoredPartsInWords(ignoredLinkParts);
  const known = (id: string) => page.scenarios.some((s) => s.id === id);
  if (!known(page.state.scenario)) {
    notices.push(unknownScenarioInWords(page.state.scenario, page.scenarios, 'shown'));
    page.state.scenario = page.scenarios[0]?.id ?? 'baseline';
    page.state.knobs = {};
  }
  const checked = knobsFromLink(page.state.knobs, await documentFor(page.state.scenario));
  page.state.knobs = checked.knobs;
  notices.push(...checked.notices);
  const pinned = page.state.pinned;
  if (pinned && !known(pinned.scenario)) {
    notices.push(unknownScenarioInWords(pinned.scenario, page.scenarios, 'pinned'));
    delete page.state.pinned;
  } else if (pinned) {
    const pinnedKnobs = knobsFromLink(pinned.knobs, await documentFor(pinned.scenario));
    pinned.knobs = pinnedKnobs.knobs;
    notices.push(...pinnedKnobs.notices.map((notice) => `Pinned projection: ${notice}`));
  }
  addNotices(notices);
}

async function start(): Promise<void> {
  wireNotices();
  wireControlsToggle();
  try {
    page.scenarios = await api.scenarios();
    await checkOpeningLink();
    wireControls();
    wireKnobControls();
    wireObservationPanel();
    wireTornadoPanel();
    wireExplainPanel();
    wireDownloads();
    await selectScenario(page.state.scenario, true);
    requestRun();
  } catch (error) {
    showError(error);
  }
}

void start();
