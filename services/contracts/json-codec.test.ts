import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from './common.js';
import { EVENT_KINDS } from './event-kinds.js';
import { decodeEvent, decodePrediction, encodePrediction } from './json-codec.js';
import type { PredictionEventInput } from './prediction-event.js';

const prediction: PredictionEventInput = {
  eventId: 'e-1',
  modelId: 'm',
  modelVersion: '1',
  deploymentRole: 'champion',
  requestId: 'r-1',
  predictionId: 'p-1',
  eventTime: 1_700_000_000_000,
  features: { x: 1.5, city: 'Oslo', flag: true, missing: null },
  prediction: { label: 'yes', probabilities: { yes: 0.9, no: 0.1 } },
};

const ALLOWED_CODES = new Set(['EVENT_EMPTY', 'EVENT_NOT_JSON', 'EVENT_SCHEMA_INVALID', 'EVENT_TOO_LARGE']);

describe('decodePrediction', () => {
  it('accepts the same event as text and as UTF-8 bytes, filling in defaults', () => {
    const text = JSON.stringify(prediction);
    const fromText = decodePrediction(text);
    expect(fromText).toEqual(decodePrediction(new TextEncoder().encode(text)));
    expect(fromText.ok && fromText.event.attributes).toEqual({});
    expect(fromText.ok && fromText.event.latencyMs).toBeNull();
  });

  it('ignores a UTF-8 byte order mark', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${JSON.stringify(prediction)}`);
    expect(decodePrediction(bytes).ok).toBe(true);
  });

  it('rejects an event over the size limit before parsing it', () => {
    const huge = JSON.stringify({ ...prediction, eventId: 'x'.repeat(LIMITS.maxEventBytes) });
    const result = decodePrediction(huge);
    expect(!result.ok && result.error.code).toBe('EVENT_TOO_LARGE');
    expect(!decodePrediction(new TextEncoder().encode(huge)).ok).toBe(true);
  });

  it('counts bytes, not characters, against the size limit', () => {
    const multiByte = '€'.repeat(Math.ceil(LIMITS.maxEventBytes / 3) + 1);
    const result = decodePrediction(JSON.stringify(multiByte));
    expect(!result.ok && result.error.code).toBe('EVENT_TOO_LARGE');
  });

  it('names every failing field path in one message', () => {
    const result = decodePrediction(JSON.stringify({ ...prediction, eventTime: -5, modelId: 'a b' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain('eventTime: must not be before 1970');
    expect(result.error.message).toContain('modelId: must start with a letter or digit');
  });
});

describe('encodePrediction', () => {
  it('refuses an invalid event instead of sending it', () => {
    const result = encodePrediction({ ...prediction, deploymentRole: 'primary' as 'champion' });
    expect(!result.ok && result.error.code).toBe('EVENT_SCHEMA_INVALID');
  });

  it('writes non-finite feature values as null because JSON has no NaN', () => {
    const result = encodePrediction({ ...prediction, features: { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: 2 } });
    if (!result.ok) throw result.error;
    const decoded = decodePrediction(result.bytes);
    expect(decoded.ok && decoded.event.features).toEqual({ a: null, b: null, c: 2 });
  });
});

describe('the JSON decoders never throw', () => {
  const kinds = fc.constantFrom(...EVENT_KINDS);

  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(kinds, fc.uint8Array({ maxLength: 512 }), (kind, bytes) => {
        const result = decodeEvent(kind, bytes);
        expect(result.ok || ALLOWED_CODES.has(result.error.code)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary JSON values and strings', () => {
    fc.assert(
      fc.property(kinds, fc.oneof(fc.json(), fc.string()), (kind, text) => {
        const result = decodeEvent(kind, text);
        expect(result.ok || ALLOWED_CODES.has(result.error.code)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('on a valid event with any one field replaced by an arbitrary JSON value', () => {
    const fields = Object.keys(prediction);
    fc.assert(
      fc.property(fc.constantFrom(...fields, '__proto__', 'constructor'), fc.jsonValue(), (field, value) => {
        const text = JSON.stringify({ ...prediction, [field]: value });
        const result = decodePrediction(text);
        expect(result.ok || ALLOWED_CODES.has(result.error.code)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
