import type { CompareResult } from '../../src/analysis/compare.js';
import type { SimulationResult } from '../../src/run/simulationResult.js';
import type { SensitivityResult } from '../../src/analysis/sensitivity/sensitivity.js';
import type { HistoryBlock } from '../../src/scenario/history.js';
import type { Scenario } from '../../src/scenario/scenarioSchema.js';
import type { PageObservation } from './pageState.js';

/** A shipped scenario as listed by GET /api/scenarios. */
export interface ScenarioSummary {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

/** GET /api/scenarios/:id: the resolved scenario (extends applied) and its history. */
export interface ScenarioDocument {
  readonly id: string;
  readonly scenario: Scenario;
  readonly history: HistoryBlock;
}

/** One problem with the input, as the API (and the page's worker) names it. */
export interface ApiIssue {
  readonly path?: readonly (string | number)[];
  readonly message: string;
  /** where the field came from: "overrides", "observations[0]", a scenario file */
  readonly file?: string;
}

/** An error the API returned (or the page's worker, in the same shape), kept as data for the page to show. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached */
    readonly status: number,
    message: string,
    readonly issues: readonly ApiIssue[] = [],
    /** the API's `error.code`: invalid-scenario, work-limit, model-failure, busy, timeout … */
    readonly code = '',
  ) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(0, `cannot reach the server (${(error as Error).message})`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // a non-JSON body: keep the text for the message
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | null)?.error;
    throw new ApiError(response.status, error?.message ?? `${response.status} ${response.statusText}: ${text.slice(0, 200)}`, error?.issues ?? [], error?.code ?? '');
  }
  return body as T;
}

/** A scenario in a request: a shipped id with knob overrides and observations, as the page runs it. */
export interface ScenarioEntry {
  readonly scenario: string;
  readonly overrides: Readonly<Record<string, number>>;
  readonly observations: readonly PageObservation[];
}

const postJson = (body: unknown, signal?: AbortSignal): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  ...(signal ? { signal } : {}),
});

/** The typed API client of the page. */
export const api = {
  scenarios: () => request<{ scenarios: ScenarioSummary[] } | ScenarioSummary[]>('/api/scenarios').then((r) => (Array.isArray(r) ? r : r.scenarios)),
  scenario: (id: string) => request<ScenarioDocument>(`/api/scenarios/${encodeURIComponent(id)}`),
  simulate: (body: ScenarioEntry & { paths: number; seed: number }, signal?: AbortSignal) => request<SimulationResult>('/api/simulations', postJson(body, signal)),
  sensitivity: (body: ScenarioEntry & { output: string; method: 'sobol' | 'morris'; seed: number; samples?: number; innerPaths?: number }) =>
    request<SensitivityResult>('/api/sensitivity', postJson(body)),
  /** A paired comparison of A and B, with B − A of `output` split between the inputs that differ. */
  explain: (body: { scenarios: readonly [ScenarioEntry & { label: string }, ScenarioEntry & { label: string }]; paths: number; seed: number; output: string }) =>
    request<CompareResult>('/api/compare', postJson({ scenarios: body.scenarios, paths: body.paths, seed: body.seed, explain: { output: body.output } })),
};
