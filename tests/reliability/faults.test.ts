import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { root, tradecast } from '../cli/cliHarness.js';
import { shipped } from '../helpers.js';

/** Starts a process, kills it with SIGTERM after `delayMs`, resolves when it has exited. */
function killAfter(args: readonly string[], delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGTERM'), delayMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Result files (not hidden temporaries) in a folder. */
const results = (dir: string) => readdirSync(dir).filter((name) => !name.startsWith('.'));

describe('a process killed while writing results', () => {
  it('leaves the file whole, old or new, never half-written (writeFileAtomic under SIGTERM at random moments)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradecast-atomic-'));
    const file = join(dir, 'result.json');
    const module = pathToFileURL(join(root, 'dist', 'src', 'cli', 'writeFileAtomic.js')).href;
    // rewrites an 8 MB JSON document as fast as it can, so a kill often lands mid-write
    const writer = `const { writeFileAtomic } = await import(${JSON.stringify(module)});
      for (let i = 0; ; i++) writeFileAtomic(${JSON.stringify(file)}, JSON.stringify({ i, pad: 'x'.repeat(8e6) }));`;
    // a plain writeFileSync leaves truncated JSON after about one kill in six here; twelve kills catch it
    for (const delay of [150, 200, 250, 300, 350, 400, 450, 500, 550, 600, 650, 700]) {
      await killAfter(['--input-type=module', '-e', writer], delay);
      if (existsSync(file)) expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
    }
    expect(existsSync(file)).toBe(true);
  });

  it('tradecast run --out killed mid-run leaves earlier results intact and no partial result files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradecast-kill-'));
    const first = await tradecast(['run', 'baseline', '--paths', '300', '--format', 'json', '--out', dir]);
    expect(first.code).toBe(0);
    const before = readFileSync(join(dir, 'baseline.json'), 'utf8');
    for (const delay of [300, 900, 1500]) {
      await killAfter([join(root, 'bin', 'tradecast.js'), 'run', 'baseline', '--paths', '300000', '--seed', '5', '--out', dir, '--no-progress'], delay);
      expect(results(dir).sort()).toEqual(['baseline.csv', 'baseline.json']);
      const json = readFileSync(join(dir, 'baseline.json'), 'utf8');
      const parsed = JSON.parse(json);
      // either the earlier result, untouched, or a complete new one
      if (json !== before) expect(parsed).toMatchObject({ paths: 300000, seed: 5 });
      const csv = readFileSync(join(dir, 'baseline.csv'), 'utf8').trimEnd().split('\n');
      expect(csv.length).toBe(1 + 25 * (2030 - shipped('baseline').scenario.origin) + 3); // header, 25 series a projected year, 3 targets
    }
  });
});
