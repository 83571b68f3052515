import type { Knob } from '../../src/scenario/scenarioSchema.js';
import { ApiError, type ApiIssue } from './apiClient.js';
import { element } from './dom.js';
import { addNotices, clearError, showError } from './messages.js';
import { observationFields } from './observationFields.js';
import { currentKey, describeSpec, documentFor, page, saveToUrl, specOf } from './pageContext.js';
import { observationText, runSpecKey, type RunSpec } from './pageState.js';
import { errorInWords, issueTarget, knobIssueInWords, observationIssueInWords, observationsNamedIn, unreachableInWords } from './pageWording.js';
import { renderProjection } from './renderProjection.js';
import { RunRefusal, type createRunner } from './runner.js';

/**
 * Runs the projection the controls ask for, one at a time (the latest request wins), and puts
 * it on screen; when the model refuses an observation entry or a knob from a link, that entry
 * is set aside with its reason and the rest runs, so the charts always show a valid projection.
 */

type Listener = () => void;
const changeListeners: Listener[] = [];
const shownListeners: Listener[] = [];

/** Called whenever the state changes (a control, a refusal that set an entry aside). */
export const onStateChange = (listener: Listener) => void changeListeners.push(listener);
/** Called after a projection is drawn. */
export const onShown = (listener: Listener) => void shownListeners.push(listener);
const notify = (listeners: readonly Listener[]) => listeners.forEach((listener) => listener());

let runner: ReturnType<typeof createRunner>;
let running = false;
let queued: { startedAt: number } | null = null;

export function useRunner(chosen: ReturnType<typeof createRunner>): void {
  runner = chosen;
}

/** Asks for a new projection; `startedAt` is when the user acted (for the timing note). */
export function requestRun(startedAt = performance.now()): void {
  saveToUrl();
  notify(changeListeners);
  if (running) {
    queued = { startedAt };
    return;
  }
  void execute(startedAt);
}

async function execute(startedAt: number): Promise<void> {
  running = true;
  const spec = specOf(page.state);
  const pinnedSpec = page.state.pinned;
  try {
    const doc = await documentFor(spec.scenario);
    const pinned = pinnedSpec ? { spec: pinnedSpec, doc: await documentFor(pinnedSpec.scenario) } : undefined;
    const outcome = await runner.run(spec, doc, pinned);
    page.shown = { outcome, spec: structuredClone(spec), key: runSpecKey(spec) };
    clearError();
    renderProjection();
    const { probe } = page;
    probe.updates++;
    probe.lastUpdateMs = performance.now() - startedAt;
    probe.lastComputeMs = outcome.computeMs;
    probe.lastWhere = outcome.where;
    probe.lastKernel = outcome.kernel ?? '';
    probe.lastPhasesMs = outcome.phasesMs ?? null;
    element('timing').textContent = `Updated in ${probe.lastUpdateMs.toFixed(0)} ms (model ${outcome.computeMs.toFixed(0)} ms, ${
      outcome.where === 'page' ? `computed in this browser${outcome.kernel === 'wasm' ? ' with WebAssembly' : ''}` : 'computed on the server'
    }).`;
    const phases = outcome.phasesMs;
    element('timing').title = phases
      ? `In the page's workers: checking and compiling ${phases.prepare.toFixed(1)} ms, simulating ${phases.simulate.toFixed(1)} ms, waiting for the second worker ${phases.helperWait.toFixed(1)} ms, summarising ${phases.summarise.toFixed(1)} ms, pairing with the pinned run ${phases.compare.toFixed(1)} ms`
      : '';
    notify(shownListeners);
  } catch (error) {
    if (!(error instanceof RunRefusal && setAside(error, spec))) showError(error);
  } finally {
    running = false;
    if (queued) {
      const next = queued;
      queued = null;
      void execute(next.startedAt);
    }
  }
}

/**
 * Sets aside what a refusal names — observation entries (listed with the reason, out of the
 * runs and the link), knobs (back to the scenario's value, with a notice), or the pinned run —
 * and runs the rest if that is not already on screen. False when the refusal names none of them.
 */
function setAside(error: RunRefusal, spec: RunSpec): boolean {
  if (error.run === 'pinned') {
    const words = errorInWords(error, 'the pinned projection');
    addNotices([`The pinned projection (${describeSpec(page.state.pinned ?? spec)}) could not run, so the pin is cleared. ${words.title} ${words.lines.join(' ')}`]);
    delete page.state.pinned;
    requestRun();
    return true;
  }
  const doc = page.documents.get(spec.scenario);
  if (!doc) return false;
  const fields = observationFields(doc);
  const context = { years: range(doc.scenario.origin + 1, doc.scenario.horizon), regimes: Object.keys(doc.scenario.regimes.states) };
  const refused = new Map<number, string[]>();
  const knobs = new Map<string, string>();
  const rest: ApiIssue[] = [];
  const fieldOf = (i: number) => fields.find((f) => f.name === spec.observations[i]!.name);
  if (error.code === 'model-failure') {
    for (const i of observationsNamedIn(error.message, spec.observations)) refused.set(i, [unreachableInWords(error.message, spec.observations[i]!, fieldOf(i), spec.paths)]);
  } else {
    for (const issue of error.issues) {
      const target = issueTarget(issue);
      if (target.kind === 'observation' && spec.observations[target.index]) {
        const reasons = refused.get(target.index) ?? [];
        reasons.push(observationIssueInWords(issue, spec.observations[target.index]!, fieldOf(target.index), context));
        refused.set(target.index, reasons);
      } else if (target.kind === 'knob' && target.name in spec.knobs) {
        knobs.set(target.name, knobIssueInWords(issue, target.name, (doc.scenario.knobs as Record<string, Knob>)[target.name]));
      } else rest.push(issue);
    }
  }
  if (refused.size === 0 && knobs.size === 0) return false;
  for (const [i, reasons] of refused) {
    const observation = spec.observations[i]!;
    page.refused.push({ observation, message: [...new Set(reasons)].join(' ') });
    page.state.observations = page.state.observations.filter((o) => observationText(o) !== observationText(observation));
  }
  for (const [name, words] of knobs) {
    delete page.state.knobs[name];
    addNotices([`${words} It is back at the scenario’s value.`]);
  }
  if (rest.length > 0) showError(new ApiError(error.status, rest.map((issue) => issue.message).join('; '), rest, error.code));
  else clearError();
  if (currentKey() !== page.shown?.key) requestRun();
  else {
    saveToUrl();
    notify(changeListeners);
  }
  return true;
}

function range(first: number, last: number): number[] {
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}
