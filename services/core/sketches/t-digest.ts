import { VigilError } from '../../shared/errors.js';
import type { QuantileSketch } from './quantile-sketch.js';
import { compress, type CentroidArrays } from './t-digest-compress.js';
import { cdfOf, cdfsOfAscending, quantileOf, quantilesOfAscending, type DigestView } from './t-digest-interpolate.js';
import { sortBuffer } from './t-digest-buffer-sort.js';
import { decodeTDigest, encodeTDigest } from './t-digest-codec.js';
import { EXACT_STATE_VERSION, decodeExactDigestState, encodeExactDigestState, exactDigestStateRequested } from './t-digest-exact-state.js';

export interface TDigestOptions {
  /** δ of the k1 scale function: at most δ centroids once merged (more after merging digests, < 2δ + 2). Default 100. */
  compression?: number;
  /** Unmerged points kept before a merge pass. Default 10·δ; it is allocated lazily as it fills. */
  bufferSize?: number;
}

export const DEFAULT_COMPRESSION = 100;
export const MIN_COMPRESSION = 10;
export const MAX_COMPRESSION = 10_000;
const INITIAL_BUFFER = 32;

/**
 * A merging t-digest (scale function k1, see t-digest-compress.ts) that keeps the exact min and
 * max. Non-finite values and non-positive or non-finite weights are ignored: the caller counts
 * them. Results are deterministic for a given order of add/merge calls; merge is associative
 * and commutative within the rank-error bounds that t-digest.test.ts checks.
 */
export class TDigest implements QuantileSketch {
  private compressionValue: number;
  private readonly bufferSize: number;
  private centroidData: CentroidArrays = { means: new Float64Array(0), weights: new Float64Array(0), pure: new Uint8Array(0) };
  private centroidCount = 0;
  private centroidWeight = 0;
  private buffer = new Float64Array(0);
  /** Allocated on the first non-unit weight, so the common unit-weight path stays lean. */
  private bufferWeights: Float64Array | undefined;
  private buffered = 0;
  private bufferedWeight = 0;
  private minimum = Number.POSITIVE_INFINITY;
  private maximum = Number.NEGATIVE_INFINITY;

  constructor(options: TDigestOptions = {}) {
    const compression = options.compression ?? DEFAULT_COMPRESSION;
    if (!Number.isFinite(compression) || compression < MIN_COMPRESSION || compression > MAX_COMPRESSION) {
      throw new VigilError('SKETCH_OPTIONS_INVALID', `compression must be in [${MIN_COMPRESSION}, ${MAX_COMPRESSION}]`, { compression });
    }
    const bufferSize = options.bufferSize ?? Math.ceil(10 * compression);
    if (!Number.isInteger(bufferSize) || bufferSize < 1) {
      throw new VigilError('SKETCH_OPTIONS_INVALID', 'bufferSize must be a positive integer', { bufferSize });
    }
    this.compressionValue = compression;
    this.bufferSize = bufferSize;
  }

  /** δ of the k1 scale function. */
  get compression(): number {
    return this.compressionValue;
  }

  /** Total weight of the values added (the number of values when every weight is 1). */
  get count(): number {
    return this.centroidWeight + this.bufferedWeight;
  }

  /** Exact smallest value; NaN when empty. */
  get min(): number {
    return this.count === 0 ? Number.NaN : this.minimum;
  }

  /** Exact largest value; NaN when empty. */
  get max(): number {
    return this.count === 0 ? Number.NaN : this.maximum;
  }

  add(value: number, weight = 1): this {
    if (!Number.isFinite(value) || !(weight > 0) || !Number.isFinite(weight)) return this;
    // -0 is stored as 0: otherwise min, max and tied means would depend on arrival and merge order.
    const x = value === 0 ? 0 : value;
    if (this.buffered === this.buffer.length) {
      if (this.buffered >= this.bufferSize) this.flush();
      else this.growBuffer();
    }
    if (weight !== 1 && this.bufferWeights === undefined) {
      this.bufferWeights = new Float64Array(this.buffer.length).fill(1);
    }
    if (this.bufferWeights !== undefined) this.bufferWeights[this.buffered] = weight;
    this.buffer[this.buffered++] = x;
    this.bufferedWeight += weight;
    if (x < this.minimum) this.minimum = x;
    if (x > this.maximum) this.maximum = x;
    return this;
  }

  quantile(q: number): number {
    return quantileOf(this.view(), q);
  }

  cdf(x: number): number {
    return cdfOf(this.view(), x);
  }

  quantilesAscending(qs: readonly number[]): number[] {
    return quantilesOfAscending(this.view(), qs);
  }

  cdfsAscending(xs: readonly number[]): number[] {
    return cdfsOfAscending(this.view(), xs);
  }

  /** min, every centroid mean, max: the knots of the piecewise-linear cdf (t-digest-interpolate.ts). */
  cdfBreakpoints(): number[] {
    const view = this.view();
    if (this.count === 0) return [];
    const points = [view.min];
    for (let i = 0; i < view.count; i++) points.push(view.means[i] as number);
    points.push(view.max);
    return points;
  }

  /** Folds `other` in (other is not changed). The result uses the larger compression of the two. */
  merge(other: TDigest): this {
    if (other.count === 0) return this;
    this.flush();
    other.flush();
    const total = this.centroidWeight + other.centroidWeight;
    this.compressionValue = Math.max(this.compressionValue, other.compressionValue);
    this.store(compress(this.centroidData, this.centroidCount, other.centroidData, other.centroidCount, total, this.compressionValue), total);
    if (other.minimum < this.minimum) this.minimum = other.minimum;
    if (other.maximum > this.maximum) this.maximum = other.maximum;
    return this;
  }

