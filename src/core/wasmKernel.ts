import { BETA_GUIDE_CELLS, BETA_QUANTILE_NODES, PATHS_PER_CHUNK, PERCENTILE_BUCKETS, PERCENTILES } from './defaults.js';
import type { ModelPlan } from './modelPlan.js';
import type { PercentileWorkspace } from './percentilesOfBlock.js';
import { compileDistributions } from './quantileFunction.js';
import { pathStateLayout } from './pathStates.js';
import type { SimulationKernel } from './simulationKernel.js';
import { CRUDE_VALUE_PER_MT_PER_DOLLAR, checkYears, loopConstantsOf, type SimulateOptions } from './simulatePaths.js';
import type { SimulationOutput } from './simulationOutput.js';
import * as layout from './wasmPlanLayout.js';

/**
 * The WebAssembly kernel (built from wasm/ by `npm run build`) behind the SimulationKernel
 * interface: the plan is laid out once in the module's memory (wasmPlanLayout.ts), then each
 * call runs in chunks of at most KERNEL_CHUNK_PATHS paths — the chunk's state rows and design
 * inputs copied in, the kernel run, its output (and state) copied out to the caller's arrays,
 * which may be SharedArrayBuffers other threads write too. One instance per thread.
 */
export function createWasmKernel(module: WebAssembly.Module): SimulationKernel {
  const instance = new WebAssembly.Instance(module, {});
  const kernel = instance.exports as unknown as KernelExports;
  const { memory } = kernel;
  const heapStart = align(kernel.heapBase());
  let loaded: { readonly plan: ModelPlan; readonly address: number; readonly end: number } | null = null;

  let buffer: ArrayBuffer | null = null;
  let f64 = new Float64Array(0);
  let i32 = new Int32Array(0);
  let u8 = new Uint8Array(0);
  let u32 = new Uint32Array(0);
  /** Grows the memory to hold `end` bytes, and the views with it. */
  function reserve(end: number): void {
    const missing = end - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
    if (buffer !== memory.buffer) {
      buffer = memory.buffer as ArrayBuffer;
      f64 = new Float64Array(buffer);
      i32 = new Int32Array(buffer);
      u8 = new Uint8Array(buffer);
      u32 = new Uint32Array(buffer);
    }
  }

  /** The plan's address in memory, laying it out when it is not the last one laid out. */
  function planAddress(plan: ModelPlan): number {
    if (loaded?.plan === plan) return loaded.address;
    const placed = placePlan(plan, heapStart, kernel, reserve, () => ({ f64, i32 }));
    loaded = { plan, address: heapStart, end: placed };
    return heapStart;
  }

  return {
    name: 'wasm',
    simulatePathsInto(plan: ModelPlan, output: SimulationOutput, options: SimulateOptions): void {
      const { seed, start, end, parameterUniforms, pathKeys, state } = options;
      const { fromYear, toYear } = checkYears(plan, output, options);
      const at = planAddress(plan);
      const work = loaded!.end;
      const { stride } = pathStateLayout(plan);
      const parameterCount = plan.parameters.length;
      const seriesCount = output.values.length;
      const callYears = toYear - fromYear;
      const chunkMost = Math.min(KERNEL_CHUNK_PATHS, Math.max(1, end - start));
      // the chunk's areas: output, regimes, state rows, parameter uniforms, path keys
      const outAt = work;
      const regimeAt = outAt + align(chunkMost * callYears * seriesCount * 8);
      const rowsAt = regimeAt + align(chunkMost * callYears);
      const uniformsAt = rowsAt + align((state ? chunkMost : 1) * stride * 8);
      const keysAt = uniformsAt + align(parameterUniforms ? chunkMost * parameterCount * 8 : 0);
      reserve(keysAt + align(pathKeys ? chunkMost * 4 : 0));
      const paths = output.paths;
      for (let from = start; from < end; from += chunkMost) {
        const to = Math.min(end, from + chunkMost);
        const count = to - from;
        if (state) f64.set(state.values.subarray(from * stride, to * stride), rowsAt / 8);
        if (parameterUniforms) f64.set(parameterUniforms.subarray(from * parameterCount, to * parameterCount), uniformsAt / 8);
        if (pathKeys) u32.set(pathKeys.subarray(from, to), keysAt / 4);
        kernel.simulateChunk(at, seed >>> 0, from, to, fromYear, toYear, outAt, regimeAt, rowsAt, state ? 1 : 0, parameterUniforms ? uniformsAt : 0, pathKeys ? keysAt : 0);
        for (let s = 0; s < seriesCount; s++) {
          const values = output.values[s]!;
          for (let y = 0; y < callYears; y++) {
            const source = outAt / 8 + (s * callYears + y) * count;
            values.set(f64.subarray(source, source + count), y * paths + from);
          }
        }
        for (let y = 0; y < callYears; y++) output.regime.set(u8.subarray(regimeAt + y * count, regimeAt + (y + 1) * count), y * paths + from);
        if (state) state.values.set(f64.subarray(rowsAt / 8, rowsAt / 8 + count * stride), from * stride);
      }
    },
    summariseBlockInto(block: Float64Array, _workspace: PercentileWorkspace, into: Float64Array, offset: number, chunkStarts?: Int32Array): number {
      const base = loaded ? loaded.end : heapStart;
      const n = block.length;
      const probabilitiesAt = base;
      const intoAt = probabilitiesAt + align(PERCENTILES.length * 8);
      const chunksAt = intoAt + align((1 + PERCENTILES.length) * 8);
      const blockAt = chunksAt + align(chunkStarts ? chunkStarts.byteLength : 0);
      const workspaceAt = blockAt + align(n * 8);
      reserve(workspaceAt + align(kernel.summaryWorkspaceBytes(n, PERCENTILE_BUCKETS)));
      f64.set(PERCENTILES, probabilitiesAt / 8);
      if (chunkStarts) i32.set(chunkStarts, chunksAt / 4);
      f64.set(block, blockAt / 8);
      // chunks as summariseBlockInto's: PATHS_PER_CHUNK values, or where chunkStarts says
      const nonFinite = kernel.summariseBlock(
        blockAt,
        n,
        intoAt,
        probabilitiesAt,
        PERCENTILES.length,
        workspaceAt,
        PERCENTILE_BUCKETS,
        PATHS_PER_CHUNK,
        chunksAt,
        chunkStarts ? chunkStarts.length : 0,
      );
      if (nonFinite === 0) into.set(f64.subarray(intoAt / 8, intoAt / 8 + 1 + PERCENTILES.length), offset);
      return nonFinite;
    },
  };
}

