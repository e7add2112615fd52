// Window engine benchmarks: `node --expose-gc --import tsx test/bench/core-throughput.bench.ts`.
// Prints one JSON object per metric (bench-output.ts). The baseline is the same loop with the npm
// `tdigest` 0.1.3 package as the numeric sketch of every feature and distribution, measured in
// this run. Sizes can be reduced with BENCH_SCALE (e.g. 0.2) on a slow machine.
import { createRequire } from 'node:module';
import type { PredictionEvent } from '../../services/contracts/index.js';
import {
  ExactClassificationScorer,
  ExactRegressionScorer,
  ModelWindowProfile,
  parseModelKey,
  sketchProfileParts,
  type FeatureSummary,
  type NumberSummary,
  type ProfileParts,
  type ProfileSettings,
} from '../../services/core/profile/index.js';
import { TumblingWindows } from '../../services/core/windows/index.js';
import { emit } from './bench-output.js';
import { benchDecode, benchTopologySnapshot } from './topology-and-decode.bench.js';

interface NpmTDigest {
  push(x: number): void;
}
const { TDigest: NpmTDigestClass } = createRequire(import.meta.url)('tdigest') as { TDigest: new () => NpmTDigest };
const BASELINE = 'npm tdigest 0.1.3 as the numeric sketch (same loop, same run)';

const HOUR = 3_600_000;
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const NUMERIC_FEATURES = 15;
const CATEGORICAL_FEATURES = 5;
const settings: ProfileSettings = { positiveLabel: 'yes', protectedAttributes: ['gender'], maxGroupsPerAttribute: 64, maxClasses: 64 };

/** The baseline's numeric sketch: npm tdigest plus a count, like a minimal feature profile. */
class NpmNumberSummary implements NumberSummary {
  private readonly digest = new NpmTDigestClass();
  private n = 0;
  add(value: number): void {
    if (!Number.isFinite(value)) return;
    this.digest.push(value);
    this.n += 1;
  }
  sampleMoments() {
    return { n: this.n, mean: Number.NaN, sampleVariance: Number.NaN };
  }
  merge(): this {
    return this;
  }
  clone(): this {
    return this;
  }
  serialize(): Uint8Array {
    return new Uint8Array();
  }
}

class NpmFeatureSummary implements FeatureSummary {
  private readonly numbers = new NpmNumberSummary();
  private readonly categories = new Map<string, number>();
  private missing = 0;
  private typeErrors = 0;
  add(value: unknown): void {
    if (value === null) this.missing += 1;
    else if (typeof value === 'number') this.numbers.add(value);
    else if (typeof value === 'string' || typeof value === 'boolean') {
      const category = String(value);
      this.categories.set(category, (this.categories.get(category) ?? 0) + 1);
    } else this.typeErrors += 1;
  }
  merge(): this {
    return this;
  }
  clone(): this {
    return this;
  }
  serialize(): Uint8Array {
    return new Uint8Array();
  }
}

const npmParts: ProfileParts = {
  id: 'npm-tdigest-baseline',
  featureSummary: () => new NpmFeatureSummary(),
  readFeatureSummary: () => new NpmFeatureSummary(),
  numberSummary: () => new NpmNumberSummary(),
  readNumberSummary: () => new NpmNumberSummary(),
  classificationScorer: () => new ExactClassificationScorer(),
  readClassificationScorer: () => new ExactClassificationScorer(),
  regressionScorer: () => new ExactRegressionScorer(),
  readRegressionScorer: () => new ExactRegressionScorer(),
};

/** A pool of already-decoded feature records (events share them, as decoded batches would). */
function featurePool(size: number): Record<string, number | string>[] {
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  return Array.from({ length: size }, () => {
    const features: Record<string, number | string> = {};
    for (let f = 0; f < NUMERIC_FEATURES; f++) features[`num_${f}`] = f * 10 + random() * 100;
    for (let f = 0; f < CATEGORICAL_FEATURES; f++) features[`cat_${f}`] = `c${Math.floor(random() * 12)}`;
    return features;
  });
}

const pool = featurePool(4_096);

function event(i: number, models: number, eventTime: number): PredictionEvent {
  // Continuous scores and latencies: npm tdigest slows down by orders of magnitude on heavy ties.
  const score = ((i * 2654435761) % 1_000_003) / 1_000_003;
  return {
    eventId: `e${i}`,
    modelId: `model-${i % models}`,
    modelVersion: 'v1',
    deploymentRole: 'champion',
    requestId: `r${i}`,
    predictionId: `p${i}`,
    eventTime,
    features: pool[i % pool.length] ?? {},
    prediction: { label: score >= 0.5 ? 'yes' : 'no', probabilities: { yes: score, no: 1 - score }, value: null },
    attributes: { gender: i % 2 === 0 ? 'f' : 'm' },
    latencyMs: 5 + score * 20,
  };
}

