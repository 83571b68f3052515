import { statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { requestObservations, type ScenarioEntry } from '../analysis/scenarioReference.js';
import type { Observation } from '../scenario/scenarioSchema.js';
import { resolveScenarioFile, resolveScenarioObject, shippedScenarioFile, shippedScenarioIds, type ResolvedScenario, type ResolveResult } from '../scenario/loadScenario.js';
import { createFileCache, fileIdentity } from '../scenario/fileCache.js';
import { projectRoot } from '../scenario/projectPaths.js';
import { formatIssue, type ScenarioIssue } from '../scenario/scenarioIssue.js';
import type { ApiProblem } from './apiProblem.js';
import type { ScenarioSummarySchema } from './schemas/scenarioSchemas.js';

export type ResolvedOrProblem = { readonly ok: true; readonly resolved: ResolvedScenario } | { readonly ok: false; readonly problem: ApiProblem };

/**
 * The scenarios a server resolves for its requests, shipped ids and inline objects alike, as
 * `tradecast run` does (extends, overrides, validation). Files are parsed once and reused while
 * they do not change (fileCache.ts); a shipped scenario without overrides is kept resolved
 * while none of the files it read has changed, so listing the shipped scenarios costs a few
 * file stats.
 */
export interface ScenarioCatalog {
  /** A shipped id or an inline object, with `extends` and the overrides applied and validated. */
  resolve(reference: string | Record<string, unknown>, overrides?: Readonly<Record<string, unknown>>, observations?: readonly Observation[]): ResolvedOrProblem;
  /**
   * The scenarios a request body names, each at its place in the body (`scenarios[1]…`, or the
   * top level): a 404 for the first unknown id, else every issue of every scenario, prefixed.
   */
  resolveEntries(
    entries: readonly Pick<ScenarioEntry, 'scenario' | 'overrides' | 'observations'>[],
    at: (index: number) => readonly (string | number)[],
  ): { readonly ok: true; readonly resolved: readonly ResolvedScenario[] } | { readonly ok: false; readonly problem: ApiProblem };
  /**
   * GET /api/scenarios as JSON text: every shipped scenario that resolves (one that does not is
   * left out and its issues logged; GET /api/scenarios/:id shows them). The text is kept while
   * every shipped scenario's resolution is, so a listing costs a few file stats.
   */
  listing(log: FastifyBaseLogger): string;
}

export function createScenarioCatalog(): ScenarioCatalog {
  const cache = createFileCache();
  const options = { displayPath: projectRelative, cache };
  /** shipped scenarios without overrides, with the identity of every file each read */
  const shipped = new Map<string, { readonly files: ReadonlyMap<string, string>; readonly outcome: ResolvedOrProblem }>();

  const resolveShipped = (id: string, file: string): ResolvedOrProblem => {
    const kept = shipped.get(id);
    if (kept && [...kept.files].every(([path, identity]) => currentIdentity(path) === identity)) return kept.outcome;
    const { value, files } = cache.recording(() => resolveScenarioFile(file, options));
    const outcome = fromResolveResult(value);
    shipped.set(id, { files, outcome });
    return outcome;
  };

  const catalog: ScenarioCatalog = {
    resolve(reference, overrides = {}, observations = []) {
      const asked = { ...options, overrides, observations: requestObservations(observations) };
      if (typeof reference !== 'string') return fromResolveResult(resolveScenarioObject(reference, asked));
      const file = shippedScenarioFile(reference);
      if (file === null) return { ok: false, problem: { kind: 'not-found', message: `no shipped scenario "${reference}"; shipped: ${shippedScenarioIds().join(', ')}` } };
      if (Object.keys(overrides).length === 0 && observations.length === 0) return resolveShipped(reference, file);
      return fromResolveResult(resolveScenarioFile(file, asked));
    },
    resolveEntries(entries, at) {
      const resolved: ResolvedScenario[] = [];
      const issues: ScenarioIssue[] = [];
      for (const [i, entry] of entries.entries()) {
        const outcome = catalog.resolve(entry.scenario, entry.overrides, entry.observations);
        if (outcome.ok) resolved.push(outcome.resolved);
        else if (outcome.problem.kind === 'invalid-scenario') issues.push(...outcome.problem.issues.map((issue) => ({ ...issue, path: [...at(i), ...issue.path] })));
        else return outcome;
      }
      return issues.length > 0 ? { ok: false, problem: { kind: 'invalid-scenario', issues } } : { ok: true, resolved };
    },
    listing(log) {
      const outcomes = shippedScenarioIds().map((id) => [id, catalog.resolve(id)] as const);
      const same = listed && listed.outcomes.length === outcomes.length && listed.outcomes.every(([id, outcome], i) => outcomes[i]![0] === id && outcomes[i]![1] === outcome);
      if (same) return listed!.text;
      const scenarios: z.infer<typeof ScenarioSummarySchema>[] = [];
      for (const [id, outcome] of outcomes) {
        if (!outcome.ok) {
          log.warn({ scenario: id, issues: outcome.problem.kind === 'invalid-scenario' ? outcome.problem.issues.map(formatIssue) : [] }, 'shipped scenario left out of the list');
          continue;
        }
        const { name, description, origin, horizon, knobs } = outcome.resolved.scenario;
        scenarios.push({ id, name, description, origin, horizon, knobs });
      }
      listed = { outcomes, text: JSON.stringify({ scenarios }) };
      return listed.text;
    },
  };
  /** the last listing, and the outcomes it was made from */
  let listed: { readonly outcomes: readonly (readonly [string, ResolvedOrProblem])[]; readonly text: string } | undefined;
  return catalog;
}

function fromResolveResult(loaded: ResolveResult): ResolvedOrProblem {
  return loaded.ok ? loaded : { ok: false, problem: { kind: 'invalid-scenario', issues: loaded.issues.map(overrideSource) } };
}

/** A file's identity now, or null when it is gone. */
function currentIdentity(file: string): string | null {
  try {
    return fileIdentity(statSync(file));
  } catch {
    return null;
  }
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
