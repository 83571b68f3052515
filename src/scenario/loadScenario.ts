import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { FileCache } from './fileCache.js';
import { parseCarShareHistory, parseTurnoverHistory, type History } from './history.js';
import { shippedScenariosDir } from './projectPaths.js';
import { parseScenario } from './parseScenario.js';
import type { Scenario } from './scenarioSchema.js';
import type { ScenarioIssue } from './scenarioIssue.js';
import { applyOverrides, isPlainObject, mergeLayers, withoutExtends } from './mergeScenario.js';

/** Largest scenario file read, in bytes: scenario files are a few kilobytes. */
export const MAX_SCENARIO_BYTES = 1 << 20;
/** Largest data file read, in bytes. */
export const MAX_DATA_BYTES = 8 << 20;
/** Deepest chain of `extends`. */
export const MAX_EXTENDS_DEPTH = 8;
/** Most YAML aliases expanded in one file (guards against alias bombs). */
export const MAX_YAML_ALIASES = 100;

/** A scenario with `extends` applied, validated, with its history loaded. */
export interface ResolvedScenario {
  /** file name without extension, or "inline" */
  readonly id: string;
  readonly scenario: Scenario;
  readonly history: History;
  /** the file and line that hold a field, for error messages from later stages */
  readonly locate: (path: readonly (string | number)[]) => { file?: string; line?: number };
}

export type ResolveResult = { readonly ok: true; readonly resolved: ResolvedScenario } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

export interface ResolveOptions {
  /** `key=value` settings applied after `extends`: a knob name, or a dotted field path */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** how file names appear in messages (default: relative to the working directory) */
  readonly displayPath?: (absolute: string) => string;
  /** parsed files to reuse while they do not change (a server's; default: every file is read and parsed) */
  readonly cache?: FileCache;
}

/** How files are read for one resolution: named as `shown` names them, through `cache` when there is one. */
interface Reading {
  readonly shown: (absolute: string) => string;
  readonly cache: FileCache | undefined;
}

/** One file of an `extends` chain, parsed. */
interface ParsedFile {
  readonly file: string;
  readonly shown: string;
  readonly document: Document | null;
  readonly lines: LineCounter | null;
  readonly raw: Record<string, unknown>;
  /** folder this file may reach into (extends, data) */
  readonly root: string;
}

class ScenarioLoadError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues[0]?.message);
  }
}

/**
 * Reads a scenario file (YAML or JSON), follows `extends`, applies overrides, validates it
 * against the schema and loads its data. Every problem comes back as issues naming the file,
 * line and field; nothing is thrown for bad input.
 */
export function resolveScenarioFile(file: string, options: ResolveOptions = {}): ResolveResult {
  const reading: Reading = { shown: options.displayPath ?? defaultDisplayPath, cache: options.cache };
  try {
    const absolute = resolve(file);
    const chain = readChain(absolute, dirname(absolute), reading, []);
    return finish(basename(absolute, extname(absolute)), chain, options, reading);
  } catch (error) {
    if (error instanceof ScenarioLoadError) return { ok: false, issues: error.issues };
    throw error;
  }
}

/**
 * Validates a scenario given as an object (an API request body): `extends` may name a
 * shipped scenario (`baseline`), data paths are relative to the shipped scenarios folder.
 */
export function resolveScenarioObject(raw: unknown, options: ResolveOptions = {}): ResolveResult {
  const reading: Reading = { shown: options.displayPath ?? defaultDisplayPath, cache: options.cache };
  try {
    if (!isPlainObject(raw)) throw new ScenarioLoadError([{ path: [], message: 'a scenario must be an object' }]);
    const root = shippedScenariosDir();
    const own: ParsedFile = { file: join(root, '(inline)'), shown: '(inline scenario)', document: null, lines: null, raw, root };
    const chain = [own, ...readParents(own, reading, [])];
    return finish('inline', chain, options, reading);
  } catch (error) {
    if (error instanceof ScenarioLoadError) return { ok: false, issues: error.issues };
    throw error;
  }
}

/** What a shipped scenario's id looks like: its file name without the extension. */
export const SCENARIO_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** What an override key looks like: a knob name or a dotted field path (`oil.volatility.mean`). */
export const OVERRIDE_KEY_PATTERN = /^[A-Za-z0-9_.-]+$/;

const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** The file of a shipped scenario, by id (`baseline`), or null. */
export function shippedScenarioFile(id: string): string | null {
  if (!SCENARIO_ID_PATTERN.test(id)) return null;
  for (const extension of SCENARIO_EXTENSIONS) {
    const candidate = join(shippedScenariosDir(), id + extension);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next extension
    }
  }
  return null;
}

