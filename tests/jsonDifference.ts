import { assert } from 'vitest';

/** A number that differs between two JSON documents, at a path such as `$.series.turnover.p50[3]`. */
export interface NumberDifference {
  readonly path: string;
  readonly expected: number;
  readonly actual: number;
  /** |actual − expected| / max(|actual|, |expected|) */
  readonly relative: number;
  /** how many doubles lie between the two (1 = neighbours: a difference in the last bit) */
  readonly ulps: number;
}

/** How two JSON texts differ; `identical` is the byte-for-byte verdict, the rest explains it. */
export interface JsonDifference {
  readonly identical: boolean;
  readonly numbersCompared: number;
  readonly numbersDiffering: number;
  readonly maxRelative: number;
  readonly maxUlps: number;
  /** the first few differing numbers, in document order */
  readonly firstNumbers: readonly NumberDifference[];
  /** differences other than a number's value: a key, a string, a type, a length, text that is not JSON */
  readonly otherCount: number;
  /** the first few of those */
  readonly firstOthers: readonly string[];
  /** where the texts first differ (a UTF-16 index), with a little text either side; null when identical */
  readonly firstChange: { readonly index: number; readonly expected: string; readonly actual: string } | null;
}

/** How many differences of each kind are kept as examples. */
const EXAMPLES = 5;
/** Characters shown either side of the first change. */
const CONTEXT_CHARACTERS = 30;

/**
 * Compares two JSON texts (the expected one first): byte for byte, and, where they differ,
 * value by value, so a report can say how many numbers differ, by how much, and where.
 */
export function jsonDifference(expected: string, actual: string): JsonDifference {
  let numbersCompared = 0;
  let numbersDiffering = 0;
  let maxRelative = 0;
  let maxUlps = 0;
  let otherCount = 0;
  const firstNumbers: NumberDifference[] = [];
  const firstOthers: string[] = [];
  const other = (text: string) => {
    otherCount++;
    if (firstOthers.length < EXAMPLES) firstOthers.push(text);
  };

  const walk = (left: unknown, right: unknown, path: string): void => {
    if (typeof left === 'number' && typeof right === 'number') {
      numbersCompared++;
      if (Object.is(left, right)) return;
      numbersDiffering++;
      const relative = relativeDifference(left, right);
      const ulps = ulpDistance(left, right);
      maxRelative = Math.max(maxRelative, relative);
      maxUlps = Math.max(maxUlps, ulps);
      if (firstNumbers.length < EXAMPLES) firstNumbers.push({ path, expected: left, actual: right, relative, ulps });
      return;
    }
    if (Array.isArray(left) && Array.isArray(right)) {
      if (left.length !== right.length) other(`${path}: ${right.length} items, expected ${left.length}`);
      for (let i = 0; i < Math.min(left.length, right.length); i++) walk(left[i], right[i], `${path}[${i}]`);
      return;
    }
    if (isObject(left) && isObject(right)) {
      for (const key of Object.keys(left)) {
        if (key in right) walk(left[key], right[key], childPath(path, key));
        else other(`${childPath(path, key)}: missing`);
      }
      for (const key of Object.keys(right)) if (!(key in left)) other(`${childPath(path, key)}: not expected`);
      return;
    }
    if (left !== right) other(`${path}: ${JSON.stringify(right)}, expected ${JSON.stringify(left)}`);
  };

  const identical = expected === actual;
  if (!identical) {
    const left = parsed(expected);
    const right = parsed(actual);
    if (left.ok && right.ok) walk(left.value, right.value, '$');
    else other(`not JSON: ${[left.ok ? '' : `expected (${left.message})`, right.ok ? '' : `actual (${right.message})`].filter(Boolean).join(', ')}`);
  }
  return { identical, numbersCompared, numbersDiffering, maxRelative, maxUlps, firstNumbers, otherCount, firstOthers, firstChange: identical ? null : firstChange(expected, actual) };
}

/**
 * One paragraph for a failing assertion, e.g. "chromium's page vs the CLI: 12 of 2,380 numbers
 * differ (max relative difference 2.2e-16, max 1 ulp); first at $.series.turnover.mean[3] …".
 */
export function describeJsonDifference(difference: JsonDifference, actualLabel: string, expectedLabel: string): string {
  if (difference.identical) return `${actualLabel} and ${expectedLabel} are the same bytes`;
  const parts: string[] = [];
  if (difference.numbersDiffering > 0) {
    const examples = difference.firstNumbers.map((n) => `${n.path}: ${n.actual} vs ${n.expected} (${n.ulps} ulp)`).join(', ');
    parts.push(
      `${difference.numbersDiffering.toLocaleString('en-US')} of ${difference.numbersCompared.toLocaleString('en-US')} numbers differ ` +
        `(max relative difference ${difference.maxRelative.toExponential(2)}, max ${difference.maxUlps} ulp); first: ${examples}`,
    );
  }
  if (difference.otherCount > 0) parts.push(`${difference.otherCount} other difference(s): ${difference.firstOthers.join(', ')}`);
  if (parts.length === 0) parts.push('the same values, written differently');
  const change = difference.firstChange!;
  parts.push(`the texts first differ at character ${change.index}: …${change.actual}… vs …${change.expected}…`);
  return `${actualLabel} vs ${expectedLabel}: ${parts.join('; ')}`;
}

/** Fails, with the report of `describeJsonDifference`, unless the two texts are the same bytes. */
export function expectSameJsonBytes(actual: string, expected: string, actualLabel: string, expectedLabel: string): void {
  const difference = jsonDifference(expected, actual);
  if (!difference.identical) assert.fail(describeJsonDifference(difference, actualLabel, expectedLabel));
}

function parsed(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const childPath = (path: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);

function relativeDifference(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 || !Number.isFinite(scale) ? (Object.is(a, b) ? 0 : Infinity) : Math.abs(a - b) / scale;
}

/** Doubles between a and b, counted on the number line (so −0 and 0 are 0 apart). */
function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  return Number(bigIntAbs(orderedBits(a) - orderedBits(b)));
}

/** The bits of a double as an integer that increases with the double. */
function orderedBits(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & 0x7fff_ffff_ffff_ffffn) : bits;
}

const bigIntAbs = (x: bigint) => (x < 0n ? -x : x);

function firstChange(expected: string, actual: string): { index: number; expected: string; actual: string } {
  let index = 0;
  while (index < expected.length && index < actual.length && expected[index] === actual[index]) index++;
  const around = (text: string) => text.slice(Math.max(0, index - CONTEXT_CHARACTERS), index + CONTEXT_CHARACTERS);
  return { index, expected: around(expected), actual: around(actual) };
}
