import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchCases } from './cases.js';
import type { BenchResult } from './runCase.js';

/**
 * The benchmark (issue 6): every case in its own process (runCase.ts), one after
 * another, then a table — or one JSON line per case with --json. --smoke runs small sizes with
 * few runs (CI, so the benchmark cannot rot); --case keeps the cases whose name contains the
 * text. Exits non-zero when a case fails.
 *   node dist/benchmarks/bench.js [--json] [--smoke] [--case TEXT] [--runs N]
 */

/** Timed runs per case (at least 7 for a full run), and in smoke mode. */
const RUNS = 7;
const SMOKE_RUNS = 2;

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    case: { type: 'string' },
    runs: { type: 'string' },
  },
});
const runs = values.runs ?? String(values.smoke ? SMOKE_RUNS : RUNS);
const cases = benchCases(values.smoke).filter((c) => values.case === undefined || c.name.includes(values.case));
const runCase = fileURLToPath(new URL('./runCase.js', import.meta.url));

const results: BenchResult[] = [];
let failed = 0;
if (!values.json)
  process.stderr.write(`${cases.length} cases, ${runs} timed runs each after a warm-up, one process per case; ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})\n`);
for (const benchCase of cases) {
  if (!values.json) process.stderr.write(`  ${benchCase.name} …\n`);
  const child = spawnSync(process.execPath, [runCase, '--case', benchCase.name, '--runs', runs, ...(values.smoke ? ['--smoke'] : [])], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    failed++;
    process.stderr.write(`bench: case "${benchCase.name}" failed (exit ${child.status}):\n${child.stderr}\n`);
    continue;
  }
  const result = JSON.parse(line) as BenchResult;
  results.push(result);
  if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
}

if (!values.json) {
  const header = ['case', 'paths', 'threads', 'kernel', 'M path-years/s', 'median ms', 'min ms', 'max ms', 'median CPU ms', 'peak RSS MB'];
  const rows = results.map((r) => [
    r.case,
    r.paths.toLocaleString('en-US'),
    String(r.threads),
    r.kernel,
    (r.pathYearsPerSecond / 1e6).toFixed(3),
    r.medianMs.toFixed(1),
    r.minMs.toFixed(1),
    r.maxMs.toFixed(1),
    r.medianCpuMs.toFixed(1),
    String(r.peakRssMb),
  ]);
  process.stdout.write([header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n') + '\n');
  for (const [engine, naive] of comparisons(results)) {
    process.stdout.write(`\n${engine.case} is ${(naive.medianMs / engine.medianMs).toFixed(1)}× faster than ${naive.case} (medians, this run)`);
  }
  for (const [wasm, ts] of kernels(results)) {
    process.stdout.write(`\n${wasm.case}: ${(ts.medianMs / wasm.medianMs).toFixed(2)}× ${ts.case} (median wall times, this run; CPU times ${(ts.medianCpuMs / wasm.medianCpuMs).toFixed(2)}×)`);
  }
  for (const [two, one] of scaling(results)) process.stdout.write(`\n${two.case}: ${(one.medianMs / two.medianMs).toFixed(2)}× ${one.case}`);
  for (const [tuned, before] of beforeAndAfter(results)) process.stdout.write(`\n${tuned.case}: ${(before.medianMs / tuned.medianMs).toFixed(2)}× ${before.case} (same bits)`);
  process.stdout.write('\n');
}
process.exitCode = failed > 0 ? 1 : 0;

/** Each single-threaded full pipeline (each kernel) with the naive reference of the same size. */
function comparisons(all: readonly BenchResult[]): [BenchResult, BenchResult][] {
  return all.flatMap((naive) => {
    if (!naive.case.startsWith('naive')) return [];
    return all.filter((r) => r.case.startsWith('simulate+summarise') && r.paths === naive.paths && r.threads === 1).map((engine) => [engine, naive] as [BenchResult, BenchResult]);
  });
}

/** Each WebAssembly case with its TypeScript twin ("X wasm", "X ts"). */
function kernels(all: readonly BenchResult[]): [BenchResult, BenchResult][] {
  return all.flatMap((wasm) => {
    if (wasm.kernel !== 'wasm') return [];
    const ts = all.find((r) => r.case === wasm.case.replace(/ wasm$/, ' ts'));
    return ts ? [[wasm, ts] as [BenchResult, BenchResult]] : [];
  });
}

/** Each case with its twin measured before the engine's speed-ups: "X (before tuning)". */
function beforeAndAfter(all: readonly BenchResult[]): [BenchResult, BenchResult][] {
  return all.flatMap((before) => {
    const match = /^(.*) \(before tuning\)$/.exec(before.case);
    const tuned = match ? all.find((r) => r.case === match[1]) : undefined;
    return tuned ? [[tuned, before] as [BenchResult, BenchResult]] : [];
  });
}

/** Each two-thread case with its one-thread twin. */
function scaling(all: readonly BenchResult[]): [BenchResult, BenchResult][] {
  return all.flatMap((two) => {
    if (two.threads !== 2) return [];
    const one = all.find((r) => r.case === two.case.replace('×2', '×1'));
    return one ? [[two, one] as [BenchResult, BenchResult]] : [];
  });
}
