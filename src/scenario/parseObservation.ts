import type { Observation } from './scenarioSchema.js';

const OBSERVATION_PATTERN = /^([A-Za-z][A-Za-z0-9_.-]*)@(\d{4})(?::(\d{1,2}))?=(.+)$/;

/**
 * An observation written as on the command line: `NAME@YEAR=VALUE`, or `NAME@YEAR:MONTHS=VALUE`
 * for the cumulative January…MONTHS value (`turnover@2026:4=85.2`). The value is a number, or
 * the name of a regime for `regime`. The scenario checks the rest (names, years, domains).
 */
export function parseObservation(text: string): { readonly ok: true; readonly observation: Observation } | { readonly ok: false; readonly message: string } {
  const match = OBSERVATION_PATTERN.exec(text.trim());
  if (!match) return { ok: false, message: `expected NAME@YEAR=VALUE or NAME@YEAR:MONTHS=VALUE (e.g. oilPrice@2026=62, turnover@2026:4=85.2), got "${text}"` };
  const [, name, yearText, monthsText, valueText] = match;
  const number = Number(valueText);
  const value = valueText!.trim() !== '' && Number.isFinite(number) ? number : valueText!.trim();
  return {
    ok: true,
    observation: { name: name!, year: Number(yearText), ...(monthsText === undefined ? {} : { months: Number(monthsText) }), value },
  };
}
