import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resultCsv } from '../../src/run/resultCsv.js';
import { root, tradecast } from '../cli/cliHarness.js';

/** Result files (not hidden temporaries or locks) in a folder. */
const results = (dir: string) => readdirSync(dir).filter((name) => !name.startsWith('.'));

/**
 * A writer that rewrites a pair of files (an 8 MB JSON and its "CSV", both holding the
 * iteration number) as fast as it can, giving its event loop a turn between writes as the
 * command line does (writeFilesTogether delivers a signal held during its renames at the next
 * turn); it prints `ready` once the first pair is in place. `together` writes with
 * writeFilesTogether; `plain` — the regression the test exists to catch — truncates and writes
 * each file in place, from buffers built once, without a pause between pairs, so nearly all of
 * its time is spent writing.
 */
function writerScript(dir: string, how: 'together' | 'plain'): string {
  const module = pathToFileURL(join(root, 'dist', 'src', 'cli', 'writeFilesTogether.js')).href;
  const write =
    how === 'together'
      ? `const { writeFilesTogether } = await import(${JSON.stringify(module)});
         const write = (i) => writeFilesTogether(${JSON.stringify(dir)}, [{ name: 'result.json', text: '{"i":' + i + ',"pad":"' + pad + '"}' }, { name: 'result.csv', text: 'i,' + i + '\\n' + pad }]);`
      : `const { openSync, writeSync, closeSync } = await import('node:fs');
         const padBytes = Buffer.from(pad);
         const write = (i) => {
           for (const [name, head, tail] of [['result.json', '{"i":' + i + ',"pad":"', '"}'], ['result.csv', 'i,' + i + '\\n', '']]) {
             const fd = openSync(${JSON.stringify(dir)} + '/' + name, 'w');
             writeSync(fd, head); writeSync(fd, padBytes); writeSync(fd, tail); closeSync(fd);
           }
         };`;
  const pause = how === 'together' ? 'await new Promise((resolve) => setImmediate(resolve));' : '';
  return `const pad = 'x'.repeat(8e6);
    ${write}
    for (let i = 0; ; i++) {
      write(i);
      if (i === 0) process.stdout.write('ready\\n');
      ${pause}
    }`;
}

/** Starts a writer, waits until its first pair is written, kills it with SIGTERM `delayMs` later, resolves when it has exited. */
function killWriterAfter(dir: string, how: 'together' | 'plain', delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', writerScript(dir, how)], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGTERM'), delayMs));
    child.on('exit', () => resolve());
  });
}

/** Whether the pair left in `dir` is whole and from one iteration. */
function pairIsWhole(dir: string): boolean {
  try {
    const json = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { i: number; pad: string };
    const csv = readFileSync(join(dir, 'result.csv'), 'utf8');
    return json.pad.length === 8e6 && csv === `i,${json.i}\n${json.pad}`;
  } catch {
    return false;
  }
}

/**
 * The least p whose chance of `caught` or more catches in `trials` is at least 5%: a one-sided
 * 95% lower bound on the chance one kill catches a regression (Clopper–Pearson), from exact
 * binomial tails.
 */
function lowerBound(caught: number, trials: number): number {
  const atLeast = (p: number) => {
    let sum = 0;
    for (let k = caught; k <= trials; k++) {
      let term = 1;
      for (let j = 0; j < k; j++) term *= ((trials - j) / (j + 1)) * p;
      sum += term * (1 - p) ** (trials - k);
    }
    return sum;
  };
  let low = 0;
  let high = 1;
  for (let step = 0; step < 50; step++) {
    const mid = (low + high) / 2;
    if (atLeast(mid) < 0.05) low = mid;
    else high = mid;
  }
  return low;
}

/** Kills of the plain writer that measure how often one kill catches a regression. */
const CALIBRATION_KILLS = 12;
/** The most the test may miss a regression, over one run of the test. */
const MISS_BOUND = 0.01;
/** Kill moments: uniform over this window after the first pair is written, ms (several write cycles: ≈ 20–60 ms each here). */
const KILL_WINDOW_MS = 300;

