import { LIMITS } from './common.js';
import type { OutcomeEvent } from './outcome-event.js';
import type { FeatureValue, PredictionEvent } from './prediction-event.js';

// Hand-written validators for the two hot event kinds. The zod schemas stay the source of
// truth: these accept exactly what they accept and return the same normalised event (defaults
// filled in, keys in schema order), which fast-event-validator.test.ts checks differentially.
// They answer only "valid, and here is the event" or `undefined`; for a rejected event the
// caller asks zod, which names every failing path (validate-event.ts). Mirrored zod details:
// objects are any non-array object and reject unknown keys (for…in, as zod's strict mode);
// records need a plain object, skip "__proto__" and non-enumerable keys, reject symbol keys;
// string lengths are UTF-16 code units.

const ROLES = new Set(['champion', 'challenger', 'shadow', 'canary']);
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const MAX_EVENT_TIME = 8_640_000_000_000_000;

const PREDICTION_KEYS = new Set(['eventId', 'modelId', 'modelVersion', 'deploymentRole', 'requestId', 'predictionId', 'eventTime', 'features', 'prediction', 'attributes', 'latencyMs']);
const PREDICTION_BODY_KEYS = new Set(['label', 'probabilities', 'value']);
const OUTCOME_KEYS = new Set(['eventId', 'predictionId', 'modelId', 'eventTime', 'label', 'value']);

type Input = Record<string, unknown>;

const isObject = (v: unknown): v is Input => typeof v === 'object' && v !== null && !Array.isArray(v);

function isPlainObject(v: unknown): v is Input {
  if (!isObject(v)) return false;
  const ctor: unknown = v['constructor'];
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const prototype: unknown = ctor.prototype;
  return isObject(prototype) && Object.prototype.hasOwnProperty.call(prototype, 'isPrototypeOf');
}

function hasOnlyKeys(input: Input, allowed: ReadonlySet<string>): boolean {
  for (const key in input) if (!allowed.has(key)) return false;
  return true;
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= LIMITS.idMaxLength;
const isModelId = (v: unknown): v is string => typeof v === 'string' && v.length <= LIMITS.nameMaxLength && MODEL_ID.test(v);
const isName = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= LIMITS.nameMaxLength;
const isEventTime = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_EVENT_TIME;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A missing key and an undefined value both take the default; zod reads `input[key]` either way. */
const INVALID = Symbol('invalid');
type Checked<T> = T | typeof INVALID;

function nullableName(v: unknown): Checked<string | null> {
  if (v === undefined || v === null) return null;
  return isName(v) ? v : INVALID;
}

function nullableFinite(v: unknown, min = Number.NEGATIVE_INFINITY): Checked<number | null> {
  if (v === undefined || v === null) return null;
  return isFiniteNumber(v) && v >= min ? v : INVALID;
}

/**
 * A record as zod returns it: own enumerable string keys, "__proto__" dropped. An `owned` input
 * (fresh from JSON.parse or the Avro decoder, held by no one else) is checked and returned as
 * it is, unless it has a "__proto__" key: copying every feature map was a tenth of the decode.
 */
function readRecord<V>(input: unknown, maxKeys: number, checkValue: (v: unknown) => v is V, owned: boolean): Checked<Record<string, V>> {
  if (!isPlainObject(input)) return INVALID;
  if (owned) {
    const checked = checkOwnedRecord(input, maxKeys, checkValue);
    if (checked !== COPY) return checked;
  }
  const output: Record<string, V> = {};
  for (const key of Reflect.ownKeys(input)) {
    if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(input, key)) continue;
    if (typeof key !== 'string' || !isName(key)) return INVALID;
    const value = input[key];
    if (!checkValue(value)) return INVALID;
    output[key] = value;
  }
  return Object.keys(output).length <= maxKeys ? output : INVALID;
}

const COPY = Symbol('copy');

