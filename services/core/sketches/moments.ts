import { ByteReader, ByteWriter } from '../binary/byte-codec.js';

const VERSION = 1;

/**
 * Streaming count, mean and M2 (sum of squared deviations) with Welford's update and the exact
 * pairwise merge of Chan, Golub & LeVeque (1979). Weighted: `count` is the total weight.
 * Non-finite values and non-positive weights are ignored (the caller counts them).
 * Values are accumulated relative to a shift (the first value), so a small spread around a
 * large offset (timestamps, prices in cents) keeps its precision. Merge is exactly commutative.
 */
export class Moments {
  private n = 0;
  private shift = 0;
  /** Mean of (x − shift). */
  private meanValue = 0;
  private m2Value = 0;
  private minimum = Number.POSITIVE_INFINITY;
  private maximum = Number.NEGATIVE_INFINITY;

  get count(): number {
    return this.n;
  }

  /** NaN when empty. */
  get mean(): number {
    return this.n === 0 ? Number.NaN : this.shift + this.meanValue;
  }

  /** Sum of squared deviations from the mean. */
  get m2(): number {
    return this.m2Value;
  }

  /** NaN when empty. */
  get min(): number {
    return this.n === 0 ? Number.NaN : this.minimum;
  }

  /** NaN when empty. */
  get max(): number {
    return this.n === 0 ? Number.NaN : this.maximum;
  }

  /** Population variance (ddof 0, numpy's default); NaN when empty. */
  get variance(): number {
    return this.n === 0 ? Number.NaN : Math.max(0, this.m2Value / this.n);
  }

  /** Sample variance (ddof 1); NaN when count ≤ 1. */
  get sampleVariance(): number {
    return this.n <= 1 ? Number.NaN : Math.max(0, this.m2Value / (this.n - 1));
  }

  /** Population standard deviation (ddof 0), as METRICS.md uses to normalise Wasserstein. */
  get std(): number {
    return Math.sqrt(this.variance);
  }

  get sampleStd(): number {
    return Math.sqrt(this.sampleVariance);
  }

  add(value: number, weight = 1): this {
    if (!Number.isFinite(value) || !(weight > 0) || !Number.isFinite(weight)) return this;
    // −0 and +0 are one value; keeping the sign would make min/max depend on merge order.
    const x = value === 0 ? 0 : value;
    if (this.n === 0) this.shift = x;
    const shifted = x - this.shift;
    this.n += weight;
    const delta = shifted - this.meanValue;
    this.meanValue += (delta * weight) / this.n;
    this.m2Value += weight * delta * (shifted - this.meanValue);
    if (x < this.minimum) this.minimum = x;
    if (x > this.maximum) this.maximum = x;
    return this;
  }

  merge(other: Moments): this {
    if (other.n === 0) return this;
    if (this.n === 0) {
      this.copyFrom(other);
      return this;
    }
    // Every expression is symmetric in the two sides (the smaller shift wins, sums are formed
    // in the same order), so a.merge(b) and b.merge(a) agree bit for bit.
    const n = this.n + other.n;
    const shift = Math.min(this.shift, other.shift);
    const meanThis = this.shift - shift + this.meanValue;
    const meanOther = other.shift - shift + other.meanValue;
    const delta = other.shift - this.shift + (other.meanValue - this.meanValue);
    this.meanValue = (meanThis * this.n + meanOther * other.n) / n;
    this.m2Value = this.m2Value + other.m2Value + (delta * delta * (this.n * other.n)) / n;
    this.shift = shift;
    this.n = n;
    if (other.minimum < this.minimum) this.minimum = other.minimum;
    if (other.maximum > this.maximum) this.maximum = other.maximum;
    return this;
  }

  clone(): Moments {
    return new Moments().copyFrom(this);
  }

  /** version u8 = 1, then count, shift, mean of (x − shift), m2, min, max as float64 (49 bytes). */
  serialize(): Uint8Array {
    return new ByteWriter(49).u8(VERSION).f64(this.n).f64(this.shift).f64(this.meanValue).f64(this.m2Value).f64(this.minimum).f64(this.maximum).finish();
  }

  static deserialize(bytes: Uint8Array): Moments {
    const reader = new ByteReader(bytes, 'moments');
    reader.version(VERSION);
    const moments = new Moments();
    moments.n = reader.f64();
    moments.shift = reader.f64();
    moments.meanValue = reader.f64();
    moments.m2Value = reader.f64();
    moments.minimum = reader.f64();
    moments.maximum = reader.f64();
    reader.end();
    // Mean and M2 may legitimately overflow to ±Infinity (or NaN) for values near ±1e308.
    const rangeValid = moments.n === 0 || (Number.isFinite(moments.minimum) && Number.isFinite(moments.maximum) && moments.minimum <= moments.maximum);
    if (!(moments.n >= 0) || !Number.isFinite(moments.n) || !rangeValid || moments.m2Value < 0) {
      throw reader.fail('inconsistent moments');
    }
    return moments;
  }

  private copyFrom(other: Moments): this {
    this.n = other.n;
    this.shift = other.shift;
    this.meanValue = other.meanValue;
    this.m2Value = other.m2Value;
    this.minimum = other.minimum;
    this.maximum = other.maximum;
    return this;
  }
}
