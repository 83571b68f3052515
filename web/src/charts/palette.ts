/** Colours of the page's charts: one per supplier, one per regime, and the projection's bands. */
export const SUPPLIER_COLOURS: Readonly<Record<string, string>> = {
  china: '#c8102e',
  west: '#1f4e9c',
  domestic: '#2e7d32',
  other: '#8d6e63',
};

export const REGIME_COLOURS: readonly string[] = ['#607d8b', '#d84315', '#43a047', '#8e24aa', '#f9a825'];

export const PROJECTION = {
  median: '#0b3d91',
  outerBand: 'rgba(11, 61, 145, 0.14)',
  innerBand: 'rgba(11, 61, 145, 0.30)',
  history: '#222222',
  pinnedMedian: '#e65100',
  pinnedBand: 'rgba(230, 81, 0, 0.12)',
  difference: '#6a1b9a',
  differenceBand: 'rgba(106, 27, 154, 0.18)',
} as const;

/** `#rrggbb` with an alpha, as rgba(). */
export function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}
