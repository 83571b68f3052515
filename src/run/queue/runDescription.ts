import type { Sampling } from '../../core/modelPlan.js';
import { planThrough } from '../../core/planThrough.js';
import type { History } from '../../scenario/history.js';
import { resolveInMemory } from '../../scenario/resolveInMemory.js';
import { VERSION } from '../../version.js';
import { prepareRun, type PreparedRun } from '../preparedRun.js';
import type { SimulationDesign } from '../runTasks.js';
import { decodeFrame, encodeFrame } from './frame.js';

/**
 * What a worker needs to compute any shard of a run, stored once per run under the run's own
 * key: the resolved scenario and history (so workers need no scenario files), the options it
 * was prepared with, how the coordinator's run differs from that (a batch's paths, the years of
 * a first pass) and the design's arrays. The version and input hash go with it and with every
 * job: a worker re-prepares the run with its own code and refuses it unless both match.
 */
interface DescriptionHeader {
  readonly version: string;
  readonly inputHash: string;
  readonly id: string;
  readonly scenario: unknown;
  readonly history: History;
  readonly prepared: { readonly paths: number; readonly seed: number; readonly horizon: number; readonly sampling: Sampling };
  readonly paths: number;
  readonly years: number;
  readonly design: { readonly parameterUniforms: boolean; readonly pathKeys: boolean; readonly resample: boolean };
}

export function encodeDescription(run: PreparedRun, design: SimulationDesign): Buffer {
  const header: DescriptionHeader = {
    version: VERSION,
    inputHash: run.inputHash,
    id: run.id,
    scenario: run.resolved.scenario,
    history: run.resolved.history,
    prepared: { paths: run.preparedPaths, seed: run.seed, horizon: run.horizon, sampling: run.plan.sampling },
    paths: run.paths,
    years: run.plan.years.length,
    design: { parameterUniforms: !!design.parameterUniforms, pathKeys: !!design.pathKeys, resample: !!design.resample },
  };
  return encodeFrame(
    header,
    [design.parameterUniforms, design.pathKeys, design.resample].filter((a) => a !== undefined),
  );
}

/** A run as a worker holds it: prepared by the worker's code, as the coordinator will run it. */
export interface DescribedRun {
  readonly run: PreparedRun;
  readonly design: SimulationDesign;
}

export type DescribedRunResult = { readonly ok: true; readonly described: DescribedRun } | { readonly ok: false; readonly refusal: string };

/**
 * Re-prepares a described run; a refusal (one line) when this worker's version differs or its
 * code does not arrive at the run's input hash — then its numbers could differ too.
 */
export function describedRun(bytes: Buffer): DescribedRunResult {
  const { header: raw, sections } = decodeFrame(bytes);
  const header = raw as DescriptionHeader;
  if (header.version !== VERSION) return { ok: false, refusal: `this worker runs tradecast ${VERSION}, the run needs ${header.version}` };
  const resolved = resolveInMemory(header.id, header.scenario, header.history);
  if (!resolved.ok) return { ok: false, refusal: `this worker's tradecast ${VERSION} does not accept the run's scenario: ${resolved.issues[0]?.message ?? 'invalid'}` };
  const prepared = prepareRun(resolved.resolved, header.prepared);
  if (!prepared.ok) return { ok: false, refusal: `this worker's tradecast ${VERSION} cannot prepare the run: ${prepared.issues[0]?.message ?? 'invalid'}` };
  if (prepared.run.inputHash !== header.inputHash) {
    return { ok: false, refusal: `this worker's inputs hash to ${prepared.run.inputHash.slice(0, 12)}…, the run's to ${header.inputHash.slice(0, 12)}…` };
  }
  const full = prepared.run;
  const run = { ...full, paths: header.paths, plan: header.years < full.plan.years.length ? planThrough(full.plan, header.years) : full.plan };
  const queue = [...sections];
  const design: SimulationDesign = {
    ...(header.design.parameterUniforms ? { parameterUniforms: queue.shift() as Float64Array } : {}),
    ...(header.design.pathKeys ? { pathKeys: queue.shift() as Uint32Array } : {}),
    ...(header.design.resample ? { resample: queue.shift() as Int32Array } : {}),
  };
  return { ok: true, described: { run, design } };
}
