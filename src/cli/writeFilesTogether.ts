import { closeSync, constants, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** One file of a result: its name in the folder, and its text. */
export interface NamedText {
  readonly name: string;
  readonly text: string;
}

/** How long a writer waits for another one (a command writing the same folder) to finish its renames, ms. */
const LOCK_WAIT_MS = 10_000;
const LOCK_POLL_MS = 20;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Writes a result's files (`DIR/baseline.json`, `DIR/baseline.csv`) into `dir` so that a reader
 * finds each whole, and both from the same run.
 *
 * Nothing goes through a path that existed before: the texts are written into a fresh folder
 * (`mkdtemp`: a random name, created by this call, mode 0700), each file opened with O_EXCL and
 * O_NOFOLLOW, and flushed to disk. Only then are they renamed into place, one after the other;
 * a rename replaces whatever had the name — a file, or a symbolic link, which is never followed.
 *
 * "Together", honestly: POSIX renames one name at a time, so there is a moment — the two
 * renames back to back, microseconds — when the new JSON stands beside the old CSV. Within it
 * SIGINT, SIGTERM and SIGHUP are held back and delivered after the last rename (at the event
 * loop's next turn, so a caller writing in a loop must give it turns), and a lock file
 * (`DIR/.<first name>.lock`, O_EXCL, holding the pid) keeps two commands writing the same
 * folder from interleaving their renames. Only SIGKILL or a crash of the machine in those
 * microseconds can leave the pair from two runs; a rename that fails says which files it
 * replaced.
 */
export function writeFilesTogether(dir: string, files: readonly NamedText[]): void {
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(dir, '.tradecast-'));
  try {
    for (const { name, text } of files) writeNewFile(join(staging, name), text);
    const lock = takeLock(join(dir, `.${files[0]?.name ?? 'result'}.lock`));
    try {
      renameAllHoldingSignals(
        staging,
        dir,
        files.map((file) => file.name),
      );
    } finally {
      unlinkSync(lock);
    }
    syncFolder(dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Creates `file`, which must not exist (not even as a link), writes `text` and flushes it to disk. */
function writeNewFile(file: string, text: string): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    const bytes = Buffer.from(text, 'utf8');
    for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Renames each staged file into place; the signals that would stop the process wait until the last one. */
function renameAllHoldingSignals(staging: string, dir: string, names: readonly string[]): void {
  const held: NodeJS.Signals[] = [];
  const hold = (signal: NodeJS.Signals) => void held.push(signal);
  for (const signal of STOP_SIGNALS) process.on(signal, hold);
  const replaced: string[] = [];
  try {
    for (const name of names) {
      try {
        renameSync(join(staging, name), join(dir, name));
      } catch (error) {
        const done = replaced.length > 0 ? `; ${replaced.map((file) => join(dir, file)).join(' and ')} already hold the new result, so the files are from different runs` : '';
        throw new Error(`cannot put ${join(dir, name)} in place: ${(error as Error).message}${done}`);
      }
      replaced.push(name);
    }
  } finally {
    // a signal that came during the renames reaches its listener at the event loop's next turn:
    // let go of the signals then, and deliver it again, to whatever handles it (by default: the process stops)
    setImmediate(() => {
      for (const signal of STOP_SIGNALS) process.off(signal, hold);
      for (const signal of new Set(held)) process.kill(process.pid, signal);
    });
  }
}

/** Takes the folder's lock for a result (O_EXCL), waiting for a live holder and taking over from a dead one; returns its path. */
function takeLock(lock: string): string {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lock, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!holderAlive(lock)) {
      rmSync(lock, { force: true }); // its writer stopped between its renames: the lock is stale
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${lock} is held by another tradecast command writing the same folder (pid ${readHolder(lock)}); remove it if none is running`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, LOCK_POLL_MS); // a short sleep: the holder is mid-rename
  }
}

function readHolder(lock: string): number {
  try {
    return Number(readFileSync(lock, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

/** Whether the process named in a lock file is alive (a lock being written counts as alive). */
function holderAlive(lock: string): boolean {
  const pid = readHolder(lock);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Flushes the folder's entries, so the renames survive a crash of the machine. */
function syncFolder(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
