import type { ChartConfiguration } from 'chart.js';
import { api } from './apiClient.js';
import { draw } from './chartBoard.js';
import { tornadoChartConfig } from './charts/tornadoChart.js';
import { element } from './dom.js';
import { clearError, showError } from './messages.js';
import { describeSpec, page, specOf } from './pageContext.js';
import { runSpecKey } from './pageState.js';
import { onStateChange } from './projection.js';

/** Sobol design for a target's probability: N = 128 samples × 16 shock paths each (≈ 1 s on the server). */
const TARGET_SENSITIVITY_DESIGN = { samples: 128, innerPaths: 16 } as const;

/** What a ranking depends on: the scenario, knobs, observations and seed (not the paths), and the output. */
const rankingKey = (output: string) => {
  const spec = specOf(page.state);
  return `${runSpecKey({ ...spec, paths: 0 })}|${output}`;
};

/** The ranking on screen: what it was computed for. */
let ranked: { key: string; described: string; note: string } | null = null;

/**
 * Marks the tornado out of date when the scenario, a slider, an observation, the seed or the
 * chosen output no longer match what it was ranked for, and fresh again if they come back.
 */
function markStaleness(): void {
  if (!ranked) return;
  const stale = ranked.key !== rankingKey(element<HTMLSelectElement>('tornado-output').value);
  const figure = element('tornado-figure');
  if ((figure.dataset.stale === 'true') === stale) return;
  figure.dataset.stale = String(stale);
  element('tornado-note').textContent = stale
    ? `Out of date: this ranking is for ${ranked.described}; the scenario, a slider, what happened, the seed or the output has changed since. Rank the assumptions again to update it.`
    : ranked.note;
}

/** Sobol indices on the server for the current scenario and sliders, drawn as a tornado. */
async function rankAssumptions(): Promise<void> {
  const button = element<HTMLButtonElement>('tornado-run');
  const note = element('tornado-note');
  const output = element<HTMLSelectElement>('tornado-output').value;
  const key = rankingKey(output);
  const spec = specOf(page.state);
  button.disabled = true;
  note.textContent = 'Ranking the assumptions on the server…';
  try {
    // a target's probability is averaged over inner shock paths per evaluation: a smaller
    // design keeps the work within the server's cap (the intervals say what that costs)
    const design = output.startsWith('target:') ? TARGET_SENSITIVITY_DESIGN : {};
    const result = await api.sensitivity({ scenario: spec.scenario, overrides: spec.knobs, observations: spec.observations, output, method: 'sobol', seed: spec.seed, ...design });
    element('tornado-box').hidden = false;
    draw('tornado-chart', tornadoChartConfig(result) as ChartConfiguration);
    const text =
      `Sobol indices (Saltelli design, N = ${result.samples}, ${result.evaluations.toLocaleString('en-US')} model evaluations, ` +
      `${Math.round(result.confidence * 100)}% bootstrap intervals in the tooltips) · seed ${result.seed} · scenario ${result.scenario} · ` +
      `inputs ${result.inputHash.slice(0, 12)}. ${result.notes.join(' ')}`;
    ranked = { key, described: describeSpec(spec).replace(/, [\d,]+ paths$/, ''), note: text };
    element('tornado-figure').dataset.stale = 'false';
    note.textContent = text;
    markStaleness(); // the controls may have moved while the server worked
    clearError();
  } catch (error) {
    note.textContent = 'The ranking did not run.';
    showError(error, 'the ranking');
  } finally {
    button.disabled = false;
  }
}

export function wireTornadoPanel(): void {
  element('tornado-run').addEventListener('click', () => void rankAssumptions());
  element('tornado-output').addEventListener('change', markStaleness);
  onStateChange(markStaleness);
}
