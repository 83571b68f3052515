/**
 * Confidence grades as the data files' notes write them, strongest first. Two-word grades
 * ("MEDIUM-HIGH") are listed before their first word so that a match takes the whole grade.
 */
export const CONFIDENCE_GRADES = ['HIGH-MEDIUM', 'HIGH', 'MEDIUM-HIGH', 'MEDIUM-LOW', 'MEDIUM', 'LOW-MEDIUM', 'LOW'] as const;
export type Confidence = (typeof CONFIDENCE_GRADES)[number];

const ANYWHERE = new RegExp(`\\b(${CONFIDENCE_GRADES.join('|')})\\b`);
const LEADING = new RegExp(`^\\s*(${CONFIDENCE_GRADES.join('|')})\\b`);
const OF_SPLIT = new RegExp(`\\b(${CONFIDENCE_GRADES.join('|')}) split\\b`);

/** The first confidence grade named in a note (`"PRIMARY (GACC …). HIGH confidence."` → HIGH), or null. */
export function confidenceOf(notes: string): Confidence | null {
  return (ANYWHERE.exec(notes)?.[1] as Confidence | undefined) ?? null;
}

/** The grade a note starts with (`"MEDIUM-HIGH; OFFICIAL …"`), or null: the partial-year and driver files lead with it. */
export function leadingConfidenceOf(notes: string): Confidence | null {
  return (LEADING.exec(notes)?.[1] as Confidence | undefined) ?? null;
}

/** The grade a note gives an export/import split (`"HIGH confidence total, MEDIUM split"` → MEDIUM), or null. */
export function splitConfidenceOf(notes: string): Confidence | null {
  return (OF_SPLIT.exec(notes)?.[1] as Confidence | undefined) ?? null;
}
