#!/usr/bin/env node
// The `tradecast` command: runs the compiled CLI (npm install / npm ci build it via `prepare`).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
