import { readFileSync, type Stats } from 'node:fs';
import { sha256Hex } from './sha256.js';

/**
 * What was made from files' text (a parsed scenario file, a parsed data file), kept for as long
 * as each file stays the same: while its identity — device, inode, size, modification time —
 * is unchanged, without reading it; when the identity changes, the file is read again and
 * the value is still reused if the text hashes the same (a `touch`, a copy over itself).
 * A server resolving the same shipped scenarios for every request then reads and parses each
 * file once, and sees an edited file at the next request.
 */
export interface FileCache {
  /** `make(text)` for `file` (whose `stats` the caller took), or the value made before from the same file */
  through<T>(kind: string, file: string, stats: Stats, make: (text: string) => T): T;
  /** Runs `work` and returns the files it went `through`, with their identities then. */
  recording<R>(work: () => R): { readonly value: R; readonly files: ReadonlyMap<string, string> };
}

interface Entry {
  readonly identity: string;
  readonly hash: string;
  readonly value: unknown;
}

/** A file's identity: what changes when the file is replaced or written. */
export function fileIdentity(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

export function createFileCache(): FileCache {
  const entries = new Map<string, Entry>();
  let recorded: Map<string, string> | null = null;
  return {
    through<T>(kind: string, file: string, stats: Stats, make: (text: string) => T): T {
      const key = `${kind}\u0000${file}`;
      const identity = fileIdentity(stats);
      recorded?.set(file, identity);
      const cached = entries.get(key);
      if (cached?.identity === identity) return cached.value as T;
      const text = readFileSync(file, 'utf8');
      const hash = sha256Hex(text);
      const value = cached?.hash === hash ? (cached.value as T) : make(text);
      entries.set(key, { identity, hash, value });
      return value;
    },
    recording(work) {
      const outer = recorded;
      recorded = new Map();
      try {
        const value = work();
        return { value, files: recorded };
      } finally {
        if (outer) for (const [file, identity] of recorded) outer.set(file, identity);
        recorded = outer;
      }
    },
  };
}
