import { createPathTree } from './pathTree.js';
import type { ScenarioIssue } from './scenarioIssue.js';

/**
 * How scenario objects combine: `extends` (deep merge) and `--set` overrides. Pure, so the
 * page applies slider values exactly as the command line and the API do.
 */

/** True for a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
}

/**
 * Merges layers, base first (`extends` chains: grandparent, parent, child). Objects merge
 * key by key (the later layer wins, `null` deletes); anything else is replaced. A
 * distribution written with its `dist` is replaced whole, so a child can swap a beta for a
 * normal without inheriting `alpha`; written without `dist` it tweaks the parent's fields.
 * Records which layer each field came from. The layers themselves are not modified.
 */
export function mergeLayers(layers: readonly Record<string, unknown>[]): MergedLayers {
  const owners = createPathTree<number>();
  const mergeInto = (target: Record<string, unknown>, source: Record<string, unknown>, layer: number, path: readonly string[]) => {
    for (const [key, value] of Object.entries(source)) {
      if (isPrototypeKey(key)) continue;
      const at = [...path, key];
      if (value === null) {
        delete target[key];
        owners.set(at, layer, true);
      } else if (isPlainObject(value) && isPlainObject(target[key]) && !Object.hasOwn(value, 'dist')) {
        if (!owners.has(at)) owners.set(at, layer, false);
        mergeInto(target[key] as Record<string, unknown>, value, layer, at);
      } else {
        target[key] = structuredClone(value);
        owners.set(at, layer, true);
      }
    }
  };
  const merged: Record<string, unknown> = {};
  layers.forEach((layer, i) => mergeInto(merged, layer, i, []));
  return { merged, ownerOf: (path) => (path.length === 0 ? undefined : owners.nearest(path)) };
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
}

/**
 * Applies `key=value` overrides to `merged` in place (a knob name sets the knob's value, a
 * dotted key sets that field). A key that would reach an object's prototype is refused with
 * an issue, never dropped in silence; so is an override beyond MAX_OVERRIDES.
 */
export function applyOverrides(merged: Record<string, unknown>, overrides: Readonly<Record<string, unknown>>): AppliedOverrides {
  const written = createPathTree<string>();
  const issues: ScenarioIssue[] = [];
  const keys = Object.keys(overrides);
  if (keys.length > MAX_OVERRIDES) {
    issues.push({ path: [], message: `${keys.length} overrides; at most ${MAX_OVERRIDES} are taken at once`, file: `--set (${keys.length} of them)` });
    return { sourceOf: () => null, issues };
  }
  for (const key of keys) {
    const path = overridePath(merged, key);
    const file = `--set ${path.join('.')}`;
    if (path.some(isPrototypeKey)) {
      issues.push({ path: [], message: `cannot set "${key}": __proto__, constructor and prototype are not fields of a scenario`, file });
      continue;
    }
    written.set(path, file, false);
    setPath(merged, path, overrides[key]);
  }
  return {
    sourceOf: (path) => {
      const file = written.nearest(path);
      return file === undefined ? null : { file };
    },
    issues,
  };
}

/** Keys that reach an object's prototype when written with `object[key] = …`. */
function isPrototypeKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}
