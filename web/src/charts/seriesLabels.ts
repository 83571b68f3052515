/** What the page calls each headline series, and the unit on its axis. */
export const HEADLINE_LABELS = {
  turnover: { title: 'Russia–China trade turnover', axis: 'US$ bn (nominal, GACC)' },
  exportsToChina: { title: 'Russia’s exports to China', axis: 'US$ bn (nominal, GACC)' },
  importsFromChina: { title: 'Russia’s imports from China', axis: 'US$ bn (nominal, GACC)' },
} as const;

export type HeadlineSeries = keyof typeof HEADLINE_LABELS;
export const HEADLINE_SERIES = Object.keys(HEADLINE_LABELS) as HeadlineSeries[];

/** Human names of suppliers. */
export const SUPPLIER_LABELS: Readonly<Record<string, string>> = {
  china: 'China',
  west: 'West',
  domestic: 'Domestic',
  other: 'Other',
};
