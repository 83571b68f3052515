import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/scenario/projectPaths.js';

/**
 * bullmq and ioredis load only with --queue or TRADECAST_QUEUE: no module the command line,
 * the server or the page reaches by static imports imports them (the queue's modules are
 * imported dynamically, where a queue is asked for).
 */
const root = projectRoot();

function staticClosure(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else if (!packages.has(specifier)) packages.set(specifier, file);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('the queue libraries', () => {
  it.each(['src/cli/main.ts', 'src/server/main.ts', 'web/src/main.ts'])('are not among the static imports of %s', (entry) => {
    const { files, packages } = staticClosure(join(root, entry));
    expect(files.size).toBeGreaterThan(1);
    for (const name of ['bullmq', 'ioredis']) expect(packages.get(name), `${name}, imported by ${packages.get(name)}`).toBeUndefined();
  });

  it('are imported by the queue modules themselves (so the check above can see them)', () => {
    expect(staticClosure(join(root, 'src/run/queue/queueBackend.ts')).packages.has('bullmq')).toBe(true);
    expect(staticClosure(join(root, 'src/run/queue/queueWorker.ts')).packages.has('ioredis')).toBe(true);
  });
});
