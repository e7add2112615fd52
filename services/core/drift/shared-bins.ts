import type { QuantileSketch } from '../sketches/quantile-sketch.js';

/** Bin proportions of a reference and a current distribution over the same bins. */
export interface SharedBins {
  /** Inner edges, ascending and distinct; the outer edges are open (−∞, +∞). */
  readonly edges: readonly number[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
}

// Differences of two cdf values below this are sketch noise, not mass.
const NOISE = 1e-12;

/** Proportions in the right-closed bins (−∞, e1], (e1, e2], …, (ek, +∞) read from a sketch's cdf. */
export function binProportions(sketch: QuantileSketch, edges: readonly number[]): number[] {
  const proportions: number[] = [];
  let previous = 0;
  for (const edge of edges) {
    const cumulative = Math.min(1, Math.max(previous, sketch.cdf(edge)));
    proportions.push(cumulative - previous < NOISE ? 0 : cumulative - previous);
    previous = cumulative;
  }
  proportions.push(1 - previous < NOISE ? 0 : 1 - previous);
  return proportions;
}

/**
 * Bins at the reference's quantiles 1/k … (k−1)/k (deciles for k = 10). Ties in the reference
 * can make quantiles coincide; duplicates are dropped, so there may be fewer than k bins.
 * Both sketches must be non-empty.
 */
export function referenceQuantileBins(reference: QuantileSketch, current: QuantileSketch, binCount: number): SharedBins {
  const edges: number[] = [];
  for (let i = 1; i < binCount; i++) {
    const edge = reference.quantile(i / binCount);
    if (Number.isFinite(edge) && (edges.length === 0 || edge > (edges[edges.length - 1] ?? edge))) edges.push(edge);
  }
  return { edges, reference: binProportions(reference, edges), current: binProportions(current, edges) };
}
