import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../scenario/projectPaths.js';
import { EXIT_FAILURE, type Command } from '../command.js';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'benchmark the simulation loop, the summary and the worker pool',
  help: `Usage: tradecast bench [--json] [--smoke] [--case TEXT] [--runs N]

Times the engine on the baseline scenario (fixed seed) at 10k, 100k and 1M paths — simulate
alone and simulate + summarise, on 1 and 2 threads — the summary step alone, and the naive
reference implementation of the same model (benchmarks/naiveReference.ts) as the yardstick.
Each case runs in its own process: a warm-up, then N timed runs (default 7); it reports the
median, min and max time, path-years per second and the process's peak resident memory.
A full run takes several minutes (the naive reference is slow on purpose).

Options:
  --json         one JSON line per case: case, paths, years, threads, pathYearsPerSecond,
                 medianMs, minMs, maxMs, peakRssMb
  --smoke        small sizes and 2 runs each (what CI runs, so the benchmark cannot rot)
  --case TEXT    only the cases whose name contains TEXT (e.g. --case "100k")
  --runs N       timed runs per case
  -h, --help     this help

Needs a source checkout: the benchmarks are not in the npm package (npm pack, npm install -g
of its tarball), so run it in a clone after npm ci (which builds benchmarks/ into dist/), or
npm run bench there. Exit code 1 when a case fails or the benchmarks are missing.`,
  run(args, io) {
    const script = join(projectRoot(), 'dist', 'benchmarks', 'bench.js');
    if (!existsSync(script)) {
      io.stderr.write(`tradecast bench: ${script} is missing: the benchmarks come with a source checkout, not with the installed package; run it in a clone after npm ci (or npm run build)\n`);
      return EXIT_FAILURE;
    }
    const child = spawnSync(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 16 << 20 });
    io.stdout.write(child.stdout);
    io.stderr.write(child.stderr);
    return child.status ?? EXIT_FAILURE;
  },
};
