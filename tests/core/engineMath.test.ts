import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/scenario/projectPaths.js';

/**
 * ECMAScript specifies + − × ÷ and Math.sqrt exactly but leaves the elementary functions to
 * the engine, and engines differ in the last bit. Code that computes a result's numbers — the
 * whole of src/ and the page's own code — must use the project's ports (src/core/exp.ts, …).
 */
const FORBIDDEN_FUNCTIONS = /\bMath\.(exp|log|log1p|expm1|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|hypot)\b/;
/** `**` is Math.pow; engines even disagree on integer exponents other than 2 (repeated squaring) */
const EXPONENT_OPERATOR = /\*\*/;

const root = projectRoot();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The code without its comments (where `xoshiro128**` and `Math.exp` may well be named). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'web', 'src'))].map((path) => relative(root, path));
/** The WebAssembly kernel's AssemblyScript: its Math (and NativeMath) is AssemblyScript's own libm, not fdlibm's bits — none of it at all. */
const kernelFiles = sourceFiles(join(root, 'wasm')).map((path) => relative(root, path));
const ASSEMBLYSCRIPT_MATH = /\b(Math|NativeMath|Mathf|NativeMathf)\.|\*\*/;

describe('every number of a result comes from exactly specified arithmetic', () => {
  it('scans the code that computes results', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain(join('src', 'core', 'simulatePaths.ts'));
    expect(files).toContain(join('web', 'src', 'simulationWorker.ts'));
  });

  it.each(files)('%s calls no engine-defined Math function and no **', (file) => {
    const code = withoutComments(readFileSync(join(root, file), 'utf8'));
    const lines = code.split('\n');
    const offending = lines.flatMap((line, i) => (FORBIDDEN_FUNCTIONS.test(line) || EXPONENT_OPERATOR.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
    expect(offending).toEqual([]);
  });

  it.each(kernelFiles)('%s (the WebAssembly kernel) uses no Math at all and no **', (file) => {
    const code = withoutComments(readFileSync(join(root, file), 'utf8'));
    const offending = code.split('\n').flatMap((line, i) => (ASSEMBLYSCRIPT_MATH.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
    expect(offending).toEqual([]);
  });

  it('scans the kernel', () => {
    expect(kernelFiles).toContain(join('wasm', 'simulatePaths.ts'));
  });

  it('catches what it is meant to catch', () => {
    const caught = (code: string) =>
      withoutComments(code)
        .split('\n')
        .some((line) => FORBIDDEN_FUNCTIONS.test(line) || EXPONENT_OPERATOR.test(line));
    expect(caught('const y = Math.exp(x);')).toBe(true);
    expect(caught('const f = Math.log1p;')).toBe(true);
    expect(caught('const y = x ** 0.5;')).toBe(true);
    expect(caught('const y = Math.hypot(a, b);')).toBe(true);
    expect(caught('/** xoshiro128** and Math.exp in a comment */ const y = Math.sqrt(x);')).toBe(false);
    expect(caught('const y = exp(x); // not Math.exp')).toBe(false);
    expect(caught("const url = 'http://example.org'; const z = Math.log(x);")).toBe(true);
  });
});
