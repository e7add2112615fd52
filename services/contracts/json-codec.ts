import { VigilError } from '../shared/errors.js';
import { LIMITS } from './common.js';
import type { DecodeResult, EncodeResult } from './decode-result.js';
import type { EventInputOf, EventKind, EventOf } from './event-kinds.js';
import { validateDecodedEvent, validateEvent } from './validate-event.js';

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

function failure(error: VigilError): { ok: false; error: VigilError } {
  return { ok: false, error };
}

/** UTF-8 never takes fewer bytes than UTF-16 code units, so most strings skip the exact count. */
function exceedsMaxBytes(text: string): boolean {
  if (text.length > LIMITS.maxEventBytes) return true;
  if (text.length * 3 <= LIMITS.maxEventBytes) return false;
  return utf8Encoder.encode(text).length > LIMITS.maxEventBytes;
}

function toText(input: Uint8Array | string): { ok: true; text: string } | { ok: false; error: VigilError } {
  if (typeof input === 'string') {
    if (exceedsMaxBytes(input)) return failure(new VigilError('EVENT_TOO_LARGE', `more than ${LIMITS.maxEventBytes} bytes`));
    return { ok: true, text: input };
  }
  if (input.length > LIMITS.maxEventBytes) {
    return failure(new VigilError('EVENT_TOO_LARGE', `${input.length} bytes, more than ${LIMITS.maxEventBytes}`));
  }
  try {
    return { ok: true, text: utf8Decoder.decode(input) };
  } catch {
    return failure(new VigilError('EVENT_NOT_JSON', 'the payload is not UTF-8 text'));
  }
}

/**
 * Decodes one JSON event of `kind` from bytes or text. Never throws: every problem comes
 * back as EVENT_EMPTY, EVENT_TOO_LARGE, EVENT_NOT_JSON or EVENT_SCHEMA_INVALID (naming the field path).
 */
export function decodeEvent<K extends EventKind>(kind: K, input: Uint8Array | string): DecodeResult<EventOf<K>> {
  try {
    const text = toText(input);
    if (!text.ok) return text;
    if (text.text.trim() === '') return failure(new VigilError('EVENT_EMPTY', `the ${kind} event has no content`));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.text);
    } catch (cause) {
      return failure(new VigilError('EVENT_NOT_JSON', (cause as Error).message, { kind }));
    }
    return validateDecodedEvent(kind, parsed);
  } catch (cause) {
    // Defence in depth: a decoder that throws would stall a partition.
    return failure(new VigilError('EVENT_SCHEMA_INVALID', `${kind} event: (event): cannot be validated: ${String(cause)}`, { kind }));
  }
}

/**
 * Validates and encodes one event as UTF-8 JSON with defaults filled in. JSON has no NaN
 * or Infinity: such feature values are written as null (missing), which the Avro codec keeps.
 */
export function encodeEvent<K extends EventKind>(kind: K, event: EventInputOf<K>): EncodeResult {
  const valid = validateEvent(kind, event);
  if (!valid.ok) return valid;
  const bytes = utf8Encoder.encode(JSON.stringify(valid.event));
  if (bytes.length > LIMITS.maxEventBytes) {
    return failure(new VigilError('EVENT_TOO_LARGE', `${bytes.length} bytes, more than ${LIMITS.maxEventBytes}`, { kind }));
  }
  return { ok: true, bytes };
}

export const decodePrediction = (input: Uint8Array | string): DecodeResult<EventOf<'prediction'>> => decodeEvent('prediction', input);
export const decodeOutcome = (input: Uint8Array | string): DecodeResult<EventOf<'outcome'>> => decodeEvent('outcome', input);
export const decodeAnomaly = (input: Uint8Array | string): DecodeResult<EventOf<'anomaly'>> => decodeEvent('anomaly', input);

export const encodePrediction = (event: EventInputOf<'prediction'>): EncodeResult => encodeEvent('prediction', event);
export const encodeOutcome = (event: EventInputOf<'outcome'>): EncodeResult => encodeEvent('outcome', event);
export const encodeAnomaly = (event: EventInputOf<'anomaly'>): EncodeResult => encodeEvent('anomaly', event);
