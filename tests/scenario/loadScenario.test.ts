import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../src/run/preparedRun.js';
import { resolveScenarioFile, resolveScenarioObject } from '../../src/scenario/loadScenario.js';
import { MAX_OVERRIDES } from '../../src/scenario/mergeScenario.js';
import { shippedScenariosDir } from '../../src/scenario/projectPaths.js';
import type { ScenarioIssue } from '../../src/scenario/scenarioIssue.js';
import { SHIPPED, shipped } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tradecast-load-'));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Loads a file and compiles it, returning the issues of whichever stage failed. */
function issuesOf(file: string, overrides: Record<string, unknown> = {}): readonly ScenarioIssue[] {
  const loaded = resolveScenarioFile(file, { overrides });
  if (!loaded.ok) return loaded.issues;
  const prepared = prepareRun(loaded.resolved, { paths: 1 });
  return prepared.ok ? [] : prepared.issues;
}

describe('shipped scenarios', () => {
  it.each(SHIPPED)('%s loads, validates and compiles', (id) => {
    expect(issuesOf(join(shippedScenariosDir(), `${id}.yaml`))).toEqual([]);
  });

  it('builds the alternatives on baseline in a few lines with extends', () => {
    for (const id of SHIPPED.filter((s) => s !== 'baseline')) {
      const text = readFileSync(join(shippedScenariosDir(), `${id}.yaml`), 'utf8');
      expect(text).toMatch(/^extends: baseline$/m);
      expect(text.split('\n').length).toBeLessThan(60);
    }
    const escalation = shipped('escalation');
    const baseline = shipped('baseline');
    expect(escalation.scenario.knobs.westernWedge!.value).toBe(0.3);
    expect(escalation.scenario.knobs.westernWedge!.label).toBe(baseline.scenario.knobs.westernWedge!.label);
    expect(escalation.scenario.sectors).toEqual(baseline.scenario.sectors);
  });
});