describe('a process killed while writing results', () => {
  it('leaves both files whole and from the same write, whatever the moment of the kill; a plain writer is caught often enough for a miss below 1%', async () => {
    // How often does one kill catch a writer that writes in place? Measured on that writer: its
    // bytes are built once, so nearly all of its time is writing, and a kill lands mid-write (a
    // truncated JSON, or a JSON and CSV of different iterations) almost every time — measured
    // here 12 of 12 in each run (the whole pair stands only between the CSV's end and the next
    // JSON's truncation). From c catches in n kills, p ≥ p_low with 95% confidence, and a test
    // of k kills misses a regression with probability (1 − p)^k ≤ (1 − p_low)^k. So k is the
    // least number of kills with (1 − p_low)^k < MISS_BOUND: with 12 of 12, p_low = 0.78 and
    // k = 4 (miss ≤ 0.24%); with 9 of 12, p_low = 0.47 and k = 7. The test fails outright if
    // the plain writer is seldom caught (p_low ≤ 0.3): then it could not catch one either.
    // What random kills cannot reach: the microseconds between writeFilesTogether's two renames
    // (the signals it holds there are what protects them); a regression there is the two
    // concurrent commands' test's to catch (below).
    const calibration = mkdtempSync(join(tmpdir(), 'tradecast-plain-'));
    let caught = 0;
    for (let i = 0; i < CALIBRATION_KILLS; i++) {
      await killWriterAfter(calibration, 'plain', Math.random() * KILL_WINDOW_MS);
      if (!pairIsWhole(calibration)) caught++;
    }
    const pLow = lowerBound(caught, CALIBRATION_KILLS);
    expect(pLow, `${caught} of ${CALIBRATION_KILLS} kills caught the plain writer`).toBeGreaterThan(0.15);
    const kills = Math.ceil(Math.log(MISS_BOUND) / Math.log(1 - pLow));
    expect((1 - pLow) ** kills).toBeLessThan(MISS_BOUND);
    console.log(
      `atomic writes: a plain writer caught by ${caught} of ${CALIBRATION_KILLS} kills (p ≥ ${pLow.toFixed(2)} at 95%); ${kills} kills of writeFilesTogether miss a regression with probability ≤ ${((1 - pLow) ** kills).toFixed(4)}`,
    );

    const dir = mkdtempSync(join(tmpdir(), 'tradecast-together-'));
    for (let i = 0; i < kills; i++) {
      await killWriterAfter(dir, 'together', Math.random() * KILL_WINDOW_MS);
      expect(pairIsWhole(dir), `kill ${i + 1} of ${kills}`).toBe(true);
      expect(results(dir).sort()).toEqual(['result.csv', 'result.json']);
    }
  }, 300_000); // up to 28 kills of a writer that flushes 16 MB each time: seconds each on a busy machine

  it('never writes through a link planted where a temporary file could be', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradecast-planted-'));
    const target = join(mkdtempSync(join(tmpdir(), 'tradecast-victim-')), 'victim.txt');
    writeFileSync(target, 'untouched');
    // the names the old writer used, and the result names themselves, as links to the victim
    for (const name of [`.baseline.json.${process.pid}.tmp`, '.baseline.json.tmp', 'baseline.json', 'baseline.csv']) symlinkSync(target, join(dir, name));
    const { code } = await tradecast(['run', 'baseline', '--paths', '200', '--out', dir, '--format', 'json']);
    expect(code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('untouched');
    // the result names now hold the result itself (the links were replaced, not followed)
    const json = readFileSync(join(dir, 'baseline.json'), 'utf8');
    expect(JSON.parse(json)).toMatchObject({ scenario: 'baseline', paths: 200 });
    expect(readFileSync(join(dir, 'baseline.csv'), 'utf8')).toBe(resultCsv(JSON.parse(json)));
  });

  it('two commands writing the same folder at once leave a JSON and a CSV of the same run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradecast-race-'));
    const runs = [1, 2, 3, 4].map((seed) => tradecast(['run', 'baseline', '--paths', '2000', '--seed', String(seed), '--out', dir, '--format', 'json', '--no-progress']));
    for (const { code } of await Promise.all(runs)) expect(code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));
    expect(readFileSync(join(dir, 'baseline.csv'), 'utf8')).toBe(resultCsv(json));
    expect(results(dir).sort()).toEqual(['baseline.csv', 'baseline.json']);
    expect(existsSync(join(dir, '.baseline.json.lock'))).toBe(false);
  });

  it('tradecast run --out killed mid-run leaves earlier results intact and no partial result files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradecast-kill-'));
    const first = await tradecast(['run', 'baseline', '--paths', '300', '--format', 'json', '--out', dir]);
    expect(first.code).toBe(0);
    const before = readFileSync(join(dir, 'baseline.json'), 'utf8');
    for (const delay of [300, 900, 1500]) {
      await new Promise<void>((resolve) => {
        const child = spawn(process.execPath, [join(root, 'bin', 'tradecast.js'), 'run', 'baseline', '--paths', '300000', '--seed', '5', '--out', dir, '--no-progress'], {
          cwd: root,
          stdio: 'ignore',
        });
        const timer = setTimeout(() => child.kill('SIGTERM'), delay);
        child.on('exit', () => (clearTimeout(timer), resolve()));
      });
      expect(results(dir).sort()).toEqual(['baseline.csv', 'baseline.json']);
      const json = readFileSync(join(dir, 'baseline.json'), 'utf8');
      const parsed = JSON.parse(json);
      // either the earlier result, untouched, or a complete new one — and its CSV with it
      if (json !== before) expect(parsed).toMatchObject({ paths: 300000, seed: 5 });
      expect(readFileSync(join(dir, 'baseline.csv'), 'utf8')).toBe(resultCsv(parsed));
    }
  });
});
