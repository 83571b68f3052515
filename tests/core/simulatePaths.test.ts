import { describe, expect, it } from 'vitest';
import { prepareRun, type PreparedRun } from '../../src/run/preparedRun.js';
import { createPathStates } from '../../src/core/pathStates.js';
import { simulatePathsInto, type SimulateOptions } from '../../src/core/simulatePaths.js';
import { createSimulationOutput, type SimulationOutput } from '../../src/core/simulationOutput.js';
import { shipped } from '../helpers.js';

function prepared(id: string, paths: number, seed: number): PreparedRun {
  const result = prepareRun(shipped(id), { paths, seed });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.run;
}

/** Year y of `output` (which holds `years` years), as bytes per series plus the regimes. */
function yearBytes(output: SimulationOutput, y: number): Buffer[] {
  const { paths } = output;
  return [...output.values.map((v) => Buffer.from(v.buffer, v.byteOffset + y * paths * 8, paths * 8)), Buffer.from(output.regime.buffer, output.regime.byteOffset + y * paths, paths)];
}

describe('simulatePathsInto split by years', () => {
  it.each(['baseline', 'escalation', 'thaw'])('%s: one year per call, resuming from the path states, gives the same bits as all years in one call', (id) => {
    const run = prepared(id, 300, 17);
    const years = run.plan.years.length;
    const keys = Uint32Array.from({ length: 300 }, (_, p) => (p * 7) % 120);
    const uniforms = Float64Array.from({ length: 300 * run.plan.parameters.length }, (_, i) => ((i * 0.618034) % 1) * 0.98 + 0.01);
    for (const extra of [{}, { pathKeys: keys }, { parameterUniforms: uniforms }] as Partial<SimulateOptions>[]) {
      const whole = createSimulationOutput(run.plan, 300);
      simulatePathsInto(run.plan, whole, { seed: 17, start: 0, end: 300, ...extra });
      const state = createPathStates(run.plan, 300);
      const oneYear = createSimulationOutput({ ...run.plan, years: [run.plan.years[0]!] }, 300);
      for (let y = 0; y < years; y++) {
        // paths in two uneven pieces, as threads would take them
        for (const [start, end] of [
          [0, 113],
          [113, 300],
        ] as const) {
          simulatePathsInto(run.plan, oneYear, { seed: 17, start, end, fromYear: y, toYear: y + 1, state, ...extra });
        }
        expect(yearBytes(oneYear, 0)).toEqual(yearBytes(whole, y));
      }
    }
  });

  it('refuses to resume at a later year without the path states, or to write years the output does not hold', () => {
    const run = prepared('baseline', 10, 1);
    const output = createSimulationOutput(run.plan, 10);
    expect(() => simulatePathsInto(run.plan, output, { seed: 1, start: 0, end: 10, fromYear: 2 })).toThrow(RangeError);
    expect(() => simulatePathsInto(run.plan, output, { seed: 1, start: 0, end: 10, fromYear: 0, toYear: 2 })).toThrow(RangeError);
  });
});
