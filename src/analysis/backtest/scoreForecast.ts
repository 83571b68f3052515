import { crpsSample } from '../../core/crpsSample.js';
import { pinballLoss } from '../../core/pinballLoss.js';
import { probabilityIntegralTransform } from '../../core/probabilityIntegralTransform.js';
import { sampleQuantile } from '../../core/sampleQuantile.js';
import { sortSampleInPlace } from '../../core/sortedSample.js';
import { COVERAGE_LEVELS, PINBALL_LEVELS } from '../defaults.js';

/** Scores of one forecast distribution (a sample) against the value that came. */
export interface ForecastScore {
  /** fair CRPS, in the unit of the forecast variable */
  readonly crps: number;
  /** mean pinball loss over PINBALL_LEVELS */
  readonly pinball: number;
  /** probability integral transform: share of the sample below the observation */
  readonly pit: number;
  /** for each of COVERAGE_LEVELS, whether the central interval held the observation */
  readonly covered: readonly boolean[];
  readonly median: number;
  readonly p5: number;
  readonly p95: number;
}

/** Scores a sample forecast (sorts `sample` in place). */
export function scoreForecast(sample: Float64Array, observed: number): ForecastScore {
  const sorted = sortSampleInPlace(sample);
  let pinball = 0;
  for (const level of PINBALL_LEVELS) pinball += pinballLoss(sampleQuantile(sorted, level), level, observed);
  return {
    crps: crpsSample(sorted, observed),
    pinball: pinball / PINBALL_LEVELS.length,
    pit: probabilityIntegralTransform(sorted, observed),
    covered: COVERAGE_LEVELS.map((level) => {
      const tail = (1 - level) / 2;
      return sampleQuantile(sorted, tail) <= observed && observed <= sampleQuantile(sorted, 1 - tail);
    }),
    median: sampleQuantile(sorted, 0.5),
    p5: sampleQuantile(sorted, 0.05),
    p95: sampleQuantile(sorted, 0.95),
  };
}