  clone(): TDigest {
    const copy = new TDigest({ compression: this.compression, bufferSize: this.bufferSize });
    this.flush();
    copy.store({ out: this.centroidData, count: this.centroidCount }, this.centroidWeight);
    copy.minimum = this.minimum;
    copy.maximum = this.maximum;
    return copy;
  }

  /**
   * Merges the buffer and releases it (it is reallocated, small, on the next add). For digests
   * that are kept but rarely added to, e.g. closed windows or pinned references: saves up to
   * 8·bufferSize bytes each.
   */
  compact(): this {
    this.flush();
    this.buffer = new Float64Array(0);
    this.bufferWeights = undefined;
    return this;
  }

  /** Copies of the merged centroids in ascending mean order (for ClickHouse arrays and BI re-aggregation). */
  centroids(): { means: Float64Array; weights: Float64Array } {
    this.flush();
    return {
      means: this.centroidData.means.slice(0, this.centroidCount),
      weights: this.centroidData.weights.slice(0, this.centroidCount),
    };
  }

  /** The flushed summary, or inside withExactDigestState() the exact state (no flush). */
  serialize(): Uint8Array {
    if (exactDigestStateRequested()) return this.serializeExactState();
    this.flush();
    const view = this.view();
    return encodeTDigest({ ...view, compression: this.compression });
  }

  static deserialize(bytes: Uint8Array): TDigest {
    if (bytes[0] === EXACT_STATE_VERSION) return TDigest.deserializeExactState(bytes);
    const decoded = decodeTDigest(bytes, MIN_COMPRESSION, MAX_COMPRESSION);
    const digest = new TDigest({ compression: decoded.compression });
    digest.store({ out: decoded, count: decoded.count }, decoded.total);
    digest.minimum = decoded.count === 0 ? Number.POSITIVE_INFINITY : decoded.min;
    digest.maximum = decoded.count === 0 ? Number.NEGATIVE_INFINITY : decoded.max;
    return digest;
  }

  private serializeExactState(): Uint8Array {
    const k = this.centroidCount;
    const n = this.buffered;
    return encodeExactDigestState({
      compression: this.compressionValue,
      bufferSize: this.bufferSize,
      min: this.minimum,
      max: this.maximum,
      means: this.centroidData.means.subarray(0, k),
      weights: this.centroidData.weights.subarray(0, k),
      pure: this.centroidData.pure.subarray(0, k),
      centroidWeight: this.centroidWeight,
      buffer: this.buffer.subarray(0, n),
      bufferWeights: this.bufferWeights?.subarray(0, n),
      bufferedWeight: this.bufferedWeight,
    });
  }

  private static deserializeExactState(bytes: Uint8Array): TDigest {
    const s = decodeExactDigestState(bytes, MIN_COMPRESSION, MAX_COMPRESSION);
    const digest = new TDigest({ compression: s.compression, bufferSize: s.bufferSize });
    digest.store({ out: s, count: s.means.length }, s.centroidWeight);
    const n = s.buffer.length;
    // Any capacity in [n, bufferSize] behaves the same: the buffer grows to bufferSize before a flush.
    digest.buffer = new Float64Array(Math.min(s.bufferSize, Math.max(n, INITIAL_BUFFER)));
    digest.buffer.set(s.buffer);
    if (s.bufferWeights !== undefined) {
      digest.bufferWeights = new Float64Array(digest.buffer.length).fill(1);
      digest.bufferWeights.set(s.bufferWeights);
    }
    digest.buffered = n;
    digest.bufferedWeight = s.bufferedWeight;
    digest.minimum = s.min;
    digest.maximum = s.max;
    return digest;
  }

  private view(): DigestView {
    this.flush();
    const { means, weights, pure } = this.centroidData;
    // An explicit literal (not a spread) keeps one hidden class, so reads stay monomorphic.
    return { means, weights, pure, count: this.centroidCount, total: this.centroidWeight, min: this.minimum, max: this.maximum };
  }

  private growBuffer(): void {
    const grown = new Float64Array(Math.min(this.bufferSize, Math.max(INITIAL_BUFFER, this.buffer.length * 2)));
    grown.set(this.buffer);
    this.buffer = grown;
    if (this.bufferWeights !== undefined) {
      const weights = new Float64Array(grown.length).fill(1);
      weights.set(this.bufferWeights);
      this.bufferWeights = weights;
    }
  }

  /** Sorts the buffer and merges it into the centroids. */
  private flush(): void {
    if (this.buffered === 0) return;
    const count = this.buffered;
    const sorted = sortBuffer(this.buffer.subarray(0, count), this.bufferWeights?.subarray(0, count));
    const total = this.centroidWeight + this.bufferedWeight;
    this.store(compress(this.centroidData, this.centroidCount, sorted, count, total, this.compressionValue), total);
    this.buffered = 0;
    this.bufferedWeight = 0;
    this.bufferWeights?.fill(1);
  }

  private store(result: { out: CentroidArrays; count: number }, total: number): void {
    const { out, count } = result;
    if (this.centroidData.means.length < count) {
      const size = Math.max(count, Math.ceil(this.compression) + 2);
      this.centroidData = { means: new Float64Array(size), weights: new Float64Array(size), pure: new Uint8Array(size) };
    }
    this.centroidData.means.set(out.means.subarray(0, count));
    this.centroidData.weights.set(out.weights.subarray(0, count));
    this.centroidData.pure.set(out.pure.subarray(0, count));
    this.centroidCount = count;
    this.centroidWeight = total;
  }
}
