import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { avroTypeOf, loadAvroSchema } from './avro-schema-files.js';
import { checkSchemaEvolution } from './schema-evolution.js';
import {
  withEnumSymbols,
  withFieldDefault,
  withFieldRenamed,
  withFieldType,
  withOptionalField,
  withRequiredField,
  withoutField,
} from './testing/schema-variants.js';

const v1 = loadAvroSchema('prediction');
const v1Type = avroTypeOf(v1);
const v1Event = {
  eventId: 'e-1',
  modelId: 'm',
  modelVersion: '1',
  deploymentRole: 'shadow',
  requestId: 'r',
  predictionId: 'p',
  eventTime: 1_700_000_000_000,
  features: { x: 1, s: 'a', b: true, n: null },
  prediction: { label: 'yes', probabilities: { yes: 1 }, value: null },
  attributes: { region: 'EU' },
  latencyMs: null,
};

describe('a v2 schema that adds an optional field with a default', () => {
  const v2 = withOptionalField(v1);
  const v2Type = avroTypeOf(v2);

  it('passes the evolution check', () => {
    expect(checkSchemaEvolution(v1, v2)).toEqual([]);
  });

  it('lets a v2 reader read v1 data, filling the new field with its default', () => {
    const decoded = v2Type.fromBuffer(v1Type.toBuffer(v1Event), v2Type.createResolver(v1Type)) as Record<string, unknown>;
    expect(decoded.servingRegion).toBeNull();
    expect(decoded.eventId).toBe('e-1');
  });

  it('lets a v1 reader read v2 data, dropping the field it does not know', () => {
    const bytes = v2Type.toBuffer({ ...v1Event, servingRegion: 'eu-west-1' });
    const decoded = v1Type.fromBuffer(bytes, v1Type.createResolver(v2Type)) as Record<string, unknown>;
    expect(decoded).not.toHaveProperty('servingRegion');
    expect(decoded.features).toEqual(v1Event.features);
  });
});

describe('the evolution check refuses', () => {
  // `avro` says whether Avro's own resolution (either direction) already refuses the change;
  // where it allows it, the change is still forbidden because it silently changes what data means.
  const cases = [
    { change: 'a new field without a default', next: withRequiredField(v1), rule: 'field-added-without-default', path: 'tenantId', avro: 'refuses' },
    { change: 'a changed field type', next: withFieldType(v1, 'latencyMs', ['null', 'string']), rule: 'type-changed', path: 'latencyMs', avro: 'refuses' },
    { change: 'a timestamp turned into a string', next: withFieldType(v1, 'eventTime', 'string'), rule: 'type-changed', path: 'eventTime', avro: 'refuses' },
    { change: 'a removed required field', next: withoutField(v1, 'requestId'), rule: 'field-removed', path: 'requestId', avro: 'refuses' },
    { change: 'a removed optional field', next: withoutField(v1, 'latencyMs'), rule: 'field-removed', path: 'latencyMs', avro: 'allows' },
    { change: 'a renamed field', next: withFieldRenamed(v1, 'requestId', 'traceId'), rule: 'field-removed', path: 'requestId', avro: 'refuses' },
    { change: 'a changed default', next: withFieldDefault(v1, 'attributes', { team: 'x' }), rule: 'default-changed', path: 'attributes', avro: 'allows' },
    {
      change: 'a removed enum symbol',
      next: withEnumSymbols(v1, 'deploymentRole', ['champion', 'challenger', 'shadow']),
      rule: 'enum-symbols-changed',
      path: 'deploymentRole',
      avro: 'refuses',
    },
    {
      change: 'reordered enum symbols',
      next: withEnumSymbols(v1, 'deploymentRole', ['challenger', 'champion', 'shadow', 'canary']),
      rule: 'enum-symbols-changed',
      path: 'deploymentRole',
      avro: 'allows',
    },
    {
      change: 'an appended enum symbol when the old enum has no default',
      next: withEnumSymbols(v1, 'deploymentRole', ['champion', 'challenger', 'shadow', 'canary', 'blue']),
      rule: 'enum-symbol-appended-without-default',
      path: 'deploymentRole',
      avro: 'refuses',
    },
  ] as const;

  it.each(cases)('$change', ({ next, rule, path }) => {
    expect(checkSchemaEvolution(v1, next)).toContainEqual(expect.objectContaining({ rule, path }));
  });

  it.each(cases)('$change, which Avro resolution on its own $avro', ({ next, avro: expected }) => {
    const nextType = avroTypeOf(next);
    const unreadable = (reader: avro.Type, writer: avro.Type): boolean => {
      try {
        reader.createResolver(writer);
        return false;
      } catch {
        return true;
      }
    };
    const refuses = unreadable(nextType, v1Type) || unreadable(v1Type, nextType);
    expect(refuses ? 'refuses' : 'allows').toBe(expected);
  });
});

describe('appending an enum symbol', () => {
  it('is allowed once the previous enum declares a default, and old readers then fall back to it', () => {
    const previous = withEnumSymbols(v1, 'deploymentRole', ['champion', 'challenger', 'shadow', 'canary'], 'shadow');
    const next = withEnumSymbols(v1, 'deploymentRole', ['champion', 'challenger', 'shadow', 'canary', 'blue'], 'shadow');
    expect(checkSchemaEvolution(previous, next)).toEqual([]);
    const [oldType, newType] = [avroTypeOf(previous), avroTypeOf(next)];
    const decoded = oldType.fromBuffer(newType.toBuffer({ ...v1Event, deploymentRole: 'blue' }), oldType.createResolver(newType)) as Record<string, unknown>;
    expect(decoded.deploymentRole).toBe('shadow');
  });
});

describe('the committed schemas', () => {
  it.each(['prediction', 'outcome', 'anomaly'] as const)('are a valid evolution of themselves (%s)', (kind) => {
    expect(checkSchemaEvolution(loadAvroSchema(kind), loadAvroSchema(kind))).toEqual([]);
  });
});
