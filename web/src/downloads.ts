import { resultCsv } from '../../src/run/resultCsv.js';
import { serializeResult } from '../../src/run/serializeResult.js';
import { chartOn } from './chartBoard.js';
import { element } from './dom.js';
import { page } from './pageContext.js';

/** Saves `text` as a file named `name`. */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The link to this view (copied when the browser allows), the numbers on screen as CSV or as
 * JSON (the bytes `tradecast run --format json` prints for the same inputs), and the fan chart as PNG.
 */
export function wireDownloads(): void {
  element('share').addEventListener('click', async () => {
    const link = location.href;
    const field = element<HTMLInputElement>('share-link');
    field.value = link;
    field.hidden = false;
    field.select();
    try {
      await navigator.clipboard.writeText(link);
      element('share-status').textContent = 'Link copied: it reopens this exact view.';
    } catch {
      element('share-status').textContent = 'Copy the link above: it reopens this exact view.';
    }
  });
  const result = () => page.shown?.outcome.result;
  element('download-csv').addEventListener('click', () => {
    const shown = result();
    if (shown) download(`${shown.scenario}-seed${shown.seed}.csv`, resultCsv(shown), 'text/csv');
  });
  element('download-json').addEventListener('click', () => {
    const shown = result();
    if (shown) download(`${shown.scenario}-seed${shown.seed}.json`, serializeResult(shown), 'application/json');
  });
  element('download-png').addEventListener('click', () => {
    const chart = chartOn('fan-chart');
    const shown = result();
    if (!chart || !shown) return;
    const link = document.createElement('a');
    link.href = chart.toBase64Image('image/png', 1);
    link.download = `${shown.scenario}-${page.state.series}.png`;
    link.click();
  });
}
