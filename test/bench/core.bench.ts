// Benchmarks of the statistics core: `npm run bench:core` prints one JSON object per metric.
// Times are CPU nanoseconds of this process (see bench-output.ts), best of several runs.
// Baseline: the npm `tdigest` package 0.1.3 at its defaults (delta 0.01, K 25), measured in this
// run on the same samples. Engine metrics (core_events_per_s, memory_1000_models_mb) belong in
// their own function at the end of this file, written with emit() from bench-output.ts.
import { createRequire } from 'node:module';
import { CategoricalCounts, ExactQuantiles, FeatureProfile, Moments, TDigest } from '../../services/core/sketches/index.js';
import { rankError } from '../../services/core/sketches/testing/rank-error.js';
import { sampleDistribution } from '../../services/core/sketches/testing/sample-distributions.js';
import { bestNsPerOp, emit } from './bench-output.js';

interface NpmTDigest {
  push(x: number): void;
  push_centroid(c: Array<{ mean: number; n: number }>): void;
  percentile(p: number): number;
  toArray(): Array<{ mean: number; n: number }>;
  size(): number;
}
const { TDigest: NpmTDigestClass } = createRequire(import.meta.url)('tdigest') as { TDigest: new () => NpmTDigest };
const BASELINE = 'npm tdigest 0.1.3 (defaults, same run)';

const SAMPLE_SIZE = 100_000;
const samples = sampleDistribution('normal', SAMPLE_SIZE, 7);
const exact = new ExactQuantiles(samples);
let sink = 0; // keeps results alive so the JIT cannot drop the work

function ours(values: Float64Array = samples): TDigest {
  const digest = new TDigest();
  for (const x of values) digest.add(x);
  return digest;
}

function theirs(values: Float64Array = samples): NpmTDigest {
  const digest = new NpmTDigestClass();
  for (const x of values) digest.push(x);
  return digest;
}

function maxRankErrorPct(quantile: (q: number) => number): number {
  const grid = [0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999];
  return 100 * Math.max(...grid.map((q) => rankError(exact, quantile(q), q)));
}

function benchTDigest(): void {
  // Each run ends with a quantile so the final merge pass is part of the amortised cost.
  const addNs = bestNsPerOp(SAMPLE_SIZE, 9, () => (sink += ours().quantile(0.5)));
  const npmAddNs = bestNsPerOp(SAMPLE_SIZE, 2, () => (sink += theirs().percentile(0.5)));
  emit({ metric: 'tdigest_add_ns', value: addNs, unit: 'CPU ns per add, amortised (100k normal values)', baseline: BASELINE, baseline_value: npmAddNs });

  const digest = ours();
  const npm = theirs();
  emit({ metric: 'tdigest_bytes', value: digest.serialize().length, unit: 'bytes serialized (100k normal values, δ = 100)', baseline: `${BASELINE}: centroid count × 16 bytes (float64 mean + count)`, baseline_value: npm.size() * 16 });
  emit({ metric: 'tdigest_centroids', value: digest.centroids().means.length, unit: 'centroids (100k normal values)', baseline: BASELINE, baseline_value: npm.size() });
  emit({ metric: 'tdigest_max_rank_error_pct', value: maxRankErrorPct((q) => digest.quantile(q)), unit: '% max rank error over q = 0.001…0.999 (100k normal values)', baseline: BASELINE, baseline_value: maxRankErrorPct((q) => npm.percentile(q)) });

  const qs = Float64Array.from({ length: 20_000 }, (_, i) => (i + 0.5) / 20_000);
  const quantileNs = bestNsPerOp(qs.length, 5, () => {
    for (const q of qs) sink += digest.quantile(q);
  });
  const npmQuantileNs = bestNsPerOp(qs.length, 3, () => {
    for (const q of qs) sink += npm.percentile(q);
  });
  emit({ metric: 'tdigest_quantile_ns', value: quantileNs, unit: 'CPU ns per quantile (merged digest)', baseline: BASELINE, baseline_value: npmQuantileNs });

  const lognormal = sampleDistribution('lognormal', SAMPLE_SIZE, 8);
  const other = ours(lognormal);
  const merges = 300;
  const mergeNs = bestNsPerOp(merges, 3, () => {
    for (let i = 0; i < merges; i++) sink += digest.clone().merge(other).count;
  });
  const npmOther = theirs(lognormal).toArray();
  const npmMerges = 20;
  const npmMergeNs = bestNsPerOp(npmMerges, 2, () => {
    for (let i = 0; i < npmMerges; i++) {
      const merged = new NpmTDigestClass();
      merged.push_centroid(npm.toArray());
      merged.push_centroid(npmOther);
      sink += merged.size();
    }
  });
  emit({ metric: 'tdigest_merge_us', value: mergeNs / 1000, unit: 'CPU µs per merge of two 100k-value digests (clone + merge)', baseline: `${BASELINE}: new digest + push_centroid of both`, baseline_value: npmMergeNs / 1000 });

  const bytes = digest.serialize();
  const codecNs = bestNsPerOp(2_000, 3, () => {
    for (let i = 0; i < 2_000; i++) sink += TDigest.deserialize(digest.serialize()).count;
  });
  emit({ metric: 'tdigest_codec_us', value: codecNs / 1000, unit: `CPU µs per serialize + deserialize (${bytes.length} bytes)`, baseline: null, baseline_value: null });
}

function benchOtherSketches(): void {
  const momentsNs = bestNsPerOp(SAMPLE_SIZE, 5, () => {
    const moments = new Moments();
    for (const x of samples) moments.add(x);
    sink += moments.variance;
  });
  emit({ metric: 'moments_add_ns', value: momentsNs, unit: 'CPU ns per add', baseline: null, baseline_value: null });

  const categories = Array.from({ length: SAMPLE_SIZE }, (_, i) => `c${Math.floor((samples[i]! + 5) * 30)}`);
  const categoricalNs = bestNsPerOp(SAMPLE_SIZE, 5, () => {
    const counts = new CategoricalCounts();
    for (const value of categories) counts.add(value);
    sink += counts.distinct;
  });
  emit({ metric: 'categorical_add_ns', value: categoricalNs, unit: 'CPU ns per add (~300 distinct values)', baseline: null, baseline_value: null });

  const profileNs = bestNsPerOp(SAMPLE_SIZE, 5, () => {
    const profile = new FeatureProfile({ kind: 'numeric' });
    for (const x of samples) profile.add(x);
    sink += profile.valid;
  });
  emit({ metric: 'feature_profile_add_ns', value: profileNs, unit: 'CPU ns per numeric value (t-digest + moments)', baseline: null, baseline_value: null });
}

benchTDigest();
benchOtherSketches();
if (Number.isNaN(sink)) process.exitCode = 1;
