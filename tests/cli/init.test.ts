import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveScenarioFile } from '../../src/scenario/loadScenario.js';
import { shipped } from '../helpers.js';
import { tradecast } from './cliHarness.js';

describe('tradecast init', () => {
  it('writes a short scenario that extends baseline and runs as baseline until edited', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tradecast-init-'));
    const { code, stdout, stderr } = await tradecast(['init', 'cheap-oil'], folder);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Wrote cheap-oil.yaml (extends baseline; validated)');
    const text = readFileSync(join(folder, 'cheap-oil.yaml'), 'utf8');
    expect(text.split('\n').length).toBeLessThan(40);
    expect(text).toMatch(/^extends: baseline$/m);
    const mine = JSON.parse((await tradecast(['run', 'cheap-oil.yaml', '--paths', '300', '--format', 'json'], folder)).stdout);
    const parent = JSON.parse((await tradecast(['run', 'baseline', '--paths', '300', '--format', 'json'])).stdout);
    expect(mine.series).toEqual(parent.series);
    expect(mine.targets).toEqual(parent.targets);
  });

  it('lists every knob of the parent, the first two with an example value that validates once uncommented', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tradecast-init-'));
    await tradecast(['init', 'tight', '--from', 'escalation'], folder);
    const text = readFileSync(join(folder, 'tight.yaml'), 'utf8');
    const knobs = shipped('escalation').scenario.knobs;
    for (const name of Object.keys(knobs)) expect(text).toMatch(new RegExp(`^#   ${name}: \\{ value: `, 'm'));
    const [first, second] = Object.keys(knobs);
    const uncommented = text
      .split('\n')
      .map((line) => (line === '# knobs:' || line.startsWith(`#   ${first}:`) || line.startsWith(`#   ${second}:`) ? line.slice(2) : line))
      .join('\n');
    writeFileSync(join(folder, 'tight.yaml'), uncommented);
    const loaded = resolveScenarioFile(join(folder, 'tight.yaml'));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.resolved.scenario.knobs[first!]!.value).not.toBe(knobs[first!]!.value);
    expect(loaded.resolved.scenario.knobs[second!]!.value).not.toBe(knobs[second!]!.value);
    expect(loaded.resolved.scenario.regimes).toEqual(shipped('escalation').scenario.regimes);
  });

  it('never overwrites, and exits 2 for a bad name or an unknown parent', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tradecast-init-'));
    writeFileSync(join(folder, 'mine.yaml'), 'mine\n');
    const again = await tradecast(['init', 'mine'], folder);
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining('mine.yaml already exists') });
    expect(readFileSync(join(folder, 'mine.yaml'), 'utf8')).toBe('mine\n');
    expect(await tradecast(['init', '../escape'], folder)).toMatchObject({ code: 2, stderr: expect.stringContaining('<name>: expected letters') });
    expect(await tradecast(['init'], folder)).toMatchObject({ code: 2, stderr: expect.stringContaining('init takes one name') });
    expect(await tradecast(['init', 'x', '--from', 'atlantis'], folder)).toMatchObject({ code: 2, stderr: expect.stringContaining('"atlantis" is neither a shipped scenario') });
  });

  it('writes into --dir, creating it, with extends relative to a parent file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tradecast-init-'));
    await tradecast(['init', 'first'], folder);
    const { code } = await tradecast(['init', 'second', '--from', 'first.yaml', '--dir', 'more'], folder);
    expect(code).toBe(0);
    expect(readFileSync(join(folder, 'more', 'second.yaml'), 'utf8')).toMatch(/^extends: \.\.\/first\.yaml$/m);
    expect((await tradecast(['validate', 'more/second.yaml'], folder)).code).toBe(0);
  });
});
