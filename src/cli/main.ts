import { backtestCommand } from './commands/backtest.js';
import { benchCommand } from './commands/bench.js';
import { calibrateCommand } from './commands/calibrate.js';
import { compareCommand } from './commands/compare.js';
import { initCommand } from './commands/init.js';
import { nowcastCommand } from './commands/nowcast.js';
import { rebaseCommand } from './commands/rebase.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { sensitivityCommand } from './commands/sensitivity.js';
import { serveCommand } from './commands/serve.js';
import { sweepCommand } from './commands/sweep.js';
import { validateCommand } from './commands/validate.js';
import { workerCommand } from './commands/worker.js';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, InvalidScenarioError, UsageError, type Command, type CommandIo } from './command.js';
import { QueueError } from '../run/queueError.js';
import { formatIssue } from '../scenario/scenarioIssue.js';
import { VERSION } from '../version.js';

/** Problems of an invalid scenario printed unless `--all-errors` is given: a file with every number broken has a hundred and more. */
export const ISSUES_SHOWN = 10;

/** Every command; `tradecast <name> --help` prints its help. */
export const COMMANDS: readonly Command[] = [
  initCommand,
  runCommand,
  compareCommand,
  sensitivityCommand,
  sweepCommand,
  calibrateCommand,
  rebaseCommand,
  nowcastCommand,
  backtestCommand,
  validateCommand,
  schemaCommand,
  serveCommand,
  workerCommand,
  benchCommand,
];

const OVERVIEW = `tradecast ${VERSION} — Monte Carlo scenarios for Russia–China trade to 2030

Usage: tradecast <command> [options]      (tradecast <command> --help for details)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`).join('\n')}

Scenarios: a file (scenarios/baseline.yaml) or a shipped id: baseline, escalation, thaw,
localisation, oil-slump. Exit codes: 0 ok, 2 invalid input, 1 failure.
An invalid scenario prints its first ${ISSUES_SHOWN} problems; --all-errors (with any command) prints them all.`;

/** Runs the command line; returns the exit code. */
export async function main(argv: readonly string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  // a flag of every command, read here: how many problems of an invalid scenario to print
  const allErrors = argv.includes('--all-errors');
  const [name, ...args] = argv.filter((arg) => arg !== '--all-errors');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(OVERVIEW + '\n');
    return name === undefined ? EXIT_INVALID : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(VERSION + '\n');
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`tradecast: unknown command "${name}"\n\n${OVERVIEW}\n`);
    return EXIT_INVALID;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(command.help + '\n');
    return EXIT_OK;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof InvalidScenarioError) {
      const shown = allErrors ? error.issues : error.issues.slice(0, ISSUES_SHOWN);
      const more = error.issues.length - shown.length;
      const lines = shown.map((issue) => `tradecast: ${formatIssue(issue)}`);
      if (more > 0) lines.push(`tradecast: … and ${more} more (--all-errors prints every one)`);
      io.stderr.write(lines.join('\n') + '\n');
      return EXIT_INVALID;
    }
    if (error instanceof QueueError) {
      // an unreachable queue is the caller's input (its URL, its password); anything later is a failure of the run
      io.stderr.write(`tradecast ${command.name}: ${error.message}\n`);
      return error.kind === 'connect' ? EXIT_INVALID : EXIT_FAILURE;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`tradecast ${command.name}: ${error.message}\n(see tradecast ${command.name} --help)\n`);
      return EXIT_INVALID;
    }
    io.stderr.write(`tradecast ${command.name}: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_FAILURE;
  }
}
