import { VigilError } from '../../shared/errors.js';

/**
 * Codec for small accumulator states: one version byte, then UTF-8 JSON. JSON keeps float64
 * values exact (shortest round-trip form) and the states are tiny next to the sketches.
 */
export function encodeVersionedJson(version: number, value: unknown): Uint8Array {
  const body = new TextEncoder().encode(JSON.stringify(value));
  const bytes = new Uint8Array(body.length + 1);
  bytes[0] = version;
  bytes.set(body, 1);
  return bytes;
}

export function stateCorrupt(what: string, reason: string): VigilError {
  return new VigilError('WINDOW_STATE_CORRUPT', `${what}: ${reason}`, { state: what });
}

/** The decoded JSON object; throws WINDOW_STATE_CORRUPT for an unknown version or unreadable body. */
export function decodeVersionedJson(bytes: Uint8Array, version: number, what: string): Record<string, unknown> {
  if (bytes.length < 2) throw stateCorrupt(what, 'truncated');
  if (bytes[0] !== version) throw stateCorrupt(what, `unknown version ${String(bytes[0])}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(1)));
  } catch (cause) {
    throw new VigilError('WINDOW_STATE_CORRUPT', `${what}: the body is not valid JSON`, { state: what }, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw stateCorrupt(what, 'the body is not an object');
  return parsed as Record<string, unknown>;
}

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A list of counts of the expected length, or a corrupt-state error. */
export function countArray(value: unknown, length: number, what: string, field: string): number[] {
  if (!Array.isArray(value) || value.length !== length || !value.every(isCount)) {
    throw stateCorrupt(what, `${field} must be ${length} non-negative integers`);
  }
  return value;
}

/** A list of finite numbers of the expected length, or a corrupt-state error. */
export function numberArray(value: unknown, length: number, what: string, field: string): number[] {
  if (!Array.isArray(value) || value.length !== length || !value.every(isFiniteNumber)) {
    throw stateCorrupt(what, `${field} must be ${length} finite numbers`);
  }
  return value;
}
