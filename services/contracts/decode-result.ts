import type { VigilError } from '../shared/errors.js';

/** Decoders never throw on bad input: a bad event is a value the caller routes (e.g. to dead letters). */
export type DecodeResult<T> = { readonly ok: true; readonly event: T } | { readonly ok: false; readonly error: VigilError };

export type EncodeResult = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly error: VigilError };

/** One schema violation, with the dotted path of the failing field ('' for the event itself). */
export interface EventIssue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}
