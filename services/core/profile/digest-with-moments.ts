import { Moments, TDigest } from '../sketches/index.js';
import { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import type { NumberSummary, SampleMoments } from './profile-parts.js';

const VERSION = 1;

/** A t-digest for quantiles plus exact-ish moments for means and normal-approximation intervals. */
export class DigestWithMoments implements NumberSummary {
  constructor(
    readonly digest: TDigest = new TDigest(),
    readonly moments: Moments = new Moments(),
  ) {}

  add(value: number): void {
    this.digest.add(value);
    this.moments.add(value);
  }

  sampleMoments(): SampleMoments {
    return { n: this.moments.count, mean: this.moments.mean, sampleVariance: this.moments.sampleVariance };
  }

  merge(other: DigestWithMoments): this {
    this.digest.merge(other.digest);
    this.moments.merge(other.moments);
    return this;
  }

  clone(): DigestWithMoments {
    return new DigestWithMoments(this.digest.clone(), this.moments.clone());
  }

  serialize(): Uint8Array {
    return new ByteWriter().u8(VERSION).bytes(this.digest.serialize()).bytes(this.moments.serialize()).finish();
  }

  static deserialize(bytes: Uint8Array): DigestWithMoments {
    const reader = new ByteReader(bytes, 'digest with moments', 'WINDOW_STATE_CORRUPT');
    reader.version(VERSION);
    const result = new DigestWithMoments(TDigest.deserialize(reader.bytes()), Moments.deserialize(reader.bytes()));
    reader.end();
    return result;
  }
}
