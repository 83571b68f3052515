import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/scenario/didYouMean.js';

const KNOBS = ['sanctionsPersistence', 'westernWedge', 'paymentFriction', 'oilLongRun', 'substitutionSpeed', 'recyclingFeeWedge'];

describe('didYouMean', () => {
  it('offers the knob a wrong capital, a missing letter, a swap or a wrong letter away', () => {
    for (const typo of ['oilLongrun', 'oilLongRn', 'oilLnogRun', 'oilLongRum', 'OILLONGRUN']) expect(didYouMean(typo, KNOBS), typo).toBe('did you mean "oilLongRun"?');
  });

  it('offers nothing when no name is within a third of the typed one', () => {
    expect(didYouMean('colour', KNOBS)).toBe('');
    expect(didYouMean('oil', KNOBS)).toBe('');
  });

  it('offers every name at the least distance, sorted, and never the name itself', () => {
    expect(didYouMean('mean', ['mean', 'median', 'maen', 'meat', 'sd'])).toBe('did you mean "maen" or "meat"?');
    expect(didYouMean('volatility', ['volatility'])).toBe('');
  });

  it('compares dotted paths as whole names', () => {
    expect(didYouMean('oil.volatilty.mean', ['oil.volatility.mean', 'oil.volatility.sd', 'rouble.volatility.mean'])).toBe('did you mean "oil.volatility.mean"?');
  });
});
