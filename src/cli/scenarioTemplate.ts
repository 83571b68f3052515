import type { Knob } from '../scenario/scenarioSchema.js';

/** What `tradecast init` writes a new scenario from. */
export interface ScenarioTemplateInput {
  /** the new scenario's id (its file name without `.yaml`) */
  readonly name: string;
  /** what the file writes after `extends:`: a shipped id, or a path relative to the new file */
  readonly parent: string;
  readonly parentName: string;
  /** where the parent's file is, as the user should look for it */
  readonly parentFile: string;
  /** the JSON Schema for editors: relative to the new file, or absolute */
  readonly schemaPath: string;
  readonly knobs: Readonly<Record<string, Knob>>;
}

/** Knobs shown as the worked example of a change. */
const EXAMPLE_KNOBS = 2;

/**
 * A new scenario that `extends` its parent and changes nothing yet: the parent's knobs are
 * listed as comments, with their range and unit, and the first two carry an example value,
 * so the file says what an economist would change and runs as the parent until they do.
 */
export function scenarioTemplate(input: ScenarioTemplateInput): string {
  const knobs = Object.entries(input.knobs);
  const width = Math.max(0, ...knobs.map(([name, knob], i) => `#   ${name}: { value: ${formatNumber(i < EXAMPLE_KNOBS ? exampleValue(knob) : knob.value)} }`.length)) + 2;
  const knobLines = knobs.map(([name, knob], i) => {
    const shown = i < EXAMPLE_KNOBS ? exampleValue(knob) : knob.value;
    const line = `#   ${name}: { value: ${formatNumber(shown)} }`;
    const now = i < EXAMPLE_KNOBS ? `now ${formatNumber(knob.value)}; ` : '';
    return `${line.padEnd(width)}# ${now}${knob.label}, ${formatNumber(knob.min)} to ${formatNumber(knob.max)} ${knob.unit}`;
  });
  const lines = [
    `# yaml-language-server: $schema=${input.schemaPath}`,
    '#',
    `# ${input.name}: builds on "${input.parent}" (${input.parentFile}) and changes only what is`,
    '# written below. Everything else — data, regimes, oil, rouble, sectors, targets — comes from',
    '# the parent, so a fix to it reaches this scenario too, and `tradecast compare` and',
    '# `--explain` show exactly what this file changes. Any field of the parent may be set here',
    '# (scenarios/README.md: objects merge key by key, targets by id).',
    '#',
    `#   tradecast run ${input.name}.yaml`,
    `#   tradecast compare ${input.parent} ${input.name}.yaml --explain`,
    '',
    `extends: ${input.parent}`,
    `name: ${JSON.stringify(input.name)}`,
    'description: >-',
    `  ${input.parentName}, with … (what this scenario assumes, and why, in a sentence or two).`,
    '',
  ];
  if (knobs.length === 0) return [...lines, `# ${input.parent} has no knobs; set fields directly (e.g. oil: { longRunPrice: { median: 60 } }).`, ''].join('\n');
  return [
    ...lines,
    `# The knobs of ${input.parent}. To change some, uncomment "knobs:" and their lines; the first`,
    `# ${Math.min(EXAMPLE_KNOBS, knobs.length) === 1 ? 'one shows' : 'two show'} an example value.`,
    '# knobs:',
    ...knobLines,
    '',
  ].join('\n');
}

/** A value a tenth of the range away from the knob's, toward its farther bound, on its step. */
function exampleValue(knob: Knob): number {
  const range = knob.max - knob.min;
  if (!(range > 0)) return knob.value;
  const direction = knob.max - knob.value >= knob.value - knob.min ? 1 : -1;
  const step = knob.step ?? range / 100;
  const moved = knob.value + direction * Math.max(step, Math.round((0.1 * range) / step) * step);
  return Math.min(knob.max, Math.max(knob.min, Number(moved.toPrecision(10))));
}

function formatNumber(value: number): string {
  return String(Number(value.toPrecision(10)));
}
