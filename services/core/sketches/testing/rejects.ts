import { isVigilError, type ErrorCode } from '../../../shared/errors.js';

/** True when `decode` throws a VigilError with `code` (any other outcome is false). */
export function rejectsWith(code: ErrorCode, decode: () => unknown): boolean {
  try {
    decode();
    return false;
  } catch (error) {
    return isVigilError(error, code);
  }
}

/** True when every strict prefix of `bytes` is rejected as undecodable. */
export function rejectsEveryTruncation(bytes: Uint8Array, decode: (input: Uint8Array) => unknown): boolean {
  for (let length = 0; length < bytes.length; length++) {
    if (!rejectsWith('SKETCH_UNDECODABLE', () => decode(bytes.subarray(0, length)))) return false;
  }
  return true;
}
