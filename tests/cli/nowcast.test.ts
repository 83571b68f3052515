import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedScenariosDir } from '../../src/scenario/projectPaths.js';
import { tradecast } from './cliHarness.js';

describe('tradecast nowcast', () => {
  it('prints the share of the year each period carries and the momentum slopes, with units', async () => {
    const { code, stdout, stderr } = await tradecast(['nowcast']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}Jan-Jun +6 +\d+ +\d+ +4\d\.\d% /m);
    expect(stdout).toMatch(/^ {2}acceleration +0\.\d{4} +0\.\d{4}/m);
    expect(stdout).toContain('US$ bn');
  });

  it('gives the full year’s distribution for an observation, in US$ bn, as a table or JSON', async () => {
    const table = await tradecast(['nowcast', '--months', '4', '--cumulative', '85.2']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Full year 2026 given Jan-Apr 2026 = 85\.2 US\$ bn \(constant-share; /m);
    expect(table.stdout).toMatch(/^ {2}median \d{3}\.\d US\$ bn/m);
    const json = await tradecast(['nowcast', '--months', '4', '--cumulative', '85.2', '--method', 'momentum', '--format', 'json']);
    const result = JSON.parse(json.stdout);
    expect(result).toMatchObject({ kind: 'nowcast', unit: 'US$ bn', year: 2026, nowcast: { months: 4, cumulative: 85.2, method: 'momentum', unit: 'US$ bn' } });
    expect(result.nowcast.quantiles.map((q: { probability: number }) => q.probability)).toEqual([0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]);
  });

  it('evaluates by leaving each year out, both methods, beside naive m/12 scaling', async () => {
    const { code, stdout } = await tradecast(['nowcast', '--evaluate']);
    expect(code).toBe(0);
    expect(stdout).toContain('Leave one year out, constant-share:');
    expect(stdout).toContain('Leave one year out, momentum');
    expect(stdout).toMatch(/^ {2}all +\d+ +\d+ +\d+% \(/m);
  });

  it('exits 2 naming the option or the file and line at fault', async () => {
    const months = await tradecast(['nowcast', '--months', '12', '--cumulative', '200']);
    expect(months.code).toBe(2);
    expect(months.stderr).toMatch(/--months: expected a whole number from 2 to 11, got "12"/);
    const cumulative = await tradecast(['nowcast', '--months', '4', '--cumulative', 'lots']);
    expect(cumulative.code).toBe(2);
    expect(cumulative.stderr).toMatch(/--cumulative: expected a positive number of US\$ bn, got "lots"/);
    const alone = await tradecast(['nowcast', '--months', '4']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--cumulative: give the cumulative turnover/);
    const method = await tradecast(['nowcast', '--method', 'magic']);
    expect(method.code).toBe(2);
    expect(method.stderr).toMatch(/--method: expected one of constant-share, momentum/);
    const file = join(mkdtempSync(join(tmpdir(), 'tradecast-nowcast-')), 'partial.csv');
    const lines = readFileSync(join(shippedScenariosDir(), 'data', 'partial_year.csv'), 'utf8').split('\n');
    lines[2] = lines[2]!.replace(',Jan-Apr,4,', ',Jan-May,4,'); // file line 3: 2014 Jan–Apr
    writeFileSync(file, lines.join('\n'));
    const bad = await tradecast(['nowcast', '--data', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}:3: period: "Jan-May" does not match months = 4`);
  });

  it('has help', async () => {
    const { code, stdout } = await tradecast(['nowcast', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: tradecast nowcast/);
    expect(stdout).toContain('US$ bn');
  });
});
