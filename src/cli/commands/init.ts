import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SCENARIO_ID_PATTERN, shippedScenarioFile } from '../../scenario/loadScenario.js';
import { shippedScenariosDir } from '../../scenario/projectPaths.js';
import { EXIT_OK, UsageError, loadScenarioOrThrow, parseCommandArgs, type Command } from '../command.js';
import { scenarioTemplate } from '../scenarioTemplate.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'start a new scenario file that builds on a shipped one',
  help: `Usage: tradecast init <name> [--from <scenario>] [--dir DIR]

Writes DIR/<name>.yaml: a short scenario that extends the chosen one (baseline unless --from
says otherwise) and changes nothing yet. It lists the parent's knobs as comments with their
ranges and units, two of them with an example value; uncomment what you want to change. It
runs as written, and tradecast compare <parent> <name>.yaml --explain shows what your
changes do. Never overwrites a file.

Why a short file that extends, not a copy: the file holds only your assumptions, so they are
easy to read and review, and corrections to the shipped scenario and its data reach it. For a
complete copy, copy the parent's file (its path is in the new file's first comment); a copy's
data paths still work from any folder.

Options:
  --from S      the scenario to build on: a shipped id (default baseline) or a file
  --dir DIR     where to write (default: the working directory; created if missing)
  -h, --help    this help

Exit codes: 0 written; 2 a bad name, an unknown parent, or the file already exists.

Examples:
  tradecast init cheap-oil
  tradecast init tighter-sanctions --from escalation --dir my-scenarios`,
  run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { from: { type: 'string' }, dir: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError(`init takes one name, got ${positionals.length}${positionals.length > 0 ? `: ${positionals.join(' ')}` : ''}`);
    const name = positionals[0]!.replace(/\.ya?ml$/, '');
    if (!SCENARIO_ID_PATTERN.test(name)) throw new UsageError(`<name>: expected letters, digits, - and _ (starting with a letter or digit), got "${positionals[0]}"`);
    const from = values.from ?? 'baseline';
    const parentResolved = loadScenarioOrThrow(from);
    const folder = resolve(values.dir ?? '.');
    const file = join(folder, `${name}.yaml`);
    const shipped = !/[/\\.]/.test(from) && shippedScenarioFile(from) !== null;
    const parentFile = shipped ? shippedScenarioFile(from)! : resolve(from);
    const text = scenarioTemplate({
      name,
      parent: shipped ? from : relativeFrom(folder, parentFile),
      parentName: parentResolved.scenario.name,
      parentFile,
      schemaPath: belowOrAbsolute(folder, join(shippedScenariosDir(), 'scenario.schema.json')),
      knobs: parentResolved.scenario.knobs,
    });
    mkdirSync(folder, { recursive: true });
    try {
      writeFileSync(file, text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${shownPath(file)} already exists; choose another name or --dir (init never overwrites)`);
      throw error;
    }
    try {
      loadScenarioOrThrow(file);
    } catch (error) {
      // the template is ours: a file it makes that does not load is a bug, not the user's input
      rmSync(file);
      throw new Error(`the new scenario did not load, so it was removed: ${(error as Error).message}`);
    }
    io.stdout.write(
      `Wrote ${shownPath(file)} (extends ${shipped ? from : relativeFrom(folder, parentFile)}; validated).\n` +
        `Uncomment and edit its knobs, then:\n  tradecast run ${shownPath(file)}\n  tradecast compare ${from} ${shownPath(file)} --explain\n`,
    );
    return EXIT_OK;
  },
};

/** `target` relative to `folder`, written with forward slashes and a leading ./ when it stays below. */
function relativeFrom(folder: string, target: string): string {
  const path = relative(folder, target).split(sep).join('/');
  return path.startsWith('.') || path.startsWith('/') ? path : `./${path}`;
}

/** `target` relative to `folder` when it lies below it, else absolute. */
function belowOrAbsolute(folder: string, target: string): string {
  const path = relativeFrom(folder, target);
  return path.startsWith('..') ? target : path;
}

/** A path as the user would type it from the working directory. */
function shownPath(file: string): string {
  const path = relative(process.cwd(), file);
  return path.startsWith('..') || isAbsolute(path) ? file : path;
}
