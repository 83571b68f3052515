import { ApiError } from './apiClient.js';
import { element, make } from './dom.js';
import { page } from './pageContext.js';
import { errorInWords } from './pageWording.js';

/**
 * The two boxes above the charts: the red one says why the projection on screen is not the one
 * asked for (and that the charts keep the last one that ran); the notices say what the page
 * changed in a shared link before running it.
 */

/** Shows why a projection (or `what` else) did not update, in the page's words; never blanks a chart. */
export function showError(error: unknown, what = 'this projection'): void {
  const box = element('error');
  const words = error instanceof ApiError ? errorInWords(error, what) : { title: `Could not update ${what}.`, lines: [`Unexpected error in the page: ${(error as Error).message}`] };
  box.replaceChildren(make('strong', words.title));
  if (words.lines.length === 1) box.append(' ', words.lines[0]!);
  else if (words.lines.length > 1) {
    const list = make('ul');
    list.append(...words.lines.map((line) => make('li', line)));
    box.append(list);
  }
  if (page.shown && what === 'this projection') box.append(make('p', 'The charts still show the last projection that ran.', { class: 'error-keep' }));
  box.hidden = false;
  page.probe.error = [words.title, ...words.lines].join(' ');
}

export function clearError(): void {
  element('error').hidden = true;
  page.probe.error = null;
}

/** Adds sentences to the notices box (what the page did with a shared link). */
export function addNotices(sentences: readonly string[]): void {
  if (sentences.length === 0) return;
  element('notice-list').append(...sentences.map((sentence) => make('li', sentence)));
  element('notices').hidden = false;
}

export function wireNotices(): void {
  element('notices-dismiss').addEventListener('click', () => {
    element('notice-list').replaceChildren();
    element('notices').hidden = true;
  });
}
