import { isAbsolute, relative } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { requestObservations, type ScenarioEntry } from '../analysis/scenarioReference.js';
import type { Observation } from '../scenario/scenarioSchema.js';
import { resolveScenarioFile, resolveScenarioObject, shippedScenarioFile, shippedScenarioIds, type ResolvedScenario, type ResolveResult } from '../scenario/loadScenario.js';
import { projectRoot } from '../scenario/projectPaths.js';
import { formatIssue, type ScenarioIssue } from '../scenario/scenarioIssue.js';
import type { ApiProblem } from './apiProblem.js';
import type { ScenarioSummarySchema } from './schemas/scenarioSchemas.js';

export type ResolvedOrProblem = { readonly ok: true; readonly resolved: ResolvedScenario } | { readonly ok: false; readonly problem: ApiProblem };

/**
 * A scenario named in a request — a shipped id or an inline object — with `extends` and the
 * overrides applied and validated, as `tradecast run` does it.
 */
export function resolveScenarioReference(
  reference: string | Record<string, unknown>,
  overrides: Readonly<Record<string, unknown>> = {},
  observations: readonly Observation[] = [],
): ResolvedOrProblem {
  const options = { overrides, observations: requestObservations(observations), displayPath: projectRelative };
  let loaded: ResolveResult;
  if (typeof reference === 'string') {
    const file = shippedScenarioFile(reference);
    if (file === null) return { ok: false, problem: { kind: 'not-found', message: `no shipped scenario "${reference}"; shipped: ${shippedScenarioIds().join(', ')}` } };
    loaded = resolveScenarioFile(file, options);
  } else {
    loaded = resolveScenarioObject(reference, options);
  }
  return loaded.ok ? loaded : { ok: false, problem: { kind: 'invalid-scenario', issues: loaded.issues.map(overrideSource) } };
}

/**
 * The scenarios a request body names, each at its place in the body (`scenarios[1]…`, or the
 * top level): a 404 for the first unknown id, else every issue of every scenario, prefixed.
 */
export function resolveScenarioEntries(
  entries: readonly Pick<ScenarioEntry, 'scenario' | 'overrides' | 'observations'>[],
  at: (index: number) => readonly (string | number)[],
): { readonly ok: true; readonly resolved: readonly ResolvedScenario[] } | { readonly ok: false; readonly problem: ApiProblem } {
  const resolved: ResolvedScenario[] = [];
  const issues: ScenarioIssue[] = [];
  for (const [i, entry] of entries.entries()) {
    const outcome = resolveScenarioReference(entry.scenario, entry.overrides, entry.observations);
    if (outcome.ok) resolved.push(outcome.resolved);
    else if (outcome.problem.kind === 'invalid-scenario') issues.push(...outcome.problem.issues.map((issue) => ({ ...issue, path: [...at(i), ...issue.path] })));
    else return outcome;
  }
  return issues.length > 0 ? { ok: false, problem: { kind: 'invalid-scenario', issues } } : { ok: true, resolved };
}

/**
 * Every shipped scenario that resolves, for GET /api/scenarios. One that does not is left
 * out and its issues logged (GET /api/scenarios/:id shows them).
 */
export function scenarioSummaries(log: FastifyBaseLogger): z.infer<typeof ScenarioSummarySchema>[] {
  const summaries: z.infer<typeof ScenarioSummarySchema>[] = [];
  for (const id of shippedScenarioIds()) {
    const outcome = resolveScenarioReference(id);
    if (!outcome.ok) {
      log.warn({ scenario: id, issues: outcome.problem.kind === 'invalid-scenario' ? outcome.problem.issues.map(formatIssue) : [] }, 'shipped scenario left out of the list');
      continue;
    }
    const { name, description, origin, horizon, knobs } = outcome.resolved.scenario;
    summaries.push({ id, name, description, origin, horizon, knobs });
  }
  return summaries;
}

/** File names as the project knows them (scenarios/baseline.yaml), never the server's absolute paths. */
function projectRelative(absolute: string): string {
  const path = relative(projectRoot(), absolute);
  return path.startsWith('..') || isAbsolute(path) ? '(outside the project)' : path;
}

/** The scenario loader names overrides `--set <path>` (the CLI's words); the API's word is `overrides`. */
function overrideSource(issue: ScenarioIssue): ScenarioIssue {
  return issue.file?.startsWith('--set ') ? { ...issue, file: 'overrides' } : issue;
}
