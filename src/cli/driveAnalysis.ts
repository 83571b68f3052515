import { availableParallelism } from 'node:os';
import type { AnalysisContext, AnalysisOutcome } from '../analysis/analysisContext.js';
import { describeModelFailure } from '../core/modelFailure.js';
import type { QueueAddress } from '../run/queue/queueUrl.js';
import { InvalidScenarioError, failureExitCode, type CommandIo } from './command.js';
import { createProgressBar } from './progressBar.js';
import { commandRunner } from './queueRunner.js';

/**
 * Runs an analysis to the end with a progress bar on a terminal (after 0.3 s), its simulations
 * on a runner with the machine's cores (large runs on worker threads), or on a queue's workers
 * with `queue` (the bytes do not depend on it). Invalid input is thrown as InvalidScenarioError (exit 2, the issues on stderr); a
 * model failure is written to stderr and comes back as exit code 1.
 */
export async function driveAnalysis<R>(
  analysis: (context: AnalysisContext) => Promise<AnalysisOutcome<R>>,
  io: CommandIo,
  command: string,
  showProgress: boolean,
  unit = 'paths',
  queue?: QueueAddress,
): Promise<{ readonly ok: true; readonly result: R } | { readonly ok: false; readonly exitCode: number }> {
  const bar = createProgressBar(showProgress ? io.stderr : ({ isTTY: false } as NodeJS.WriteStream), command, undefined, undefined, unit);
  const runner = await commandRunner(availableParallelism(), queue);
  let outcome: AnalysisOutcome<R>;
  try {
    outcome = await analysis({ runner, onProgress: (progress) => bar.update(progress.done, progress.total) });
  } finally {
    await runner.close();
  }
  bar.finish();
  if (outcome.ok) return outcome;
  if ('issues' in outcome) throw new InvalidScenarioError(outcome.issues);
  io.stderr.write(`tradecast ${command}: ${describeModelFailure(outcome.failure)}\n`);
  return { ok: false, exitCode: failureExitCode(outcome.failure) };
}
