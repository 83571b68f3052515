import type { ScenarioIssue } from '../scenario/scenarioIssue.js';

/**
 * The computing and the memory a request asks for, counted before anything is allocated, so
 * a server (or the command line) can refuse too much up front.
 *
 * Work is counted in path-years: one path of the engine for one projected year of a scenario
 * the size of the shipped ones (5 sectors; ≈ 2–4 µs here), or what costs about as much (one
 * forecast draw of a back-test for one origin and horizon; BOOTSTRAP_OPERATIONS_PER_PATH_YEAR
 * steps of a bootstrap). The main part is `value` of the request field `field` times the
 * factors; other parts (a sensitivity analysis's bootstrap) are each `value` times their
 * factors over their operations per path-year. Every part grows in proportion to `value`, so
 * the largest `value` that fits is one division.
 *
 * Memory is the bytes the computation holds at its peak — its buffers and arrays, which is
 * what grows with the request — as `fixedBytes + bytesPerUnit × value`.
 */
export interface WorkCount {
  /** the request field whose smaller value brings the work down: `paths` or `samples` */
  readonly field: string;
  /** the value of `field` the request comes to (given, or the default) */
  readonly value: number;
  /** the other factors of the main part, named for a person: `[['projected years', 6], ['scenarios', 3]]` */
  readonly factors: readonly Factor[];
  /** further parts, each `value` × its factors ÷ its operations per path-year */
  readonly parts?: readonly WorkPart[];
  readonly memory: MemoryEstimate;
}

export type Factor = readonly [name: string, value: number];

/** Computing besides the simulations, e.g. `{ what: 'the bootstrap', factors: [['resamples', 400], ['k + 1', 39]], operationsPerPathYear: 512 }`. */
export interface WorkPart {
  readonly what: string;
  readonly factors: readonly Factor[];
  readonly operationsPerPathYear: number;
}

/** Bytes held at the peak: `fixedBytes + bytesPerUnit × value`. */
export interface MemoryEstimate {
  readonly fixedBytes: number;
  readonly bytesPerUnit: number;
}

/** What one request may ask for: path-years of work, and bytes of memory. */
export interface WorkLimits {
  readonly maxPathYears: number;
  readonly maxMemoryBytes: number;
}

export type WorkOutcome = { readonly ok: true; readonly work: WorkCount } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

const product = (factors: readonly Factor[]) => factors.reduce((total, [, factor]) => total * factor, 1);

/** Path-years one unit of `field` costs: every part, per unit. */
export function workPerUnit(work: WorkCount): number {
  return (work.parts ?? []).reduce((sum, part) => sum + product(part.factors) / part.operationsPerPathYear, product(work.factors));
}

/** The whole work, in path-years. */
export function workTotal(work: WorkCount): number {
  return work.value * workPerUnit(work);
}

/** The bytes the computation holds at its peak. */
export function memoryBytes(work: WorkCount): number {
  return work.memory.fixedBytes + work.memory.bytesPerUnit * work.value;
}

/** The largest value of `field` that keeps work and memory within `limits`, the rest unchanged (0 when none does). */
export function largestWithin(work: WorkCount, limits: WorkLimits): number {
  const perUnit = workPerUnit(work);
  const byWork = perUnit <= 0 ? Number.POSITIVE_INFINITY : Math.floor(limits.maxPathYears / perUnit);
  const room = limits.maxMemoryBytes - work.memory.fixedBytes;
  const byMemory = room < 0 ? 0 : work.memory.bytesPerUnit <= 0 ? Number.POSITIVE_INFINITY : Math.floor(room / work.memory.bytesPerUnit);
  return Math.max(0, Math.min(byWork, byMemory));
}

/** Which limit a count is over, if any: the work first, then the memory. */
export function exceededLimit(work: WorkCount, limits: WorkLimits): 'work' | 'memory' | null {
  if (workTotal(work) > limits.maxPathYears) return 'work';
  if (memoryBytes(work) > limits.maxMemoryBytes) return 'memory';
  return null;
}

/**
 * Why a count is over `limits`, for a person: the formula with its numbers, the limit (`whose`:
 * "this server's", "the command line's"), and the most of `field` that fits:
 * `paths × projected years = 1001 × 6 = 6006 is over this server's limit of 6000 path-years per
 * request; ask for at most 1000 paths with the same projected years`.
 */
export function workLimitMessage(work: WorkCount, limits: WorkLimits, whose: string): string {
  const names = work.factors.map(([name]) => name);
  const most = largestWithin(work, limits);
  const rest = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
  const advice = most < 1 ? `ask for fewer ${rest || work.field}, or a smaller scenario` : `ask for at most ${most} ${work.field}${rest ? ` with the same ${rest}` : ''}`;
  if (exceededLimit(work, limits) === 'memory') {
    const { fixedBytes, bytesPerUnit } = work.memory;
    return `${work.field} = ${work.value} would hold ≈ ${formatBytes(memoryBytes(work))} of memory (${formatBytes(bytesPerUnit)} per ${singular(work.field)} + ${formatBytes(fixedBytes)}), over ${whose} budget of ${formatBytes(limits.maxMemoryBytes)} per request; ${advice}`;
  }
  const main = `${[work.field, ...names].join(' × ')} = ${[work.value, ...work.factors.map(([, value]) => value)].map(formatNumber).join(' × ')} = ${formatNumber(work.value * product(work.factors))}`;
  const parts = (work.parts ?? []).map(
    (part) =>
      `, plus ${part.what}: ${[work.field, ...part.factors.map(([name]) => name)].join(' × ')} ÷ ${part.operationsPerPathYear} = ${[work.value, ...part.factors.map(([, value]) => value)].map(formatNumber).join(' × ')} ÷ ${part.operationsPerPathYear} = ${formatNumber((work.value * product(part.factors)) / part.operationsPerPathYear)}`,
  );
  const whole = parts.length > 0 ? `${main}${parts.join('')}; ${formatNumber(workTotal(work))} in all` : main;
  return `${whole} is over ${whose} limit of ${limits.maxPathYears} per request; ${advice}`;
}

/** Whole numbers as they are; others to one decimal. */
function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** `1.3 GB`, `256 MB`, `4.1 KB` (powers of 1024, named as people do). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} bytes` : `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

function singular(field: string): string {
  return field.endsWith('s') ? field.slice(0, -1) : field;
}
