// Seeded sample generators for sketch tests and benchmarks (never used by the services).

/** mulberry32: a small, fast, seedable 32-bit generator; two draws make a 53-bit uniform. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  const next32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

export type DistributionName = 'normal' | 'lognormal' | 'bimodal' | 'heavy-tailed-ties';
export const DISTRIBUTIONS: readonly DistributionName[] = ['normal', 'lognormal', 'bimodal', 'heavy-tailed-ties'];

function standardNormal(uniform: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * normal N(0, 1); lognormal exp(N(0, 1)); bimodal 0.7·N(0, 1) + 0.3·N(8, 0.5²);
 * heavy-tailed-ties floor(Pareto(α = 1.2, xₘ = 1)): ~56 % of values equal 1, long integer tail.
 */
export function sampleDistribution(name: DistributionName, size: number, seed: number): Float64Array {
  const uniform = seededUniform(seed);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    switch (name) {
      case 'normal':
        out[i] = standardNormal(uniform);
        break;
      case 'lognormal':
        out[i] = Math.exp(standardNormal(uniform));
        break;
      case 'bimodal':
        out[i] = uniform() < 0.7 ? standardNormal(uniform) : 8 + 0.5 * standardNormal(uniform);
        break;
      case 'heavy-tailed-ties':
        out[i] = Math.floor(Math.pow(1 - uniform(), -1 / 1.2));
        break;
    }
  }
  return out;
}
