import type { z } from 'zod';
import type { WorkOutcome } from '../run/workCount.js';
import type { ResolvedScenario } from '../scenario/loadScenario.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';
import type { AnalysisContext, AnalysisOutcome } from './analysisContext.js';
import { resolveRequestScenarios, type ScenarioEntry } from './scenarioReference.js';

/** The scenarios a request body names, and the place of the i-th in the body (for issue paths). */
export interface RequestScenarios {
  readonly entries: readonly Pick<ScenarioEntry, 'scenario' | 'overrides' | 'observations'>[];
  readonly at: (index: number) => readonly (string | number)[];
}

/** What an analysis runs on: its inputs (resolved scenarios) and its options, or why a body cannot run. */
export type AnalysisArguments<Inputs, Options> = { readonly ok: true; readonly inputs: Inputs; readonly options: Options } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/**
 * One analysis, as its command (`tradecast compare …`) and its route (`POST /api/compare`) both
 * run it: the request and result schemas (types, route validation, OpenAPI document), the
 * arguments a parsed body gives, and the work and computation of those arguments. The command
 * line builds the same arguments from its options; the server's compute jobs
 * (server/computeJobs.ts) from a body; both then count the work and compute with these.
 */
export interface AnalysisDescriptor<Request, Inputs, Options, Result, RequestSchema extends z.ZodType<Request> = z.ZodType<Request>> {
  /** the command's name, and the analysis's in the server's log: compare, sensitivity, backtest, sweep */
  readonly command: string;
  /** for messages: "comparison", "sensitivity analysis", "back-test", "sweep" */
  readonly what: string;
  /** the request field whose smaller value brings the work down */
  readonly field: 'paths' | 'samples';
  /** the unit of the progress it reports: engine paths of runs (`paths`), of a design's evaluations (`simulated paths`), or `steps` */
  readonly unit: 'paths' | 'simulated paths' | 'steps';
  /** the request schema, as declared (the command line reads its fields' bounds) */
  readonly request: RequestSchema;
  readonly result: z.ZodType<Result>;
  /** the scenarios a parsed body names */
  scenarios(body: Request): RequestScenarios;
  /** a parsed body's arguments, once its scenarios are resolved (in the body's order) */
  fromRequest(body: Request, resolved: readonly ResolvedScenario[]): AnalysisArguments<Inputs, Options>;
  /** the work the arguments ask for (or why they cannot run), before anything runs */
  work(inputs: Inputs, options: Options): WorkOutcome;
  compute(inputs: Inputs, options: Options, context: AnalysisContext): Promise<AnalysisOutcome<Result>>;
}

/** The place of a scenario named at the top level of a body (`scenario`, `overrides`, `observations`). */
export const scenarioAtTopLevel = (body: Pick<ScenarioEntry, 'scenario' | 'overrides' | 'observations'>): RequestScenarios => ({ entries: [body], at: () => [] });

/** The work of a parsed body and its resolved scenarios. */
export function workFromRequest<Request, Inputs, Options, Result>(analysis: AnalysisDescriptor<Request, Inputs, Options, Result>, body: Request, resolved: readonly ResolvedScenario[]): WorkOutcome {
  const parsed = analysis.fromRequest(body, resolved);
  return parsed.ok ? analysis.work(parsed.inputs, parsed.options) : parsed;
}

/** An analysis of a parsed body. Its scenarios are resolved here, unless the caller has resolved them already (`resolved`, in the body's order). */
export async function computeFromRequest<Request, Inputs, Options, Result>(
  analysis: AnalysisDescriptor<Request, Inputs, Options, Result>,
  body: Request,
  resolved: readonly ResolvedScenario[] | undefined,
  context: AnalysisContext,
): Promise<AnalysisOutcome<Result>> {
  let scenarios: readonly ResolvedScenario[];
  if (resolved) scenarios = resolved;
  else {
    const { entries, at } = analysis.scenarios(body);
    const resolution = resolveRequestScenarios(entries, at);
    if (!resolution.ok) return resolution;
    scenarios = resolution.resolved;
  }
  const parsed = analysis.fromRequest(body, scenarios);
  return parsed.ok ? analysis.compute(parsed.inputs, parsed.options, context) : parsed;
}
