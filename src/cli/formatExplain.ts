import type { ExplainResult } from '../analysis/explainDifference.js';
import { fixed, percent, signed, textTable } from './textTable.js';

const GROUPING_WORDS: Readonly<Record<ExplainResult['grouping'], string>> = {
  fields: 'one input per knob and field that differs',
  blocks: 'fields grouped by block to keep the runs few; knobs one by one',
  'blocks and knobs': 'fields grouped by block and the knobs as one, to keep the runs few',
};

/**
 * The attribution as a table: each input that differs, its contribution to B − A (with unit),
 * its standard error and its share of the total, largest first, then the total.
 */
export function formatExplain(explain: ExplainResult, referenceLabel: string, scenarioLabel: string): string {
  const probability = explain.statistic === 'probability';
  const amount = (v: number) => (probability ? `${signed(100 * v, 1)} pp` : `${signed(v, 2)} ${explain.unit}`);
  const level = (v: number) => (probability ? percent(v) : `${fixed(v, 2)} ${explain.unit}`);
  const error = (v: number | null) => (v === null ? '—' : probability ? `${fixed(100 * v, 2)} pp` : fixed(v, 2));
  const what = probability ? `the probability of ${explain.label}` : `the median of ${explain.label}`;
  const out = [
    '',
    `═══ Why ${scenarioLabel} − ${referenceLabel}: ${what} ═══`,
    `A ${level(explain.reference)} → B ${level(explain.value)}: B − A = ${amount(explain.total)}, the sum of the parts below.`,
    `Each part is an input's Shapley value: its effect averaged over every order of switching the inputs from A to B,`,
    `over ${explain.runs} run${explain.runs === 1 ? '' : 's'} on the same random numbers (${GROUPING_WORDS[explain.grouping]}).`,
  ];
  if (explain.parts.length === 0) {
    out.push('', 'No input that moves the model differs between the two scenarios.');
    return out.join('\n') + '\n';
  }
  out.push(
    '',
    ...textTable(
      ['input', 'A → B', 'contribution', '± s.e.', 'share'],
      [
        ...explain.parts.map((part) => [
          part.input,
          part.from === undefined || part.to === undefined ? '' : `${part.from} → ${part.to}`,
          amount(part.contribution),
          error(part.standardError),
          part.share === null ? '—' : percent(part.share, 0),
        ]),
        ['total', '', amount(explain.total), '', explain.total === 0 ? '—' : '100%'],
      ],
      2,
    ),
    '',
    `s.e.: ${explain.standardErrors}. Shares of opposite sign can exceed 100%.`,
  );
  return out.join('\n') + '\n';
}
