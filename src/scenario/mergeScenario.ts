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

/** Top-level lists whose entries merge by `id` (the rest of a scenario's lists are values, replaced whole). */
const LISTS_BY_ID = ['targets'] as const;

/**
 * Merges layers, base first (`extends` chains: grandparent, parent, child). Objects merge
 * key by key (the later layer wins, `null` deletes); anything else is replaced. A
 * distribution written with its `dist` is replaced whole, so a child can swap a beta for a
 * normal without inheriting `alpha`; written without `dist` it tweaks the parent's fields.
 * `targets` merge by `id`: an entry with a parent's id replaces that target whole, in its
 * place; `{ id, remove: true }` removes it; new ids are appended in order. Other lists
 * (a correlation matrix, empirical values) are values and are replaced.
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
  /** for each list merged by id, where each merged entry came from */
  const entrySources = new Map<string, { layer: number; index: number }[]>();
  const problems: MergeProblem[] = [];
  const mergeById = (target: Record<string, unknown>, key: string, list: readonly unknown[], layer: number) => {
    const entries = Array.isArray(target[key]) ? [...(target[key] as unknown[])] : [];
    const sources = Array.isArray(target[key]) ? [...(entrySources.get(key) ?? [])] : [];
    list.forEach((entry, index) => {
      const id = isPlainObject(entry) && typeof entry.id === 'string' ? entry.id : undefined;
      const at = id === undefined ? -1 : entries.findIndex((existing) => isPlainObject(existing) && existing.id === id);
      if (isPlainObject(entry) && entry.remove === true && id !== undefined) {
        if (at < 0) problems.push({ layer, path: [key, index, 'id'], message: `no ${key.slice(0, -1)} "${id}" to remove; inherited: ${entries.map((e) => (isPlainObject(e) ? String(e.id) : '?')).join(', ') || '(none)'}` });
        else {
          entries.splice(at, 1);
          sources.splice(at, 1);
        }
      } else if (at >= 0) {
        entries[at] = structuredClone(entry);
        sources[at] = { layer, index };
      } else {
        entries.push(structuredClone(entry));
        sources.push({ layer, index });
      }
    });
    target[key] = entries;
    entrySources.set(key, sources);
    own([key], layer, true);
  };
  const mergeInto = (target: Record<string, unknown>, source: Record<string, unknown>, layer: number, path: readonly string[]) => {
    for (const [key, value] of Object.entries(source)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
      const at = [...path, key];
      if (value === null) {
        delete target[key];
        entrySources.delete(keyOf(at));
        own(at, layer, true);
      } else if (path.length === 0 && (LISTS_BY_ID as readonly string[]).includes(key) && Array.isArray(value)) {
        mergeById(target, key, value, layer);
      } else if (isPlainObject(value) && isPlainObject(target[key]) && !('dist' in value)) {
        if (!owners.has(keyOf(at))) own(at, layer, false);
        mergeInto(target[key] as Record<string, unknown>, value, layer, at);
      } else {
        target[key] = structuredClone(value);
        entrySources.delete(keyOf(at));
        own(at, layer, true);
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
      for (let length = path.length; length > 0; length--) {
        const owner = owners.get(keyOf(path.slice(0, length)));
        if (owner !== undefined) return owner;
      }
      return undefined;
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
