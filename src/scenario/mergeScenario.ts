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
  if (!key.includes('.') && isPlainObject(knobs) && key in knobs) return ['knobs', key, 'value'];
  return key.split('.');
}

/** Writes `value` at `path` in place, creating objects on the way; refuses prototype keys. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (let i = 0; i < path.length - 1; i++) {
    const part = path[i]!;
    if (part === '__proto__' || part === 'constructor' || part === 'prototype') return;
    const next = node[part];
    if (Array.isArray(next) || isPlainObject(next)) node = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[part] = created;
      node = created;
    }
  }
  const last = path[path.length - 1]!;
  if (last === '__proto__' || last === 'constructor' || last === 'prototype') return;
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
  const owners = new Map<string, number>();
  const keyOf = (path: readonly (string | number)[]) => path.join('\u0001');
  const own = (path: readonly string[], layer: number, replaceBelow: boolean) => {
    const key = keyOf(path);
    if (replaceBelow) for (const existing of [...owners.keys()]) if (existing.startsWith(key + '\u0001')) owners.delete(existing);
    owners.set(key, layer);
  };
  const mergeInto = (target: Record<string, unknown>, source: Record<string, unknown>, layer: number, path: readonly string[]) => {
    for (const [key, value] of Object.entries(source)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
      const at = [...path, key];
      if (value === null) {
        delete target[key];
        own(at, layer, true);
      } else if (isPlainObject(value) && isPlainObject(target[key]) && !('dist' in value)) {
        if (!owners.has(keyOf(at))) own(at, layer, false);
        mergeInto(target[key] as Record<string, unknown>, value, layer, at);
      } else {
        target[key] = structuredClone(value);
        own(at, layer, true);
      }
    }
  };
  const merged: Record<string, unknown> = {};
  layers.forEach((layer, i) => mergeInto(merged, layer, i, []));
  return {
    merged,
    ownerOf(path) {
      for (let length = path.length; length > 0; length--) {
        const owner = owners.get(keyOf(path.slice(0, length)));
        if (owner !== undefined) return owner;
      }
      return undefined;
    },
  };
}

/** The object without its `extends` key. */
export function withoutExtends(raw: Record<string, unknown>): Record<string, unknown> {
  const { extends: _parent, ...rest } = raw;
  return rest;
}

/**
 * Applies `key=value` overrides to `merged` in place (a knob name sets the knob's value, a
 * dotted key sets that field) and returns the field path each one wrote.
 */
export function applyOverrides(merged: Record<string, unknown>, overrides: Readonly<Record<string, unknown>>): string[][] {
  const paths: string[][] = [];
  for (const [key, value] of Object.entries(overrides)) {
    const path = overridePath(merged, key);
    paths.push(path);
    setPath(merged, path, value);
  }
  return paths;
}
