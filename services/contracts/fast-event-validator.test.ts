import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from './common.js';
import { fastValidateOutcome, fastValidatePrediction } from './fast-event-validator.js';
import { outcomeEventSchema } from './outcome-event.js';
import { predictionEventSchema } from './prediction-event.js';
import { invalidExamples, validExamples } from './testing/example-files.js';

// Differential tests: the zod schemas are the source of truth; the fast validators must agree on
// accept/reject and, when accepting, return the same event (values, -0, NaN and key order).

const CASES = {
  prediction: { schema: predictionEventSchema, fast: fastValidatePrediction },
  outcome: { schema: outcomeEventSchema, fast: fastValidateOutcome },
} as const;
type Kind = keyof typeof CASES;

/** `owned`: the input came from JSON.parse, so the validator may keep its records (as decoders ask). */
function expectAgreement(kind: Kind, input: unknown, owned = false): void {
  const zod = CASES[kind].schema.safeParse(input);
  const fast = CASES[kind].fast(input, owned);
  if ((fast !== undefined) !== zod.success) expect.fail(`fast ${fast === undefined ? 'rejected' : 'accepted'} what zod ${zod.success ? 'accepts' : 'rejects'}: ${JSON.stringify(input)}`);
  if (zod.success) {
    // Not toStrictEqual: it compares `a.constructor === b.constructor`, which a record with a
    // "constructor" key holding NaN fails on identical objects. toEqual compares values (NaN
    // and -0 included); `structure` adds what toStrictEqual would: prototypes, undefined keys.
    expect(fast).toEqual(zod.data);
    expect(structure(fast)).toEqual(structure(zod.data));
    expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
  }
}

/** Every key path in order, with each object's prototype and each value's type. */
function structure(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [`${path}: ${value === null ? 'null' : typeof value}`];
  const prototype: unknown = Object.getPrototypeOf(value);
  const kind = Array.isArray(value) ? 'array' : prototype === Object.prototype ? 'object' : prototype === null ? 'null-prototype object' : 'other object';
  return [`${path}: ${kind}`, ...Reflect.ownKeys(value).flatMap((key) => structure((value as Record<PropertyKey, unknown>)[key], `${path}.${String(key)}`))];
}

/** Strings around every length limit, and names the schemas treat specially. */
const tricky = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a b', 'm|v', '-m', '1', 'é', '\u{1F600}'),
  fc.constantFrom(1, 127, 128, 129, 255, 256, 257, 1023, 1024, 1025).map((n) => 'x'.repeat(n)),
);
const modelId = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,10}$/) }, { weight: 1, arbitrary: tricky });
const id = fc.oneof({ weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) }, { weight: 1, arbitrary: tricky });
const eventTime = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000_000_000 }),
  fc.constantFrom(0, -0, -1, 1.5, 8_640_000_000_000_000, 8_640_000_000_000_001, Number.MAX_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY),
);
const number = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));
const featureValue = fc.oneof(number, tricky, fc.boolean(), fc.constant(null));

/** Optional fields: absent, undefined, null or a value. */
const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(fc.oneof(fc.constant(undefined), fc.constant(null), value), { nil: 'absent' as const });
const withMaybe = (base: Record<string, unknown>, optional: Record<string, unknown>) => {
  const out = { ...base };
  for (const [key, value] of Object.entries(optional)) if (value !== 'absent') out[key] = value;
  return out;
};

/** Probabilities that usually sum to 1 (within or just outside the tolerance). */
const probabilities = fc
  .record({ labels: fc.uniqueArray(tricky, { minLength: 1, maxLength: 4 }), weights: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), skew: fc.constantFrom(0, 0, 5e-4, 2e-3, 0.3) })
  .map(({ labels, weights, skew }) => {
    const total = labels.reduce((sum, _, i) => sum + (weights[i] ?? 0), 0);
    return Object.fromEntries(labels.map((label, i) => [label, Math.min(1, (weights[i] ?? 0) / total + (i === 0 ? skew : 0))]));
  });

