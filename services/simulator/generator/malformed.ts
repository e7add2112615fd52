// Broken records a real producer fleet sends sooner or later. Each reason breaks the
// contract in one documented way, so a consumer's dead-letter counts can be checked per reason.
import type { OutcomeEvent, PredictionEvent } from '../../contracts/index.js';
import type { Rng } from '../random/rng.js';

export const MALFORMED_REASONS = {
  /** Zero bytes. */
  empty_payload: 'the record has no bytes',
  /** Bytes that are not UTF-8 at all. */
  invalid_utf8: 'the bytes are not UTF-8 text',
  /** Valid JSON cut in the middle, as after a partial write. */
  truncated_json: 'the JSON text is cut short',
  /** Valid JSON, but an array rather than an object. */
  not_an_object: 'the JSON value is an array, not an object',
  /** The required eventId is absent. */
  missing_event_id: 'eventId is missing',
  /** eventTime is an ISO string rather than epoch milliseconds. */
  event_time_not_millis: 'eventTime is a string, not whole epoch milliseconds',
  /** The model id contains characters the contract forbids. */
  invalid_model_id: 'modelId contains spaces and a slash',
  /** An extra top-level field (the contract objects are strict). */
  unknown_field: 'an undeclared top-level field is present',
  /** Prediction only: class probabilities do not sum to 1. */
  probabilities_do_not_sum_to_one: 'prediction probabilities sum to more than 1',
  /** Outcome only: neither label nor value. */
  outcome_without_label_or_value: 'the outcome has neither label nor value',
} as const;

export type MalformedReason = keyof typeof MALFORMED_REASONS;

const COMMON_REASONS: readonly MalformedReason[] = [
  'empty_payload',
  'invalid_utf8',
  'truncated_json',
  'not_an_object',
  'missing_event_id',
  'event_time_not_millis',
  'invalid_model_id',
  'unknown_field',
];
const PREDICTION_REASONS: readonly MalformedReason[] = [...COMMON_REASONS, 'probabilities_do_not_sum_to_one'];
const OUTCOME_REASONS: readonly MalformedReason[] = [...COMMON_REASONS, 'outcome_without_label_or_value'];

const encoder = new TextEncoder();

/** Breaks a valid event in one randomly chosen way that applies to its kind. */
export function malformEvent(
  valid: PredictionEvent | OutcomeEvent,
  kind: 'prediction' | 'outcome',
  rng: Rng,
): { bytes: Uint8Array; reason: MalformedReason } {
  const reasons = kind === 'prediction' ? PREDICTION_REASONS : OUTCOME_REASONS;
  const reason = reasons[rng.int(reasons.length)] ?? 'empty_payload';
  return { bytes: breakEvent(valid, reason), reason };
}

export function breakEvent(valid: PredictionEvent | OutcomeEvent, reason: MalformedReason): Uint8Array {
  const record = { ...valid } as Record<string, unknown>;
  switch (reason) {
    case 'empty_payload':
      return new Uint8Array(0);
    case 'invalid_utf8':
      return Uint8Array.from([0xff, 0xfe, 0x7b, 0xc3, 0x28, 0x80, 0x7d]);
    case 'truncated_json': {
      const text = JSON.stringify(record);
      return encoder.encode(text.slice(0, Math.floor(text.length / 2)));
    }
    case 'not_an_object':
      return encoder.encode(JSON.stringify([record]));
    case 'missing_event_id':
      delete record['eventId'];
      break;
    case 'event_time_not_millis':
      record['eventTime'] = new Date(valid.eventTime).toISOString();
      break;
    case 'invalid_model_id':
      record['modelId'] = `bad model/${valid.modelId}`;
      break;
    case 'unknown_field':
      record['undeclaredField'] = 'surprise';
      break;
    case 'probabilities_do_not_sum_to_one':
      record['prediction'] = { label: '1', probabilities: { '0': 0.7, '1': 0.7 }, value: null };
      break;
    case 'outcome_without_label_or_value':
      record['label'] = null;
      record['value'] = null;
      break;
  }
  return encoder.encode(JSON.stringify(record));
}
