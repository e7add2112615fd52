import { ByteReader, ByteWriter } from '../binary/byte-codec.js';

// A t-digest's *exact* state: merged centroids plus the unmerged buffer, written without a
// flush. `serialize()` flushes (its bytes describe the distribution, compactly); a checkpoint
// instead needs bytes from which a restored digest continues exactly as the original would,
// and taking the checkpoint must not change the original either, because where a digest
// flushes shapes its centroids.
//
//   u8 version = 2 | f64 compression | varint bufferSize | f64 min | f64 max | varint k |
//   f64 centroid weight | k × (f64 mean, f64 weight, u8 pure) | varint buffered |
//   f64 buffered weight | u8 has weights | buffered × f64 value | (buffered × f64 weight)

export const EXACT_STATE_VERSION = 2;

export interface ExactDigestState {
  readonly compression: number;
  readonly bufferSize: number;
  readonly min: number;
  readonly max: number;
  readonly means: Float64Array;
  readonly weights: Float64Array;
  readonly pure: Uint8Array;
  readonly centroidWeight: number;
  readonly buffer: Float64Array;
  /** undefined while every buffered weight is 1 and none was ever different. */
  readonly bufferWeights: Float64Array | undefined;
  readonly bufferedWeight: number;
}

let exactDepth = 0;

/**
 * Runs `write` with every TDigest.serialize() inside it writing the exact state instead of the
 * flushed summary (e.g. a checkpoint serializing open windows through the usual profile codecs).
 * Synchronous, so no other code can observe the mode.
 */
export function withExactDigestState<T>(write: () => T): T {
  exactDepth += 1;
  try {
    return write();
  } finally {
    exactDepth -= 1;
  }
}

export function exactDigestStateRequested(): boolean {
  return exactDepth > 0;
}

export function encodeExactDigestState(s: ExactDigestState): Uint8Array {
  const k = s.means.length;
  const n = s.buffer.length;
  const writer = new ByteWriter(64 + 17 * k + 16 * n);
  writer.u8(EXACT_STATE_VERSION).f64(s.compression).varint(s.bufferSize).f64(s.min).f64(s.max).varint(k).f64(s.centroidWeight);
  for (let i = 0; i < k; i++) writer.f64(s.means[i] as number).f64(s.weights[i] as number).u8(s.pure[i] as number);
  writer.varint(n).f64(s.bufferedWeight).u8(s.bufferWeights === undefined ? 0 : 1);
  for (let i = 0; i < n; i++) writer.f64(s.buffer[i] as number);
  if (s.bufferWeights !== undefined) for (let i = 0; i < n; i++) writer.f64(s.bufferWeights[i] as number);
  return writer.finish();
}

export function decodeExactDigestState(bytes: Uint8Array, minCompression: number, maxCompression: number): ExactDigestState {
  const reader = new ByteReader(bytes, 't-digest exact state');
  reader.version(EXACT_STATE_VERSION);
  const compression = reader.f64();
  if (!(compression >= minCompression && compression <= maxCompression)) throw reader.fail(`compression ${compression} out of range`);
  const bufferSize = reader.varint();
  const min = reader.f64();
  const max = reader.f64();
  const k = reader.varint();
  if (bufferSize < 1 || k > 4 * maxCompression + 8) throw reader.fail('implausible buffer size or centroid count');
  const centroidWeight = reader.f64();
  const means = new Float64Array(k);
  const weights = new Float64Array(k);
  const pure = new Uint8Array(k);
  for (let i = 0; i < k; i++) {
    means[i] = reader.f64();
    weights[i] = reader.f64();
    pure[i] = reader.u8();
  }
  const n = reader.varint();
  if (n > bufferSize) throw reader.fail('more buffered values than the buffer holds');
  const bufferedWeight = reader.f64();
  const hasWeights = reader.u8() === 1;
  const buffer = new Float64Array(n);
  for (let i = 0; i < n; i++) buffer[i] = reader.f64();
  let bufferWeights: Float64Array | undefined;
  if (hasWeights) {
    bufferWeights = new Float64Array(n);
    for (let i = 0; i < n; i++) bufferWeights[i] = reader.f64();
  }
  reader.end();
  return { compression, bufferSize, min, max, means, weights, pure, centroidWeight, buffer, bufferWeights, bufferedWeight };
}
