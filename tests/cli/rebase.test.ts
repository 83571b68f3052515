import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedScenariosDir } from '../../src/scenario/projectPaths.js';
import { tradecast } from './cliHarness.js';

/** A copy of the shipped scenarios and their data in a fresh folder. */
function scenariosCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tradecast-rebase-'));
  cpSync(shippedScenariosDir(), dir, { recursive: true });
  return dir;
}

describe('tradecast rebase', () => {
  it('prints what would change and writes nothing without --write', async () => {
    const dir = scenariosCopy();
    const file = join(dir, 'baseline.yaml');
    const before = readFileSync(file, 'utf8');
    const { code, stdout, stderr } = await tradecast(['rebase', file, '--origin', '2024']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]); // the validation probe is gone
    expect(stdout).toMatch(/Dry run: nothing written; add --write/);
  });

  it('rewrites the file with --write, and a second run finds nothing to change', async () => {
    const dir = scenariosCopy();
    const file = join(dir, 'baseline.yaml');
    // start one year back, so that there is something to re-base whatever the shipped origin
    const back = await tradecast(['rebase', file, '--origin', '2024', '--write']);
    expect(back.code, back.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^origin: 2024$/m);
    const forward = await tradecast(['rebase', file, '--write']);
    expect(forward.code, forward.stderr).toBe(0);
    expect(forward.stdout).toMatch(/^Re-basing .*baseline\.yaml: origin 2024 → 2025$/m);
    expect(forward.stdout).toMatch(/^ {2}oil\.start\.value +78\.5 → 69$/m);
    expect(forward.stdout).toMatch(/^ {6}drivers_history\.csv lines \d+, \d+: Jan–Oct 2025 crude/m);
    expect(forward.stdout).toMatch(/^Wrote .*baseline\.yaml \(\d+ fields; it validates at origin 2025\)/m);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^origin: 2025$/m);
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    const validated = await tradecast(['validate', file]);
    expect(validated.stdout).toMatch(/^ok: .*origin 2025, projection 2026–2030/);
    const again = await tradecast(['rebase', file, '--format', 'json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ kind: 'rebase', plan: { fromOrigin: 2025, toOrigin: 2025, changes: [] }, written: [], wroteFile: false });
  });

  it('leaves a file that inherits its origin facts alone, and says where they come from', async () => {
    const dir = scenariosCopy();
    const file = join(dir, 'escalation.yaml');
    const before = readFileSync(file, 'utf8');
    const { code, stdout } = await tradecast(['rebase', file, '--origin', '2024']);
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(stdout).toMatch(/(Nothing to change|are not in this file \(they come from baseline through extends\))/);
  });

  it('exits 2 naming the option or the file and line at fault', async () => {
    const dir = scenariosCopy();
    const file = join(dir, 'baseline.yaml');
    const noSplit = await tradecast(['rebase', file, '--origin', '2023']);
    expect(noSplit.code).toBe(2);
    expect(noSplit.stderr).toMatch(/^tradecast rebase: --origin 2023: trade_turnover\.csv states no export\/import split for 2023; the newest year with one is 2025/);
    const notYear = await tradecast(['rebase', file, '--origin', 'last']);
    expect(notYear.code).toBe(2);
    expect(notYear.stderr).toMatch(/--origin: expected a whole number/);
    const drivers = join(dir, 'data', 'drivers_history.csv');
    const lines = readFileSync(drivers, 'utf8').split('\n');
    lines[4] = lines[4]!.replace(/^(\d{4}),brent_usd_bbl_avg,[^,]+,/, '$1,brent_usd_bbl_avg,about 99,');
    writeFileSync(drivers, lines.join('\n'));
    const badRow = await tradecast(['rebase', file]);
    expect(badRow.code).toBe(2);
    expect(badRow.stderr).toMatch(/drivers_history\.csv:5: value: expected a number or a blank, got "about 99"/);
    const noFile = await tradecast(['rebase']);
    expect(noFile.code).toBe(2);
  });

  it('has help', async () => {
    const { code, stdout } = await tradecast(['rebase', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: tradecast rebase <scenario> \[--origin YEAR\] \[--write\]/);
  });
});
