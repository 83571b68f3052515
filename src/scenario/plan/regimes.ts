import { PROBABILITY_SUM_TOLERANCE } from '../../core/defaults.js';
import { log1p } from '../../core/log1p.js';
import type { Scenario } from '../scenarioSchema.js';
import type { KnobScope, ReportProblem } from './knobExpressions.js';

/** The regimes' part of the plan, each array indexed by regime (the transition matrix by from × to). */
export interface CompiledRegimes {
  readonly initialRegime: number;
  /** row r: the cumulative probabilities of moving from r to each regime, the last exactly 1 */
  readonly transitionCumulative: Float64Array;
  readonly westernCap: Float64Array;
  /** the payment friction of each regime (a price wedge on China's goods) */
  readonly friction: Float64Array;
  /** the sanctions intensity of each regime (scales the sectors' sanctions wedges) */
  readonly intensity: Float64Array;
  /** log(1 − friction) relative to the initial regime's */
  readonly logFrictionFactor: Float64Array;
  readonly entryJumpExports: Float64Array;
  readonly entryJumpImports: Float64Array;
}

/** The regimes: transition probabilities (each row summing to 1), caps, frictions, intensities and entry jumps. */
export function compileRegimes(regimes: Scenario['regimes'], regimeNames: readonly string[], { numberAt }: KnobScope, problem: ReportProblem): CompiledRegimes {
  const R = regimeNames.length;
  const transitionCumulative = new Float64Array(R * R);
  const westernCap = new Float64Array(R);
  const friction = new Float64Array(R);
  const intensity = new Float64Array(R);
  const entryJumpExports = new Float64Array(R);
  const entryJumpImports = new Float64Array(R);
  regimeNames.forEach((name, r) => {
    const regime = regimes.states[name]!;
    const base = ['regimes', 'states', name];
    let cumulative = 0;
    regimeNames.forEach((to, c) => {
      // an own entry only: a regime named `toString` must not find Object.prototype's
      const value = Object.hasOwn(regime.transition, to) ? regime.transition[to] : undefined;
      const p = value === undefined ? 0 : numberAt(value, [...base, 'transition', to], (v) => (v >= 0 && v <= 1 ? null : 'a probability must lie in [0, 1]'));
      cumulative += p;
      transitionCumulative[r * R + c] = cumulative;
    });
    if (Number.isFinite(cumulative) && Math.abs(cumulative - 1) > PROBABILITY_SUM_TOLERANCE) {
      problem([...base, 'transition'], `probabilities sum to ${cumulative}, expected 1`);
    }
    transitionCumulative[r * R + R - 1] = 1;
    westernCap[r] = numberAt(regime.westernCap, [...base, 'westernCap'], (v) => (v > 0 && v <= 1 ? null : 'must lie in (0, 1]'));
    friction[r] = numberAt(regime.paymentFriction, [...base, 'paymentFriction'], (v) => (v >= 0 && v < 1 ? null : 'must lie in [0, 1)'));
    intensity[r] = numberAt(regime.sanctionsIntensity, [...base, 'sanctionsIntensity'], (v) => (v >= 0 ? null : 'must be ≥ 0'));
    entryJumpExports[r] = numberAt(regime.entryJump?.exports ?? 0, [...base, 'entryJump', 'exports']);
    entryJumpImports[r] = numberAt(regime.entryJump?.imports ?? 0, [...base, 'entryJump', 'imports']);
  });
  const initialRegime = Math.max(0, regimeNames.indexOf(regimes.initial));
  const logFrictionFactor = friction.map((f) => log1p(-f) - log1p(-friction[initialRegime]!));
  return { initialRegime, transitionCumulative, westernCap, friction, intensity, logFrictionFactor, entryJumpExports, entryJumpImports };
}
