import { describe, expect, it } from 'vitest';
import { describeModelFailure } from '../../src/core/modelFailure.js';
import { buildApp } from '../../src/server/app.js';
import { historyBlock } from '../../src/scenario/history.js';
import { ApiError, type ScenarioDocument } from '../../web/src/apiClient.js';
import { ignoredPartsInWords, knobsFromLink, unknownScenarioInWords } from '../../web/src/linkCheck.js';
import { describeObservation, observationFields } from '../../web/src/observationFields.js';
import { decodePageState } from '../../web/src/pageState.js';
import { errorInWords, issueTarget, largestPathsIn, observationIssueInWords, observationsNamedIn, unreachableInWords } from '../../web/src/pageWording.js';
import { shipped } from '../helpers.js';

const baseline = shipped('baseline');
const doc: ScenarioDocument = { id: 'baseline', scenario: baseline.scenario, history: historyBlock(baseline.history, baseline.scenario.origin) };
const fields = observationFields(doc);
const years = [2026, 2027, 2028, 2029, 2030];
const context = { years, regimes: ['statusQuo', 'escalation', 'thaw'] };

/** What the API answers for a body, as the page's client turns it into an error. */
async function refusal(url: string, body: unknown): Promise<ApiError> {
  const app = buildApp();
  try {
    const response = await app.inject({ method: 'POST', url, payload: body as object });
    const { error } = response.json() as { error: { code: string; message: string; issues?: ApiError['issues'] } };
    return new ApiError(response.statusCode, error.message, error.issues ?? [], error.code);
  } finally {
    await app.close();
  }
}

describe('the "what happened" names the page offers', () => {
  it('offers the model’s drivers and outcomes with units, and each supplier’s share of each sector', () => {
    const byName = new Map(fields.map((f) => [f.name, f]));
    // the model's drivers, then the scenario's step schedules (drivers too), then the outcomes
    expect([...byName.keys()].slice(0, 8)).toEqual(['oilPrice', 'rubPerCny', 'crudeVolume', 'regime', 'recyclingFee', 'turnover', 'exportsToChina', 'importsFromChina']);
    expect(byName.get('recyclingFee')).toMatchObject({ kind: 'driver', partialYear: false });
    expect(byName.get('oilPrice')).toMatchObject({ unit: 'US$/bbl', kind: 'driver', domain: 'above 0' });
    expect(byName.get('turnover')).toMatchObject({ unit: 'US$ bn', kind: 'outcome', partialYear: true });
    expect(byName.get('turnover')!.hint).toContain('2025: 228.1 US$ bn');
    expect(byName.get('exportsToChina')!.partialYear).toBe(false);
    expect(byName.get('regime')!.hint).toContain('statusQuo, escalation, thaw');
    expect(byName.get('share.cars.china')).toMatchObject({ kind: 'outcome', domain: 'between 0 and 1' });
    expect(fields.filter((f) => f.name.startsWith('share.'))).toHaveLength(5 * 4);
    expect(describeObservation({ name: 'turnover', year: 2026, months: 4, value: 85.2 }, fields)).toBe('Trade turnover, January–April 2026: 85.2 US$ bn');
  });
});

