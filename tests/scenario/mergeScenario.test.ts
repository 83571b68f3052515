import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveScenarioFile } from '../../src/scenario/loadScenario.js';
import { mergeLayers } from '../../src/scenario/mergeScenario.js';
import { shipped } from '../helpers.js';

const target = (id: string, expression = 'turnover >= 300') => ({ id, label: `label of ${id}`, year: 2030, expression });

describe('mergeLayers', () => {
  it('merges objects key by key, replaces values, and deletes a key set to null', () => {
    const { merged } = mergeLayers([
      { oil: { start: { value: 1, source: 'a' }, volatility: { dist: 'beta', alpha: 2, beta: 3, source: 'a' } }, run: { paths: 5 } },
      { oil: { start: { value: 2 }, volatility: { dist: 'normal', mean: 0, sd: 1, source: 'b' } }, run: null },
    ]);
    expect(merged).toEqual({ oil: { start: { value: 2, source: 'a' }, volatility: { dist: 'normal', mean: 0, sd: 1, source: 'b' } } });
  });

  it('keeps the parent’s targets when a child adds one, replaces one by id in its place, and removes one', () => {
    const parent = { targets: [target('a'), target('b'), target('c')] };
    const added = mergeLayers([parent, { targets: [target('d')] }]);
    expect((added.merged.targets as { id: string }[]).map((t) => t.id)).toEqual(['a', 'b', 'c', 'd']);
    const replaced = mergeLayers([parent, { targets: [target('b', 'turnover >= 400')] }]);
    expect(replaced.merged.targets).toEqual([target('a'), target('b', 'turnover >= 400'), target('c')]);
    const removed = mergeLayers([parent, { targets: [{ id: 'a', remove: true }, target('e')] }]);
    expect((removed.merged.targets as { id: string }[]).map((t) => t.id)).toEqual(['b', 'c', 'e']);
    expect(removed.problems).toEqual([]);
    expect(mergeLayers([parent, { targets: null }]).merged.targets).toBeUndefined();
  });

  it('says which layer wrote each target, and at which index of its own list', () => {
    const { ownerOf, pathInOwner } = mergeLayers([{ targets: [target('a'), target('b')] }, { targets: [target('c'), target('a', 'x')] }]);
    expect([ownerOf(['targets', 0, 'expression']), pathInOwner(['targets', 0, 'expression'])]).toEqual([1, ['targets', 1, 'expression']]);
    expect([ownerOf(['targets', 1]), pathInOwner(['targets', 1])]).toEqual([0, ['targets', 1]]);
    expect([ownerOf(['targets', 2, 'id']), pathInOwner(['targets', 2, 'id'])]).toEqual([1, ['targets', 0, 'id']]);
  });

  it('reports the removal of a target no parent has', () => {
    const { problems } = mergeLayers([{ targets: [target('a')] }, { targets: [{ id: 'z', remove: true }] }]);
    expect(problems).toEqual([{ layer: 1, path: ['targets', 0, 'id'], message: 'no target "z" to remove; inherited: a' }]);
  });

  it('merges observations by name, year and months: what happened accumulates along a chain', () => {
    const seen = (name: string, year: number, value: number, months?: number) => ({ name, year, value, ...(months === undefined ? {} : { months }) });
    const parent = { observe: [seen('oilPrice', 2026, 68), seen('turnover', 2026, 80, 4), seen('regime', 2026, 1)] };
    const child = { observe: [seen('oilPrice', 2026, 62), seen('turnover', 2026, 160, 8), seen('oilPrice', 2027, 70), { name: 'regime', year: 2026, remove: true }] };
    const { merged, problems, ownerOf, pathInOwner } = mergeLayers([parent, child]);
    // oilPrice@2026 replaced in its place; turnover@2026:4 kept beside the new turnover@2026:8; the regime removed
    expect(merged.observe).toEqual([seen('oilPrice', 2026, 62), seen('turnover', 2026, 80, 4), seen('turnover', 2026, 160, 8), seen('oilPrice', 2027, 70)]);
    expect(problems).toEqual([]);
    expect([ownerOf(['observe', 0, 'value']), pathInOwner(['observe', 0, 'value'])]).toEqual([1, ['observe', 0, 'value']]);
    expect([ownerOf(['observe', 1, 'value']), pathInOwner(['observe', 1, 'value'])]).toEqual([0, ['observe', 1, 'value']]);
    expect(mergeLayers([parent, { observe: [{ name: 'crudeVolume', year: 2026, remove: true }] }]).problems).toEqual([
      { layer: 1, path: ['observe', 0, 'name'], message: 'no observation crudeVolume@2026 to remove; inherited: oilPrice@2026, turnover@2026:4, regime@2026' },
    ]);
  });

  it('merges a long list of targets in linear time (no search of the merged list per entry)', () => {
    const many = (from: number, count: number) => Array.from({ length: count }, (_, i) => target(`t${from + i}`));
    const started = performance.now();
    const { merged } = mergeLayers([{ targets: many(0, 20_000) }, { targets: many(10_000, 20_000) }]);
    expect((merged.targets as unknown[]).length).toBe(30_000);
    expect(performance.now() - started).toBeLessThan(2_000); // a search of the merged list per entry is 4 × 10^8 comparisons here
  });

  it('replaces other lists whole (a correlation matrix is a value)', () => {
    const { merged } = mergeLayers([
      {
        correlation: {
          matrix: [
            [1, 0.5],
            [0.5, 1],
          ],
        },
      },
      {
        correlation: {
          matrix: [
            [1, 0],
            [0, 1],
          ],
        },
      },
    ]);
    expect(merged).toEqual({
      correlation: {
        matrix: [
          [1, 0],
          [0, 1],
        ],
      },
    });
  });
});

