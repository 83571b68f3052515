import type { ResolvedScenario } from '../scenario/loadScenario.js';
import { isPlainObject } from '../scenario/mergeScenario.js';
import type { Scenario } from '../scenario/scenarioSchema.js';
import type { ScenarioIssue } from '../scenario/scenarioIssue.js';

/**
 * What differs between two resolved scenarios A and B, as inputs of the model that an
 * attribution can switch one at a time from A's value to B's.
 *
 * A changed input is one of:
 * - a knob whose `value` differs (`knobs.oilLongRun`; its range, unit and labels do not count);
 * - a model field whose numbers differ, compared after `extends` and defaults with every
 *   `source`, `label` and `description` left out: one of `oil`, `rouble`, `exports`, `imports`
 *   and `demand`'s parameters (`oil.meanReversion`), the regimes' `initial` and each regime's
 *   `transition` row, `sanctionsIntensity`, `westernCap`, `paymentFriction` and `entryJump`
 *   (`regimes.states.escalation.transition`), `correlation`, and each field of each sector
 *   (`sectors.cars.importContent`); when the two scenarios declare different regimes or
 *   sectors (or the same ones in another order), `regimes` or `sectors` is one input;
 * - `data`: the history the two read differs.
 * Not inputs: `name`, `description`, `run`, `horizon` and `origin` (a comparison fixes one of
 * each), and `targets` (they measure the model; an attribution needs its measure the same in
 * both). A knob only one scenario declares is carried into every mixture, where only the
 * fields that read it use it.
 *
 * When there are more than `most` inputs, fields are grouped by block — `regimes`, `oil`,
 * `rouble`, `exports`, `imports`, `demand`, `correlation`, `sectors.<name>`, `data` — and, if
 * still too many, the knobs become one input, `knobs`; beyond that the scenarios differ too
 * much to split (2^k runs), and an issue says so.
 */
export interface ChangedInput {
  /** `knobs.oilLongRun`, `oil.meanReversion`, a block (`sectors.cars`, `regimes`) or `knobs` / `data` */
  readonly input: string;
  readonly kind: 'knob' | 'field' | 'block';
  /** the scenario fields that take B's value when the input is switched (empty for `data`) */
  readonly paths: readonly (readonly string[])[];
  /** whether switching it takes B's history */
  readonly history: boolean;
  /** a knob's value in A and in B */
  readonly from?: number;
  readonly to?: number;
}

/** How finely the inputs were cut to stay within the most allowed. */
export type InputGrouping = 'fields' | 'blocks' | 'blocks and knobs';

export type ChangedInputsResult = { readonly ok: true; readonly inputs: readonly ChangedInput[]; readonly grouping: InputGrouping } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** A field-level difference and the block it groups into. */
interface Difference extends ChangedInput {
  readonly block: string;
}

/** Parameter blocks whose fields are compared one by one. */
const PARAMETER_BLOCKS = ['oil', 'rouble', 'exports', 'imports', 'demand'] as const;
/** Fields of a regime that move the model (its label and description do not). */
const REGIME_FIELDS = ['transition', 'sanctionsIntensity', 'westernCap', 'paymentFriction', 'entryJump'] as const;
/** Keys that never change a number. */
const WORDS_ONLY = new Set(['source', 'label', 'description']);

/** The inputs that differ between A and B, ordered by name (so A → B and B → A list them alike), grouped to at most `most`. */
export function changedInputs(a: ResolvedScenario, b: ResolvedScenario, most: number): ChangedInputsResult {
  const differences = fieldDifferences(a, b);
  const byName = (x: ChangedInput, y: ChangedInput) => (x.input < y.input ? -1 : x.input > y.input ? 1 : 0);
  const fields = differences.map(({ block: _block, ...input }): ChangedInput => input).sort(byName);
  if (fields.length <= most) return { ok: true, inputs: fields, grouping: 'fields' };
  const blocks = groupFields(differences).sort(byName);
  if (blocks.length <= most) return { ok: true, inputs: blocks, grouping: 'blocks' };
  const knobs = blocks.filter((input) => input.kind === 'knob');
  const knobBlock: ChangedInput[] = knobs.length === 0 ? [] : [{ input: 'knobs', kind: 'block', paths: knobs.flatMap((knob) => knob.paths), history: false }];
  const withKnobs = [...blocks.filter((input) => input.kind !== 'knob'), ...knobBlock].sort(byName);
  if (withKnobs.length <= most) return { ok: true, inputs: withKnobs, grouping: 'blocks and knobs' };
  return {
    ok: false,
    issues: [
      {
        path: ['explain'],
        message:
          `${a.id} and ${b.id} differ in ${fields.length} inputs (${fields.map((f) => f.input).join(', ')}); grouped by block they are still ${withKnobs.length} ` +
          `(${withKnobs.map((f) => f.input).join(', ')}), and an attribution takes at most ${most} (2^${most} runs): explain the change in steps, through a scenario between the two`,
      },
    ],
  };
}

