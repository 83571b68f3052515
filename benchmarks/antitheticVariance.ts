import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Sampling } from '../src/core/modelPlan.js';
import { prepareRun } from '../src/run/preparedRun.js';
import { createRunner } from '../src/run/runner.js';
import { resolveScenarioFile } from '../src/scenario/loadScenario.js';
import { shippedScenariosDir } from '../src/scenario/projectPaths.js';

/**
 * What antithetic sampling buys: for each scenario, R runs at N paths with independent and
 * with antithetic sampling (seeds 1 … R, the same for both), and for each estimate the variance
 * across the R runs with independent sampling over the variance with antithetic sampling — the
 * variance ratio at equal paths (2 means antithetic needs half the paths for the same error).
 * Estimates: the 2030 median of turnover, P(turnover ≥ US$300bn in 2030) and the other targets,
 * the 2030 median of Chinese brands' car share. With it, for each target, the spread of its
 * probability across the runs over the mean standard error the runs report (1 when the reported
 * standard error is right). A variance ratio from R runs against R runs is uncertain by a factor
 * of about exp(±1.96·√(4/(R − 1))) (95%; the log of a sample variance has variance ≈ 2/(R − 1)).
 * Run: npx tsx benchmarks/antitheticVariance.ts [--paths N] [--runs R] [--scenario ID]…
 *   (the WebAssembly kernel on two threads; about two minutes a scenario at 10,000 paths × 200 runs)
 */

const { values } = parseArgs({
  options: {
    paths: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '200' },
    scenario: { type: 'string', multiple: true },
  },
});
const paths = Number(values.paths);
const runs = Number(values.runs);
const scenarios = values.scenario ?? ['baseline', 'escalation', 'thaw', 'localisation', 'oil-slump'];
const runner = createRunner({ threads: 2 });

interface Estimates {
  readonly names: string[];
  readonly values: number[][];
  /** per target estimate: the standard errors the runs reported */
  readonly reported: Map<string, number[]>;
}

async function estimates(id: string, sampling: Sampling): Promise<Estimates> {
  const loaded = resolveScenarioFile(join(shippedScenariosDir(), `${id}.yaml`));
  if (!loaded.ok) throw new Error(loaded.issues[0]!.message);
  const names: string[] = [];
  const collected: number[][] = [];
  const reported = new Map<string, number[]>();
  for (let seed = 1; seed <= runs; seed++) {
    const prepared = prepareRun(loaded.resolved, { paths, seed, sampling });
    if (!prepared.ok) throw new Error(prepared.issues[0]!.message);
    const outcome = await runner.run(prepared.run, { onWorkers: true });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.failure));
    const { result } = outcome;
    const last = result.years.length - 1;
    const row: [string, number][] = [
      [`median turnover ${result.years[last]}`, result.series.turnover!.p50[last]!],
      [`median share.cars.china ${result.years[last]}`, result.series['share.cars.china']!.p50[last]!],
      ...result.targets.filter((t) => t.probability !== null).map((t): [string, number] => [`P(${t.expression}) ${t.year}`, t.probability!]),
    ];
    if (names.length === 0) names.push(...row.map(([name]) => name));
    row.forEach(([, value], i) => (collected[i] ??= []).push(value));
    for (const target of result.targets) {
      if (target.standardError === null) continue;
      const key = `P(${target.expression}) ${target.year}`;
      reported.set(key, [...(reported.get(key) ?? []), target.standardError]);
    }
  }
  return { names, values: collected, reported };
}

const variance = (xs: readonly number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (xs.length - 1);
};
const average = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const band = Math.exp(1.96 * Math.sqrt(4 / (runs - 1)));

process.stdout.write(`${paths.toLocaleString('en-US')} paths, ${runs} runs per sampling (seeds 1…${runs}); variance ratio independent/antithetic, 95% range ×/÷ ${band.toFixed(2)}\n`);
for (const id of scenarios) {
  const started = performance.now();
  const independent = await estimates(id, 'independent');
  const antithetic = await estimates(id, 'antithetic');
  process.stdout.write(`\n${id} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  independent.names.forEach((name, i) => {
    const ratio = variance(independent.values[i]!) / variance(antithetic.values[i]!);
    const calibration = (estimate: Estimates) => {
      const reported = estimate.reported.get(name);
      return reported ? (Math.sqrt(variance(estimate.values[i]!)) / average(reported)).toFixed(2) : '';
    };
    const check = independent.reported.has(name) ? `   spread / reported s.e.: independent ${calibration(independent)}, antithetic ${calibration(antithetic)}` : '';
    process.stdout.write(`  ${name.padEnd(44)} ${ratio.toFixed(2)} (${(ratio / band).toFixed(2)}–${(ratio * band).toFixed(2)})${check}\n`);
  });
}
await runner.close();
