import type { AnalysisContext, AnalysisOutcome } from '../analysis/analysisContext.js';
import { scenarioAtTopLevel, type AnalysisDescriptor, type RequestScenarios } from '../analysis/analysisDescriptor.js';
import { backtestAnalysis } from '../analysis/backtest/backtest.js';
import { compareAnalysis } from '../analysis/compare.js';
import { sweepAnalysis } from '../analysis/sweep.js';
import { sensitivityAnalysis } from '../analysis/sensitivity/sensitivity.js';
import { prepareRun } from '../run/preparedRun.js';
import { simulationWork } from '../run/runCost.js';
import type { WorkCount } from '../run/workCount.js';
import type { ResolvedScenario } from '../scenario/loadScenario.js';
import { problemFromIssues, type ApiProblem } from './apiProblem.js';
import type { SimulationRequest } from './schemas/simulationRequestSchema.js';

/**
 * What the server computes for a request, by route: how a parsed body names its scenarios, and
 * — once they are resolved — how much work it is and how to compute it. The same definitions
 * serve the route (its messages and progress unit) and the compute worker that runs them
 * (computeWorker.ts), so a request is planned, counted and computed by one piece of code.
 */
export interface ComputeJob<Body> {
  /** for messages and the log: "simulation", "comparison", "sensitivity analysis", "back-test" */
  readonly what: string;
  /** the request field whose smaller value brings the work down (what a timeout asks to lower) */
  readonly field: 'paths' | 'samples';
  /**
   * the unit of the progress it reports; `paths` and `simulated paths` (engine paths) add to
   * the health route's `pathsSimulated`, `steps` do not
   */
  readonly unit: 'paths' | 'simulated paths' | 'steps';
  /** the scenarios the body names, and the place of the i-th in the body (for issue paths) */
  scenarios(body: Body): RequestScenarios;
  /** the work the body asks for and how to compute it, or why it cannot run */
  plan(body: Body, resolved: readonly ResolvedScenario[]): PlannedJob | { readonly ok: false; readonly problem: ApiProblem };
}

export interface PlannedJob {
  readonly ok: true;
  readonly work: WorkCount;
  /** fields of the request's log line */
  readonly log: Readonly<Record<string, unknown>>;
  compute(context: AnalysisContext): Promise<AnalysisOutcome<object>>;
}

/**
 * An analysis's job, from the descriptor its command shares (analysis/analysisDescriptor.ts):
 * the body's arguments, their work (or issues) and their computation.
 */
function analysisJob<Request, Inputs, Options, Result extends object>(analysis: AnalysisDescriptor<Request, Inputs, Options, Result>): ComputeJob<Request> {
  return {
    what: analysis.what,
    field: analysis.field,
    unit: analysis.unit,
    scenarios: (body) => analysis.scenarios(body),
    plan(body, resolved) {
      const parsed = analysis.fromRequest(body, resolved);
      if (!parsed.ok) return { ok: false, problem: problemFromIssues(parsed.issues) };
      const work = analysis.work(parsed.inputs, parsed.options);
      if (!work.ok) return { ok: false, problem: problemFromIssues(work.issues) };
      return {
        ok: true,
        work: work.work,
        log: { analysis: analysis.command, scenarios: resolved.map((s) => s.id), [work.work.field]: work.work.value },
        compute: (context) => analysis.compute(parsed.inputs, parsed.options, context),
      };
    },
  };
}

const simulations: ComputeJob<SimulationRequest> = {
  what: 'simulation',
  field: 'paths',
  unit: 'paths',
  scenarios: scenarioAtTopLevel,
  plan(body, [resolved]) {
    const prepared = prepareRun(resolved!, { ...optional('paths', body.paths), ...optional('seed', body.seed), ...optional('horizon', body.horizon), ...optional('sampling', body.sampling) });
    if (!prepared.ok) return { ok: false, problem: { kind: 'invalid-scenario', issues: prepared.issues } };
    const { run } = prepared;
    return {
      ok: true,
      work: simulationWork(run),
      log: { scenario: run.id, paths: run.paths, seed: run.seed, horizon: run.horizon },
      compute: ({ runner, signal, onProgress }) =>
        runner.run(run, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress: (progress) => onProgress({ stage: 'simulating', ...progress }) } : {}) }),
    };
  },
};

const compare = analysisJob(compareAnalysis);
const sensitivity = analysisJob(sensitivityAnalysis);
const backtest = analysisJob(backtestAnalysis);
const sweeps = analysisJob(sweepAnalysis);

/** Every route that computes, by name (the last part of its path). */
export const COMPUTE_JOBS = { simulations, compare, sensitivity, backtest, sweeps } as const;

export type ComputeJobName = keyof typeof COMPUTE_JOBS;

/** The parsed body each job takes. */
export type ComputeBody<Name extends ComputeJobName> = (typeof COMPUTE_JOBS)[Name] extends ComputeJob<infer Body> ? Body : never;

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
