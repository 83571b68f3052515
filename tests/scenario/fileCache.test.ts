import { mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileCache } from '../../src/scenario/fileCache.js';

describe('a file cache', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'tradecast-cache-')), 'data.txt');

  it('makes a value once while the file keeps its identity, again when its text changes, and not when only its time does', () => {
    const cache = createFileCache();
    let made = 0;
    const make = (text: string) => (made++, text.toUpperCase());
    writeFileSync(file, 'one');
    expect(cache.through('text', file, statSync(file), make)).toBe('ONE');
    expect(cache.through('text', file, statSync(file), make)).toBe('ONE');
    expect(made).toBe(1);
    // touched: a new identity, the same content hash — reused without parsing
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    expect(cache.through('text', file, statSync(file), make)).toBe('ONE');
    expect(made).toBe(1);
    writeFileSync(file, 'two');
    expect(cache.through('text', file, statSync(file), make)).toBe('TWO');
    expect(made).toBe(2);
  });

  it('records the files a piece of work went through, with their identities', () => {
    const cache = createFileCache();
    writeFileSync(file, 'three');
    const { value, files } = cache.recording(() => cache.through('text', file, statSync(file), (text) => text.length));
    expect(value).toBe(5);
    expect([...files.keys()]).toEqual([file]);
  });
});
