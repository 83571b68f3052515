/**
 * Availability cap on the Western share, in log-ratio space (ratios to the domestic share).
 *
 * With log-ratios l_c, l_w, l_o (china, west, other; domestic is 0) the Western share is
 * e^{l_w} / (1 + e^{l_c} + e^{l_w} + e^{l_o}). If it exceeds `cap`, the Western ratio is set
 * so the share equals the cap exactly, and the excess goes to the other suppliers in
 * proportion to their shares (their ratios to each other are untouched):
 *   e^{l_w'} = cap/(1 − cap) · (1 + e^{l_c} + e^{l_o}).
 * `capOdds` is cap/(1 − cap) (Infinity for no cap). Takes and returns exponentials, which the
 * caller needs anyway to form the shares.
 */
export function cappedWesternRatio(chinaRatio: number, westernRatio: number, otherRatio: number, capOdds: number): number {
  const limit = capOdds * (1 + chinaRatio + otherRatio);
  return westernRatio > limit ? limit : westernRatio;
}