const predictionBody = fc.oneof(
  fc.record({ probabilities, pick: fc.nat(3), value: maybe(number) }).map(({ probabilities: p, pick, value }) => {
    const labels = Object.keys(p);
    return withMaybe({ label: labels[pick % labels.length] ?? 'x', probabilities: p }, { value });
  }),
  fc.record({ label: tricky, probabilities: maybe(probabilities), value: maybe(number) }).map(({ label, ...rest }) => withMaybe({ label }, rest)),
  fc.record({ value: number, label: maybe(tricky), probabilities: maybe(probabilities) }).map(({ value, ...rest }) => withMaybe({ value }, rest)),
);

const record = (value: fc.Arbitrary<unknown>) => fc.dictionary(tricky, value, { maxKeys: 5 });

const predictionInput = fc
  .record({
    eventId: id,
    modelId,
    modelVersion: modelId,
    deploymentRole: fc.constantFrom('champion', 'challenger', 'shadow', 'canary', 'primary'),
    requestId: id,
    predictionId: id,
    eventTime,
    features: record(featureValue),
    prediction: predictionBody,
    attributes: maybe(record(fc.oneof(tricky, fc.integer()))),
    latencyMs: maybe(number),
  })
  .map(({ attributes, latencyMs, ...required }) => withMaybe(required, { attributes, latencyMs }));

const outcomeInput = fc
  .record({ eventId: id, predictionId: id, modelId, eventTime, label: maybe(tricky), value: maybe(number) })
  .map(({ label, value, ...required }) => withMaybe(required, { label, value }));

/** One random change somewhere in the event: a key removed, replaced by anything, or added. */
function mutate(input: Record<string, unknown>, path: string[], action: 'delete' | 'set' | 'add', value: unknown): unknown {
  const copy = structuredClone(input);
  let target: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = target[key];
    if (typeof next !== 'object' || next === null) return copy;
    target = next as Record<string, unknown>;
  }
  const last = path[path.length - 1] ?? 'eventId';
  if (action === 'delete') Reflect.deleteProperty(target, last);
  else if (action === 'set') target[last] = value;
  else target[`${last}_extra`] = value;
  return copy;
}

const PREDICTION_PATHS = [
  ['eventId'], ['modelId'], ['modelVersion'], ['deploymentRole'], ['requestId'], ['predictionId'], ['eventTime'], ['features'],
  ['prediction'], ['prediction', 'label'], ['prediction', 'probabilities'], ['prediction', 'value'], ['attributes'], ['latencyMs'],
];
const OUTCOME_PATHS = [['eventId'], ['predictionId'], ['modelId'], ['eventTime'], ['label'], ['value']];
const anyValue = fc.oneof(fc.anything({ withNullPrototype: true, withObjectString: true }), number, tricky, fc.constant(undefined));
const mutation = (paths: string[][]) => fc.record({ path: fc.constantFrom(...paths), action: fc.constantFrom('delete' as const, 'set' as const, 'add' as const), value: anyValue });

