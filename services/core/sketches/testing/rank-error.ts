import type { ExactQuantiles } from '../exact-quantiles.js';

/**
 * Distance from q to the exact rank interval [F(v−), F(v)] of an estimate v in the raw data:
 * 0 when v is a correct q-quantile, however many values tie at v.
 */
export function rankError(exact: ExactQuantiles, estimate: number, q: number): number {
  const below = exact.countBelow(estimate) / exact.count;
  const atMost = exact.countAtMost(estimate) / exact.count;
  return q < below ? below - q : q > atMost ? q - atMost : 0;
}
