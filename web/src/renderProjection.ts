import type { ChartConfiguration } from 'chart.js';
import type { SimulationResult } from '../../src/run/simulationResult.js';
import { draw } from './chartBoard.js';
import { differenceChartConfig } from './charts/differenceChart.js';
import { displayUnit, formatChange, formatLevel, formatStandardError } from './charts/displayUnits.js';
import { fanChartConfig } from './charts/fanChart.js';
import { regimeChartConfig } from './charts/regimeChart.js';
import { HEADLINE_LABELS, type HeadlineSeries } from './charts/seriesLabels.js';
import { sectorsOf, shareChartConfig } from './charts/shareChart.js';
import { element, make } from './dom.js';
import { describeSpec, page } from './pageContext.js';
import type { WorkerComparison } from './simulationWorker.js';
import { fewPaths, uncertaintyOf } from '../../src/run/targetUncertainty.js';

/** Why two projections are overlaid without a paired difference, for the compare summary. */
const UNPAIRED: Readonly<Record<NonNullable<WorkerComparison['unpaired']>, string>> = {
  sizes: 'not paired: the two use different paths or seeds; pin and compare at equal paths and seed',
  outcomes: 'not paired: an observed trade total or share weights each projection’s paths differently, so path p of one is no longer the pair of path p of the other',
  server: 'not paired: runs of more than 20,000 paths happen on the server one by one; compare at 20,000 paths or fewer to pair them',
};

/** Draws the projection on screen: every chart, the targets, the compare summary and the notes. */
export function renderProjection(): void {
  const shown = page.shown;
  if (!shown) return;
  const { state } = page;
  const { result, comparison } = shown.outcome;
  const pinnedLabel = state.pinned ? describeSpec(state.pinned) : '';
  const series = state.series as HeadlineSeries;
  const fan = draw('fan-chart', fanChartConfig(result, series, comparison ? { pinned: { result: comparison.pinned, label: pinnedLabel } } : {}) as ChartConfiguration);
  const sectorNames = sectorsOf(result);
  if (!sectorNames.includes(state.sector)) state.sector = sectorNames[0] ?? 'cars';
  renderSectorPicker(sectorNames);
  const doc = page.documents.get(result.scenario);
  const sectorLabel = doc?.scenario.sectors[state.sector]?.label ?? state.sector;
  draw('share-chart', shareChartConfig(result, state.sector, sectorLabel.toLowerCase()) as ChartConfiguration);
  draw('regime-chart', regimeChartConfig(result) as ChartConfiguration);
  const difference = comparison?.difference?.[series];
  element('difference-figure').hidden = !difference;
  if (difference && state.pinned) {
    const labels = { current: describeSpec(shown.spec), pinned: pinnedLabel };
    draw('difference-chart', differenceChartConfig(result.years, difference, series, labels, result.series[series]!.unit) as ChartConfiguration);
    const last = result.years.length - 1;
    const unit = displayUnit(result.series[series]!.unit);
    element('difference-note').textContent =
      `Same ${result.paths.toLocaleString('en-US')} paths and seed ${result.seed} for both, so each path differs only by the assumptions. ` +
      `In ${result.years[last]}: mean ${formatChange(difference.mean[last]!, unit)} ${formatStandardError(difference.standardError[last]!, unit)} (paired s.e.; ` +
      `${formatStandardError(difference.standardErrorIndependent[last]!, unit)} if the runs were independent); ` +
      `current above pinned on ${(100 * difference.probabilityHigher[last]!).toFixed(0)}% of paths.`;
  }
  fan.canvas.dataset.drawn = String(page.probe.updates + 1);
  renderTargets(result, comparison);
  renderCompare(result, comparison);
  const note = `${result.paths.toLocaleString('en-US')} paths · seed ${result.seed} · scenario ${result.scenario} · tradecast ${result.version} · inputs ${result.inputHash.slice(0, 12)}`;
  const conditioned = result.effectiveSampleSize == null ? '' : ` · weighted by what happened: worth ${Math.round(result.effectiveSampleSize).toLocaleString('en-US')} independent paths`;
  element('fan-note').textContent = `Bands: the darker holds the middle half of paths, the lighter 90%; the line is the median. ${note}${conditioned}`;
  element('share-note').textContent = `Lines are medians across paths, as in the fan chart; the four need not add up to 100%. ${note}${conditioned}`;
  element('regime-note').textContent = `${note}${conditioned}`;
}

function renderTargets(result: SimulationResult, comparison: WorkerComparison | undefined): void {
  element('targets').replaceChildren(
    ...result.targets.map((target) => {
      const card = make('div', '', { class: 'target', 'data-target-id': target.id });
      const paired = comparison?.targets.find((t) => t.id === target.id);
      const pinnedTarget = comparison?.pinned.targets.find((t) => t.id === target.id);
      const detail =
        target.standardError === null
          ? `${target.year} is outside the projection`
          : `probability across paths, ${fewPaths(target, result.paths) ? uncertaintyOf(target, result.paths) : `± ${(100 * target.standardError).toFixed(1)} pp Monte Carlo error`}` +
            (paired
              ? ` · vs pinned ${(100 * paired.probabilityReference).toFixed(1)}%: ${formatChange(paired.difference, displayUnit('probability'))} (paired ± ${(100 * paired.standardError).toFixed(1)})`
              : pinnedTarget?.probability != null
                ? ` · pinned: ${(100 * pinnedTarget.probability).toFixed(1)}%`
                : '');
      card.append(
        make('p', target.probability === null ? 'n/a' : `${(100 * target.probability).toFixed(1)}%`, { class: 'probability' }),
        make('p', target.label, { class: 'target-label' }),
        make('p', detail, { class: 'target-detail' }),
      );
      return card;
    }),
  );
}

function renderCompare(result: SimulationResult, comparison: WorkerComparison | undefined): void {
  const box = element('compare-summary');
  const { state } = page;
  if (!comparison || !state.pinned) {
    box.textContent = 'Pin the current projection, then change the scenario or a slider: the charts overlay the two and show the difference path by path.';
    return;
  }
  const y = result.years.length - 1;
  const series = state.series as HeadlineSeries;
  const a = comparison.pinned.series[series]!;
  const b = result.series[series]!;
  const unit = displayUnit(b.unit);
  const pairing = comparison.difference ? 'paired on the same random numbers' : UNPAIRED[comparison.unpaired ?? 'sizes'];
  box.textContent = `Pinned: ${describeSpec(state.pinned)}. ${HEADLINE_LABELS[series].title} in ${result.years[y]}: median ${formatLevel(b.p50[y]!, unit)} now vs ${formatLevel(a.p50[y]!, unit)} pinned (${pairing}).`;
}

function renderSectorPicker(sectorNames: readonly string[]): void {
  const select = element<HTMLSelectElement>('sector');
  if (select.options.length !== sectorNames.length || [...select.options].some((o, i) => o.value !== sectorNames[i])) {
    const doc = page.documents.get(page.state.scenario);
    select.replaceChildren(...sectorNames.map((name) => new Option(doc?.scenario.sectors[name]?.label ?? name, name)));
  }
  select.value = page.state.sector;
}
