import type { Knob } from '../../src/scenario/scenarioSchema.js';
import type { ApiError, ApiIssue } from './apiClient.js';
import { monthsInWords, type ObservationField } from './observationFields.js';
import { observationText, type PageObservation } from './pageState.js';

/**
 * The page's words for what the API or the page's worker refused. The model and the API word
 * their messages for the command line (`observe[0].value: oilPrice@2026: expected a number
 * > 0 (USD/bbl), got -5`); the page says the same in a sentence about what the person entered,
 * next to the thing they entered.
 */

/** What a refusal is about: an observation entry (its index in the run's list), a knob, or neither. */
export type RefusalTarget = { readonly kind: 'observation'; readonly index: number } | { readonly kind: 'knob'; readonly name: string } | { readonly kind: 'other' };

/** The entry or knob an issue names: `observations[i]` (the API's label of a request's observation), or a knob by its override. */
export function issueTarget(issue: ApiIssue): RefusalTarget {
  const path = issue.path ?? [];
  const fromFile = /^observations\[(\d+)\]$/.exec(issue.file ?? '');
  if (fromFile) return { kind: 'observation', index: Number(fromFile[1]) };
  if (path[0] === 'observations' && typeof path[1] === 'number') return { kind: 'observation', index: path[1] };
  if ((path[0] === 'knobs' || path[0] === 'overrides') && typeof path[1] === 'string') return { kind: 'knob', name: path[1] };
  return { kind: 'other' };
}

/** The observations a model failure names ("observation turnover@2026:4: the paths almost never …", or several joined by "and"). */
export function observationsNamedIn(message: string, observations: readonly PageObservation[]): number[] {
  if (!message.startsWith('observation ')) return [];
  const named = message.slice('observation '.length);
  return observations.flatMap((observation, i) => {
    const text = observationText(observation).replace(/=.*$/, ''); // name@year[:months]
    return named.startsWith(`${text}: `) || named.includes(` and ${text}: `) || named.includes(`${text} and `) ? [i] : [];
  });
}

/** The model's own clause with its `name@year: ` prefix and command-line units taken off. */
function plainClause(message: string): string {
  const clause = message.replace(/^[A-Za-z][A-Za-z0-9_.-]*@\d{4}(?::\d{1,2})?: /, '').replace(/\bUSD\b/g, 'US$');
  return clause.charAt(0).toUpperCase() + clause.slice(1);
}

/** Why the model refused an observation entry, in the page's words. */
export function observationIssueInWords(
  issue: ApiIssue,
  observation: PageObservation,
  field: ObservationField | undefined,
  context: { readonly years: readonly number[]; readonly regimes: readonly string[] },
): string {
  const path = issue.path ?? [];
  const at = path[0] === 'observe' || path[0] === 'observations' ? path[2] : undefined;
  const first = context.years[0];
  const last = context.years.at(-1);
  if (at === 'year') return `${observation.year} is not a projected year: the projection runs ${first}–${last}, and earlier years come from the data.`;
  if (at === 'months') return 'Only the whole year can be given for this; the first months of a year only for turnover.';
  if (at === 'value' && field?.regime) return `Expected one of this scenario’s regimes: ${context.regimes.join(', ')}.`;
  if (at === 'value' && field && /expected a number/.test(issue.message)) return `The value must be ${field.domain} (${field.unit}); ${observation.value} is not.`;
  if (path.length === 2 && /observed twice/.test(issue.message)) return 'Entered twice for this year: keep one value for a name and year.';
  return plainClause(issue.message);
}

/** An observed outcome the paths cannot reach (a 422), in the page's words. */
export function unreachableInWords(message: string, observation: PageObservation, field: ObservationField | undefined, paths: number): string {
  const ess = /effective sample size ([\d.]+) paths, below the (\d+)/.exec(message);
  const unit = field ? ` ${field.unit.replace(/ \(.*\)$/, '')}` : '';
  const period = observation.months === undefined ? '' : ` for ${monthsInWords(observation.months)}`;
  const measured = ess ? ` (their effective sample size is ${Number(ess[1]).toFixed(1)} of ${paths.toLocaleString('en-US')} paths; the weighting needs ${ess[2]})` : '';
  return `The simulated paths almost never come near ${observation.value}${unit}${period}${measured}. Check the value and its unit; if it is right, run more paths.`;
}

/** A knob the model refused, in the page's words (the link is the only way to give a value off the slider). */
export function knobIssueInWords(issue: ApiIssue, name: string, knob: Knob | undefined): string {
  if (!knob) return `This scenario has no assumption “${name}”.`;
  if (/outside/.test(issue.message)) return `${knob.label}: the value is outside its range, ${knob.min} to ${knob.max} (${knob.unit}).`;
  return `${knob.label}: ${plainClause(issue.message)}`;
}

/** The most paths a work-limit refusal says would fit ("ask for at most 923 paths …"), or null. */
export function largestPathsIn(error: ApiError): number | null {
  if (error.code !== 'work-limit') return null;
  const most = /at most (\d+) paths/.exec(error.message);
  return most ? Number(most[1]) : null;
}

/** The error box: a title and the lines under it, for a refusal not tied to one entry. */
export function errorInWords(error: ApiError, what = 'this projection'): { readonly title: string; readonly lines: readonly string[] } {
  const issues = error.issues.map((issue) => `${issue.path && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${plainClause(issue.message)}`);
  switch (error.status === 0 ? 'unreachable' : error.code) {
    case 'unreachable':
      return { title: 'The server cannot be reached.', lines: ['Check the connection and try again.'] };
    case 'work-limit': {
      const most = largestPathsIn(error);
      return { title: `The server does not compute ${what} with this many paths in one request.`, lines: [most ? `Choose at most ${most.toLocaleString('en-US')} paths.` : 'Choose fewer paths.'] };
    }
    case 'busy':
      return { title: 'The server is busy with other runs.', lines: ['Try again in a moment.'] };
    case 'timeout':
      return { title: `The server stopped ${what}: it took longer than allowed.`, lines: ['Choose fewer paths.'] };
    case 'model-failure':
      return { title: `The model could not compute ${what}.`, lines: [plainClause(error.message)] };
    case 'invalid-scenario':
    case 'invalid-request':
      return { title: `The model did not run ${what}: some settings are not valid.`, lines: issues.length > 0 ? issues : [plainClause(error.message)] };
    default:
      return { title: `Could not update ${what}.`, lines: [plainClause(error.message)] };
  }
}
