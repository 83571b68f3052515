/**
 * The names nearest to a misspelt one, as a clause for an error message: `did you mean
 * "oilLongRun"?`, or '' when none is near. Nearness is the optimal-string-alignment edit
 * distance (insertions, deletions, substitutions and swaps of neighbours, each 1) between the
 * lower-cased names, so a wrong capital costs nothing; a name counts as near when at most a
 * third of its characters (and at least one) must change. Ties are all offered, up to three.
 * The command line, the API and the scenario loader share it, so a misspelling reads the same
 * everywhere.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = nearestNames(name, candidates);
  if (near.length === 0) return '';
  return `did you mean ${near.map((candidate) => `"${candidate}"`).join(' or ')}?`;
}

/** Most names offered at once. */
const MAX_SUGGESTIONS = 3;

function nearestNames(name: string, candidates: Iterable<string>): string[] {
  const lower = name.toLowerCase();
  const allowed = Math.max(1, Math.floor(name.length / 3));
  let best = Infinity;
  let nearest: string[] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance > allowed || distance > best) continue;
    if (distance < best) {
      best = distance;
      nearest = [];
    }
    nearest.push(candidate);
  }
  return nearest.sort().slice(0, MAX_SUGGESTIONS);
}

/** Optimal string alignment distance (Damerau's transpositions of neighbours, no edits inside them). */
function editDistance(a: string, b: string): number {
  const width = b.length + 1;
  let twoBack = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, twoBack[j - 2]! + 1);
      current[j] = distance;
    }
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[b.length]!;
}
