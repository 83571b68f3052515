import { describe, expect, it } from 'vitest';
import { createProgressBar } from '../../src/cli/progressBar.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream, written };
}

describe('progress bar', () => {
  it('draws on a terminal once the run has taken longer than the delay, and clears itself', () => {
    let clock = 0;
    const { stream, written } = fakeStream(true);
    const bar = createProgressBar(stream, 'baseline', 300, () => clock);
    bar.update(100, 1000);
    expect(written).toEqual([]);
    clock = 500;
    bar.update(500, 1000);
    expect(written.at(-1)).toMatch(/baseline \[#{15}\.{15}\]  50%  500\/1,000 paths/);
    bar.finish();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('stays silent when the stream is not a terminal', () => {
    let clock = 0;
    const { stream, written } = fakeStream(false);
    const bar = createProgressBar(stream, 'x', 0, () => (clock += 1000));
    bar.update(1, 2);
    bar.finish();
    expect(written).toEqual([]);
  });
});
