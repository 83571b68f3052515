import { isPlainObject } from './isPlainObject.js';
import { createPathTree } from './pathTree.js';
import type { ScenarioIssue } from './scenarioIssue.js';

/**
 * How scenario objects combine: `extends` (deep merge) and `--set` overrides. Pure, so the
 * page applies slider values exactly as the command line and the API do.
 */

export { isPlainObject };

/** Where `--set key=value` writes: a knob's value, or a dotted field path. */
export function overridePath(merged: Record<string, unknown>, key: string): string[] {
  const knobs = merged.knobs;
  if (!key.includes('.') && isPlainObject(knobs) && Object.hasOwn(knobs, key)) return ['knobs', key, 'value'];
  return key.split('.');
}

/** Writes `value` at `path` in place, creating objects on the way; refuses prototype keys. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (let i = 0; i < path.length - 1; i++) {
    const part = path[i]!;
    if (isPrototypeKey(part)) return; // applyOverrides refuses these with an issue first
    const next = node[part];
    if (Array.isArray(next) || isPlainObject(next)) node = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[part] = created;
      node = created;
    }
  }
  const last = path[path.length - 1]!;
  if (isPrototypeKey(last)) return;
  node[last] = value;
}

/** Which layer of a merge wrote each field: for error messages that point at the right file. */
export interface MergedLayers {
  readonly merged: Record<string, unknown>;
  /** index (into the layers) of the layer whose value stands at `path`, or undefined */
  readonly ownerOf: (path: readonly (string | number)[]) => number | undefined;
  /**
   * `path` as it reads in the layer that wrote it: the same, except that a target merged by
   * id may sit at another index of the merged list than in its file.
   */
  readonly pathInOwner: (path: readonly (string | number)[]) => readonly (string | number)[];
  /** problems of the merge itself (a removal of a target no parent has), with the layer and its own path */
  readonly problems: readonly MergeProblem[];
}

