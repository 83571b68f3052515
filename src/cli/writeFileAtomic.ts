import { basename, dirname } from 'node:path';
import { writeFilesTogether } from './writeFilesTogether.js';

/**
 * Writes `text` to `file` so that a run killed mid-write leaves either the old file or the new
 * one, never half of one, and never writes through a link planted at a temporary name
 * (writeFilesTogether, with one file).
 */
export function writeFileAtomic(file: string, text: string): void {
  writeFilesTogether(dirname(file), [{ name: basename(file), text }]);
}