describe('errors name the file, the line and the field', () => {
  it('an unknown field', () => {
    const file = write('unknown-field.yaml', 'extends: baseline\nname: Typo\noil:\n  volatilty: 0.3\n');
    const [issue] = issuesOf(file);
    expect(issue).toMatchObject({ file: expect.stringContaining('unknown-field.yaml'), line: 4, path: ['oil', 'volatilty'] });
    expect(issue!.message).toBe('unknown field; did you mean "volatility"?');
  });

  it('a knob the parent does not have and that lacks what a knob needs: one message, with the nearest knob', () => {
    const typo = write('knob-typo.yaml', 'extends: baseline\nname: Typo\nknobs:\n  oilLongrun: { value: 50 }\n');
    expect(issuesOf(typo)).toEqual([
      {
        path: ['knobs', 'oilLongrun'],
        line: 4,
        file: expect.stringContaining('knob-typo.yaml'),
        message: 'unknown knob "oilLongrun"; did you mean "oilLongRun"? (a new knob needs min, max, unit, label and source besides its value; missing: min, max, unit, label, source)',
      },
    ]);
    const fresh = write('knob-new.yaml', 'extends: baseline\nname: New\nknobs:\n  tariffOnCars: { value: 0.1, min: 0, max: 1, unit: fraction }\n');
    expect(issuesOf(fresh)).toEqual([
      expect.objectContaining({ path: ['knobs', 'tariffOnCars'], line: 4, message: 'new knob "tariffOnCars" needs min, max, unit, label and source besides its value; missing: label, source' }),
    ]);
  });

  it('an override that names no knob or field: the --set key, with the nearest names', () => {
    const baseline = join(shippedScenariosDir(), 'baseline.yaml');
    expect(issuesOf(baseline, { oilLongrun: 50 })).toEqual([{ path: ['oilLongrun'], file: '--set oilLongrun', message: 'no knob or top-level field "oilLongrun"; did you mean "oilLongRun"?' }]);
    expect(issuesOf(baseline, { 'oil.volatilty.mean': 0.3 })).toEqual([
      { path: ['oil', 'volatilty', 'mean'], file: '--set oil.volatilty.mean', message: 'no field "oil.volatilty.mean" in the scenario; did you mean "oil.volatility.mean"?' },
    ]);
    expect(issuesOf(baseline, { colour: 'red' })[0]?.message).toMatch(/^no knob or top-level field "colour"; knobs: sanctionsPersistence, westernWedge, .*; a field is named by its dotted path/);
  });

  it('a wrong type, at the line of the field', () => {
    const file = write('wrong-type.yaml', 'extends: baseline\nname: Wrong\nhorizon: "soon"\n');
    expect(issuesOf(file)).toEqual([expect.objectContaining({ line: 3, path: ['horizon'], message: expect.stringContaining('number') })]);
  });

  it('a missing field', () => {
    const raw = readFileSync(join(shippedScenariosDir(), 'baseline.yaml'), 'utf8').replace(/^description:[^\n]*\n(  [^\n]*\n)*/m, '');
    const copy = write('missing.yaml', raw.replaceAll('data/', `${shippedScenariosDir()}/data/`));
    const issues = issuesOf(copy);
    expect(issues.some((i) => i.path.join('.') === 'description')).toBe(true);
  });

  it('a YAML syntax error with its line', () => {
    const file = write('syntax.yaml', 'extends: baseline\nname: [unclosed\ndescription: x\n');
    const [issue] = issuesOf(file);
    expect(issue?.file).toContain('syntax.yaml');
    expect(issue?.line).toBeGreaterThanOrEqual(2);
    expect(issue?.message).toMatch(/syntax/i);
  });

  it('a transition row that does not sum to 1, after evaluating the knobs', () => {
    const file = write('rows.yaml', 'extends: baseline\nregimes:\n  states:\n    thaw:\n      transition:\n        thaw: 0.9\n        statusQuo: 0.3\n');
    const [issue] = issuesOf(file);
    expect(issue).toMatchObject({ line: 5, path: ['regimes', 'states', 'thaw', 'transition'] });
    expect(issue!.message).toContain('sum to');
  });

  it('a correlation matrix that is not positive definite', () => {
    const file = write('not-pd.yaml', 'extends: baseline\ncorrelation:\n  source: test\n  matrix:\n    - [1, -0.9, 0.9, 0]\n    - [-0.9, 1, 0.9, 0]\n    - [0.9, 0.9, 1, 0]\n    - [0, 0, 0, 1]\n');
    const [issue] = issuesOf(file);
    expect(issue).toMatchObject({ line: 4, path: ['correlation', 'matrix'] });
    expect(issue!.message).toContain('positive definite');
  });

  it('an unbounded distribution where the model needs a bounded one', () => {
    const file = write('support.yaml', 'extends: baseline\nsectors:\n  cars:\n    adjustmentSpeed: { dist: normal, mean: 0.5, sd: 0.2, source: test }\n');
    const [issue] = issuesOf(file);
    expect(issue).toMatchObject({ line: 4, path: ['sectors', 'cars', 'adjustmentSpeed'] });
    expect(issue!.message).toContain('[0, 1]');
  });

  it('a circular extends and an extends to a missing file', () => {
    write('a.yaml', 'extends: ./b.yaml\n');
    const b = write('b.yaml', 'extends: ./a.yaml\n');
    expect(issuesOf(b)[0]?.message).toContain('circular');
    const missing = write('missing-parent.yaml', 'name: x\nextends: ./nowhere.yaml\n');
    expect(issuesOf(missing)[0]).toMatchObject({ line: 2, path: ['extends'], message: expect.stringContaining('does not exist') });
  });

  it('a path outside the scenario folder, unless the caller reads outside it', () => {
    mkdirSync(join(dir, 'inner'), { recursive: true });
    const file = write('inner/escape.yaml', 'extends: ../a.yaml\n');
    expect(issuesOf(file)[0]?.message).toContain('outside');
    const data = write('inner/data-escape.yaml', 'extends: baseline\ndata:\n  turnover: /etc/passwd\n');
    expect(issuesOf(data)[0]).toMatchObject({ path: ['data', 'turnover'], line: 3, message: expect.stringContaining('outside') });
    const unconfined = resolveScenarioFile(data, { readOutsideFolder: true });
    expect(unconfined.ok).toBe(false);
    if (!unconfined.ok) expect(unconfined.issues[0]).toMatchObject({ path: ['data', 'turnover'], message: expect.stringContaining('no PRIMARY rows') });
  });

  it('names the folder when it is the working directory', () => {
    const here = process.cwd();
    mkdirSync(join(dir, 'cwd'), { recursive: true });
    const file = write('cwd/escape.yaml', 'extends: ../a.yaml\n');
    try {
      process.chdir(join(dir, 'cwd'));
      expect(issuesOf(file)[0]?.message).toContain("outside the scenario's folder (.)");
    } finally {
      process.chdir(here);
    }
  });

  it('an extends through a symbolic link that leads out of the folder', () => {
    const outside = mkdtempSync(join(tmpdir(), 'tradecast-outside-'));
    writeFileSync(join(outside, 'secret.yaml'), 'name: secret\n');
    mkdirSync(join(dir, 'linked'), { recursive: true });
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'linked', 'parent.yaml'));
    const child = write('linked/child.yaml', 'extends: ./parent.yaml\nname: child\n');
    expect(issuesOf(child)[0]).toMatchObject({ path: ['extends'], line: 1, message: expect.stringContaining('a link to a file outside') });
  });

  it('a data path that is a folder, named without the absolute path of the installation', () => {
    const loaded = resolveScenarioObject({ extends: 'baseline', data: { turnover: 'data' } }, { displayPath: () => 'scenarios/data' });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.issues[0]).toMatchObject({ path: ['data', 'turnover'], message: 'scenarios/data is not a file' });
    expect(JSON.stringify(loaded.issues)).not.toContain(shippedScenariosDir());
  });

  it('an alias bomb is refused, not expanded', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++)
      bomb.push(
        `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]}]`,
      );
    const started = performance.now();
    const issues = issuesOf(write('bomb.yaml', bomb.join('\n') + '\n'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(issues[0]?.message).toMatch(/alias/i);
  });

  it('an override that breaks the scenario names the --set key', () => {
    const issues = issuesOf(join(shippedScenariosDir(), 'baseline.yaml'), { 'oil.volatility.sd': -1 });
    expect(issues[0]).toMatchObject({ file: '--set oil.volatility.sd', path: ['oil', 'volatility', 'sd'] });
  });
});