describe('the fast event validators agree with the zod schemas', () => {
  it('on random prediction events, valid and borderline', () => {
    fc.assert(fc.property(predictionInput, (input) => {
        expectAgreement('prediction', input);
      }), { numRuns: 1000 });
  }, 60_000);

  it('on random outcome events, valid and borderline', () => {
    fc.assert(fc.property(outcomeInput, (input) => {
        expectAgreement('outcome', input);
      }), { numRuns: 500 });
  }, 60_000);

  it('on random mutations of prediction and outcome events', () => {
    fc.assert(
      fc.property(predictionInput, mutation(PREDICTION_PATHS), (input, m) => {
        expectAgreement('prediction', mutate(input, m.path, m.action, m.value));
      }),
      { numRuns: 1000 },
    );
    fc.assert(fc.property(outcomeInput, mutation(OUTCOME_PATHS), (input, m) => {
        expectAgreement('outcome', mutate(input, m.path, m.action, m.value));
      }), { numRuns: 500 });
  }, 60_000);

  it('on events that went through JSON text, where "__proto__" is an ordinary own key', () => {
    const protoKey = fc.constantFrom('{"__proto__": 1}', '{"__proto__": {"x": 1}}', '{"__proto__": "a", "b": 2}');
    fc.assert(
      fc.property(predictionInput, outcomeInput, protoKey, fc.constantFrom('', 'features', 'attributes', 'prediction.probabilities'), (prediction, outcome, proto, where) => {
        const text = JSON.stringify(prediction).replace(where === '' ? /^\{/ : new RegExp(`"${where.split('.').pop() ?? ''}":\\{`), (m) => `${m}${proto.slice(1, -1)},`);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return;
        }
        expectAgreement('prediction', parsed);
        expectAgreement('outcome', JSON.parse(JSON.stringify(outcome)) as unknown);
        expectAgreement('prediction', JSON.parse(text) as unknown, true);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('on random events fresh from JSON text, whose records they keep instead of copying', () => {
    fc.assert(
      fc.property(predictionInput, outcomeInput, (prediction, outcome) => {
        expectAgreement('prediction', JSON.parse(JSON.stringify(prediction)) as unknown, true);
        expectAgreement('outcome', JSON.parse(JSON.stringify(outcome)) as unknown, true);
      }),
    );
    const input = JSON.parse('{"eventId":"e","modelId":"m","modelVersion":"v","deploymentRole":"champion","requestId":"r","predictionId":"p","eventTime":1,"features":{"x":1},"prediction":{"label":"a","probabilities":{"a":1}},"attributes":{"g":"f"}}') as { features: object; attributes: object };
    const kept = fastValidatePrediction(input, true);
    expect(kept?.features).toBe(input.features);
    expect(kept?.attributes).toBe(input.attributes);
    expect(fastValidatePrediction(input)?.features).not.toBe(input.features);
  });

  it('on every committed example event', () => {
    const examples = [...validExamples(), ...invalidExamples()].filter((e) => e.kind !== 'anomaly');
    expect(examples.length).toBeGreaterThan(20);
    for (const example of examples) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(example.bytes));
      } catch {
        continue;
      }
      expectAgreement(example.kind as Kind, parsed);
    }
  });

  it('on a predicted label that names an Object.prototype member (the schema checks it with `in`)', () => {
    const base = { eventId: 'e', modelId: 'm', modelVersion: 'v', deploymentRole: 'champion', requestId: 'r', predictionId: 'p', eventTime: 1, features: {} };
    for (const label of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'a']) {
      expectAgreement('prediction', { ...base, prediction: { label, probabilities: { b: 1 } } });
    }
  });

  it('on the limits: feature, attribute and class counts at and above the maximum', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);
    const base = { eventId: 'e', modelId: 'm', modelVersion: 'v', deploymentRole: 'champion', requestId: 'r', predictionId: 'p', eventTime: 1 };
    for (const n of [LIMITS.maxFeatures, LIMITS.maxFeatures + 1]) {
      expectAgreement('prediction', { ...base, features: Object.fromEntries(keys(n).map((k) => [k, 1])), prediction: { value: 1 } });
    }
    for (const n of [LIMITS.maxAttributes, LIMITS.maxAttributes + 1]) {
      expectAgreement('prediction', { ...base, features: {}, attributes: Object.fromEntries(keys(n).map((k) => [k, 'a'])), prediction: { value: 1 } });
    }
    for (const n of [LIMITS.maxClasses, LIMITS.maxClasses + 1]) {
      const probabilities = Object.fromEntries(keys(n).map((k) => [k, 1 / n]));
      expectAgreement('prediction', { ...base, features: {}, prediction: { label: 'k0', probabilities } });
    }
  });
});
