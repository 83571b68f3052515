import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder (the one holding package.json), found by walking up from this
 * module, so it is the same whether the code runs from src/ (tests) or dist/ (built).
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('tradecast: cannot find package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Folder of the shipped scenarios (`extends: baseline` resolves here). */
export function shippedScenariosDir(): string {
  return join(projectRoot(), 'scenarios');
}
