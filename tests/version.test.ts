import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/scenario/projectPaths.js';
import { VERSION } from '../src/version.js';

describe('version', () => {
  it('recorded in results is package.json’s', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')).version);
  });
});
