// Adler-32 (RFC 1950) over a checkpoint, so flipped bytes are rejected instead of restoring a
// plausible but wrong state. Any single changed byte changes the sum; ~1 ns per byte, where a
// table CRC-32 cost several times that on 30 MB checkpoints.

const MOD = 65521;
/** zlib's run length: the sums stay below 2^32 between reductions. */
const RUN = 5552;

export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let start = 0; start < bytes.length; start += RUN) {
    const end = Math.min(bytes.length, start + RUN);
    for (let i = start; i < end; i++) {
      a += bytes[i] as number;
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return (b * 65536 + a) >>> 0;
}
