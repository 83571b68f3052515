import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './cli/cliHarness.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const bin = join(root, 'bin', 'tradecast.js');

/** The text of a `## heading` section of a Markdown file, up to the next `## `. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The fenced code blocks of a Markdown text, in order, with their info strings. */
function fencedBlocks(markdown: string): { info: string; body: string }[] {
  const blocks: { info: string; body: string }[] = [];
  const fence = /^```(.*)\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) blocks.push({ info: match[1]!.trim(), body: match[2]! });
  return blocks;
}

/** Shell commands of a block: one a line, a here-document kept whole with its command. */
function commandsOf(block: string): string[] {
  const commands: string[] = [];
  const lines = block.split('\n').filter((line) => line.trim() !== '');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /<<'?(\w+)'?/.exec(lines[i]!);
    if (!heredoc) {
      commands.push(lines[i]!);
      continue;
    }
    const body = [lines[i]!];
    while (i + 1 < lines.length && lines[i] !== heredoc[1]) body.push(lines[++i]!);
    commands.push(`${body.join('\n')}\n`);
  }
  return commands;
}

function sh(command: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile('bash', ['-c', command], { cwd, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('README: "Your first scenario in five minutes"', () => {
  const text = section(readme, 'Your first scenario in five minutes');
  const blocks = fencedBlocks(text);

  it('runs as written in an empty folder, and prints what the README says it prints', async () => {
    if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
    expect(blocks.length, 'a block of commands, then a block of what they print').toBeGreaterThanOrEqual(2);
    const commands = commandsOf(blocks[0]!.body);
    expect(commands.filter((command) => command.startsWith('npx tradecast ')).length).toBeGreaterThanOrEqual(3);
    const folder = mkdtempSync(join(tmpdir(), 'tradecast-readme-'));
    let printed = '';
    for (const command of commands) {
      // `npx tradecast` in the clone is the built command; run it as such from the temporary folder
      const runnable = command.replace(/^npx tradecast /, `"${process.execPath}" "${bin}" `);
      const outcome = await sh(runnable, folder);
      expect({ command, code: outcome.code, stderr: outcome.stderr }).toEqual({ command, code: 0, stderr: '' });
      printed += outcome.stdout;
    }
    const promised = blocks[1]!.body.split('\n').filter((line) => line.trim() !== '' && line.trim() !== '…');
    expect(promised.length).toBeGreaterThan(0);
    for (const line of promised) expect(printed, `README promises the line\n${line}`).toContain(line);
  }, 180_000);
});

/** Markdown files of the repository, outside installed and built folders. */
function markdownFiles(folder = root): string[] {
  const skip = new Set(['node_modules', '.git', 'dist']);
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : markdownFiles(join(folder, entry.name));
    return entry.name.endsWith('.md') ? [join(folder, entry.name)] : [];
  });
}

/** Pages a link may name before they exist: none (every page linked is in the repository). */
const PAGES_ON_ANOTHER_BRANCH = new Set<string>();

describe('documentation links', () => {
  const pages = [
    join(root, 'README.md'),
    ...readdirSync(join(root, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => join(root, 'docs', name)),
  ];

  it('every relative link in README.md and docs/*.md points to a file that exists', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      const text = readFileSync(page, 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
        const path = resolve(dirname(page), decodeURI(target.split('#')[0]!));
        const fromRoot = relative(root, path);
        checked++;
        if (!existsSync(path) && !PAGES_ON_ANOTHER_BRANCH.has(fromRoot)) broken.push(`${relative(root, page)}: ${target}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(broken).toEqual([]);
  });

  it('no Markdown file cites documents that are not in the repository', () => {
    const citing = markdownFiles().flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [/DESIGN\.md/, /STYLE\.md/, /\.\.\/shared/, /DESIGN §/, /\bSTYLE \d/].filter((pattern) => pattern.test(text)).map((pattern) => `${relative(root, file)}: ${pattern.source}`);
    });
    expect(citing).toEqual([]);
  });
});