function windows(parts: ProfileParts): TumblingWindows<ModelWindowProfile> {
  return new TumblingWindows({
    spec: { sizeMs: HOUR, graceMs: 5 * 60_000 },
    maxTrackedEventIdsPerWindow: 100_000,
    createState: (key, bounds) => ModelWindowProfile.forWindow(parseModelKey(key), bounds, settings, parts),
  });
}

/**
 * Pipes pre-built events through window assignment, dedup and profile updates; events per
 * second of this process's CPU time (user + system), so other load on a shared machine does not
 * count against us. Parallel GC threads add to CPU time, which makes the figure conservative.
 */
function throughput(parts: ProfileParts, events: PredictionEvent[]): number {
  const engine = windows(parts);
  const start = process.cpuUsage();
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e === undefined) continue;
    engine.offer(`${e.modelId}|${e.modelVersion}|${e.deploymentRole}`, e.eventTime, e.eventId, (profile) => {
      profile.addPrediction(e);
    });
    if (i % 5_000 === 0) engine.advanceWatermark(e.eventTime - 10 * 60_000);
  }
  engine.advanceWatermark(Number.MAX_SAFE_INTEGER);
  const used = process.cpuUsage(start);
  return events.length / ((used.user + used.system) / 1e6);
}

function bestThroughput(parts: ProfileParts, events: PredictionEvent[], repeats: number): number {
  let best = 0;
  for (let r = 0; r < repeats; r++) best = Math.max(best, throughput(parts, events));
  return best;
}

/** Heap growth (MB, after full GC) of `models` models × 2 open windows filled with `perWindow` events each. */
function openWindowMemoryMb(parts: ProfileParts, models: number, perWindow: number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  const before = process.memoryUsage().heapUsed;
  const engine = windows(parts);
  let i = 0;
  for (let w = 0; w < 2; w++) {
    for (let n = 0; n < perWindow; n++) {
      for (let m = 0; m < models; m++) {
        const e = event(i++, models, w * HOUR + n);
        engine.offer(`${e.modelId}|v1|champion`, e.eventTime, e.eventId, (profile) => {
          profile.addPrediction(e);
        });
      }
    }
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  if (engine.openWindowCount() !== 2 * models) throw new Error(`expected ${2 * models} open windows, got ${engine.openWindowCount()}`);
  return (after - before) / 1024 / 1024;
}

const EVENTS = Math.round(150_000 * SCALE);
const BASELINE_EVENTS = Math.round(10_000 * SCALE);
const MODELS = 100;
const events = Array.from({ length: EVENTS }, (_, i) => event(i, MODELS, Math.floor((i * 2 * HOUR) / EVENTS)));
throughput(sketchProfileParts, events.slice(0, Math.round(EVENTS / 3))); // warm up the JIT
emit({
  metric: 'core_events_per_s',
  value: bestThroughput(sketchProfileParts, events, 2),
  unit: `events per CPU-second, one thread (${NUMERIC_FEATURES} numeric + ${CATEGORICAL_FEATURES} categorical features, ${MODELS} models, hourly windows, dedup on; best of 2 × ${EVENTS})`,
  baseline: `${BASELINE}, best of 2 × ${BASELINE_EVENTS} events`,
  baseline_value: bestThroughput(npmParts, events.slice(0, BASELINE_EVENTS), 2),
});

// 1,050 events per window: past the t-digest's first merge pass (buffer 10·δ = 1,000), so the
// buffers are fully allocated and the sketches are at their steady size.
const PER_WINDOW = Math.max(100, Math.round(1_050 * SCALE));
const BASELINE_MODELS = 10;
emit({
  metric: 'memory_1000_models_mb',
  value: openWindowMemoryMb(sketchProfileParts, 1_000, PER_WINDOW),
  unit: `MB heapUsed delta after GC, 1000 models × 20 features × 2 open windows, ${PER_WINDOW} events per window (incl. dedup id sets)`,
  baseline: `${BASELINE}: ${BASELINE_MODELS} models measured, × ${1_000 / BASELINE_MODELS}`,
  baseline_value: openWindowMemoryMb(npmParts, BASELINE_MODELS, PER_WINDOW) * (1_000 / BASELINE_MODELS),
});

benchDecode(events);
// Checkpoint cost is the processor's concern and takes seconds: `npm run bench:checkpoint` adds it,
// keeping `bench:core` within its one-minute budget.
if (process.env['BENCH_TOPOLOGY'] === '1') benchTopologySnapshot(events);
