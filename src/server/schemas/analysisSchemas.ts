import type { z } from 'zod';
import { backtestRequestSchema, backtestResultSchema } from '../../analysis/backtest/backtest.js';
import { compareRequestSchema, compareResultSchema } from '../../analysis/compare.js';
import { sensitivityRequestSchema, sensitivityResultSchema } from '../../analysis/sensitivity/sensitivity.js';
import { sweepRequestSchema, sweepResultSchema } from '../../analysis/sweep.js';

/**
 * The analyses' own request and result schemas (src/analysis), named for the OpenAPI document:
 * the same zod objects the analyses parse and type with, not copies.
 */

const named = <T extends z.ZodType>(schema: T, id: string, description: string): T => schema.meta({ id, description });
const cliDocument = (command: string) => `The same document as \`tradecast ${command} … --format json\` prints.`;

export const CompareRequestSchema = named(compareRequestSchema, 'CompareRequest', 'Two to eight scenarios run on the same random numbers; the first is A, each other one a B.');
export const CompareResultSchema = named(compareResultSchema, 'CompareResult', cliDocument('compare'));

export const SensitivityRequestSchema = named(sensitivityRequestSchema, 'SensitivityRequest', "Sobol indices or Morris screening of one output over the scenario's uncertain parameters.");
export const SensitivityResultSchema = named(sensitivityResultSchema, 'SensitivityResult', cliDocument('sensitivity'));

export const BacktestRequestSchema = named(backtestRequestSchema, 'BacktestRequest', 'Rolling-origin forecasts scored against history, next to two benchmarks.');
export const BacktestResultSchema = named(backtestResultSchema, 'BacktestResult', cliDocument('backtest'));

export const SweepRequestSchema = named(sweepRequestSchema, 'SweepRequest', 'A scenario over a grid of one or two knobs, every point on the same random numbers.');
export const SweepResultSchema = named(sweepResultSchema, 'SweepResult', cliDocument('sweep'));
