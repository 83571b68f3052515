import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The layer-rule messages ESLint gives `source` as if it were the file at `path` (relative to the root). */
async function layerErrors(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${root}${path}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the lint config holds the layers (eslint.config.js)', () => {
  it('refuses an import that runs back up a layer, types included', async () => {
    const refused: [string, string][] = [
      ['src/core/pretend.ts', "import { buildApp } from '../server/app.js';\nexport const x = buildApp;\n"],
      ['src/core/pretend.ts', "import type { Scenario } from '../scenario/scenarioSchema.js';\nexport type X = Scenario;\n"],
      ['src/core/pretend.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
      ['src/scenario/nowcast/pretend.ts', "import { prepareRun } from '../../run/preparedRun.js';\nexport const x = prepareRun;\n"],
      ['src/run/queue/pretend.ts', "import { compareScenarios } from '../../analysis/compare.js';\nexport const x = compareScenarios;\n"],
      ['src/analysis/backtest/pretend.ts', "import { main } from '../../cli/main.js';\nexport const x = main;\n"],
      ['src/analysis/pretend.ts', "import Fastify from 'fastify';\nexport const x = Fastify;\n"],
      ['web/src/pretend.ts', "import { buildApp } from '../../src/server/app.js';\nexport const x = buildApp;\n"],
      ['web/src/charts/pretend.ts', "import { main } from '../../../src/cli/main.js';\nexport const x = main;\n"],
      ['web/src/pretend.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ];
    for (const [path, source] of refused) expect(await layerErrors(path, source), `${path}: ${source}`).toHaveLength(1);
  });

  it('lets each layer import the layers below it, and the page the pure code it runs', async () => {
    const allowed: [string, string][] = [
      ['src/scenario/pretend.ts', "import { DEFAULT_SEED } from '../core/defaults.js';\nexport const x = DEFAULT_SEED;\n"],
      ['src/run/pretend.ts', "import { compilePlan } from '../scenario/compilePlan.js';\nexport const x = compilePlan;\n"],
      ['src/analysis/nowcast/pretend.ts', "import { prepareRun } from '../../run/preparedRun.js';\nexport const x = prepareRun;\n"],
      ['src/server/pretend.ts', "import { compareScenarios } from '../analysis/compare.js';\nexport const x = compareScenarios;\n"],
      ['web/src/pretend.ts', "import { resultCsv } from '../../src/run/resultCsv.js';\nexport const x = resultCsv;\n"],
    ];
    for (const [path, source] of allowed) expect(await layerErrors(path, source), `${path}: ${source}`).toEqual([]);
  });
});
