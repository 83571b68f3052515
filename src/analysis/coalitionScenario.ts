import type { History } from '../scenario/history.js';
import type { ResolvedScenario } from '../scenario/loadScenario.js';
import { isPlainObject, setPath } from '../scenario/mergeScenario.js';
import { resolveInMemory } from '../scenario/resolveInMemory.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';
import { valueAt, type ChangedInput } from './changedInputs.js';

/**
 * A mixture of A and B: A, with B's value for each input whose bit is set in `mask` (bit i for
 * `inputs[i]`), validated again. Mask 0 is A, all bits set is B (in every field that moves the
 * model). Knobs only B declares are carried in, so B's fields that read them still compile.
 */
export function coalitionScenario(
  a: ResolvedScenario,
  b: ResolvedScenario,
  inputs: readonly ChangedInput[],
  mask: number,
): { readonly ok: true; readonly resolved: ResolvedScenario } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] } {
  const mixed = structuredClone(a.scenario) as unknown as Record<string, unknown>;
  const knobs = mixed.knobs as Record<string, unknown>;
  for (const [name, knob] of Object.entries(b.scenario.knobs)) if (!(name in knobs)) knobs[name] = structuredClone(knob);
  let history: History = a.history;
  inputs.forEach((input, i) => {
    if ((mask & (1 << i)) === 0) return;
    if (input.history) history = b.history;
    for (const path of input.paths) {
      const value = valueAt(b.scenario, path);
      if (value === undefined) deletePath(mixed, path);
      else setPath(mixed, path, structuredClone(value));
    }
  });
  const resolved = resolveInMemory(a.id, mixed, history);
  if (resolved.ok) return resolved;
  const switched = inputs.filter((_, i) => (mask & (1 << i)) !== 0).map((input) => input.input);
  return {
    ok: false,
    issues: resolved.issues.map((issue) => ({
      path: ['explain'],
      message: `${a.id} with ${switched.join(', ')} from ${b.id} is not a valid scenario (${issue.path.join('.')}: ${issue.message}); these inputs only make sense together`,
    })),
  };
}

function deletePath(target: Record<string, unknown>, path: readonly string[]): void {
  const parent = valueAt(target, path.slice(0, -1));
  if (isPlainObject(parent)) delete parent[path[path.length - 1]!];
}
