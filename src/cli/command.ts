import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { OVERRIDE_KEY_PATTERN, resolveScenarioFile, shippedScenarioFile, shippedScenarioIds, type ResolvedScenario } from '../scenario/loadScenario.js';
import { formatIssue, type ScenarioIssue } from '../scenario/scenarioIssue.js';
import type { ModelFailure } from '../core/modelFailure.js';
import { parseObservation } from '../scenario/parseObservation.js';
import type { Observation } from '../scenario/scenarioSchema.js';

/** Exit codes (docs/cli.md, "Exit codes"). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_INVALID = 2;

/** The exit code of a model failure: an observation the paths cannot reach is bad input (2), the rest failures (1). */
export function failureExitCode(failure: ModelFailure): number {
  return failure.kind === 'unreachable-observation' ? EXIT_INVALID : EXIT_FAILURE;
}

/** Where a command writes; tests pass their own. */
export interface CommandIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

export interface Command {
  readonly name: string;
  /** one line for `tradecast --help` */
  readonly summary: string;
  /** full help for `tradecast <name> --help` */
  readonly help: string;
  run(args: readonly string[], io: CommandIo): Promise<number> | number;
}

/** A usage or input problem: message on stderr, exit code 2. */
export class UsageError extends Error {}

/** node:util parseArgs with errors turned into UsageError. */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A whole number option, checked. */
export function integerOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new UsageError(`--${name}: expected a whole number from ${min} to ${max}, got "${value}"`);
  }
  return parsed;
}

/**
 * A whole number option that sets a request field: checked against the bounds of the field's
 * schema (the same schema the route checks the field with), with integerOption's message.
 */
export function integerField(value: string | undefined, name: string, field: z.ZodType): number | undefined {
  const { min, max } = wholeNumberBounds(field);
  return integerOption(value, name, min, max);
}

/** The bounds of a whole-number schema (through .optional(), .default() and .describe()). */
export function wholeNumberBounds(field: z.ZodType): { readonly min: number; readonly max: number } {
  let inner: z.ZodType = field;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
  if (!(inner instanceof z.ZodNumber) || !inner.isInt || inner.minValue === null || inner.maxValue === null) {
    throw new Error('integerField: expected a bounded whole-number schema');
  }
  return { min: inner.minValue, max: inner.maxValue };
}

/** `--set key=value` pairs; values are JSON where they parse as JSON (numbers, true, [..]), else text. */
export function parseOverrides(pairs: readonly string[] | undefined): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--set ${pair}: expected key=value, e.g. --set oilLongRun=60 or --set oil.volatility.mean=0.3`);
    const key = pair.slice(0, at).trim();
    const text = pair.slice(at + 1).trim();
    if (!OVERRIDE_KEY_PATTERN.test(key)) throw new UsageError(`--set ${pair}: the key may hold letters, digits, _ - and dots only`);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: keep the text (an expression such as "0.5 * westernWedge")
    }
    overrides[key] = value;
  }
  return overrides;
}

/**
 * A scenario argument: a file path, or the id of a shipped scenario (`baseline`), else a file
 * of that name in the working directory (`my-oil` for `./my-oil.yaml`, as `tradecast init`
 * writes it).
 */
export function scenarioPath(argument: string | undefined): string {
  if (!argument) throw new UsageError('name a scenario file (e.g. scenarios/baseline.yaml) or a shipped scenario id (e.g. baseline)');
  if (/[/\\.]/.test(argument)) return argument;
  const shipped = shippedScenarioFile(argument);
  if (shipped) return shipped;
  const local = ['.yaml', '.yml', '.json'].map((extension) => argument + extension).find((name) => existsSync(name));
  if (local) return local;
  throw new UsageError(`"${argument}" is neither a shipped scenario (${shippedScenarioIds().join(', ')}) nor a file ${argument}.yaml here; name the file with its path`);
}

/** Thrown with issues already formatted for stderr; exit code 2. */
export class InvalidScenarioError extends Error {
  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

/** An observation from the command line, with the text that gave it (for messages). */
export interface Observed {
  readonly observation: Observation;
  readonly label: string;
}

/** `--observe NAME@YEAR[:MONTHS]=VALUE` texts as observations; a malformed one is a usage error naming it. */
export function parseObservations(texts: readonly string[] | undefined): Observed[] {
  return (texts ?? []).map((text) => {
    const parsed = parseObservation(text);
    if (!parsed.ok) throw new UsageError(`--observe ${text}: ${parsed.message}`);
    return { observation: parsed.observation, label: `--observe ${text}` };
  });
}

/**
 * Loads a scenario (with `--set` overrides and `--observe` observations) or throws
 * InvalidScenarioError. The command line reads what its user names, so `extends` and `data`
 * paths may leave the scenario's folder.
 */
export function loadScenarioOrThrow(argument: string | undefined, overrides: Record<string, unknown> = {}, observations: readonly Observed[] = []): ResolvedScenario {
  const loaded = resolveScenarioFile(scenarioPath(argument), { overrides, observations, readOutsideFolder: true });
  if (!loaded.ok) throw new InvalidScenarioError(loaded.issues);
  return loaded.resolved;
}

/** An option whose value must be one of `choices`. */
export function choiceOption<T extends string>(value: string | undefined, name: string, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${name}: expected one of ${choices.join(', ')}, got "${value}"`);
  return value as T;
}

/** `2015..2023` (or one number, `2020`) as an inclusive range of whole numbers within [min, max]. */
export function rangeOption(value: string | undefined, name: string, min: number, max: number): { from: number; to: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)(?:\.\.(\d+))?$/.exec(value.trim());
  const from = match ? Number(match[1]) : NaN;
  const to = match ? Number(match[2] ?? match[1]) : NaN;
  if (!match || from > to || from < min || to > max) throw new UsageError(`--${name}: expected FROM..TO with ${min} ≤ FROM ≤ TO ≤ ${max} (e.g. ${min}..${Math.min(max, min + 4)}), got "${value}"`);
  return { from, to };
}

/** rangeOption with the bounds of a `{ from, to }` request field (both ends whole numbers within the same bounds). */
export function rangeField(value: string | undefined, name: string, field: z.ZodType): { from: number; to: number } | undefined {
  let inner: z.ZodType = field;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
  if (!(inner instanceof z.ZodObject)) throw new Error('rangeField: expected a { from, to } schema');
  const { min, max } = wholeNumberBounds(inner.shape.from as z.ZodType);
  return rangeOption(value, name, min, max);
}

/** `{ key: value }` when value is defined, else `{}` (options objects without undefined members). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
