#!/usr/bin/env node
// The `tradecast` command: runs the compiled CLI (npm install / npm ci build it via `prepare`).
import { main } from '../dist/src/cli/main.js';

// a reader that stops early (`tradecast run baseline | head`) closes the pipe: stop quietly, as other tools do
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
