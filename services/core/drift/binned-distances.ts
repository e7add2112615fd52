/**
 * Distances between two binned distributions given as proportions over the same bins
 * (each summing to 1). Pure arithmetic: the caller chooses the bins.
 */

/** Population stability index Σ (c − r) ln(c / r), with empty proportions replaced by `floor`. */
export function populationStabilityIndex(reference: readonly number[], current: readonly number[], floor = 1e-4): number {
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] === 0 ? floor : (reference[i] ?? floor);
    const c = current[i] === 0 ? floor : (current[i] ?? floor);
    sum += (c - r) * Math.log(c / r);
  }
  return sum;
}

function klTerm(p: number, m: number): number {
  return p > 0 && m > 0 ? p * Math.log2(p / m) : 0;
}

/** Jensen–Shannon distance, log base 2 (0 ≤ value ≤ 1), like scipy's jensenshannon(base=2). */
export function jensenShannonDistance(reference: readonly number[], current: readonly number[]): number {
  const rTotal = reference.reduce((a, b) => a + b, 0);
  const cTotal = current.reduce((a, b) => a + b, 0);
  let divergence = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = (reference[i] ?? 0) / rTotal;
    const c = (current[i] ?? 0) / cTotal;
    const m = (r + c) / 2;
    divergence += 0.5 * klTerm(r, m) + 0.5 * klTerm(c, m);
  }
  return Math.sqrt(Math.max(0, divergence));
}

/** Hellinger distance sqrt(1 − Σ sqrt(r c)), in [0, 1]. */
export function hellingerDistance(reference: readonly number[], current: readonly number[]): number {
  let affinity = 0;
  for (let i = 0; i < reference.length; i++) affinity += Math.sqrt((reference[i] ?? 0) * (current[i] ?? 0));
  return Math.sqrt(Math.max(0, 1 - affinity));
}

/** L∞ distance max |c − r|. */
export function lInfinityDistance(reference: readonly number[], current: readonly number[]): number {
  let max = 0;
  for (let i = 0; i < reference.length; i++) max = Math.max(max, Math.abs((current[i] ?? 0) - (reference[i] ?? 0)));
  return max;
}
