import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../src/run/preparedRun.js';
import { historyBlock } from '../../src/scenario/history.js';
import { resolveScenarioFile, shippedScenarioFile, shippedScenarioIds } from '../../src/scenario/loadScenario.js';
import { canonicalJson, sha256Hex } from '../../src/scenario/sha256.js';
import { handWrittenSha256Hex } from './handWrittenSha256.js';

describe('sha256Hex', () => {
  it('agrees with node:crypto for any text, including multi-byte and block-boundary lengths', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
    );
    for (const length of [0, 55, 56, 63, 64, 65, 119, 120]) {
      const text = 'x'.repeat(length);
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });

  it('gives the hand-written implementation it replaced the same hex for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(handWrittenSha256Hex(text));
      }),
    );
  });

  it("leaves every shipped scenario's run inputHash as the hand-written implementation had it", () => {
    const ids = shippedScenarioIds();
    expect(ids).toContain('baseline');
    for (const id of ids) {
      const resolved = resolveScenarioFile(shippedScenarioFile(id)!);
      if (!resolved.ok) throw new Error(`${id} does not resolve`);
      const prepared = prepareRun(resolved.resolved);
      if (!prepared.ok) throw new Error(`${id} does not prepare`);
      const { run } = prepared;
      // the text prepareRun hashes, rebuilt from what it recorded
      const text = canonicalJson({ scenario: run.resolved.scenario, history: historyBlock(run.resolved.history, run.plan.originYear), paths: run.paths, seed: run.seed, horizon: run.horizon });
      expect(run.inputHash, id).toBe(handWrittenSha256Hex(text));
      expect(run.inputHash, id).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
});

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 2 } })).toBe(canonicalJson({ a: { c: 2, d: [1, { y: 2, z: 1 }] }, b: 1 }));
  });
});
