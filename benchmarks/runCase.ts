import { parseArgs } from 'node:util';
import { benchCases, prepareCase } from './cases.js';

/**
 * Runs ONE benchmark case in this process (bench.ts starts one process per case, so no case
 * inherits another's JIT state or heap): warm-up runs, then timed runs; prints one JSON line.
 * Every run's result is added to a global, so V8 cannot drop the work.
 *   node dist/benchmarks/runCase.js --case "simulate 100k ×1" [--runs 7] [--warmup 1] [--smoke]
 */

export interface BenchResult {
  readonly case: string;
  readonly paths: number;
  readonly years: number;
  readonly threads: number;
  /** the engine that ran: the TypeScript reference (`ts`) or the WebAssembly kernel (`wasm`) */
  readonly kernel: 'ts' | 'wasm';
  readonly pathYearsPerSecond: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** median CPU time of the process (all its threads) per timed run: on a shared machine, less disturbed by neighbours than the wall time */
  readonly medianCpuMs: number;
  readonly peakRssMb: number;
}

const { values } = parseArgs({
  options: {
    case: { type: 'string' },
    runs: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '1' },
    smoke: { type: 'boolean', default: false },
  },
});
const benchCase = benchCases(values.smoke).find((c) => c.name === values.case);
if (!benchCase) throw new Error(`no benchmark case named "${values.case}"`);
const runs = Number(values.runs);
const warmup = Number(values.warmup);

const work = await prepareCase(benchCase);
const sink = globalThis as { benchmarkSink?: number };
sink.benchmarkSink = 0;
for (let i = 0; i < warmup; i++) sink.benchmarkSink += await work.once();
const times: number[] = [];
const cpuTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  sink.benchmarkSink += await work.once();
  times.push(performance.now() - started);
  const used = process.cpuUsage(cpu);
  cpuTimes.push((used.user + used.system) / 1000);
}
await work.close();
if (!Number.isFinite(sink.benchmarkSink)) throw new Error(`case "${benchCase.name}" produced a non-finite result`);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
times.sort((a, b) => a - b);
const medianMs = median(times);
const round = (value: number, digits: number) => Number(value.toFixed(digits));
const result: BenchResult = {
  case: benchCase.name,
  paths: benchCase.paths,
  years: work.years,
  threads: benchCase.threads,
  kernel: benchCase.kernel,
  pathYearsPerSecond: Math.round((benchCase.paths * work.years) / (medianMs / 1000)),
  medianMs: round(medianMs, 1),
  minMs: round(times[0]!, 1),
  maxMs: round(times[times.length - 1]!, 1),
  medianCpuMs: round(median(cpuTimes), 1),
  // resourceUsage().maxRSS is the process's peak resident set, in kB (workers included)
  peakRssMb: round(process.resourceUsage().maxRSS / 1024, 0),
};
process.stdout.write(JSON.stringify(result) + '\n');