export interface MergeProblem {
  readonly layer: number;
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A top-level list whose entries merge by a key rather than being replaced whole. */
interface ListByKey {
  readonly name: string;
  /** what an entry is called in messages */
  readonly entry: string;
  /** the field a removal's problem points at */
  readonly keyField: string;
  /** the entry's key, or undefined when it has none (it is then kept as it is, never matched) */
  readonly keyOf: (entry: unknown) => string | undefined;
  /** the key as a message shows it */
  readonly show: (key: string) => string;
}

/** `targets` merge by id; `observe` by name, year and months (`oilPrice@2026`, `turnover@2026:4`). The rest of a scenario's lists are values, replaced whole. */
const LISTS_BY_KEY: Readonly<Record<string, ListByKey>> = {
  targets: { name: 'targets', entry: 'target', keyField: 'id', keyOf: (e) => (isPlainObject(e) && typeof e.id === 'string' ? e.id : undefined), show: (key) => `"${key}"` },
  observe: {
    name: 'observe',
    entry: 'observation',
    keyField: 'name',
    show: (key) => key,
    keyOf: (e) => (isPlainObject(e) && typeof e.name === 'string' && typeof e.year === 'number' ? `${e.name}@${e.year}${typeof e.months === 'number' ? `:${e.months}` : ''}` : undefined),
  },
};

/**
 * Merges layers, base first (`extends` chains: grandparent, parent, child). Objects merge
 * key by key (the later layer wins, `null` deletes); anything else is replaced. A
 * distribution written with its `dist` is replaced whole, so a child can swap a beta for a
 * normal without inheriting `alpha`; written without `dist` it tweaks the parent's fields.
 * `targets` merge by `id` and `observe` by name, year and months: an entry with a parent's
 * key replaces that entry whole, in its place; the key with `remove: true` removes it; new
 * keys are appended in order. Other lists
 * (a correlation matrix, empirical values) are values and are replaced.
 * Records which layer each field came from. The layers themselves are not modified.
 */
export function mergeLayers(layers: readonly Record<string, unknown>[]): MergedLayers {
  const owners = createPathTree<number>();
  /** for each list merged by id, where each merged entry came from */
  const entrySources = new Map<string, { layer: number; index: number }[]>();
  const problems: MergeProblem[] = [];
  const mergeByKey = (target: Record<string, unknown>, list: ListByKey, source: readonly unknown[], layer: number) => {
    // entries in order by key (an entry without a key gets one of its own): replacing keeps the place
    const inherited = Array.isArray(target[list.name]) ? (target[list.name] as unknown[]) : [];
    const inheritedSources = Array.isArray(target[list.name]) ? (entrySources.get(list.name) ?? []) : [];
    const entries = new Map<unknown, { entry: unknown; source: { layer: number; index: number } }>();
    inherited.forEach((entry, i) => entries.set(list.keyOf(entry) ?? Symbol(), { entry, source: inheritedSources[i] ?? { layer, index: i } }));
    const ownKeys = new Set<string>();
    source.forEach((entry, index) => {
      // a key given twice in one layer is not merged: both stay, for validation to refuse
      const found = list.keyOf(entry);
      const key = found === undefined || ownKeys.has(found) ? undefined : found;
      if (key !== undefined) ownKeys.add(key);
      if (isPlainObject(entry) && entry.remove === true && key !== undefined) {
        if (!entries.delete(key)) {
          const known = [...entries.keys()].filter((k) => typeof k === 'string');
          problems.push({ layer, path: [list.name, index, list.keyField], message: `no ${list.entry} ${list.show(key)} to remove; inherited: ${known.join(', ') || '(none)'}` });
        }
      } else entries.set(key ?? Symbol(), { entry: structuredClone(entry), source: { layer, index } });
    });
    target[list.name] = [...entries.values()].map((e) => e.entry);
    entrySources.set(
      list.name,
      [...entries.values()].map((e) => e.source),
    );
    owners.set([list.name], layer, true);
  };
  const mergeInto = (target: Record<string, unknown>, source: Record<string, unknown>, layer: number, path: readonly string[]) => {
    for (const [key, value] of Object.entries(source)) {
      if (isPrototypeKey(key)) continue;
      const at = [...path, key];
      if (value === null) {
        delete target[key];
        if (path.length === 0) entrySources.delete(key);
        owners.set(at, layer, true);
      } else if (path.length === 0 && Object.hasOwn(LISTS_BY_KEY, key) && Array.isArray(value)) {
        mergeByKey(target, LISTS_BY_KEY[key]!, value, layer);
      } else if (isPlainObject(value) && isPlainObject(target[key]) && !Object.hasOwn(value, 'dist')) {
        if (!owners.has(at)) owners.set(at, layer, false);
        mergeInto(target[key] as Record<string, unknown>, value, layer, at);
      } else {
        target[key] = structuredClone(value);
        if (path.length === 0) entrySources.delete(key);
        owners.set(at, layer, true);
      }
    }
  };
  const merged: Record<string, unknown> = {};
  layers.forEach((layer, i) => mergeInto(merged, layer, i, []));
  const entrySource = (path: readonly (string | number)[]) => (path.length >= 2 ? entrySources.get(String(path[0]))?.[Number(path[1])] : undefined);
  return {
    merged,
    ownerOf(path) {
      const entry = entrySource(path);
      if (entry) return entry.layer;
      return path.length === 0 ? undefined : owners.nearest(path);
    },
    pathInOwner(path) {
      const entry = entrySource(path);
      return entry ? [path[0]!, entry.index, ...path.slice(2)] : path;
    },
    problems,
  };
}

/** The object without its `extends` key. */
export function withoutExtends(raw: Record<string, unknown>): Record<string, unknown> {
  const { extends: _parent, ...rest } = raw;
  return rest;
}

/** Most `key=value` overrides one scenario takes (a page's sliders send a handful). */
export const MAX_OVERRIDES = 200;

/** What applying overrides did: the `--set key` that wrote each field, and the keys refused. */
export interface AppliedOverrides {
  /** `{ file: '--set knobs.westernWedge.value' }` for a field an override wrote (or one under it) */
  readonly sourceOf: (path: readonly (string | number)[]) => { readonly file: string } | null;
  /** overrides refused: too many of them, or a key through `__proto__`, `constructor` or `prototype` */
  readonly issues: readonly ScenarioIssue[];
  /** the field paths the overrides wrote, in their order */
  readonly paths: readonly (readonly string[])[];
}

/**
 * Applies `key=value` overrides to `merged` in place (a knob name sets the knob's value, a
 * dotted key sets that field). A key that would reach an object's prototype is refused with
 * an issue, never dropped in silence; so is an override beyond MAX_OVERRIDES.
 */
export function applyOverrides(merged: Record<string, unknown>, overrides: Readonly<Record<string, unknown>>): AppliedOverrides {
  const written = createPathTree<string>();
  const issues: ScenarioIssue[] = [];
  const paths: string[][] = [];
  const keys = Object.keys(overrides);
  if (keys.length > MAX_OVERRIDES) {
    issues.push({ path: [], message: `${keys.length} overrides; at most ${MAX_OVERRIDES} are taken at once`, file: `--set (${keys.length} of them)` });
    return { sourceOf: () => null, issues, paths: [] };
  }
  for (const key of keys) {
    const path = overridePath(merged, key);
    const file = `--set ${path.join('.')}`;
    if (path.some(isPrototypeKey)) {
      issues.push({ path: [], message: `cannot set "${key}": __proto__, constructor and prototype are not fields of a scenario`, file });
      continue;
    }
    written.set(path, file, false);
    paths.push(path);
    setPath(merged, path, overrides[key]);
  }
  return {
    sourceOf: (path) => {
      const file = written.nearest(path);
      return file === undefined ? null : { file };
    },
    issues,
    paths,
  };
}

/** Keys that reach an object's prototype when written with `object[key] = …`. */
function isPrototypeKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}
