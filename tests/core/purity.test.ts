import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/scenario/projectPaths.js';

const coreDir = join(projectRoot(), 'src', 'core');
const files = readdirSync(coreDir).filter((f) => f.endsWith('.ts'));

describe('src/core stays pure (imports nothing above it, no Node API)', () => {
  it.each(files)('%s imports only other core modules and touches no clock, environment, file or Math.random', (file) => {
    const text = readFileSync(join(coreDir, file), 'utf8');
    const imports = [...text.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(/^\.\/[A-Za-z][A-Za-z0-9]*\.js$/);
    for (const forbidden of ['Math.random', 'Date.now', 'new Date', 'performance.now', 'process.', 'require(', 'globalThis.', 'fetch(']) {
      expect(text.includes(forbidden), `${file} uses ${forbidden}`).toBe(false);
    }
  });
});
