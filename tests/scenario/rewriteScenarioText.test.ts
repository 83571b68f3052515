import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { shippedScenariosDir } from '../../src/scenario/projectPaths.js';
import { rewriteScenarioText } from '../../src/scenario/rewriteScenarioText.js';

const baseline = readFileSync(join(shippedScenariosDir(), 'baseline.yaml'), 'utf8');

/** The lines of `after` that differ from `before` (same number of lines). */
function changedLines(before: string, after: string): string[] {
  const [a, b] = [before.split('\n'), after.split('\n')];
  expect(b.length).toBe(a.length);
  return b.filter((line, i) => line !== a[i]);
}

describe('rewriting a scenario file in place', () => {
  it('replaces only the characters of the values it sets: comments, flow maps and folded text survive', () => {
    const result = rewriteScenarioText(baseline, [
      { path: ['origin'], value: 2031 },
      { path: ['sectors', 'machinery', 'market', 'value'], value: 76 },
      { path: ['sectors', 'machinery', 'market', 'source'], value: 'assumption: "quoted" text, with ≈ signs' },
      { path: ['sectors', 'cars', 'sanctionsWedge', 'west'], value: '9.5 + westernWedge' },
    ]);
    expect(result.absent).toEqual([]);
    const changed = changedLines(baseline, result.text);
    expect(changed).toEqual(['origin: 2031', '      west: 9.5 + westernWedge', expect.stringMatching(/^ {4}market: \{ value: 76, source: "assumption: \\"quoted\\" text, with ≈ signs" \}$/)]);
    const parsed = parse(result.text);
    expect(parsed.sectors.machinery.market).toEqual({ value: 76, source: 'assumption: "quoted" text, with ≈ signs' });
    expect(result.text.split('\n').filter((l) => l.trimStart().startsWith('#'))).toEqual(baseline.split('\n').filter((l) => l.trimStart().startsWith('#')));
  });

  it('writes nothing it does not hold: fields inherited through extends are reported absent', () => {
    const child = 'extends: baseline\n# a comment\nknobs:\n  westernWedge: { value: 0.3 }\n';
    const result = rewriteScenarioText(child, [
      { path: ['origin'], value: 2025 },
      { path: ['knobs', 'westernWedge', 'value'], value: 0.4 },
    ]);
    expect(result.absent).toEqual([['origin']]);
    expect(result.text).toBe('extends: baseline\n# a comment\nknobs:\n  westernWedge: { value: 0.4 }\n');
  });

  it('keeps the quoting style, quoting a plain string that would not read back', () => {
    const text = 'a: plain words\nb: \'single\'\nc: "double"\nd: 1\n';
    const result = rewriteScenarioText(text, [
      { path: ['a'], value: 'needs: quotes' },
      { path: ['b'], value: "it's" },
      { path: ['c'], value: 'x' },
      { path: ['d'], value: 'still plain' },
    ]);
    expect(result.text).toBe('a: "needs: quotes"\nb: \'it\'\'s\'\nc: "x"\nd: still plain\n');
  });

  it('rewrites JSON files as JSON', () => {
    const json = '{\n  "origin": 2024,\n  "oil": { "start": { "value": 77.3, "source": "old" } }\n}\n';
    const result = rewriteScenarioText(json, [
      { path: ['origin'], value: 2025 },
      { path: ['oil', 'start', 'source'], value: 'new' },
    ]);
    expect(JSON.parse(result.text)).toEqual({ origin: 2025, oil: { start: { value: 77.3, source: 'new' } } });
  });

  it('refuses to overwrite a map or list (a programmer error)', () => {
    expect(() => rewriteScenarioText(baseline, [{ path: ['sectors', 'cars'], value: 1 }])).toThrow(/not a scalar/);
  });
});