/** The ids of the shipped scenarios, sorted (`scenario.schema.json` is not one). */
export function shippedScenarioIds(): string[] {
  const ids = new Set<string>();
  for (const name of readdirSync(shippedScenariosDir())) {
    const extension = extname(name);
    const id = basename(name, extension);
    if ((SCENARIO_EXTENSIONS as readonly string[]).includes(extension) && SCENARIO_ID_PATTERN.test(id) && shippedScenarioFile(id) !== null) ids.add(id);
  }
  return [...ids].sort();
}

function finish(id: string, chain: readonly ParsedFile[], options: ResolveOptions, reading: Reading): ResolveResult {
  const { shown } = reading;
  // chain is child first; merge base first, remembering which file wrote each field
  const layers = [...chain].reverse();
  const { merged, ownerOf } = mergeLayers(layers.map((file) => withoutExtends(file.raw)));
  const applied = applyOverrides(merged, options.overrides ?? {});
  if (applied.issues.length > 0) return { ok: false, issues: applied.issues };

  const locate = (path: readonly (string | number)[]): { file?: string; line?: number } => {
    const override = applied.sourceOf(path);
    if (override) return override;
    const owner = layers[ownerOf(path) ?? layers.length - 1]!;
    const found = owner.document && owner.lines ? keyLine(owner.document, owner.lines, path) : null;
    return found ? { file: owner.shown, line: found.line } : { file: owner.shown };
  };

  const parsed = parseScenario(merged, locate);
  if (!parsed.ok) return parsed;
  const scenario = parsed.scenario;

  // data files resolve against the file that named them
  const dataOwner = (key: 'turnover' | 'sectorShares'): ParsedFile | undefined =>
    chain.find((file) => isPlainObject(file.raw.data) && typeof (file.raw.data as Record<string, unknown>)[key] === 'string') ?? chain[0];
  const readData = <T>(key: 'turnover' | 'sectorShares', name: string, parse: (text: string) => T): T => {
    const owner = dataOwner(key)!;
    const target = containedPath(owner, name, ['data', key], shown, locate);
    return readThrough(target, MAX_DATA_BYTES, ['data', key], locate, reading, key, parse);
  };
  const years = readData('turnover', scenario.data.turnover, parseTurnoverHistory);
  if (years.length === 0) {
    throw new ScenarioLoadError([{ path: ['data', 'turnover'], message: `no PRIMARY rows in ${scenario.data.turnover}`, ...locate(['data', 'turnover']) }]);
  }
  const carShareChina = scenario.data.sectorShares ? readData('sectorShares', scenario.data.sectorShares, parseCarShareHistory) : {};
  return { ok: true, resolved: { id, scenario, history: { years, carShareChina }, locate } };
}

function readChain(file: string, root: string, reading: Reading, seen: readonly string[]): ParsedFile[] {
  const parsed = parseFile(file, root, reading);
  return [parsed, ...readParents(parsed, reading, [...seen, file])];
}

function readParents(child: ParsedFile, reading: Reading, seen: readonly string[]): ParsedFile[] {
  const { shown } = reading;
  const parent = child.raw.extends;
  if (parent === undefined) return [];
  const where = { file: child.shown, ...(child.document && child.lines ? keyLineOrEmpty(child.document, child.lines, ['extends']) : {}) };
  if (typeof parent !== 'string' || parent.trim() === '') {
    throw new ScenarioLoadError([{ path: ['extends'], message: 'expected the name of a shipped scenario (e.g. baseline) or a relative path to a scenario file', ...where }]);
  }
  if (seen.length >= MAX_EXTENDS_DEPTH) {
    throw new ScenarioLoadError([{ path: ['extends'], message: `more than ${MAX_EXTENDS_DEPTH} levels of extends`, ...where }]);
  }
  const shipped = /[/\\.]/.test(parent) ? null : shippedScenarioFile(parent);
  let target: string;
  let root: string;
  if (shipped) {
    target = shipped;
    root = shippedScenariosDir();
  } else {
    target = resolve(dirname(child.file), parent);
    root = child.root;
    if (!isInside(root, target)) {
      throw new ScenarioLoadError([{ path: ['extends'], message: `"${parent}" points outside the scenario's folder (${shown(root)}); extends may name a shipped scenario or a file under that folder`, ...where }]);
    }
  }
  const real = realOrNull(target);
  if (real === null) {
    throw new ScenarioLoadError([{ path: ['extends'], message: `"${parent}" does not exist (looked for ${shown(target)}); shipped scenarios are in ${shown(shippedScenariosDir())}`, ...where }]);
  }
  // the file itself, not only its name: a symbolic link under the folder may point out of it
  if (!shipped && !isInside(root, real)) {
    throw new ScenarioLoadError([{ path: ['extends'], message: `"${parent}" is a link to a file outside the scenario's folder (${shown(root)}); extends may name a shipped scenario or a file under that folder`, ...where }]);
  }
  if (seen.includes(real)) {
    const cycle = [...seen, real].map((f) => basename(f)).join(' → ');
    throw new ScenarioLoadError([{ path: ['extends'], message: `circular extends: ${cycle}`, ...where }]);
  }
  return readChain(real, root, reading, seen);
}

