import { api, type ScenarioDocument, type ScenarioSummary } from './apiClient.js';
import { decodePageState, encodePageState, runSpecKey, type PageObservation, type PageState, type RunSpec } from './pageState.js';
import type { RunOutcome } from './runner.js';
import type { PhaseTimes } from './simulationWorker.js';

/** Measurements the end-to-end test (and a curious user, in the console) can read. */
export interface PageProbe {
  updates: number;
  lastUpdateMs: number;
  lastComputeMs: number;
  lastWhere: string;
  /** 'wasm' or 'ts' when the page's workers computed the projection, '' when the server did */
  lastKernel: string;
  /** the page's workers' milliseconds by step (prepare, simulate, summarise, compare), null when the server computed */
  lastPhasesMs: Readonly<PhaseTimes> | null;
  error: string | null;
}

/** A projection on screen, with the spec it was computed for. */
export interface Shown {
  readonly outcome: RunOutcome;
  readonly spec: RunSpec;
  readonly key: string;
}

/** An observation the model refused: listed with its reason, left out of the runs and the link. */
export interface RefusedObservation {
  readonly observation: PageObservation;
  readonly message: string;
}

/** What the page holds: the view (also in the URL), the scenarios, and the projection on screen. */
export interface Page {
  state: PageState;
  scenarios: readonly ScenarioSummary[];
  readonly documents: Map<string, ScenarioDocument>;
  shown: Shown | null;
  refused: RefusedObservation[];
  readonly probe: PageProbe;
}

const decoded = decodePageState(location.search);

export const page: Page = {
  state: decoded.state,
  scenarios: [],
  documents: new Map(),
  shown: null,
  refused: [],
  probe: { updates: 0, lastUpdateMs: NaN, lastComputeMs: NaN, lastWhere: '', lastKernel: '', lastPhasesMs: null, error: null },
};
(window as unknown as { tradecast: PageProbe }).tradecast = page.probe;

/** What the opening link held that could not be read (for the notices). */
export const ignoredLinkParts = decoded.ignored;

/** The parts of the state that change the numbers. */
export function specOf(state: PageState): RunSpec {
  return { scenario: state.scenario, knobs: state.knobs, paths: state.paths, seed: state.seed, observations: state.observations };
}

/** The key of the current spec (see runSpecKey). */
export const currentKey = () => runSpecKey(specOf(page.state));

/** Writes the state into the URL, so a copied link reopens this view. */
export function saveToUrl(): void {
  history.replaceState(null, '', `?${encodePageState(page.state)}`);
}

/** A shipped scenario as the API serves it, fetched once. */
export async function documentFor(id: string): Promise<ScenarioDocument> {
  const cached = page.documents.get(id);
  if (cached) return cached;
  const doc = await api.scenario(id);
  page.documents.set(id, doc);
  return doc;
}

/** A scenario's display name ("Baseline (status quo persists)"), or its id. */
export function scenarioName(id: string): string {
  return page.scenarios.find((s) => s.id === id)?.name ?? page.documents.get(id)?.scenario.name ?? id;
}

/** "baseline with oilLongRun=60, oilPrice@2026=62, seed 2030, 10,000 paths". */
export function describeSpec(spec: RunSpec): string {
  const moved = [...Object.entries(spec.knobs).map(([k, v]) => `${k}=${v}`), ...spec.observations.map((o) => `${o.name}@${o.year}${o.months ? `:${o.months}` : ''}=${o.value}`)];
  return `${spec.scenario}${moved.length ? ` with ${moved.join(', ')}` : ''}, seed ${spec.seed}, ${spec.paths.toLocaleString('en-US')} paths`;
}