describe('a copied scenario finds its data', () => {
  const baselineText = readFileSync(join(shippedScenariosDir(), 'baseline.yaml'), 'utf8');

  it('reads the shipped data when the copy has none beside it, and runs as the original', () => {
    mkdirSync(join(dir, 'copy'), { recursive: true });
    const copy = write('copy/baseline.yaml', baselineText);
    const loaded = resolveScenarioFile(copy, { displayPath: (absolute) => absolute });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.resolved.dataFiles).toEqual({ turnover: join(shippedScenariosDir(), 'data', 'trade_turnover.csv'), sectorShares: join(shippedScenariosDir(), 'data', 'sector_shares.csv') });
    expect(loaded.resolved.history).toEqual(shipped('baseline').history);
  });

  it('prefers data beside the copy', () => {
    mkdirSync(join(dir, 'own-data', 'data'), { recursive: true });
    const turnover = readFileSync(join(shippedScenariosDir(), 'data', 'trade_turnover.csv'), 'utf8');
    write('own-data/data/trade_turnover.csv', turnover);
    const copy = write('own-data/baseline.yaml', baselineText);
    const loaded = resolveScenarioFile(copy, { displayPath: (absolute) => absolute });
    expect(loaded.ok && loaded.resolved.dataFiles).toEqual({ turnover: join(dir, 'own-data', 'data', 'trade_turnover.csv'), sectorShares: join(shippedScenariosDir(), 'data', 'sector_shares.csv') });
  });

  it('says where it looked when the data is nowhere', () => {
    const copy = write('nowhere.yaml', baselineText.replace('data/trade_turnover.csv', 'data/my_turnover.csv'));
    const issues = issuesOf(copy);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      path: ['data', 'turnover'],
      message: expect.stringMatching(/"data\/my_turnover\.csv" not found beside the scenario \(looked for .*my_turnover\.csv\) nor among the shipped data/),
    });
  });

  it('reads ../ and absolute data paths when the caller allows it', () => {
    mkdirSync(join(dir, 'common'), { recursive: true });
    mkdirSync(join(dir, 'mine'), { recursive: true });
    write('common/turnover.csv', readFileSync(join(shippedScenariosDir(), 'data', 'trade_turnover.csv'), 'utf8'));
    const relative = write('mine/relative.yaml', 'extends: baseline\ndata:\n  turnover: ../common/turnover.csv\n');
    const absolute = write('mine/absolute.yaml', `extends: baseline\ndata:\n  turnover: ${join(dir, 'common', 'turnover.csv')}\n`);
    for (const file of [relative, absolute]) {
      expect(resolveScenarioFile(file).ok).toBe(false);
      const loaded = resolveScenarioFile(file, { readOutsideFolder: true, displayPath: (absolutePath) => absolutePath });
      expect(loaded.ok && loaded.resolved.dataFiles?.turnover).toBe(join(dir, 'common', 'turnover.csv'));
    }
  });
});

