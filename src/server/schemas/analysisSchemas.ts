import type { z } from 'zod';
import { backtestAnalysis } from '../../analysis/backtest/backtest.js';
import { compareAnalysis } from '../../analysis/compare.js';
import { sensitivityAnalysis } from '../../analysis/sensitivity/sensitivity.js';
import { sweepAnalysis } from '../../analysis/sweep.js';

/**
 * The analyses' own request and result schemas (their descriptors in src/analysis, which the
 * commands share), named for the OpenAPI document: the same zod objects the analyses parse and
 * type with, not copies.
 */

const named = <T extends z.ZodType>(schema: T, id: string, description: string): T => schema.meta({ id, description });
const cliDocument = (command: string) => `The same document as \`tradecast ${command} … --format json\` prints.`;

export const CompareRequestSchema = named(compareAnalysis.request, 'CompareRequest', 'Two to eight scenarios run on the same random numbers; the first is A, each other one a B.');
export const CompareResultSchema = named(compareAnalysis.result, 'CompareResult', cliDocument(compareAnalysis.command));

export const SensitivityRequestSchema = named(sensitivityAnalysis.request, 'SensitivityRequest', "Sobol indices or Morris screening of one output over the scenario's uncertain parameters.");
export const SensitivityResultSchema = named(sensitivityAnalysis.result, 'SensitivityResult', cliDocument(sensitivityAnalysis.command));

export const BacktestRequestSchema = named(backtestAnalysis.request, 'BacktestRequest', 'Rolling-origin forecasts scored against history, next to two benchmarks.');
export const BacktestResultSchema = named(backtestAnalysis.result, 'BacktestResult', cliDocument(backtestAnalysis.command));

export const SweepRequestSchema = named(sweepAnalysis.request, 'SweepRequest', 'A scenario over a grid of one or two knobs, every point on the same random numbers.');
export const SweepResultSchema = named(sweepAnalysis.result, 'SweepResult', cliDocument(sweepAnalysis.command));
