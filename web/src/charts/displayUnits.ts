/**
 * How the page writes a number with its unit: levels (235.1 US$ bn, 41.9%), changes
 * (−6.93 US$ bn, −5.9 pp) and ranges (159.3–361.2 US$ bn). Money in US$ bn keeps one decimal
 * for a level and two for a change (as the command line prints them); shares and probabilities
 * are shown in percent, their changes in percentage points.
 */
export interface DisplayUnit {
  /** multiplies a value in the result's unit into the shown one (100 for a fraction) */
  readonly scale: number;
  /** after a level: " US$ bn", "%" */
  readonly level: string;
  /** after a change: " US$ bn", " pp" */
  readonly change: string;
  /** decimals of a level and of a change */
  readonly levelDigits: number;
  readonly changeDigits: number;
}

const MONEY: DisplayUnit = { scale: 1, level: ' US$ bn', change: ' US$ bn', levelDigits: 1, changeDigits: 2 };
const PERCENT: DisplayUnit = { scale: 100, level: '%', change: ' pp', levelDigits: 1, changeDigits: 1 };
/** a value already in percent (the charts' share axis) */
export const PERCENT_SHOWN: DisplayUnit = { ...PERCENT, scale: 1 };

/** The display of a result's unit: "USD bn", "fraction", "probability", or anything else as written. */
export function displayUnit(unit: string): DisplayUnit {
  if (unit === 'USD bn') return MONEY;
  if (unit === 'fraction' || unit === 'probability') return PERCENT;
  return { scale: 1, level: ` ${unit.replace(/^USD\b/, 'US$')}`, change: ` ${unit.replace(/^USD\b/, 'US$')}`, levelDigits: 2, changeDigits: 2 };
}

/** U+2212 for negative numbers, as in print; no sign for zero. */
function signedText(value: number, digits: number, plus: boolean): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value < 0 ? '−' : plus ? '+' : ''}${text}`;
}

/** "235.1 US$ bn", "41.9%". */
export function formatLevel(value: number, unit: DisplayUnit): string {
  return `${signedText(value * unit.scale, unit.levelDigits, false)}${unit.level}`;
}

/** "−6.93 US$ bn", "+1.2 pp". */
export function formatChange(value: number, unit: DisplayUnit): string {
  return `${signedText(value * unit.scale, unit.changeDigits, true)}${unit.change}`;
}

/** A change's standard error: "± 0.09 US$ bn". */
export function formatStandardError(value: number, unit: DisplayUnit): string {
  return `± ${(value * unit.scale).toFixed(unit.changeDigits)}${unit.change}`;
}

/** "159.3–361.2 US$ bn", "19.6–59.3%"; "−12.3 to +4.5 US$ bn" when the range holds a negative number; one number when both ends round alike. */
export function formatRange(low: number, high: number, unit: DisplayUnit): string {
  const digits = unit.levelDigits;
  const a = signedText(low * unit.scale, digits, false);
  const b = signedText(high * unit.scale, digits, false);
  if (a === b) return `${a}${unit.level}`;
  if (low < 0 || high < 0) return `${signedText(low * unit.scale, digits, true)} to ${signedText(high * unit.scale, digits, true)}${unit.level}`;
  return `${a}–${b}${unit.level}`;
}
