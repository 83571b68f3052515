import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { formatDataIssue, type DataParseResult } from './dataIssue.js';
import { parseCarShareHistory, parseRegimeHistory, parseTurnoverHistory, type History } from './history.js';
import { parseDriversHistory, type DriverTable } from './parseDriversHistory.js';
import { parsePartialYear } from './parsePartialYear.js';
import type { FileCache } from './fileCache.js';
import { shippedScenariosDir } from './projectPaths.js';
import { parseScenario, type Locate } from './parseScenario.js';
import type { Scenario } from './scenarioSchema.js';
import type { ScenarioIssue } from './scenarioIssue.js';
import { applyOverrides, isPlainObject, mergeLayers, withoutExtends } from './mergeScenario.js';

/** The data files a scenario may name under `data:`. */
type DataKey = 'turnover' | 'sectorShares' | 'drivers' | 'regimes' | 'partialYear';

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
  /** the file and line that hold a field, for error messages from later stages (see `Locate`) */
  readonly locate: Locate;
  /** absolute paths of the data files read (absent for scenarios resolved in memory) */
  readonly dataFiles?: { readonly turnover: string; readonly sectorShares?: string };
}

export type ResolveResult = { readonly ok: true; readonly resolved: ResolvedScenario } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

export interface ResolveOptions {
  /** `key=value` settings applied after `extends`: a knob name, or a dotted field path */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** observations added to the scenario's `observe` list, each with the text that gave it (`--observe …`, `observations[0]`) for messages */
  readonly observations?: readonly { readonly observation: unknown; readonly label: string }[];
  /** how file names appear in messages (default: relative to the working directory) */
  readonly displayPath?: (absolute: string) => string;
  /** parsed files to reuse while they do not change (a server's; default: every file is read and parsed) */
  readonly cache?: FileCache;
  /**
   * Let `extends` and `data` paths leave the scenario's folder (`../common/base.yaml`, an
   * absolute path): the command line reads what its user names. Off by default; the server
   * never sets it, so nothing a request names is read outside the shipped scenarios folder.
   */
  readonly readOutsideFolder?: boolean;
}

/** How the files of one resolution are shown and confined. */
interface ReadContext {
  readonly shown: (absolute: string) => string;
  readonly confined: boolean;
  readonly cache: FileCache | undefined;
}

