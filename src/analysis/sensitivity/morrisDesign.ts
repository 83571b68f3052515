import { STREAM_DESIGN } from '../defaults.js';
import { createUniformStream } from '../uniformStream.js';
import type { FactorColumns } from './batchModel.js';

/**
 * Morris's trajectory ("OAT") design: Morris, "Factorial sampling plans for preliminary
 * computational experiments", Technometrics 33(2):161–174, 1991, with groups of factors moved
 * together as in Campolongo, Cariboni & Saltelli, "An effective screening design for
 * sensitivity analysis of large models", Environ. Model. Softw. 22:1509–1518, 2007, §3.
 *
 * Each factored column lives on the grid {0, 1/(p − 1), …, 1} of p levels; a trajectory starts
 * at a random grid point and moves one factor at a time, in random order, by Δ = p/(2(p − 1))
 * (up or down, at random, staying on the grid): k + 1 points per trajectory, r(k + 1) in all.
 * Grid value x is handed to the model as the uniform (x(p − 1) + ½)/p — the middle of the
 * level's probability cell — so quantile functions of unbounded distributions stay finite.
 * A column outside every factor (the shock key) gets one continuous uniform per trajectory
 * and never moves: each trajectory sees its own shocks, the same at each of its points.
 * Like any coarse grid, it can miss effects that are periodic on it: with 4 levels the Ishigami
 * term sin²(x₂) takes the same value at all four cell middles, so Morris reports μ* = 0 for x₂
 * there (Sobol does not); the tests check Morris on functions without that symmetry.
 */
export interface MorrisDesign {
  readonly trajectories: number;
  readonly levels: number;
  /** grid step Δ = p/(2(p − 1)), in units of the [0, 1] grid */
  readonly delta: number;
  readonly columns: number;
  readonly factors: readonly FactorColumns[];
  /** r(k + 1) rows × columns of uniforms */
  readonly points: Float64Array;
  /** r × k: the factor moved at each step of each trajectory */
  readonly movedFactor: Int32Array;
  /** r × k: +1 or −1, the direction of the move for a one-column factor; 0 for a group (mixed directions) */
  readonly direction: Int8Array;
}

export function createMorrisDesign(trajectories: number, columns: number, factors: readonly FactorColumns[], levels: number, seed: number): MorrisDesign {
  if (levels < 2 || levels % 2 !== 0) throw new Error(`Morris levels must be even and ≥ 2, got ${levels}`);
  const stream = createUniformStream(seed, STREAM_DESIGN);
  const k = factors.length;
  const jump = levels / 2; // Δ in grid steps
  const delta = levels / (2 * (levels - 1));
  const factored = new Set(factors.flatMap((f) => f.columns));
  const points = new Float64Array(trajectories * (k + 1) * columns);
  const movedFactor = new Int32Array(trajectories * k);
  const direction = new Int8Array(trajectories * k);
  const level = new Int32Array(columns);
  const columnDirection = new Int8Array(columns);
  const free = new Float64Array(columns);
  const toUniform = (j: number) => (j + 0.5) / levels;

  for (let t = 0; t < trajectories; t++) {
    for (let c = 0; c < columns; c++) {
      if (factored.has(c)) {
        // start low and move up, or start Δ higher and move down
        const start = Math.floor(stream.next() * (levels - jump));
        const up = stream.next() < 0.5;
        level[c] = up ? start : start + jump;
        columnDirection[c] = up ? 1 : -1;
      } else {
        free[c] = stream.next();
      }
    }
    const order = Array.from({ length: k }, (_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const swap = Math.floor(stream.next() * (i + 1));
      [order[i], order[swap]] = [order[swap]!, order[i]!];
    }
    const write = (step: number) => {
      const row = (t * (k + 1) + step) * columns;
      for (let c = 0; c < columns; c++) points[row + c] = factored.has(c) ? toUniform(level[c]!) : free[c]!;
    };
    write(0);
    for (let s = 0; s < k; s++) {
      const factor = factors[order[s]!]!;
      for (const c of factor.columns) level[c] = level[c]! + jump * columnDirection[c]!;
      movedFactor[t * k + s] = order[s]!;
      direction[t * k + s] = factor.columns.length === 1 ? columnDirection[factor.columns[0]!]! : 0;
      write(s + 1);
    }
  }
  return { trajectories, levels, delta, columns, factors, points, movedFactor, direction };
}