function fieldDifferences(a: ResolvedScenario, b: ResolvedScenario): Difference[] {
  const sa = a.scenario;
  const sb = b.scenario;
  const out: Difference[] = [];
  const field = (path: readonly string[], block: string) => {
    if (!sameNumbers(valueAt(sa, path), valueAt(sb, path))) out.push({ input: path.join('.'), kind: 'field', paths: [path], history: false, block });
  };
  for (const [name, knob] of Object.entries(sa.knobs)) {
    const other = sb.knobs[name];
    if (other && other.value !== knob.value) out.push({ input: `knobs.${name}`, kind: 'knob', paths: [['knobs', name]], history: false, block: 'knobs', from: knob.value, to: other.value });
  }
  const statesA = Object.keys(sa.regimes.states);
  const statesB = Object.keys(sb.regimes.states);
  if (!sameList(statesA, statesB)) {
    // the order of the regimes (and of the sectors) decides which random numbers each one draws
    out.push({ input: 'regimes', kind: 'block', paths: [['regimes']], history: false, block: 'regimes' });
  } else {
    field(['regimes', 'initial'], 'regimes');
    for (const state of statesA) for (const key of REGIME_FIELDS) field(['regimes', 'states', state, key], 'regimes');
  }
  for (const block of PARAMETER_BLOCKS) for (const key of unionOfKeys(sa[block], sb[block])) field([block, key], block);
  field(['correlation'], 'correlation');
  const sectorsA = Object.keys(sa.sectors);
  const sectorsB = Object.keys(sb.sectors);
  if (!sameList(sectorsA, sectorsB)) {
    out.push({ input: 'sectors', kind: 'block', paths: [['sectors']], history: false, block: 'sectors' });
  } else {
    for (const sector of sectorsA) {
      for (const key of unionOfKeys(sa.sectors[sector], sb.sectors[sector])) if (!WORDS_ONLY.has(key)) field(['sectors', sector, key], `sectors.${sector}`);
    }
  }
  if (!sameNumbers(a.history.years, b.history.years)) out.push({ input: 'data', kind: 'block', paths: [], history: true, block: 'data' });
  return out;
}

/** Fields become their blocks; knobs stay one by one. */
function groupFields(differences: readonly Difference[]): ChangedInput[] {
  const blocks = new Map<string, ChangedInput>();
  const inputs: ChangedInput[] = [];
  for (const difference of differences) {
    const { block, ...input } = difference;
    if (input.kind === 'knob') {
      inputs.push(input);
      continue;
    }
    const existing = blocks.get(block);
    blocks.set(block, { input: block, kind: 'block', paths: [...(existing?.paths ?? []), ...input.paths], history: (existing?.history ?? false) || input.history });
  }
  return [...inputs, ...blocks.values()];
}

/** Whether two values hold the same numbers and choices, ignoring sources, labels and descriptions. */
export function sameNumbers(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (Array.isArray(x) || Array.isArray(y)) {
    return Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((item, i) => sameNumbers(item, y[i]));
  }
  if (isPlainObject(x) && isPlainObject(y)) {
    const keys = unionOfKeys(x, y).filter((key) => !WORDS_ONLY.has(key));
    return keys.every((key) => sameNumbers(x[key], y[key]));
  }
  return false;
}

/** The value at `path` in a scenario, or undefined. */
export function valueAt(scenario: Scenario | Record<string, unknown>, path: readonly string[]): unknown {
  let node: unknown = scenario;
  for (const part of path) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

function unionOfKeys(x: unknown, y: unknown): string[] {
  return [...new Set([...(isPlainObject(x) ? Object.keys(x) : []), ...(isPlainObject(y) ? Object.keys(y) : [])])];
}

function sameList(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((item, i) => item === y[i]);
}
