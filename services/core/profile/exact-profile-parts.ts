import type { FeatureValue } from '../../contracts/index.js';
import { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import type { ClassificationScorer, FeatureSummary, NumberSummary, ProfileParts, RegressionScorer, SampleMoments } from './profile-parts.js';

// Exact (unbounded-memory) parts: a reference for tests of profiles, windows and rollups,
// whose serialized bytes depend only on the multiset of values, never on their order.

const sortNumbers = (values: number[]) => [...values].sort((a, b) => a - b);

export class ExactNumberSummary implements NumberSummary {
  values: number[] = [];
  add(value: number): void {
    if (Number.isFinite(value)) this.values.push(value);
  }
  sampleMoments(): SampleMoments {
    const n = this.values.length;
    const mean = this.values.reduce((a, b) => a + b, 0) / n;
    const sampleVariance = this.values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    return { n, mean, sampleVariance };
  }
  merge(other: ExactNumberSummary): this {
    for (const v of other.values) this.values.push(v);
    return this;
  }
  clone(): ExactNumberSummary {
    return new ExactNumberSummary().merge(this);
  }
  serialize(): Uint8Array {
    const writer = new ByteWriter().u8(1).u32(this.values.length);
    for (const v of sortNumbers(this.values)) writer.f64(v);
    return writer.finish();
  }
  static deserialize(bytes: Uint8Array): ExactNumberSummary {
    const reader = new ByteReader(bytes, 'exact number summary', 'WINDOW_STATE_CORRUPT');
    reader.version(1);
    const result = new ExactNumberSummary();
    const count = reader.u32();
    for (let i = 0; i < count; i++) result.values.push(reader.f64());
    reader.end();
    return result;
  }
}

export class ExactFeatureSummary implements FeatureSummary {
  numbers = new ExactNumberSummary();
  categories = new Map<string, number>();
  missing = 0;
  invalid = 0;
  add(value: FeatureValue): void {
    if (value === null) this.missing += 1;
    else if (typeof value === 'number') {
      if (Number.isFinite(value)) this.numbers.add(value);
      else this.invalid += 1;
    } else this.categories.set(String(value), (this.categories.get(String(value)) ?? 0) + 1);
  }
  merge(other: ExactFeatureSummary): this {
    this.numbers.merge(other.numbers);
    for (const [k, n] of other.categories) this.categories.set(k, (this.categories.get(k) ?? 0) + n);
    this.missing += other.missing;
    this.invalid += other.invalid;
    return this;
  }
  clone(): ExactFeatureSummary {
    return new ExactFeatureSummary().merge(this);
  }
  serialize(): Uint8Array {
    const writer = new ByteWriter().u8(1).f64(this.missing).f64(this.invalid).bytes(this.numbers.serialize());
    const keys = [...this.categories.keys()].sort();
    writer.u32(keys.length);
    for (const k of keys) writer.string(k).f64(this.categories.get(k) ?? 0);
    return writer.finish();
  }
  static deserialize(bytes: Uint8Array): ExactFeatureSummary {
    const reader = new ByteReader(bytes, 'exact feature summary', 'WINDOW_STATE_CORRUPT');
    reader.version(1);
    const result = new ExactFeatureSummary();
    result.missing = reader.f64();
    result.invalid = reader.f64();
    result.numbers = ExactNumberSummary.deserialize(reader.bytes());
    const count = reader.u32();
    for (let i = 0; i < count; i++) result.categories.set(reader.string(), reader.f64());
    reader.end();
    return result;
  }
}

export class ExactClassificationScorer implements ClassificationScorer {
  total = 0;
  correct = 0;
  add(actual: string, predicted: string): void {
    this.total += 1;
    if (actual === predicted) this.correct += 1;
  }
  accuracyCounts(): { correct: number; total: number } {
    return { correct: this.correct, total: this.total };
  }
  merge(other: ExactClassificationScorer): this {
    this.total += other.total;
    this.correct += other.correct;
    return this;
  }
  clone(): ExactClassificationScorer {
    return new ExactClassificationScorer().merge(this);
  }
  serialize(): Uint8Array {
    return new ByteWriter().u8(1).f64(this.total).f64(this.correct).finish();
  }
  static deserialize(bytes: Uint8Array): ExactClassificationScorer {
    const reader = new ByteReader(bytes, 'exact classification scorer', 'WINDOW_STATE_CORRUPT');
    reader.version(1);
    const result = new ExactClassificationScorer();
    result.total = reader.f64();
    result.correct = reader.f64();
    reader.end();
    return result;
  }
}

export class ExactRegressionScorer implements RegressionScorer {
  errors = new ExactNumberSummary();
  add(actual: number, predicted: number): void {
    this.errors.add(predicted - actual);
  }
  merge(other: ExactRegressionScorer): this {
    this.errors.merge(other.errors);
    return this;
  }
  clone(): ExactRegressionScorer {
    return new ExactRegressionScorer().merge(this);
  }
  serialize(): Uint8Array {
    return this.errors.serialize();
  }
  static deserialize(bytes: Uint8Array): ExactRegressionScorer {
    const result = new ExactRegressionScorer();
    result.errors = ExactNumberSummary.deserialize(bytes);
    return result;
  }
}

export const exactProfileParts: ProfileParts = Object.freeze({
  id: 'exact-v1',
  featureSummary: () => new ExactFeatureSummary(),
  readFeatureSummary: (b: Uint8Array) => ExactFeatureSummary.deserialize(b),
  numberSummary: () => new ExactNumberSummary(),
  readNumberSummary: (b: Uint8Array) => ExactNumberSummary.deserialize(b),
  classificationScorer: () => new ExactClassificationScorer(),
  readClassificationScorer: (b: Uint8Array) => ExactClassificationScorer.deserialize(b),
  regressionScorer: () => new ExactRegressionScorer(),
  readRegressionScorer: (b: Uint8Array) => ExactRegressionScorer.deserialize(b),
});