describe('overrides and inline scenarios', () => {
  it('--set NAME=value sets a knob; a dotted key sets a field', () => {
    const resolved = shipped('baseline', { westernWedge: 0.5, 'oil.volatility.mean': 0.35 });
    expect(resolved.scenario.knobs.westernWedge!.value).toBe(0.5);
    expect(resolved.scenario.oil.volatility).toMatchObject({ dist: 'truncnormal', mean: 0.35 });
  });

  it('an inline scenario may extend a shipped one by id', () => {
    const loaded = resolveScenarioObject({ extends: 'baseline', name: 'Inline test' });
    expect(loaded.ok && loaded.resolved.scenario.name).toBe('Inline test');
    expect(loaded.ok && loaded.resolved.id).toBe('inline');
  });

  it('blames the inline scenario, not the file it extends, for a field the inline scenario sets', () => {
    const loaded = resolveScenarioObject({ extends: 'baseline', knobs: { oilLongRun: { value: 500 } } });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.issues).toEqual([{ path: ['knobs', 'oilLongRun', 'value'], message: expect.stringContaining('outside [min, max]'), file: '(inline scenario)' }]);
  });

  it('refuses overrides that would reach a prototype, naming the key, instead of dropping them', () => {
    for (const key of ['__proto__', 'constructor', 'prototype', 'knobs.__proto__.value', 'oil.constructor', 'sectors.cars.prototype.x']) {
      const loaded = resolveScenarioFile(join(shippedScenariosDir(), 'baseline.yaml'), { overrides: { [key]: 1 } });
      expect(loaded.ok, key).toBe(false);
      if (!loaded.ok) expect(loaded.issues, key).toEqual([expect.objectContaining({ file: expect.stringMatching(/^--set /), message: expect.stringContaining(`cannot set "${key}"`) })]);
    }
    expect(({} as Record<string, unknown>).value).toBeUndefined(); // nothing reached Object.prototype
  });

  it('refuses more than MAX_OVERRIDES overrides at once, and locates the issues of many in linear time', () => {
    const many = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`knobs.k${i}.value`, 1]));
    const refused = resolveScenarioFile(join(shippedScenariosDir(), 'baseline.yaml'), { overrides: many(MAX_OVERRIDES + 1) });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues).toEqual([expect.objectContaining({ message: `${MAX_OVERRIDES + 1} overrides; at most ${MAX_OVERRIDES} are taken at once` })]);
    // the most allowed, each a new knob that lacks its other fields: an issue for each, located
    const started = performance.now();
    const loaded = resolveScenarioFile(join(shippedScenariosDir(), 'baseline.yaml'), { overrides: many(MAX_OVERRIDES) });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(new Set(loaded.issues.map((issue) => issue.path[1])).size).toBe(MAX_OVERRIDES);
      expect(loaded.issues.every((issue) => issue.file !== undefined)).toBe(true);
    }
    // measured ≈ 60 ms here; the quadratic lookup it replaces took ≈ 1 s for 2,000 and 9.6 s for 8,000
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('merges an inline scenario with thousands of fields in linear time, and names a few of its unknown keys', () => {
    const cars = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`x${i}`, 1]));
    const started = performance.now();
    const loaded = resolveScenarioObject({ extends: 'baseline', sectors: { cars } });
    // measured ≈ 0.3 s here; the quadratic merge took ≈ 0.2 s for 2,000 fields and minutes for 20,000
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.issues[0]!.message).toBe('unknown field (also "x1", "x2", "x3", "x4", "x5" and 19994 more); check the spelling (the JSON Schema lists the fields)');
      expect(loaded.issues[0]!.file).toBe('(inline scenario)');
    }
  });

  it('a regime named like a member of Object.prototype is an ordinary regime', () => {
    const baseline = shipped('baseline').scenario;
    const states = Object.fromEntries(
      Object.entries(baseline.regimes.states).map(([name, regime]) => [
        name === 'thaw' ? 'toString' : name,
        { ...regime, transition: Object.fromEntries(Object.entries(regime.transition).map(([to, p]) => [to === 'thaw' ? 'toString' : to, p])) },
      ]),
    );
    const loaded = resolveScenarioObject({ ...baseline, regimes: { ...baseline.regimes, states } });
    expect(loaded.ok && loaded.resolved.scenario.regimes.states.toString).toBeDefined();
    if (loaded.ok) expect(prepareRun(loaded.resolved, { paths: 10 }).ok).toBe(true);
  });

  it('an inline scenario cannot read files outside the scenarios folder', () => {
    const loaded = resolveScenarioObject({ extends: 'baseline', data: { turnover: '../package.json' } });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.issues[0]?.message).toContain('outside');
  });
});
