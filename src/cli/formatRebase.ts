import type { RebasePlan } from '../analysis/rebase/rebaseScenario.js';
import { formatIssue, type ScenarioIssue } from '../scenario/scenarioIssue.js';

/** What `tradecast rebase` did or would do. */
export interface RebaseReport {
  readonly file: string;
  readonly plan: RebasePlan;
  /** dotted paths of the fields the file holds and the re-base sets */
  readonly written: readonly string[];
  /** dotted paths the file inherits (extends) or lacks */
  readonly inherited: readonly string[];
  readonly parent: string | null;
  /** why the re-based text does not validate (nothing is written then) */
  readonly issues: readonly ScenarioIssue[];
  readonly wroteFile: boolean;
  readonly dryRun: boolean;
}

/** The diff-like summary: each changed field, old → new, and the row or rule behind it. */
export function formatRebase(report: RebaseReport): string {
  const { plan } = report;
  const lines: string[] = [`Re-basing ${report.file}: origin ${plan.fromOrigin} → ${plan.toOrigin}`];
  const values = plan.changes.filter((c) => c.path.at(-1) !== 'source');
  const sources = plan.changes.filter((c) => c.path.at(-1) === 'source');
  const held = (path: readonly (string | number)[]) => report.written.includes(path.join('.'));
  const width = Math.max(0, ...values.map((c) => c.path.join('.').length));
  const show = (value: number | string) => (typeof value === 'number' ? String(value) : JSON.stringify(value));
  if (values.length === 0) lines.push('', 'Nothing to change: the file already starts from this year of data.');
  else lines.push('', 'Changes (field: old → new, and where the new value comes from):');
  for (const change of values) {
    const mark = held(change.path) ? ' ' : '·';
    lines.push(`${mark} ${change.path.join('.').padEnd(width)}  ${show(change.from)} → ${show(change.to)}`);
    lines.push(`      ${change.basis}`);
  }
  const heldSources = sources.filter((c) => held(c.path)).map((c) => c.path.join('.'));
  if (heldSources.length > 0) lines.push('', `Source texts rewritten to match (${heldSources.length}): ${heldSources.join(', ')}`);
  if (report.inherited.length > 0) {
    lines.push(
      '',
      `· ${report.inherited.length} field(s) are not in this file${report.parent ? ` (they come from ${report.parent} through extends)` : ''}: not written here; re-base ${report.parent ?? 'the file that holds them'} instead.`,
    );
  }
  if (plan.kept.length > 0) lines.push('', 'Kept:', ...plan.kept.map((k) => `  ${k}`));
  if (plan.warnings.length > 0) lines.push('', 'Look at:', ...plan.warnings.map((w) => `  ${w}`));
  lines.push('');
  if (report.issues.length > 0) {
    lines.push('The re-based scenario does not validate; nothing was written:', ...report.issues.map((issue) => `  ${formatIssue(issue)}`));
  } else if (plan.changes.length === 0) {
    lines.push(`Nothing written: the scenario already starts from ${plan.toOrigin}.`);
  } else if (report.written.length === 0) {
    lines.push('Nothing written: this file holds none of the fields to change.');
  } else if (report.wroteFile) {
    lines.push(`Wrote ${report.file} (${report.written.length} fields; it validates at origin ${plan.toOrigin}). Next: run the tests, then rerun the figures that quote this scenario.`);
  } else {
    lines.push(`The re-based scenario validates at origin ${plan.toOrigin}. Dry run: nothing written; add --write to rewrite ${report.file}.`);
  }
  return lines.join('\n') + '\n';
}
