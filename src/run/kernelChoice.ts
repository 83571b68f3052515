import { bytesFromBase64 } from '../core/bytesFromBase64.js';
import { typeScriptKernel, type KernelName, type SimulationKernel } from '../core/simulationKernel.js';
import { createWasmKernel } from '../core/wasmKernel.js';
import { WASM_KERNEL_BASE64 } from '../core/wasmKernelBinary.js';

/**
 * Which kernel runs the engine's hot parts — the one place that decides. The WebAssembly kernel
 * wherever the JavaScript engine can run it (Node, the browsers the page supports: WebAssembly
 * with SIMD), else the TypeScript core (QuickJS, an engine without WebAssembly). Both give the
 * same bytes; a test runs both on every shipped scenario.
 */
export function defaultKernelName(): KernelName {
  return wasmModule() ? 'wasm' : 'ts';
}

/** The kernel of that name, one per thread; asking for `wasm` where it cannot run throws. */
export function kernelNamed(name: KernelName = defaultKernelName()): SimulationKernel {
  if (name === 'ts') return typeScriptKernel;
  const module = wasmModule();
  if (!module) throw new Error('the WebAssembly kernel cannot run here (no WebAssembly with SIMD); use the TypeScript kernel');
  wasmKernel ??= createWasmKernel(module);
  return wasmKernel;
}

let compiled: WebAssembly.Module | null | undefined;
let wasmKernel: SimulationKernel | undefined;

/** The kernel's module, compiled once per thread; null where WebAssembly (with SIMD) is missing. */
function wasmModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly !== 'object') return compiled;
  const bytes = bytesFromBase64(WASM_KERNEL_BASE64);
  if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  return compiled;
}
