/// <reference lib="webworker" />
import './zodWithoutEval.js'; // before anything parses with zod
import { pairedSeries, pairedTargets, type PairedDifference, type TargetDifference } from '../../src/analysis/pairedDifference.js';
import type { PreparedRun } from '../../src/run/preparedRun.js';
import type { SimulationResult } from '../../src/run/simulationResult.js';
import { summariseOutput } from '../../src/run/summariseOutput.js';
import { createSimulationOutput, seriesOf } from '../../src/core/simulationOutput.js';
import { describeModelFailure } from '../../src/core/modelFailure.js';
import type { KernelName } from '../../src/core/simulationKernel.js';
import { kernelNamed } from '../../src/run/kernelChoice.js';
import type { SimulationOutput } from '../../src/core/simulationOutput.js';
import type { ScenarioIssue } from '../../src/scenario/scenarioIssue.js';
import { prepareWorkerRun, RunError, simulateRunInto, type WorkerRunSpec } from './workerRun.js';

export interface WorkerRunRequest {
  readonly requestId: number;
  readonly current: WorkerRunSpec;
  /** a pinned run to compare with; paired with the current one when paths and seed match */
  readonly pinned?: WorkerRunSpec;
}

export interface WorkerComparison {
  readonly pinned: SimulationResult;
  /** current − pinned, path by path, for every series (null when the two cannot be paired) */
  readonly difference: Readonly<Record<string, PairedDifference>> | null;
  readonly targets: readonly TargetDifference[];
  /** why the two are not paired, for the page to say (absent when paired) */
  readonly unpaired?: 'sizes' | 'outcomes' | 'server';
}

/** Why a run gave no result, as the API would say it: its issues (400) or a model failure (422). */
export type WorkerProblem =
  | { readonly kind: 'invalid'; readonly run: 'current' | 'pinned'; readonly issues: readonly ScenarioIssue[] }
  | { readonly kind: 'model-failure'; readonly run: 'current' | 'pinned'; readonly message: string }
  | { readonly kind: 'internal'; readonly message: string };

export type WorkerRunResponse =
  | {
      readonly requestId: number;
      readonly ok: true;
      readonly result: SimulationResult;
      readonly comparison?: WorkerComparison;
      readonly computeMs: number;
      /** where computeMs went: checking and compiling the runs, simulating (both workers), summarising, pairing with the pinned run */
      readonly phasesMs: PhaseTimes;
      /** the kernel that computed it: WebAssembly where the browser runs it, else TypeScript */
      readonly kernel: KernelName;
    }
  | { readonly requestId: number; readonly ok: false; readonly problem: WorkerProblem };

/** Milliseconds a run spent in each step, in the worker (the pinned run's, when computed, included). */
export interface PhaseTimes {
  prepare: number;
  simulate: number;
  summarise: number;
  compare: number;
  helperWait: number;
}

/** A model failure of a prepared run (e.g. an observation the paths cannot reach), worded as the API words it. */
class ModelFailureError extends Error {}

/** Below this many paths a second worker is not worth the hand-off. */
export const SPLIT_MIN_PATHS = 2_000;

/** Sent by the leading worker to its helper: simulate paths [start, end) into shared buffers. */
interface PartRequest {
  readonly partId: number;
  readonly spec: WorkerRunSpec;
  readonly start: number;
  readonly end: number;
  readonly values: readonly SharedArrayBuffer[];
  readonly regime: SharedArrayBuffer;
}

interface Computed {
  readonly run: PreparedRun;
  readonly output: SimulationOutput;
  readonly result: SimulationResult;
}

/**
 * Runs the pure core: the same code, and the same bytes, as the CLI and the API. With a helper
 * worker (the page is cross-origin isolated, so memory can be shared) the paths are split in
 * two and simulated at once into shared buffers; every path's random numbers are keyed by its
 * index, so the split changes nothing in the output.
 */
async function compute(spec: WorkerRunSpec, phases: PhaseTimes): Promise<Computed> {
  let mark = performance.now();
  const lap = (phase: keyof PhaseTimes) => {
    const now = performance.now();
    phases[phase] += now - mark;
    mark = now;
  };
  const run = prepareWorkerRun(spec);
  lap('prepare');
  let output;
  if (helper && run.paths >= SPLIT_MIN_PATHS) {
    output = createSimulationOutput(run.plan, run.paths, (bytes) => new SharedArrayBuffer(bytes));
    const middle = Math.floor(run.paths / 2);
    const part: PartRequest = {
      partId: nextPartId++,
      spec,
      start: middle,
      end: run.paths,
      values: output.values.map((v) => v.buffer as SharedArrayBuffer),
      regime: output.regime.buffer as SharedArrayBuffer,
    };
    const helperDone = new Promise<void>((resolve, reject) => partsWaiting.set(part.partId, { resolve, reject }));
    helper.postMessage(part);
    simulateRunInto(run, output, 0, middle);
    lap('simulate');
    await helperDone;
    lap('helperWait');
  } else {
    output = simulateRunInto(run);
  }
  lap('simulate');
  const built = summariseOutput(run, output);
  lap('summarise');
  if (!built.ok) throw new ModelFailureError(describeModelFailure(built.failure));
  return { run, output, result: built.result };
}

