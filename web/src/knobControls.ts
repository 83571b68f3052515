import type { Knob } from '../../src/scenario/scenarioSchema.js';
import type { ScenarioDocument } from './apiClient.js';
import { element, make } from './dom.js';
import { page } from './pageContext.js';
import { onStateChange, requestRun } from './projection.js';

/** A knob's value with its unit where the unit is a plain one (US$/bbl); fractions and ratios as numbers. */
export function formatKnob(value: number, unit: string): string {
  const text = Math.abs(value) >= 10 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
  return `${text} ${unit.split(/[ ,(]/)[0] === 'USD/bbl' ? 'US$/bbl' : ''}`.trim();
}

/** The sliders of a scenario's knobs, each with its label, value, unit and source; a move asks for a run. */
export function renderKnobs(doc: ScenarioDocument): void {
  const box = element('knobs');
  box.replaceChildren();
  for (const [name, knob] of Object.entries(doc.scenario.knobs) as [string, Knob][]) {
    const value = page.state.knobs[name] ?? knob.value;
    const id = `knob-${name}`;
    const label = make('label', knob.label, { for: id });
    const output = make('output', formatKnob(value, knob.unit), { id: `${id}-value`, for: id });
    const input = make('input', '', {
      type: 'range',
      id,
      name,
      min: String(knob.min),
      max: String(knob.max),
      step: String(knob.step ?? (knob.max - knob.min) / 100),
      'aria-describedby': `${id}-help`,
    });
    input.value = String(value);
    input.addEventListener('input', () => {
      const startedAt = performance.now();
      const v = Number(input.value);
      output.textContent = formatKnob(v, knob.unit);
      if (v === knob.value) delete page.state.knobs[name];
      else page.state.knobs[name] = v;
      requestRun(startedAt);
    });
    const help = make('small', `${knob.unit}. ${knob.description ?? ''} Source: ${knob.source}`, { id: `${id}-help` });
    const wrapper = make('div', '', { class: 'control' });
    wrapper.append(label, output, input, help);
    box.append(wrapper);
  }
}

/** Puts each slider back in step with the state when something other than the slider changed it (a knob set aside). */
function syncKnobs(): void {
  const doc = page.documents.get(page.state.scenario);
  if (!doc) return;
  for (const [name, knob] of Object.entries(doc.scenario.knobs) as [string, Knob][]) {
    const input = document.getElementById(`knob-${name}`) as HTMLInputElement | null;
    const value = page.state.knobs[name] ?? knob.value;
    if (!input || Number(input.value) === value) continue;
    input.value = String(value);
    element(`knob-${name}-value`).textContent = formatKnob(value, knob.unit);
  }
}

/** Keeps the sliders in step with the state from now on. */
export function wireKnobControls(): void {
  onStateChange(syncKnobs);
}
