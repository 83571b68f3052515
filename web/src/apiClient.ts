import type { SimulationResult } from '../../src/run/simulationResult.js';
import type { SensitivityResult } from '../../src/analysis/sensitivity/sensitivity.js';
import type { HistoryBlock } from '../../src/scenario/history.js';
import type { Scenario } from '../../src/scenario/scenarioSchema.js';

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

/** An error the API returned, kept as data for the page to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: readonly { path?: readonly (string | number)[]; message: string }[] = [],
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
    const error = (body as { error?: { message?: string; issues?: { path?: (string | number)[]; message: string }[] } } | null)?.error;
    throw new ApiError(response.status, error?.message ?? `${response.status} ${response.statusText}: ${text.slice(0, 200)}`, error?.issues ?? []);
  }
  return body as T;
}

/** The typed API client of the page. */
export const api = {
  scenarios: () => request<{ scenarios: ScenarioSummary[] } | ScenarioSummary[]>('/api/scenarios').then((r) => (Array.isArray(r) ? r : r.scenarios)),
  scenario: (id: string) => request<ScenarioDocument>(`/api/scenarios/${encodeURIComponent(id)}`),
  simulate: (body: { scenario: string; overrides: Record<string, number>; paths: number; seed: number }, signal?: AbortSignal) =>
    request<SimulationResult>('/api/simulations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    }),
  sensitivity: (body: { scenario: string; overrides: Record<string, number>; output: string; method: 'sobol' | 'morris'; seed: number; samples?: number; innerPaths?: number }) =>
    request<SensitivityResult>('/api/sensitivity', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
};