// — the helper side: simulate a part into the leader's shared buffers —
function simulatePart(part: PartRequest): void {
  const run = prepareWorkerRun(part.spec);
  const output = {
    paths: run.paths,
    yearCount: run.plan.years.length,
    series: seriesOf(run.plan),
    values: part.values.map((buffer) => new Float64Array(buffer)),
    regime: new Uint8Array(part.regime),
  };
  simulateRunInto(run, output, part.start, part.end);
}

let helper: MessagePort | null = null;
let nextPartId = 1;
const partsWaiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

// the pinned run changes rarely (a click), the current one on every slider move: keep the pinned paths
let pinnedCache: { key: string; computed: Computed } | null = null;

async function computePinned(spec: WorkerRunSpec, phases: PhaseTimes): Promise<Computed> {
  const key = JSON.stringify([spec.scenarioId, spec.overrides, spec.observations ?? [], spec.paths, spec.seed]);
  if (pinnedCache?.key !== key) pinnedCache = { key, computed: await compute(spec, phases) };
  return pinnedCache.computed;
}

/** Runs `work`, naming which of the two runs a refusal is about. */
async function labelled<T>(run: 'current' | 'pinned', work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RunError) throw new RunProblem({ kind: 'invalid', run, issues: error.issues });
    if (error instanceof ModelFailureError) throw new RunProblem({ kind: 'model-failure', run, message: error.message });
    throw error;
  }
}

class RunProblem extends Error {
  constructor(readonly problem: WorkerProblem) {
    super(problem.kind);
  }
}

async function handle(request: WorkerRunRequest): Promise<WorkerRunResponse> {
  const started = performance.now();
  const phasesMs: PhaseTimes = { prepare: 0, simulate: 0, summarise: 0, compare: 0, helperWait: 0 };
  const current = await labelled('current', () => compute(request.current, phasesMs));
  let comparison: WorkerComparison | undefined;
  if (request.pinned) {
    const pinned = await labelled('pinned', () => computePinned(request.pinned!, phasesMs));
    const comparing = performance.now();
    // an observed outcome resamples each run's paths by its own weights: path p is no longer a pair
    const unpaired =
      pinned.run.paths !== current.run.paths || pinned.run.seed !== current.run.seed || pinned.run.plan.sampling !== current.run.plan.sampling
        ? 'sizes'
        : pinned.run.outcomes.length + current.run.outcomes.length > 0
          ? 'outcomes'
          : undefined;
    comparison = {
      pinned: pinned.result,
      difference: unpaired ? null : pairedSeries(pinned.output, current.output, current.run.plan.sampling),
      targets: unpaired ? [] : pairedTargets(pinned.run, pinned.output, current.run, current.output),
      ...(unpaired ? { unpaired } : {}),
    };
    phasesMs.compare = performance.now() - comparing;
  } else pinnedCache = null;
  return { requestId: request.requestId, ok: true, result: current.result, ...(comparison ? { comparison } : {}), computeMs: performance.now() - started, phasesMs, kernel: kernelNamed().name };
}

/** Messages from the page: a run request, or the port to a helper worker (sent once at start). */
export type WorkerMessage = WorkerRunRequest | { readonly kind: 'helper-port'; readonly port: MessagePort } | { readonly kind: 'serve-parts'; readonly port: MessagePort };

const scope = self as unknown as DedicatedWorkerGlobalScope;
// one run at a time: a request waits for the previous one (the page sends one at a time anyway)
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event: MessageEvent<WorkerMessage>) => {
  const message = event.data;
  if ('kind' in message && message.kind === 'helper-port') {
    helper = message.port;
    helper.onmessage = (reply: MessageEvent<{ partId: number; error?: string }>) => {
      const waiting = partsWaiting.get(reply.data.partId);
      partsWaiting.delete(reply.data.partId);
      if (reply.data.error) waiting?.reject(new Error(reply.data.error));
      else waiting?.resolve();
    };
    return;
  }
  if ('kind' in message && message.kind === 'serve-parts') {
    const port = message.port;
    port.onmessage = (part: MessageEvent<PartRequest>) => {
      try {
        simulatePart(part.data);
        port.postMessage({ partId: part.data.partId });
      } catch (error) {
        port.postMessage({ partId: part.data.partId, error: (error as Error).message });
      }
    };
    return;
  }
  const request = message as WorkerRunRequest;
  queue = queue.then(async () => {
    let response: WorkerRunResponse;
    try {
      response = await handle(request);
    } catch (error) {
      const problem: WorkerProblem = error instanceof RunProblem ? error.problem : { kind: 'internal', message: `internal error in the page's simulation worker: ${(error as Error).message}` };
      response = { requestId: request.requestId, ok: false, problem };
    }
    scope.postMessage(response);
  });
};
