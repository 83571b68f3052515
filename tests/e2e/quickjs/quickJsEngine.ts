import { fileURLToPath } from 'node:url';
import { getQuickJS, type QuickJSContext, type QuickJSHandle } from 'quickjs-emscripten';
import { build, type Rollup } from 'vite';
import { projectRoot } from '../../../src/scenario/projectPaths.js';
import type { HistoryBlock } from '../../../src/scenario/history.js';
import type { PageObservation } from '../../../web/src/pageState.js';

/** The global the bundle sets: `runToJson.ts`'s exports. */
const BUNDLE_GLOBAL = 'tradecastEngine';
/** Generous: a 20,000-path run of the baseline fits in 64 MB. */
const MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024;

// As under the page's Content-Security-Policy, the global eval and Function refuse to compile code
// from strings, so the bundle runs zod as the page does: jitless (web/src/zodWithoutEval.ts).
const NO_CODE_FROM_STRINGS = `
globalThis.eval = () => { throw new EvalError('eval is not allowed here'); };
globalThis.Function = new Proxy(Function, {
  apply() { throw new EvalError('Function() is not allowed here'); },
  construct() { throw new EvalError('new Function() is not allowed here'); },
});`;

/** One run's inputs, as the page's worker gets them. */
export interface ScriptRun {
  readonly scenarioId: string;
  /** the scenario and history exactly as GET /api/scenarios/:id serves them */
  readonly scenario: unknown;
  readonly history: HistoryBlock;
  readonly overrides: Readonly<Record<string, number>>;
  /** what happened, as the page's "what happened" panel sends it */
  readonly observations?: readonly PageObservation[];
  readonly paths: number;
  readonly seed: number;
}

/** A run's text, and how long QuickJS took to load the script and then to run it. */
export interface ScriptOutcome {
  readonly json: string;
  /** the kernel the page's code chose in this engine */
  readonly kernel: string;
  readonly loadMs: number;
  readonly runMs: number;
}

export interface QuickJsEngine {
  /** the bundle's size in characters */
  readonly scriptLength: number;
  /** Runs `runToJson` in a fresh QuickJS runtime. */
  runToJson(run: ScriptRun): ScriptOutcome;
}

/**
 * Bundles `runToJson.ts` (with the core, the scenario code and zod) into one classic script
 * with vite's library mode, and readies QuickJS to run it.
 */
export async function createQuickJsEngine(): Promise<QuickJsEngine> {
  const [script, quickJs] = await Promise.all([bundleRunToJson(), getQuickJS()]);
  return {
    scriptLength: script.length,
    runToJson(run) {
      const runtime = quickJs.newRuntime();
      // no interrupt handler: a 20,000-path run takes seconds in an interpreter, and must finish
      runtime.setMemoryLimit(MEMORY_LIMIT_BYTES);
      const context = runtime.newContext();
      try {
        const loading = performance.now();
        evaluate(context, NO_CODE_FROM_STRINGS, 'host.js').dispose();
        evaluate(context, script, 'runToJson.js').dispose();
        const running = performance.now();
        // the inputs reach the script as JSON text, parsed by QuickJS, as the page parses the API's answer
        const inputs = JSON.stringify([run.scenarioId, run.scenario, run.history, run.overrides, run.paths, run.seed, run.observations ?? []]);
        const result = evaluate(context, `${BUNDLE_GLOBAL}.runToJson(...JSON.parse(${JSON.stringify(inputs)}))`, 'run.js');
        try {
          if (context.typeof(result) !== 'string') throw new Error(`runToJson returned a ${context.typeof(result)}, not a string`);
          const runMs = performance.now() - running;
          const kernel = evaluate(context, `${BUNDLE_GLOBAL}.kernelName()`, 'kernel.js');
          try {
            return { json: context.getString(result), kernel: context.getString(kernel), loadMs: running - loading, runMs };
          } finally {
            kernel.dispose();
          }
        } finally {
          result.dispose();
        }
      } finally {
        context.dispose();
        runtime.dispose();
      }
    },
  };
}

/** The bundle's code: an IIFE that sets `globalThis.tradecastEngine`. */
async function bundleRunToJson(): Promise<string> {
  const built = await build({
    configFile: false,
    root: projectRoot(),
    publicDir: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      sourcemap: false,
      lib: { entry: fileURLToPath(new URL('./runToJson.ts', import.meta.url)), formats: ['iife'], name: BUNDLE_GLOBAL, fileName: 'runToJson' },
    },
  });
  const outputs = (Array.isArray(built) ? built : [built]) as Rollup.RollupOutput[];
  const chunks = outputs.flatMap((output) => output.output).filter((item): item is Rollup.OutputChunk => item.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`expected one script from the bundle, got ${chunks.length}`);
  return chunks[0]!.code;
}

/** Evaluates `code` as a classic script; a QuickJS exception becomes a host Error with its stack. */
function evaluate(context: QuickJSContext, code: string, filename: string): QuickJSHandle {
  const outcome = context.evalCode(code, filename);
  if (!outcome.error) return outcome.value;
  const thrown = context.dump(outcome.error) as { name?: string; message?: string; stack?: string } | string;
  outcome.error.dispose();
  if (typeof thrown === 'object' && thrown !== null) throw new Error(`QuickJS: ${thrown.name ?? 'Error'}: ${thrown.message ?? ''}\n${thrown.stack ?? ''}`);
  throw new Error(`QuickJS threw ${JSON.stringify(thrown)}`);
}
