import type { AnalysisSteps } from '../analysis/analysisSteps.js';
import { describeModelFailure } from '../core/modelFailure.js';
import { EXIT_FAILURE, InvalidScenarioError, type CommandIo } from './command.js';
import { createProgressBar } from './progressBar.js';

/**
 * Runs an analysis to the end with a progress bar on a terminal (after 0.3 s). Invalid input
 * is thrown as InvalidScenarioError (exit 2, the issues on stderr); a model failure is written to
 * stderr and comes back as exit code 1.
 */
export function driveAnalysis<R>(
  steps: AnalysisSteps<R>,
  io: CommandIo,
  command: string,
  showProgress: boolean,
  unit = 'paths',
): { readonly ok: true; readonly result: R } | { readonly ok: false; readonly exitCode: number } {
  const bar = createProgressBar(showProgress ? io.stderr : ({ isTTY: false } as NodeJS.WriteStream), command, undefined, undefined, unit);
  let step = steps.next();
  while (!step.done) {
    bar.update(step.value.done, step.value.total);
    step = steps.next();
  }
  bar.finish();
  const outcome = step.value;
  if (outcome.ok) return outcome;
  if ('issues' in outcome) throw new InvalidScenarioError(outcome.issues);
  io.stderr.write(`tradecast ${command}: ${describeModelFailure(outcome.failure)}\n`);
  return { ok: false, exitCode: EXIT_FAILURE };
}
