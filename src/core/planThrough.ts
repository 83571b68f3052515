import type { ModelPlan } from './modelPlan.js';

/**
 * The plan cut to its first `yearCount` projected years: the same paths, with the same random
 * numbers (they are keyed by year), simulated no further — for a first pass that only needs
 * the years up to an observation.
 */
export function planThrough(plan: ModelPlan, yearCount: number): ModelPlan {
  const R = plan.regimeNames.length;
  const K = plan.sectorNames.length;
  const J = plan.logPrice.length / (plan.years.length * R * K);
  const { observed } = plan;
  return {
    ...plan,
    years: plan.years.slice(0, yearCount),
    logPrice: plan.logPrice.slice(0, yearCount * R * K * J),
    observed: {
      oilPrice: observed.oilPrice.slice(0, yearCount),
      rubPerCny: observed.rubPerCny.slice(0, yearCount),
      crudeVolume: observed.crudeVolume.slice(0, yearCount),
      regime: observed.regime.slice(0, yearCount),
    },
  };
}
