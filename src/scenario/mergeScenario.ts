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

/**
 * Objects merge key by key (child wins, `null` deletes); anything else is replaced. A
 * distribution written with its `dist` is replaced whole, so a child can swap a beta for a
 * normal without inheriting `alpha`; written without `dist` it tweaks the parent's fields.
 */
export function deepMerge(base: Record<string, unknown>, child: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(child)) {
    if (key === '__proto__') continue;
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key]) && !('dist' in value)) out[key] = deepMerge(out[key] as Record<string, unknown>, value);
    else out[key] = value;
  }
  return out;
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
