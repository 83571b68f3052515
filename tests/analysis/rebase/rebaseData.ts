import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OriginData } from '../../../src/analysis/rebase/originFacts.js';
import { formatDataIssue } from '../../../src/scenario/dataIssue.js';
import { parseCarShareObservations, type HistoryYear } from '../../../src/scenario/history.js';
import { parseDriversHistory } from '../../../src/scenario/parseDriversHistory.js';
import { shippedScenariosDir } from '../../../src/scenario/projectPaths.js';

export const dataDir = join(shippedScenariosDir(), 'data');

/** The project's data as `tradecast rebase` reads it. */
export function projectOriginData(years: readonly HistoryYear[]): OriginData {
  const table = (file: string) => {
    const parsed = parseDriversHistory(readFileSync(join(dataDir, file), 'utf8'), file);
    if (!parsed.ok) throw new Error(parsed.issues.map(formatDataIssue).join('\n'));
    return { file, records: parsed.records };
  };
  return {
    turnoverFile: 'trade_turnover.csv',
    years,
    sectorSharesFile: 'sector_shares.csv',
    carShares: parseCarShareObservations(readFileSync(join(dataDir, 'sector_shares.csv'), 'utf8')),
    drivers: [table('drivers_history.csv'), table('drivers.csv')],
  };
}
