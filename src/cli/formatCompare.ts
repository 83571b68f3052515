import type { CompareResult } from '../analysis/compare.js';
import { fixed, percent, signed, textTable } from './textTable.js';

/** Series shown by default: the headline ones and the car share. */
export const COMPARE_DEFAULT_SERIES = ['turnover', 'exportsToChina', 'importsFromChina', 'share.cars.china'] as const;

const TITLES: Readonly<Record<string, string>> = {
  turnover: 'Russia–China trade turnover',
  exportsToChina: 'Russia’s exports to China',
  importsFromChina: 'Russia’s imports from China',
  oilPrice: 'Oil price',
  rubPerCny: 'Rouble per yuan',
  'share.cars.china': 'Chinese brands’ share of Russia’s new-car sales',
};

/** A readable report of a paired comparison: per B, per series, the distribution of B − A by year. */
export function formatCompare(result: CompareResult, seriesNames: readonly string[] = COMPARE_DEFAULT_SERIES): string {
  const out: string[] = [];
  const [reference, ...others] = result.scenarios;
  out.push(
    `Paired comparison · ${result.paths.toLocaleString('en-US')} paths · seed ${result.seed} · projection ${result.years[0]}–${result.horizon} from ${result.origin} · tradecast ${result.version}`,
  );
  out.push('Every scenario runs on the same random numbers (path p sees the same shocks and parameter draws in each),');
  out.push('so B − A per path isolates what differs between the scenarios.');
  out.push(`  A  = ${reference!.label}: ${reference!.name}`);
  others.forEach((s, i) => out.push(`  B${others.length > 1 ? i + 1 : ' '} = ${s.label}: ${s.name}`));
  result.comparisons.forEach((comparison, i) => {
    const b = result.scenarios[i + 1]!;
    out.push('', `═══ ${comparison.scenario} − ${comparison.reference} ═══`);
    for (const name of seriesNames) {
      const difference = comparison.series[name];
      const seriesA = reference!.series[name];
      const seriesB = b.series[name];
      if (!difference || !seriesA || !seriesB) {
        out.push('', `${TITLES[name] ?? name}: not compared — only ${seriesA ? 'A' : 'B'} has this series (a sector the other scenario does not model)`);
        continue;
      }
      const share = difference.unit === 'fraction';
      const value = (v: number) => (share ? percent(v) : fixed(v, 1));
      const change = (v: number) => (share ? `${signed(100 * v, 1)} pp` : signed(v, 1));
      out.push('', `${TITLES[name] ?? name} (${share ? '%, differences in percentage points' : difference.unit}) — medians, then B − A across paths`);
      out.push(
        ...textTable(
          ['year', 'A p50', 'B p50', 'B−A mean', '± s.e.', 'p5', 'p50', 'p95', 'P(B>A)', 's.e. if independent'],
          result.years.map((year, y) => [
            String(year),
            value(seriesA.p50[y]!),
            value(seriesB.p50[y]!),
            change(difference.mean[y]!),
            share ? `${fixed(100 * difference.standardError[y]!, 2)}` : fixed(difference.standardError[y]!, 2),
            change(difference.p5[y]!),
            change(difference.p50[y]!),
            change(difference.p95[y]!),
            percent(difference.probabilityHigher[y]!, 0),
            share ? `${fixed(100 * difference.standardErrorIndependent[y]!, 2)}` : fixed(difference.standardErrorIndependent[y]!, 2),
          ]),
        ),
      );
    }
    const notCompared = targetsNotCompared(reference!, b, comparison.targets);
    if (comparison.targets.length === 0) {
      out.push('', notCompared.length === 0 ? 'Targets: neither scenario has any.' : 'Targets: none compared — a target is compared when both scenarios have it, with the same id and year:');
    } else {
      out.push('', 'Targets (probability across paths; the difference is measured on the same paths)');
      out.push(
        ...textTable(
          ['target', 'A', 'B', 'B − A', '± s.e.', 's.e. if independent'],
          comparison.targets.map((t) => [
            t.label.length > 60 ? t.label.slice(0, 59) + '…' : t.label,
            percent(t.probabilityReference),
            percent(t.probability),
            `${signed(100 * t.difference, 1)} pp`,
            `${fixed(100 * t.standardError, 2)} pp`,
            `${fixed(100 * t.standardErrorIndependent, 2)} pp`,
          ]),
        ),
      );
      if (notCompared.length > 0) out.push('Not compared (a target is compared when both scenarios have it, with the same id and year):');
    }
    for (const note of notCompared) out.push(`  ${note}`);
  });
  out.push('', '“s.e. if independent” is the Monte Carlo error the mean difference would carry with independent runs of the same size.');
  return out.join('\n') + '\n';
}

type ComparedScenario = CompareResult['scenarios'][number];

/** Each target of A or B left out of the paired table, with the reason. */
function targetsNotCompared(a: ComparedScenario, b: ComparedScenario, compared: readonly { readonly id: string }[]): string[] {
  const done = new Set(compared.map((t) => t.id));
  const notes: string[] = [];
  for (const target of a.targets) {
    if (done.has(target.id)) continue;
    const other = b.targets.find((t) => t.id === target.id);
    const reason = other === undefined ? 'only in A' : other.year !== target.year ? `years differ (A ${target.year}, B ${other.year})` : `${target.year} is outside the projected years`;
    notes.push(`${target.id}: ${reason}`);
  }
  for (const target of b.targets) if (!a.targets.some((t) => t.id === target.id)) notes.push(`${target.id}: only in B`);
  return notes;
}
