import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../src/core/normalCdf.js';
import { normalQuantile } from '../../src/core/normalQuantile.js';

/** Φ by composite Simpson integration of the density from −12 (independent of both algorithms). */
function integratedCdf(x: number): number {
  const a = -12;
  const n = 20_000;
  const h = (x - a) / n;
  const density = (t: number) => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  let sum = density(a) + density(x);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * density(a + i * h);
  return (sum * h) / 3;
}

describe('normalCdf', () => {
  it('agrees with numerical integration of the density to 1e-12', () => {
    for (const x of [-8, -5, -3, -1.96, -1, -0.3, 0, 0.5, 1, 2, 3.5, 6]) {
      expect(Math.abs(normalCdf(x) - integratedCdf(x)), `x = ${x}`).toBeLessThan(1e-12);
    }
  });

  it('is symmetric: Φ(−x) = 1 − Φ(x)', () => {
    for (let x = 0; x < 8; x += 0.37) expect(normalCdf(-x) + normalCdf(x)).toBeCloseTo(1, 14);
  });
});

describe('normalQuantile', () => {
  it('inverts Φ to a relative 1e-12 across the central and tail branches', () => {
    for (const p of [1e-20, 1e-10, 2.3e-10, 1e-5, 0.001, 0.02, 0.075, 0.1, 0.3, 0.5, 0.7, 0.925, 0.99, 1 - 1e-9]) {
      const x = normalQuantile(p);
      const back = normalCdf(x);
      expect(Math.abs(back - p) / Math.min(p, 1 - p), `p = ${p}`).toBeLessThan(1e-12);
    }
  });

  it('reaches the far tail (|x| > 5, the third AS 241 branch) to a relative 1e-12', () => {
    for (const p of [1e-100, 1e-50, 1e-15]) {
      expect(Math.abs(normalCdf(normalQuantile(p)) - p) / p, `p = ${p}`).toBeLessThan(1e-12);
    }
  });

  it('gives the familiar 97.5th percentile 1.959963984540054 and is odd about 1/2', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    for (let p = 0.001; p < 0.5; p += 0.0137) expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 12);
  });
});
