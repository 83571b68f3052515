import { describe, expect, it } from 'vitest';
import { serializeResult } from '../../src/run/serializeResult.js';
import { historyBlock, historyFromBlock } from '../../src/scenario/history.js';
import { resolveInMemory } from '../../src/scenario/resolveInMemory.js';
import { resultOf, shipped } from '../helpers.js';

describe('resolveInMemory (the page’s path to a run)', () => {
  it('gives byte-identical results to loading the file with the same overrides', async () => {
    const overrides = { westernWedge: 0.4, oilLongRun: 62, 'oil.volatility.mean': 0.3 };
    const fromFile = shipped('escalation', overrides);
    const plain = shipped('escalation');
    // what the page's worker has: the scenario and history block as GET /api/scenarios/:id sends them
    const served = JSON.parse(JSON.stringify({ scenario: plain.scenario, history: historyBlock(plain.history, plain.scenario.origin) }));
    const inMemory = resolveInMemory('escalation', served.scenario, historyFromBlock(served.history), overrides);
    expect(inMemory.ok).toBe(true);
    if (!inMemory.ok) return;
    const a = await resultOf(fromFile, { paths: 500, seed: 4 });
    const b = await resultOf(inMemory.resolved, { paths: 500, seed: 4 });
    expect(serializeResult(b)).toBe(serializeResult(a));
  });

  it('names the override that broke the scenario', () => {
    const plain = shipped('baseline');
    const result = resolveInMemory('baseline', plain.scenario, plain.history, { 'knobs.westernWedge.value': 'lots' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ file: '--set knobs.westernWedge.value', path: ['knobs', 'westernWedge', 'value'] });
  });

  it('does not change the scenario it was given', () => {
    const plain = shipped('baseline');
    const before = JSON.stringify(plain.scenario);
    resolveInMemory('baseline', plain.scenario, plain.history, { westernWedge: 1 });
    expect(JSON.stringify(plain.scenario)).toBe(before);
  });
});