/** What the module exports (wasm/kernel.ts). */
interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  chunkScratchBytes(sectors: number, parameters: number): number;
  simulateChunk(
    plan: number,
    seed: number,
    start: number,
    end: number,
    fromYear: number,
    toYear: number,
    out: number,
    regimeOut: number,
    rows: number,
    rowPerPath: number,
    parameterUniforms: number,
    pathKeys: number,
  ): void;
  summaryWorkspaceBytes(count: number, buckets: number): number;
  summariseBlock(
    block: number,
    count: number,
    into: number,
    probabilities: number,
    probabilityCount: number,
    workspace: number,
    buckets: number,
    chunkPaths: number,
    chunkStarts: number,
    chunkCount: number,
  ): number;
}

/** Paths per call into the module: their output (≈ 1.2 KB a path for six years) stays in the cache. */
const KERNEL_CHUNK_PATHS = 512;
const WASM_PAGE_BYTES = 65_536;
const ALIGNMENT = 16;

function align(bytes: number): number {
  return Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;
}

/**
 * Lays `plan` out at `address` (header, then its arrays), with what the loop computes from it
 * once (loopConstantsOf) and its compiled distributions; returns the first free byte after it.
 */
function placePlan(plan: ModelPlan, address: number, kernel: KernelExports, reserve: (end: number) => void, views: () => { f64: Float64Array; i32: Int32Array }): number {
  const constants = loopConstantsOf(plan);
  const distributions = compileDistributions(plan.parameters.map((slot) => slot.distribution));
  const sectorCount = plan.sectorNames.length;
  const parameterCount = plan.parameters.length;
  const slots = distributions.kinds.length;
  const { observed } = plan;
  const tableLengths = Int32Array.from(distributions.tables, (table) => table?.length ?? 0);
  const guideLengths = distributions.guides.map((guide) => guide?.length ?? 0);

  // the arrays, in order, with their kind; each gets an aligned place after the header
  const arrays: [field: number, data: Float64Array | Int32Array][] = [
    [layout.I_TRANSITION_CUMULATIVE, plan.transitionCumulative],
    [layout.I_LOG_FRICTION, plan.logFrictionFactor],
    [layout.I_ENTRY_JUMP_EXPORTS, plan.entryJumpExports],
    [layout.I_ENTRY_JUMP_IMPORTS, plan.entryJumpImports],
    [layout.I_LOG_PRICE, plan.logPrice],
    [layout.I_LOG_BASE_RATIO, plan.logBaseRatio],
    [layout.I_IMPORT_CONTENT, plan.importContent],
    [layout.I_OBSERVED_OIL, observed.oilPrice],
    [layout.I_OBSERVED_RUB, observed.rubPerCny],
    [layout.I_OBSERVED_CRUDE, observed.crudeVolume],
    [layout.I_OBSERVED_LOG_OIL, constants.observedLogOil],
    [layout.I_OBSERVED_LOG_RUB, constants.observedLogRub],
    [layout.I_SHOCK_CONDITIONING, plan.shockConditioning],
    [layout.I_CAP_ODDS, constants.capOdds],
    [layout.I_CAP_TEST_ABOVE, constants.capTestAbove],
    [layout.I_CORRELATION, plan.correlationFactor],
    [layout.I_ORIGIN, constants.origin],
    [layout.I_INITIAL_LOG_RATIO, plan.initialLogRatio],
    [layout.I_DIST_NUMBERS, distributions.numbers],
    [layout.I_OBSERVED_REGIME, observed.regime],
    [layout.I_PIN_PATTERN, constants.pinPattern],
    [layout.I_PRICE_ROW_CLASS, constants.priceRowClass],
    [layout.I_DIST_KINDS, distributions.kinds],
    [layout.I_DIST_TABLE_LENGTHS, tableLengths],
  ];
  let end = address + align(layout.REALS_OFFSET + layout.REAL_FIELDS * 8);
  const places: number[] = [];
  for (const [, data] of arrays) {
    places.push(end);
    end += align(data.byteLength);
  }
  const tablesAt = end;
  end += align(slots * 4);
  const guidesAt = end;
  end += align(slots * 4);
  const tablePlaces = distributions.tables.map((table) => {
    if (!table) return 0;
    const place = end;
    end += align(table.byteLength);
    return place;
  });
  const guidePlaces = guideLengths.map((length) => {
    if (length === 0) return 0;
    const place = end;
    end += align(length * 4);
    return place;
  });
  const scratchAt = end;
  end += align(kernel.chunkScratchBytes(sectorCount, parameterCount));
  reserve(end);
  const { f64, i32 } = views();

  const header = address / 4;
  i32.fill(0, header, header + layout.INTEGER_FIELDS);
  i32[header + layout.I_YEARS] = plan.years.length;
  i32[header + layout.I_SECTORS] = sectorCount;
  i32[header + layout.I_REGIMES] = plan.regimeNames.length;
  i32[header + layout.I_PARAMETERS] = parameterCount;
  i32[header + layout.I_STRIDE] = pathStateLayout(plan).stride;
  i32[header + layout.I_INITIAL_REGIME] = plan.initialRegime;
  i32[header + layout.I_ANTITHETIC] = plan.sampling === 'antithetic' ? 1 : 0;
  i32[header + layout.I_BETA_LAST_NODE] = BETA_QUANTILE_NODES - 1;
  arrays.forEach(([field, data], i) => {
    const place = places[i]!;
    i32[header + field] = place;
    if (data instanceof Float64Array) f64.set(data, place / 8);
    else i32.set(data, place / 4);
  });
  i32[header + layout.I_DIST_TABLES] = tablesAt;
  i32[header + layout.I_DIST_GUIDES] = guidesAt;
  i32.set(tablePlaces, tablesAt / 4);
  i32.set(guidePlaces, guidesAt / 4);
  distributions.tables.forEach((table, slot) => {
    if (table) f64.set(table, tablePlaces[slot]! / 8);
  });
  distributions.guides.forEach((guide, slot) => {
    if (guide) i32.set(guide, guidePlaces[slot]! / 4);
  });
  i32[header + layout.I_SCRATCH] = scratchAt;
  const reals = (address + layout.REALS_OFFSET) / 8;
  f64[reals + layout.R_OTHER_ENERGY_0] = plan.initial.otherEnergyExports;
  f64[reals + layout.R_CRUDE_VOLUME_0] = plan.initial.crudeVolume;
  f64[reals + layout.R_CRUDE_VALUE_PER_MT_PER_DOLLAR] = CRUDE_VALUE_PER_MT_PER_DOLLAR;
  f64[reals + layout.R_BETA_GUIDE_CELLS] = BETA_GUIDE_CELLS;
  f64[reals + layout.R_BETA_STEP] = 1 / (BETA_QUANTILE_NODES - 1);
  return end;
}