describe('refusals in the page’s words, next to what the person entered', () => {
  it('ties a 400 about observations[i] to entry i, and says what the value must be, without the command-line wording', async () => {
    const error = await refusal('/api/simulations', {
      scenario: 'baseline',
      paths: 200,
      observations: [
        { name: 'oilPrice', year: 2026, value: 62 },
        { name: 'crudeVolume', year: 2027, value: -3 },
        { name: 'oilPrice', year: 2040, value: 60 },
      ],
    });
    expect(error.status).toBe(400);
    const targets = error.issues.map(issueTarget);
    expect(targets).toEqual([
      { kind: 'observation', index: 1 },
      { kind: 'observation', index: 2 },
    ]);
    const words = error.issues.map((issue, i) =>
      observationIssueInWords(
        issue,
        [
          { name: 'crudeVolume', year: 2027, value: -3 },
          { name: 'oilPrice', year: 2040, value: 60 },
        ][i]!,
        fields.find((f) => f.name === ['crudeVolume', 'oilPrice'][i]),
        context,
      ),
    );
    expect(words[0]).toBe('The value must be 0 or more (Mt); -3 is not.');
    expect(words[1]).toMatch(/^2040 is not a projected year: the projection runs 2026–2030/);
    for (const text of words) expect(text).not.toMatch(/observe\[|@\d{4}|USD/);
  });

  it('ties a schema refusal naming observations[0].months to the entry too', async () => {
    const error = await refusal('/api/simulations', { scenario: 'baseline', paths: 200, observations: [{ name: 'turnover', year: 2026, months: 12, value: 80 }] });
    expect(error.issues.map(issueTarget)).toEqual([{ kind: 'observation', index: 0 }]);
  });

  it('names the entry an unreachable outcome (a 422) is about, and says what to check, in the unit of the entry', async () => {
    const observations = [
      { name: 'turnover', year: 2026, value: 900 },
      { name: 'turnover', year: 2027, months: 4, value: 900 },
    ];
    const error = await refusal('/api/simulations', { scenario: 'baseline', paths: 400, observations });
    expect(error.status).toBe(422);
    expect(observationsNamedIn(error.message, observations)).toEqual([0]);
    // "turnover@2026" must not be read as "turnover@2026:4", nor the other way round
    const failure = describeModelFailure({ kind: 'unreachable-observation', observation: 'turnover@2027:4', index: 1, effectiveSampleSize: 1, minimum: 100 });
    expect(observationsNamedIn(failure, [{ name: 'turnover', year: 2027, value: 1 }, observations[1]!])).toEqual([1]);
    const text = unreachableInWords(
      error.message,
      observations[0]!,
      fields.find((f) => f.name === 'turnover'),
      400,
    );
    expect(text).toMatch(/^The simulated paths almost never come near 900 US\$ bn \(their effective sample size is [\d.]+ of 400 paths; the weighting needs 100\)\. Check the value and its unit/);
  });

  it('says how many paths the server would take when a request is over its limit', async () => {
    const error = await refusal('/api/simulations', { scenario: 'baseline', paths: 1_000_000 });
    expect(largestPathsIn(error)).toBe(120_000);
    expect(errorInWords(error)).toEqual({ title: 'The server does not compute this projection with this many paths in one request.', lines: ['Choose at most 120,000 paths.'] });
    expect(errorInWords(new ApiError(0, 'cannot reach the server (Failed to fetch)')).title).toBe('The server cannot be reached.');
  });
});

describe('a shared link the page cannot show as it is', () => {
  it('says which scenario the link asked for and what it shows instead', () => {
    const scenarios = [
      { id: 'baseline', name: 'Baseline (status quo persists)', description: '' },
      { id: 'escalation', name: 'Escalation', description: '' },
    ];
    expect(unknownScenarioInWords('escalaton', scenarios, 'shown')).toBe(
      'This link asks for the scenario “escalaton”, which this server does not have (did you mean "escalation"?); showing “Baseline (status quo persists)” instead.',
    );
    expect(unknownScenarioInWords('nowhere', scenarios, 'pinned')).toMatch(/pins a projection of the scenario “nowhere”.*the pin is left out\.$/);
  });

  it('keeps the knobs the scenario can take, puts a value off the slider back, and suggests the knob meant by a misspelt one', () => {
    const checked = knobsFromLink({ oilLongRun: 5000, oilLongrun: 50, westernWedge: 0.5 }, doc);
    expect(checked.knobs).toEqual({ westernWedge: 0.5 });
    expect(checked.notices).toEqual([
      'This link sets “Long-run oil price” to 5000, outside its range of 35 to 120 (USD/bbl); it is back at the scenario’s 70.',
      'This link sets “oilLongrun”, which the scenario “Baseline (status quo persists)” has no slider for, so it is left out — did you mean “Long-run oil price” (oilLongRun)?',
    ]);
  });

  it('lists the parts of a link it could not read', () => {
    expect(ignoredPartsInWords(decodePageState('paths=lots&obs=oil').ignored)).toEqual(['This link has settings the page cannot read, so they are at their defaults: obs “oil”, paths “lots”.']);
  });
});
