import type { CentroidArrays } from './t-digest-compress.js';

// Shared constant views (flushes are synchronous): every buffered point is a pure centroid.
let unitWeights = new Float64Array(0);
let allPure = new Uint8Array(0);

/** Sorts buffered points in place (weights follow their values) and views them as pure centroids. */
export function sortBuffer(values: Float64Array, weights: Float64Array | undefined): CentroidArrays {
  if (allPure.length < values.length) {
    allPure = new Uint8Array(values.length).fill(1);
    unitWeights = new Float64Array(values.length).fill(1);
  }
  if (weights === undefined) {
    values.sort();
    return { means: values, weights: unitWeights, pure: allPure };
  }
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const sortedValues = Float64Array.from(order, (i) => values[i] as number);
  const sortedWeights = Float64Array.from(order, (i) => weights[i] as number);
  values.set(sortedValues);
  weights.set(sortedWeights);
  return { means: values, weights, pure: allPure };
}
