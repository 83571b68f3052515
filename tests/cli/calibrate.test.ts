import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrate } from '../../src/analysis/calibration/calibrate.js';
import { shipped } from '../helpers.js';
import { tradecast } from './cliHarness.js';

describe('tradecast calibrate', () => {
  it('prints the fits with standard errors, writes an overlay that validates, and says so', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tradecast-calibrate-')), 'calibrated.yaml');
    const { code, stdout, stderr } = await tradecast(['calibrate', 'scenarios/data/trade_turnover.csv', '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // changes / years they span, as the analysis counts them on the shipped history (2012 a gap, 2015 left out)
    const fit = calibrate(shipped('baseline').history).series.turnover.fit!;
    const counted = `${fit.observations.length}/${fit.observations.reduce((sum, o) => sum + o.years, 0)}y`;
    expect(counted).toBe('13/15y');
    expect(stdout).toMatch(new RegExp(`^ {2}turnover +${counted} +0\\.\\d{3} ± 0\\.\\d{3}`, 'm'));
    expect(stdout).toContain('speed λ');
    expect(stdout).toContain(`Wrote ${out} (extends baseline; validated)`);
    expect(readFileSync(out, 'utf8')).toMatch(/^extends: baseline$/m);
    const validated = await tradecast(['validate', out]);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toMatch(/^ok: /);
  });

  it('gives JSON with --format json and exits 2 for a missing file', async () => {
    const { code, stdout } = await tradecast(['calibrate', 'scenarios/data/trade_turnover.csv', '--format', 'json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.kind).toBe('calibration');
    expect(result.series.turnover.fit.drift.standardError).toBeGreaterThan(0);
    expect(result.data.sectorShares).toBe('scenarios/data/sector_shares.csv');
    const missing = await tradecast(['calibrate', 'no/such.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read no\/such\.csv/);
  });
});
