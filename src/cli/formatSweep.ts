import type { SweepResult } from '../analysis/sweep.js';
import { textTable } from './textTable.js';

const number = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(1) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toFixed(3));
const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);

/**
 * A sweep as tables: one knob — a row per value, the output's median and 90% band and each
 * target's probability; two knobs — the median and each target's probability as a matrix,
 * the first knob down, the second across.
 */
export function formatSweep(result: SweepResult): string {
  const { output, knobs, points, targets } = result;
  const unit = points[0]?.output.unit ?? '';
  const head = `Sweep of ${result.scenario}: ${points.length} points, ${result.paths} paths each, seed ${result.seed} (common random numbers at every point)\n${output.series} in ${output.year}, ${unit}: median (p5–p95); targets: probability\n\n`;
  if (knobs.length === 1) {
    const [knob] = knobs;
    const header = [knob!.name, `${output.series}@${output.year}`, 'p5–p95', ...targets.map((t) => t.id)];
    const rows = points.map((point) => [
      String(point.knobs[knob!.name]),
      number(point.output.p50),
      `${number(point.output.p5)}–${number(point.output.p95)}`,
      ...point.targets.map((t) => percent(t.probability)),
    ]);
    return head + textTable(header, rows).join('\n') + '\n';
  }
  const [down, across] = knobs as [SweepResult['knobs'][0], SweepResult['knobs'][0]];
  const at = (i: number, j: number) => points[i * across.values.length + j]!;
  const matrix = (title: string, cell: (point: SweepResult['points'][0]) => string) =>
    `${title}\n` +
    textTable(
      [`${down.name} \\ ${across.name}`, ...across.values.map(String)],
      down.values.map((v, i) => [String(v), ...across.values.map((_, j) => cell(at(i, j)))]),
    ).join('\n') +
    '\n';
  return (
    head +
    [matrix(`median ${output.series}@${output.year} (${unit})`, (p) => number(p.output.p50)), ...targets.map((target, t) => matrix(`P(${target.id})`, (p) => percent(p.targets[t]!.probability)))].join(
      '\n',
    )
  );
}
