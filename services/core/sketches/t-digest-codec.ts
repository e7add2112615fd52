import { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import type { CentroidArrays } from './t-digest-compress.js';

// Binary layout, version 1 (little-endian):
//   u8 version = 1 | u8 flags (bit 0: weights are varints) | f64 compression | varint k
//   if k > 0: f64 min | f64 max | k × f64 mean | k weights | ceil(k/8) bytes of purity bits
// Weights are unsigned LEB128 varints when all are integers (1–3 bytes each for usual windows,
// and exact where float32 would round above 2^24), else float64. Means stay float64 so the
// exact min/max and tied values round-trip bit for bit. At δ = 100 a merged digest holds
// ≤ 100 centroids (≤ 202 after merges): ≈ 1.1 KB typical, < 2.5 KB worst case.

const VERSION = 1;
const FLAG_VARINT_WEIGHTS = 1;

export interface EncodableDigest extends CentroidArrays {
  count: number;
  min: number;
  max: number;
  compression: number;
}

export function encodeTDigest(d: EncodableDigest): Uint8Array {
  const k = d.count;
  let integral = true;
  for (let i = 0; i < k; i++) {
    const w = d.weights[i] as number;
    if (!Number.isSafeInteger(w)) {
      integral = false;
      break;
    }
  }
  const writer = new ByteWriter(32 + k * 11);
  writer.u8(VERSION).u8(integral ? FLAG_VARINT_WEIGHTS : 0).f64(d.compression).varint(k);
  if (k === 0) return writer.finish();
  writer.f64(d.min).f64(d.max);
  for (let i = 0; i < k; i++) writer.f64(d.means[i] as number);
  for (let i = 0; i < k; i++) {
    if (integral) writer.varint(d.weights[i] as number);
    else writer.f64(d.weights[i] as number);
  }
  for (let byte = 0; byte < Math.ceil(k / 8); byte++) {
    let bits = 0;
    // Only the first k flags: the arrays may be longer scratch buffers with stale tails.
    for (let bit = 0; bit < 8 && byte * 8 + bit < k; bit++) {
      if (d.pure[byte * 8 + bit] === 1) bits |= 1 << bit;
    }
    writer.u8(bits);
  }
  return writer.finish();
}

export function decodeTDigest(bytes: Uint8Array, minCompression: number, maxCompression: number): EncodableDigest & { total: number } {
  const reader = new ByteReader(bytes, 't-digest');
  reader.version(VERSION);
  const flags = reader.u8();
  if ((flags & ~FLAG_VARINT_WEIGHTS) !== 0) throw reader.fail(`unknown flags ${flags}`);
  const compression = reader.f64();
  if (!(compression >= minCompression && compression <= maxCompression)) throw reader.fail(`compression ${compression} out of range`);
  const k = reader.varint();
  if (k > 4 * maxCompression + 8) throw reader.fail(`implausible centroid count ${k}`);
  const means = new Float64Array(k);
  const weights = new Float64Array(k);
  const pure = new Uint8Array(k);
  if (k === 0) {
    reader.end();
    return { means, weights, pure, count: 0, total: 0, min: Number.NaN, max: Number.NaN, compression };
  }
  const min = reader.f64();
  const max = reader.f64();
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) throw reader.fail('invalid min/max');
  for (let i = 0; i < k; i++) {
    const mean = reader.f64();
    if (!(mean >= min && mean <= max) || (i > 0 && mean < (means[i - 1] as number))) throw reader.fail('centroid means out of order or range');
    means[i] = mean;
  }
  let total = 0;
  for (let i = 0; i < k; i++) {
    const weight = (flags & FLAG_VARINT_WEIGHTS) !== 0 ? reader.varint() : reader.f64();
    if (!(weight > 0) || !Number.isFinite(weight)) throw reader.fail('centroid weight not positive');
    weights[i] = weight;
    total += weight;
  }
  for (let byte = 0; byte < Math.ceil(k / 8); byte++) {
    const bits = reader.u8();
    // Padding bits past k are ignored: encoders before the fix could leave stale flags there,
    // and sketches already stored must stay readable. Re-encoding writes them as zero.
    for (let bit = 0; bit < 8 && byte * 8 + bit < k; bit++) pure[byte * 8 + bit] = (bits >> bit) & 1;
  }
  reader.end();
  return { means, weights, pure, count: k, total, min, max, compression };
}
