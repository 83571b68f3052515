/**
 * A progress bar on a terminal stream, drawn only when the stream is a terminal and the work
 * has already taken longer than `delayMs` (a quick run prints nothing).
 */
export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

export function createProgressBar(stream: NodeJS.WriteStream, label: string, delayMs = 300, now: () => number = () => performance.now(), unit = 'paths'): ProgressBar {
  const started = now();
  let drawn = false;
  const width = 30;
  return {
    update(done, total) {
      if (!stream.isTTY || now() - started < delayMs) return;
      const fraction = total > 0 ? done / total : 1;
      const filled = Math.round(fraction * width);
      const elapsed = (now() - started) / 1000;
      const eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(100 * fraction).toFixed(0).padStart(3)}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit}  ${eta.toFixed(1)} s left `,
      );
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