/** One file of an `extends` chain, parsed. */
interface ParsedFile {
  readonly file: string;
  readonly shown: string;
  readonly document: Document | null;
  readonly lines: LineCounter | null;
  readonly raw: Record<string, unknown>;
  /** folder this file may reach into (extends, data) unless the resolution reads outside it */
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
  const context = readContext(options);
  try {
    const absolute = resolve(file);
    const chain = readChain(absolute, dirname(absolute), context, []);
    return finish(basename(absolute, extname(absolute)), chain, options, context);
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
  // an object comes over the network: it never reads outside the shipped folder
  const context = readContext({ ...options, readOutsideFolder: false });
  try {
    if (!isPlainObject(raw)) throw new ScenarioLoadError([{ path: [], message: 'a scenario must be an object' }]);
    const root = shippedScenariosDir();
    const own: ParsedFile = { file: join(root, '(inline)'), shown: '(inline scenario)', document: null, lines: null, raw, root };
    const chain = [own, ...readParents(own, context, [])];
    return finish('inline', chain, options, context);
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

function readContext(options: ResolveOptions): ReadContext {
  return { shown: options.displayPath ?? defaultDisplayPath, confined: options.readOutsideFolder !== true, cache: options.cache };
}

function finish(id: string, chain: readonly ParsedFile[], options: ResolveOptions, context: ReadContext): ResolveResult {
  // chain is child first; merge base first, remembering which file wrote each field
  const layers = [...chain].reverse();
  const { merged, ownerOf, pathInOwner, problems } = mergeLayers(layers.map((file) => withoutExtends(file.raw)));
  const applied = applyOverrides(merged, options.overrides ?? {});
  if (applied.issues.length > 0) return { ok: false, issues: applied.issues };
  const added = options.observations ?? [];
  const written = Array.isArray(merged.observe) ? merged.observe.length : 0;
  if (added.length > 0) merged.observe = [...(Array.isArray(merged.observe) ? merged.observe : []), ...added.map((a) => a.observation)];

  const lineIn = (file: ParsedFile, path: readonly (string | number)[]): { file?: string; line?: number } => {
    const found = file.document && file.lines ? keyLine(file.document, file.lines, path) : null;
    return found ? { file: file.shown, line: found.line } : { file: file.shown };
  };
  const locate: Locate = (path) => {
    const override = applied.sourceOf(path);
    if (override) return override;
    if (path[0] === 'observe' && typeof path[1] === 'number' && path[1] >= written) return { file: added[path[1] - written]?.label ?? 'observations' };
    const inOwner = pathInOwner(path);
    const found = lineIn(layers[ownerOf(path) ?? layers.length - 1]!, inOwner);
    return inOwner.every((part, i) => part === path[i]) ? found : { ...found, path: inOwner };
  };
  if (problems.length > 0) {
    return { ok: false, issues: problems.map((problem) => ({ path: problem.path, message: problem.message, ...lineIn(layers[problem.layer]!, problem.path) })) };
  }

  const parsed = parseScenario(merged, locate, applied.paths);
  if (!parsed.ok) return parsed;
  const scenario = parsed.scenario;

  // data files resolve against the file that named them
  const dataOwner = (key: DataKey): ParsedFile | undefined => chain.find((file) => isPlainObject(file.raw.data) && (file.raw.data as Record<string, unknown>)[key] !== undefined) ?? chain[0];
  const dataFiles: { turnover?: string; sectorShares?: string } = {};
  const readData = <T>(key: DataKey, name: string, parse: (text: string) => T, path: readonly (string | number)[] = ['data', key]): T => {
    const owner = dataOwner(key)!;
    const target = dataPath(owner, name, path, context, locate);
    if (key === 'turnover' || key === 'sectorShares') dataFiles[key] = target;
    return readThrough(target, MAX_DATA_BYTES, path, locate, context, key, parse);
  };
  /** Records of a data file, or a load error naming the field and each bad row (`file:line: column: …`). */
  const recordsOf = <T>(result: DataParseResult<T>, path: readonly (string | number)[]): readonly T[] => {
    if (result.ok) return result.records;
    throw new ScenarioLoadError(result.issues.slice(0, 20).map((issue) => ({ path, message: formatDataIssue(issue), ...locate(path) })));
  };
  const years = readData('turnover', scenario.data.turnover, parseTurnoverHistory);
  if (years.length === 0) {
    throw new ScenarioLoadError([{ path: ['data', 'turnover'], message: `no PRIMARY rows in ${scenario.data.turnover}`, ...locate(['data', 'turnover']) }]);
  }
  const carShareChina = scenario.data.sectorShares ? readData('sectorShares', scenario.data.sectorShares, parseCarShareHistory) : {};
  const { drivers: driverFiles, regimes: regimeFile, partialYear: partialYearFile } = scenario.data;
  const driverNames = driverFiles === undefined ? [] : typeof driverFiles === 'string' ? [driverFiles] : driverFiles;
  const drivers = driverNames.map((name, i): DriverTable => {
    const path = typeof driverFiles === 'string' ? ['data', 'drivers'] : ['data', 'drivers', i];
    return {
      file: basename(name),
      records: recordsOf(
        readData('drivers', name, (text) => parseDriversHistory(text, basename(name)), path),
        path,
      ),
    };
  });
  const regimes =
    regimeFile === undefined
      ? undefined
      : recordsOf(
          readData('regimes', regimeFile, (text) => parseRegimeHistory(text, basename(regimeFile))),
          ['data', 'regimes'],
        );
  const partialYear =
    partialYearFile === undefined
      ? undefined
      : recordsOf(
          readData('partialYear', partialYearFile, (text) => parsePartialYear(text, basename(partialYearFile))),
          ['data', 'partialYear'],
        );
  const history: History = {
    years,
    carShareChina,
    ...(driverFiles === undefined ? {} : { drivers }),
    ...(regimes === undefined ? {} : { regimes }),
    ...(partialYear === undefined ? {} : { partialYear }),
  };
  const files = { turnover: dataFiles.turnover!, ...(dataFiles.sectorShares === undefined ? {} : { sectorShares: dataFiles.sectorShares }) };
  return { ok: true, resolved: { id, scenario, history, locate, dataFiles: files } };
}

function readChain(file: string, root: string, context: ReadContext, seen: readonly string[]): ParsedFile[] {
  const parsed = parseFile(file, root, context);
  return [parsed, ...readParents(parsed, context, [...seen, file])];
}

function readParents(child: ParsedFile, context: ReadContext, seen: readonly string[]): ParsedFile[] {
  const { shown } = context;
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
    if (context.confined && !isInside(root, target)) {
      throw new ScenarioLoadError([
        { path: ['extends'], message: `"${parent}" points outside the scenario's folder (${shown(root)}); extends may name a shipped scenario or a file under that folder`, ...where },
      ]);
    }
  }
  const real = realOrNull(target);
  if (real === null) {
    throw new ScenarioLoadError([{ path: ['extends'], message: `"${parent}" does not exist (looked for ${shown(target)}); shipped scenarios are in ${shown(shippedScenariosDir())}`, ...where }]);
  }
  // the file itself, not only its name: a symbolic link under the folder may point out of it.
  // The command line reads a file outside that its user names (`extends: ../base.yaml`), never
  // one hidden behind a name inside the folder.
  if (!shipped && !isInside(root, real) && (context.confined || isInside(root, target))) {
    throw new ScenarioLoadError([
      { path: ['extends'], message: `"${parent}" is a link to a file outside the scenario's folder (${shown(root)}); extends may name a shipped scenario or a file under that folder`, ...where },
    ]);
  }
  if (seen.includes(real)) {
    const cycle = [...seen, real].map((f) => basename(f)).join(' → ');
    throw new ScenarioLoadError([{ path: ['extends'], message: `circular extends: ${cycle}`, ...where }]);
  }
  return readChain(real, root, context, seen);
}

function parseFile(file: string, root: string, context: ReadContext): ParsedFile {
  const { shown } = context;
  const parsed = readThrough(
    file,
    MAX_SCENARIO_BYTES,
    [],
    () => ({ file: shown(file) }),
    context,
    'scenario',
    (text) => parseText(file, text, shown),
  );
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
 * (messages name it as `context.shown` does) — or what the cache kept from it.
 */
function readThrough<T>(
  file: string,
  limit: number,
  path: readonly (string | number)[],
  locate: (p: readonly (string | number)[]) => { file?: string; line?: number },
  context: ReadContext,
  kind: string,
  parse: (text: string) => T,
): T {
  const { shown } = context;
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
  return context.cache ? context.cache.through(kind, file, stats, parse) : parse(readFileSync(file, 'utf8'));
}

/**
 * The file a `data:` path names: relative to the scenario file that names it, else — when
 * nothing is there and the path is relative — the shipped file of the same name
 * (`data/trade_turnover.csv` of a copied baseline.yaml). Confined resolutions may not leave
 * the owner's folder.
 */
function dataPath(owner: ParsedFile, name: string, path: readonly (string | number)[], context: ReadContext, locate: (p: readonly (string | number)[]) => { file?: string; line?: number }): string {
  const { shown } = context;
  const target = isAbsolute(name) ? name : resolve(dirname(owner.file), name);
  const real = realOrNull(target);
  if (context.confined && !isInside(owner.root, real ?? target)) {
    throw new ScenarioLoadError([{ path, message: `"${name}" points outside the scenario's folder (${shown(owner.root)}); data files must be under it`, ...locate(path) }]);
  }
  if (real !== null) return real;
  const shippedFolder = shippedScenariosDir();
  const shipped = isAbsolute(name) ? null : realOrNull(resolve(shippedFolder, name));
  if (shipped !== null && isInside(shippedFolder, shipped)) return shipped;
  const fallback = isAbsolute(name) ? '' : ` nor among the shipped data (${shown(resolve(shippedFolder, name))})`;
  throw new ScenarioLoadError([{ path, message: `"${name}" not found beside the scenario (looked for ${shown(target)})${fallback}`, ...locate(path) }]);
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
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
}
