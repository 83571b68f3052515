import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root, tradecast, type CliOutcome } from './cliHarness.js';

/** Runs a program and collects its output (an exit code for any failure). */
function run(program: string, args: readonly string[], cwd: string): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(program, [...args], { cwd, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'tradecast-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the packed package, installed outside the clone', () => {
  it('installs from `npm pack`’s tarball and runs from an empty folder with the bytes the clone gives', async () => {
    expect(existsSync(join(root, 'dist', 'src', 'cli', 'main.js')), 'npm test builds dist/ before the tests').toBe(true);
    const started = performance.now();
    // the build is npm test's; --ignore-scripts keeps `prepare` from building again
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], root);
    expect(packed.code, packed.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    const paths = files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(['bin/tradecast.js', 'dist/src/cli/main.js', 'scenarios/baseline.yaml', 'scenarios/data/trade_turnover.csv', 'web/dist/index.html']));
    expect(paths.some((path) => path.startsWith('tests/') || path.startsWith('src/') || path.startsWith('dist/benchmarks/'))).toBe(false);
    const packedMs = performance.now() - started;

    // the documented command, into a prefix of its own; dependencies from npm's cache where it has them
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    const prefix = join(scratch, 'global');
    const installed = await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(scratch, filename)], empty);
    expect(installed.code, installed.stderr).toBe(0);
    const installedMs = performance.now() - started - packedMs;
    const command = join(prefix, 'bin', 'tradecast');

    const outside = await run(command, ['run', 'baseline', '--paths', '200', '--format', 'json'], empty);
    expect(outside.code, outside.stderr).toBe(0);
    const inside = await tradecast(['run', 'baseline', '--paths', '200', '--format', 'json']);
    expect(JSON.parse(outside.stdout)).toMatchObject({ scenario: 'baseline', paths: 200 });
    expect(outside.stdout).toBe(inside.stdout);

    // the economist's first steps work there too; the benchmark says it needs a clone
    expect((await run(command, ['init', 'cheap-oil'], empty)).code).toBe(0);
    expect((await run(command, ['run', 'cheap-oil', '--paths', '200'], empty)).code).toBe(0);
    const bench = await run(command, ['bench', '--smoke'], empty);
    expect(bench).toMatchObject({ code: 1, stderr: expect.stringContaining('source checkout') });
    console.info(`npm pack ${(packedMs / 1000).toFixed(1)} s, npm install --global of the tarball ${(installedMs / 1000).toFixed(1)} s`);
  }, 180_000);
});
