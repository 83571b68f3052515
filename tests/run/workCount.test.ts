import { describe, expect, it } from 'vitest';
import { exceededLimit, formatBytes, largestWithin, memoryBytes, workLimitMessage, workTotal, type WorkCount } from '../../src/run/workCount.js';

const MB = 1024 * 1024;
const limits = { maxPathYears: 2_400, maxMemoryBytes: 10 * MB };

/** A Sobol-like count: 40 evaluations a sample over 6 years, and a bootstrap of 10 resamples × 39 steps a sample. */
const sobol = (samples: number, memory = { fixedBytes: MB, bytesPerUnit: 1_000 }): WorkCount => ({
  field: 'samples',
  value: samples,
  factors: [
    ['evaluations per sample (k + 2)', 40],
    ['projected years', 6],
  ],
  parts: [
    {
      what: 'the bootstrap',
      factors: [
        ['resamples', 10],
        ['(k + 1)', 39],
      ],
      operationsPerPathYear: 512,
    },
  ],
  memory,
});

describe('a work count', () => {
  it('adds its parts, each in proportion to the field, and finds the largest value of the field within both limits', () => {
    expect(workTotal(sobol(10))).toBeCloseTo(10 * 240 + (10 * 390) / 512, 12);
    expect(largestWithin(sobol(10), limits)).toBe(9); // 9 × 240.76 = 2166.9; 10 × 240.76 = 2407.6
    expect(exceededLimit(sobol(9), limits)).toBeNull();
    expect(exceededLimit(sobol(10), limits)).toBe('work');
    // memory: 1 MB + 1,000 bytes a sample, against 10 MB
    const heavy = sobol(5, { fixedBytes: MB, bytesPerUnit: 4 * MB });
    expect(memoryBytes(heavy)).toBe(21 * MB);
    expect(exceededLimit(heavy, limits)).toBe('memory');
    expect(largestWithin(heavy, limits)).toBe(2);
    expect(largestWithin(sobol(1, { fixedBytes: 11 * MB, bytesPerUnit: 1 }), limits)).toBe(0);
  });

  it('says why it is refused: the formula with its numbers, the limit, and the most that fits', () => {
    expect(workLimitMessage(sobol(10), limits, "this server's")).toBe(
      "samples × evaluations per sample (k + 2) × projected years = 10 × 40 × 6 = 2400, plus the bootstrap: samples × resamples × (k + 1) ÷ 512 = 10 × 10 × 39 ÷ 512 = 7.6; 2407.6 in all is over this server's limit of 2400 per request; ask for at most 9 samples with the same evaluations per sample (k + 2) and projected years",
    );
    const plain: WorkCount = { field: 'paths', value: 1_001, factors: [['projected years', 6]], memory: { fixedBytes: 0, bytesPerUnit: 1 } };
    expect(workLimitMessage(plain, { maxPathYears: 6_000, maxMemoryBytes: MB }, "the command line's")).toBe(
      "paths × projected years = 1001 × 6 = 6006 is over the command line's limit of 6000 per request; ask for at most 1000 paths with the same projected years",
    );
    const heavy = sobol(5, { fixedBytes: MB, bytesPerUnit: 4 * MB });
    expect(workLimitMessage(heavy, limits, "this server's")).toBe(
      "samples = 5 would hold ≈ 21.0 MB of memory (4.0 MB per sample + 1.0 MB), over this server's budget of 10.0 MB per request; ask for at most 2 samples with the same evaluations per sample (k + 2) and projected years",
    );
    expect(workLimitMessage(sobol(1, { fixedBytes: 11 * MB, bytesPerUnit: 1 }), limits, "this server's")).toMatch(
      /; ask for fewer evaluations per sample \(k \+ 2\) and projected years, or a smaller scenario$/,
    );
  });

  it('names sizes of memory as people do', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(4_200)).toBe('4.1 KB');
    expect(formatBytes(256 * MB)).toBe('256 MB');
    expect(formatBytes(1.6 * 1024 * MB)).toBe('1.6 GB');
  });
});
