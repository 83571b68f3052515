import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulatePathsInto } from '../../src/core/simulatePaths.js';
import { createSimulationOutput } from '../../src/core/simulationOutput.js';
import { prepareRun } from '../../src/run/preparedRun.js';
import { summariseOutput } from '../../src/run/summariseOutput.js';
import { resolveScenarioObject } from '../../src/scenario/loadScenario.js';
import { BASELINE_PATHS, baselineDocument, numericScaling, scaledBaseline } from '../scenarioArbitraries.js';

const baseline = baselineDocument;
const PATHS = BASELINE_PATHS;

const extremes = fc.constantFrom<unknown>(0, -1, 1e308, -1e308, 5e-324, Number.NaN, Infinity, -Infinity, '', 'x'.repeat(600), '1/0', 'year', null, [], {}, true);
const replacement = fc.oneof(fc.jsonValue({ maxDepth: 3 }), extremes, fc.double(), fc.integer());
const mutation = fc.record({
  path: fc.nat(PATHS.length - 1),
  kind: fc.constantFrom('replace', 'delete', 'wrap', 'scale'),
  value: replacement,
  factor: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
});

function mutate(target: Record<string, unknown>, m: { path: number; kind: string; value: unknown; factor: number }): void {
  const path = PATHS[m.path]!;
  let parent: Record<string | number, unknown> = target;
  for (const part of path.slice(0, -1)) {
    const next = parent[part];
    if (!next || typeof next !== 'object') return; // an earlier mutation removed the way
    parent = next as Record<string | number, unknown>;
  }
  const key = path[path.length - 1]!;
  const current = parent[key];
  if (m.kind === 'delete') delete parent[key];
  else if (m.kind === 'wrap') parent[key] = [current];
  else if (m.kind === 'scale' && typeof current === 'number') parent[key] = current * m.factor;
  else parent[key] = m.value;
}

/** Longest a single mutated scenario may take to be accepted and run, or refused. */
const PER_CASE_MS = 2_000;

type Outcomes = { refused: number; ran: number; modelFailure: number };

/** Loads, compiles and runs a scenario object: refused with issues, or run to a result or a model failure. */
function exercise(scenario: Record<string, unknown>, outcomes: Outcomes): void {
  const started = performance.now();
  const loaded = resolveScenarioObject(scenario);
  if (!loaded.ok) {
    outcomes.refused++;
    expect(loaded.issues.length).toBeGreaterThan(0);
    for (const issue of loaded.issues) {
      expect(Array.isArray(issue.path)).toBe(true);
      expect(issue.message.length).toBeGreaterThan(0);
    }
  } else {
    const prepared = prepareRun(loaded.resolved, { paths: 20, seed: 1 });
    if (!prepared.ok) {
      outcomes.refused++;
      expect(prepared.issues.length).toBeGreaterThan(0);
    } else {
      const output = createSimulationOutput(prepared.run.plan, 20);
      simulatePathsInto(prepared.run.plan, output, { seed: 1, start: 0, end: 20 });
      const outcome = summariseOutput(prepared.run, output);
      if (outcome.ok) {
        outcomes.ran++;
        for (const summary of Object.values(outcome.result.series)) for (const v of summary.mean) expect(Number.isFinite(v)).toBe(true);
      } else {
        outcomes.modelFailure++;
        expect(outcome.failure.kind).toBe('non-finite-output');
      }
    }
  }
  expect(performance.now() - started).toBeLessThan(PER_CASE_MS);
}

describe('randomly mutated scenarios (fast-check)', () => {
  it('are either valid and run (or fail as a model failure), or refused with issues — never a crash or a hang', () => {
    const outcomes: Outcomes = { refused: 0, ran: 0, modelFailure: 0 };
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const scenario = structuredClone(baseline);
        for (const m of mutations) mutate(scenario, m);
        exercise(scenario, outcomes);
      }),
      { numRuns: 300 },
    );
    expect(outcomes.refused).toBeGreaterThan(100);
    console.log(`structural mutations: ${JSON.stringify(outcomes)}`);
  });

  it('with numbers scaled 0.2–5× are run or refused cleanly, and often run', () => {
    const outcomes: Outcomes = { refused: 0, ran: 0, modelFailure: 0 };
    fc.assert(
      fc.property(numericScaling, (scales) => {
        exercise(scaledBaseline(scales), outcomes);
      }),
      { numRuns: 200 },
    );
    // the property must exercise both sides, or it says little
    expect(outcomes.ran).toBeGreaterThan(30);
    expect(outcomes.refused).toBeGreaterThan(10);
    console.log(`numeric mutations: ${JSON.stringify(outcomes)}`);
  });
});