function parseFile(file: string, root: string, reading: Reading): ParsedFile {
  const { shown } = reading;
  const parsed = readThrough(file, MAX_SCENARIO_BYTES, [], () => ({ file: shown(file) }), reading, 'scenario', (text) => parseText(file, text, shown));
  return { file, shown: shown(file), ...parsed, root };
}

/** A scenario file's text as a YAML document (JSON is YAML) and its fields; a syntax error is thrown as issues. */
function parseText(file: string, text: string, shown: (f: string) => string): Pick<ParsedFile, 'document' | 'lines' | 'raw'> {
  if (extname(file).toLowerCase() === '.json') {
    try {
      JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const position = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
      const line = text.slice(0, position).split('\n').length;
      throw new ScenarioLoadError([{ path: [], message: `JSON syntax: ${message.replace(/ in JSON at position \d+.*$/, '')}`, file: shown(file), line }]);
    }
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  const first = document.errors[0];
  if (first) {
    const line = lines.linePos(first.pos[0]).line;
    throw new ScenarioLoadError([{ path: [], message: `YAML/JSON syntax: ${first.message.split('\n')[0]}`, file: shown(file), line }]);
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    throw new ScenarioLoadError([{ path: [], message: `cannot read the file: ${(error as Error).message}`, file: shown(file), line: 1 }]);
  }
  if (!isPlainObject(raw)) {
    throw new ScenarioLoadError([{ path: [], message: 'a scenario file must hold a mapping of fields (name:, description:, …)', file: shown(file), line: 1 }]);
  }
  return { document, lines, raw };
}

/**
 * `parse` of a file's text — refused when it is not a regular file or is over `limit` bytes
 * (messages name it as `reading.shown` does) — or what the cache kept from it.
 */
function readThrough<T>(
  file: string,
  limit: number,
  path: readonly (string | number)[],
  locate: (p: readonly (string | number)[]) => { file?: string; line?: number },
  reading: Reading,
  kind: string,
  parse: (text: string) => T,
): T {
  const { shown } = reading;
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    throw new ScenarioLoadError([{ path, message: `cannot read ${shown(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, ...locate(path) }]);
  }
  if (!stats.isFile()) throw new ScenarioLoadError([{ path, message: `${shown(file)} is not a file`, ...locate(path) }]);
  if (stats.size > limit) {
    throw new ScenarioLoadError([{ path, message: `${shown(file)} is ${stats.size} bytes; the limit is ${limit}`, ...locate(path), line: 1 }]);
  }
  return reading.cache ? reading.cache.through(kind, file, stats, parse) : parse(readFileSync(file, 'utf8'));
}

function containedPath(owner: ParsedFile, name: string, path: readonly (string | number)[], shown: (f: string) => string, locate: (p: readonly (string | number)[]) => { file?: string; line?: number }): string {
  const target = isAbsolute(name) ? name : resolve(dirname(owner.file), name);
  const real = realOrNull(target) ?? target;
  if (!isInside(owner.root, real)) {
    throw new ScenarioLoadError([{ path, message: `"${name}" points outside the scenario's folder (${shown(owner.root)})`, ...locate(path) }]);
  }
  return real;
}

/** Line of the deepest key of `path` present in the document, and how deep it is. */
function keyLine(document: Document, lines: LineCounter, path: readonly (string | number)[]): { line: number; depth: number } | null {
  let node: unknown = document.contents;
  let found: { line: number; depth: number } | null = null;
  for (let depth = 0; depth < path.length; depth++) {
    const part = path[depth];
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) break;
      const range = (pair.key as { range?: [number, number, number] }).range;
      if (range) found = { line: lines.linePos(range[0]).line, depth: depth + 1 };
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      if (item.range) found = { line: lines.linePos(item.range[0]).line, depth: depth + 1 };
      node = item;
    } else break;
  }
  if (found === null && document.contents) {
    const range = (document.contents as { range?: [number, number, number] }).range;
    if (range) found = { line: lines.linePos(range[0]).line, depth: 0 };
  }
  return found;
}

function keyLineOrEmpty(document: Document, lines: LineCounter, path: readonly (string | number)[]): { line?: number } {
  const found = keyLine(document, lines, path);
  return found ? { line: found.line } : {};
}


function isInside(root: string, target: string): boolean {
  const realRoot = realOrNull(root) ?? root;
  const rel = relative(realRoot, target);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

function realOrNull(file: string): string | null {
  try {
    return realpathSync(file);
  } catch {
    return null;
  }
}

function defaultDisplayPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
}