describe('targets of a file that extends another', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tradecast-merge-'));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('adds a target to the baseline’s three', () => {
    const file = write('more.yaml', 'extends: baseline\nname: More\ntargets:\n  - id: turnover-350bn-2030\n    label: Turnover ≥ US$350bn in 2030\n    year: 2030\n    expression: turnover >= 350\n');
    const loaded = resolveScenarioFile(file);
    expect(loaded.ok && loaded.resolved.scenario.targets.map((t) => t.id)).toEqual([...shipped('baseline').scenario.targets.map((t) => t.id), 'turnover-350bn-2030']);
  });

  it('names a target the child adds by its place in the child’s file', () => {
    const file = write('added.yaml', 'extends: baseline\nname: Added\ntargets:\n  - id: gdp-target\n    label: GDP\n    year: 2030\n    expression: gdp > 2\n');
    const loaded = resolveScenarioFile(file);
    if (!loaded.ok) throw new Error(loaded.issues[0]!.message);
    const merged = loaded.resolved.scenario.targets.findIndex((t) => t.id === 'gdp-target');
    expect(merged).toBe(shipped('baseline').scenario.targets.length);
    expect(loaded.resolved.locate(['targets', merged, 'expression'])).toEqual({ file: expect.stringContaining('added.yaml'), line: 7, path: ['targets', 0, 'expression'] });
  });

  it('blames the child’s line for a bad target it wrote, and the line of a removal that removes nothing', () => {
    const bad = write('bad.yaml', 'extends: baseline\nname: Bad\ntargets:\n  - id: turnover-300bn-2030\n    label: Typo\n    year: 2030\n    expression: turnovr >= 300\n');
    const prepared = resolveScenarioFile(bad);
    expect(prepared.ok).toBe(true); // the expression is checked when the plan is compiled
    if (prepared.ok) expect(prepared.resolved.locate(['targets', 0, 'expression'])).toEqual({ file: expect.stringContaining('bad.yaml'), line: 7 });
    const removal = write('removal.yaml', 'extends: baseline\nname: Removal\ntargets:\n  - id: turnover-400bn-2030\n    remove: true\n');
    const loaded = resolveScenarioFile(removal);
    expect(!loaded.ok && loaded.issues).toEqual([
      {
        path: ['targets', 0, 'id'],
        file: expect.stringContaining('removal.yaml'),
        line: 4,
        message: 'no target "turnover-400bn-2030" to remove; inherited: turnover-300bn-2030, turnover-above-2024-in-2030, cars-china-60pct-2030',
      },
    ]);
  });
});