/** The input itself when valid; COPY when it holds a key zod would drop, so it must be copied. */
function checkOwnedRecord<V>(input: Input, maxKeys: number, checkValue: (v: unknown) => v is V): Checked<Record<string, V>> | typeof COPY {
  let keys = 0;
  // JSON.parse and the Avro decoder make plain objects with only enumerable string keys, which
  // for…in visits in the order Reflect.ownKeys would.
  for (const key in input) {
    if (key === '__proto__' || !Object.prototype.hasOwnProperty.call(input, key)) return COPY;
    if (!isName(key) || !checkValue(input[key])) return INVALID;
    keys += 1;
  }
  return keys <= maxKeys ? (input as Record<string, V>) : INVALID;
}

const isFeatureValue = (v: unknown): v is FeatureValue =>
  v === null || typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= LIMITS.stringValueMaxLength);
const isProbability = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const isAttributeValue = (v: unknown): v is string => typeof v === 'string' && v.length <= LIMITS.stringValueMaxLength;

function readPredictionBody(input: unknown, owned: boolean): Checked<PredictionEvent['prediction']> {
  if (!isObject(input) || !hasOnlyKeys(input, PREDICTION_BODY_KEYS)) return INVALID;
  const label = nullableName(input['label']);
  const raw = input['probabilities'];
  const probabilities = raw === undefined || raw === null ? null : readRecord(raw, LIMITS.maxClasses, isProbability, owned);
  const value = nullableFinite(input['value']);
  if (label === INVALID || probabilities === INVALID || value === INVALID) return INVALID;
  if ((label !== null) === (value !== null)) return INVALID;
  if (probabilities !== null) {
    if (value !== null) return INVALID;
    // Same summation order as the schema's refinement, so the tolerance decides identically.
    const sum = Object.values(probabilities).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > LIMITS.probabilitySumTolerance) return INVALID;
    if (label !== null && !(label in probabilities)) return INVALID;
  }
  return { label, probabilities, value };
}

/**
 * The normalised prediction event, or undefined when the schema would reject it (ask zod why).
 * `owned`: the input was just decoded and nothing else holds it, so its records may become the
 * event's (see readRecord).
 */
export function fastValidatePrediction(input: unknown, owned = false): PredictionEvent | undefined {
  if (!isObject(input) || !hasOnlyKeys(input, PREDICTION_KEYS)) return undefined;
  const { eventId, modelId, modelVersion, deploymentRole, requestId, predictionId, eventTime } = input;
  if (!isId(eventId) || !isModelId(modelId) || !isModelId(modelVersion) || typeof deploymentRole !== 'string' || !ROLES.has(deploymentRole)) return undefined;
  if (!isId(requestId) || !isId(predictionId) || !isEventTime(eventTime)) return undefined;
  const features = readRecord(input['features'], LIMITS.maxFeatures, isFeatureValue, owned);
  const prediction = readPredictionBody(input['prediction'], owned);
  const rawAttributes = input['attributes'];
  const attributes = rawAttributes === undefined ? {} : readRecord(rawAttributes, LIMITS.maxAttributes, isAttributeValue, owned);
  const latencyMs = nullableFinite(input['latencyMs'], 0);
  if (features === INVALID || prediction === INVALID || attributes === INVALID || latencyMs === INVALID) return undefined;
  return {
    eventId,
    modelId,
    modelVersion,
    deploymentRole: deploymentRole as PredictionEvent['deploymentRole'],
    requestId,
    predictionId,
    eventTime,
    features,
    prediction,
    attributes,
    latencyMs,
  };
}

/** The normalised outcome event, or undefined when the schema would reject it (ask zod why). */
export function fastValidateOutcome(input: unknown): OutcomeEvent | undefined {
  if (!isObject(input) || !hasOnlyKeys(input, OUTCOME_KEYS)) return undefined;
  const { eventId, predictionId, modelId, eventTime } = input;
  if (!isId(eventId) || !isId(predictionId) || !isModelId(modelId) || !isEventTime(eventTime)) return undefined;
  const label = nullableName(input['label']);
  const value = nullableFinite(input['value']);
  if (label === INVALID || value === INVALID || (label === null) === (value === null)) return undefined;
  return { eventId, predictionId, modelId, eventTime, label, value };
}
