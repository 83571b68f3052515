import { availableParallelism } from 'node:os';
import { MAX_THREADS } from '../../core/defaults.js';
import { QUEUE_WORKER_CACHE_BYTES } from '../../run/queue/queueDefaults.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, integerOption, parseCommandArgs, type Command } from '../command.js';
import { queueAddressOption } from '../queueRunner.js';

const MEBIBYTE = 1024 * 1024;

export const workerCommand: Command = {
  name: 'worker',
  summary: 'compute shards of distributed runs from a queue (Redis) until stopped',
  help: `Usage: tradecast worker --queue redis://HOST:PORT[/DB] [options]

Takes shards of runs from the queue and computes them on this machine's worker threads, until
SIGTERM or SIGINT (Ctrl-C): then it takes no more, finishes the shard in hand, leaves the
queue and exits 0. Any command given the same --queue (run, compare, sensitivity, sweep) is a
coordinator whose runs go to the workers; their output is byte-identical to a run on one
machine. Start as many workers as machines (one per machine: each uses all its cores).

Options:
  --queue URL        the queue: redis://HOST:PORT[/DB], redis://:PASSWORD@HOST:PORT/DB, or
                     rediss:// for TLS (Redis or Valkey 6.2 or later)
  --threads N        worker threads (default: the machine's cores); the simulation never runs on
                     the main thread, which keeps the shard's lock renewed
  --cache-mb M       memory for the paths of shards between a run's rounds, MB (default
                     ${QUEUE_WORKER_CACHE_BYTES / MEBIBYTE}); past it the oldest are dropped and computed again if asked
  --quiet            no line per shard on stderr
  -h, --help         this help

A worker refuses shards of another tradecast version, or whose inputs hash differently with its
code (they go back to the queue for another worker). See docs/distributed.md.
Exit codes: 0 stopped by a signal; 2 a bad --queue URL, an unreachable server or a wrong
password (one line saying which).`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      queue: { type: 'string' },
      threads: { type: 'string' },
      'cache-mb': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    });
    if (positionals.length > 0) throw new UsageError(`worker takes no arguments, got ${positionals.join(' ')}`);
    const address = queueAddressOption(values.queue);
    if (!address) throw new UsageError('--queue redis://HOST:PORT[/DB] is required: the queue to take shards from');
    const threads = integerOption(values.threads, 'threads', 1, MAX_THREADS) ?? availableParallelism();
    const cacheMb = integerOption(values['cache-mb'], 'cache-mb', 64, 1 << 20);
    // listening before the worker starts: a signal while it connects still stops it cleanly
    const stopped = new Promise<string>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    const { startQueueWorker } = await import('../../run/queue/queueWorker.js');
    const log = values.quiet ? undefined : (line: string) => io.stderr.write(`tradecast worker: ${line}\n`);
    const worker = await startQueueWorker({ address, threads, ...(cacheMb ? { cacheBytes: cacheMb * MEBIBYTE } : {}), ...(log ? { log } : {}) });
    const signal = await stopped;
    io.stderr.write(`tradecast worker: ${signal}: finishing the shard in hand, then leaving the queue (a second signal stops at once)\n`);
    const again = () => {
      io.stderr.write('tradecast worker: stopped at once; the shard in hand goes to another worker when its lock lapses\n');
      process.exit(EXIT_FAILURE);
    };
    process.once('SIGTERM', again);
    process.once('SIGINT', again);
    await worker.stop();
    return EXIT_OK;
  },
};
