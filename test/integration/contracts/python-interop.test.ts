import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AvroEventCodec } from '../../../services/adapters/registry/avro-event-codec.js';
import { findSchemasDirectory } from '../../../services/adapters/registry/avro-schema-files.js';
import { createSchemaRegistryClient } from '../../../services/adapters/registry/schema-registry-client.js';
import { AVRO_SCHEMA_FILES, type EventKind } from '../../../services/contracts/event-kinds.js';
import { decodeEvent } from '../../../services/contracts/json-codec.js';
import { validateEvent } from '../../../services/contracts/validate-event.js';
import { validExamples } from '../../../services/contracts/testing/example-files.js';
import { registryUrlFromEnv, uniqueTopic } from './registry-env.js';

const url = registryUrlFromEnv();
const root = join(import.meta.dirname, '..', '..', '..');
const python = execFileSync('bash', [join(root, 'deploy/local/python-env.sh')], { encoding: 'utf8' }).trim();

type PythonRequest = { mode: 'encode'; topic: string; schemaFile: string; event: unknown } | { mode: 'decode'; topic: string; schemaFile: string; hex: string };

/** One Python process for a whole batch: confluent-kafka's serializers, as a model server uses them. */
function runPython(requests: PythonRequest[]): ({ hex: string } | { event: unknown })[] {
  const script = join(import.meta.dirname, 'python_avro_interop.py');
  return JSON.parse(execFileSync(python, [script, url], { input: JSON.stringify(requests), encoding: 'utf8' })) as ReturnType<typeof runPython>;
}

const schemaFile = (kind: EventKind): string => join(findSchemasDirectory(), AVRO_SCHEMA_FILES[kind]);

const freshTopics = (): Record<EventKind, string> => ({
  prediction: uniqueTopic('py-predictions'),
  outcome: uniqueTopic('py-outcomes'),
  anomaly: uniqueTopic('py-anomalies'),
});

describe('interoperability with a Python producer using confluent-kafka', () => {
  const examples = validExamples().map((example) => {
    const decoded = decodeEvent(example.kind, example.bytes);
    if (!decoded.ok) throw decoded.error;
    return { ...example, event: decoded.event };
  });

  it('decodes every valid example Python AvroSerializer wrote, finding the schema id Python registered', async () => {
    const topics = freshTopics();
    const responses = runPython(examples.map((e) => ({ mode: 'encode', topic: topics[e.kind], schemaFile: schemaFile(e.kind), event: e.event })));
    const codec = await AvroEventCodec.start({ registry: createSchemaRegistryClient({ url }), topics, mode: 'lookup' });
    for (const [i, example] of examples.entries()) {
      const bytes = Buffer.from((responses[i] as { hex: string }).hex, 'hex');
      expect(bytes.readInt32BE(1), example.file).toBe(codec.schemaId(example.kind));
      expect(await codec.decode(example.kind, bytes), example.file).toEqual({ ok: true, event: example.event });
    }
  });

  it('writes every valid example so that Python AvroDeserializer reads it back, under the id Python would use', async () => {
    const topics = freshTopics();
    const codec = await AvroEventCodec.start({ registry: createSchemaRegistryClient({ url }), topics, mode: 'register' });
    const requests = examples.map((e): PythonRequest => {
      const encoded = codec.encode(e.kind, e.event);
      if (!encoded.ok) throw encoded.error;
      return { mode: 'decode', topic: topics[e.kind], schemaFile: schemaFile(e.kind), hex: Buffer.from(encoded.bytes).toString('hex') };
    });
    for (const [i, response] of runPython(requests).entries()) {
      const example = examples[i]!;
      expect(validateEvent(example.kind, (response as { event: unknown }).event), example.file).toEqual({ ok: true, event: example.event });
    }
    const first = examples[0]!;
    const [pythonWritten] = runPython([{ mode: 'encode', topic: topics[first.kind], schemaFile: schemaFile(first.kind), event: first.event }]);
    expect(Buffer.from((pythonWritten as { hex: string }).hex, 'hex').readInt32BE(1)).toBe(codec.schemaId(first.kind));
  });

  it('keeps a NaN feature value a Python producer sent as NaN, for data quality to count', async () => {
    const topics = { prediction: uniqueTopic('py-nan') };
    const example = examples.find((e) => e.file === 'prediction-regression-canary.json')!;
    const event = { ...(example.event as Record<string, unknown>), features: { distance_km: '__NAN__', hour: 18 } };
    // JSON cannot carry NaN, but Python's json module reads the bare literal NaN.
    const request = JSON.stringify([{ mode: 'encode', topic: topics.prediction, schemaFile: schemaFile('prediction'), event }]).replace('"__NAN__"', 'NaN');
    const script = join(import.meta.dirname, 'python_avro_interop.py');
    const [response] = JSON.parse(execFileSync(python, [script, url], { input: request, encoding: 'utf8' })) as { hex: string }[];
    const codec = await AvroEventCodec.start({ registry: createSchemaRegistryClient({ url }), topics, mode: 'lookup' });
    const decoded = await codec.decode('prediction', Buffer.from(response!.hex, 'hex'));
    expect(decoded.ok && decoded.event.features).toEqual({ distance_km: Number.NaN, hour: 18 });
  });

  it('refuses to register on a subject Python created first (it reports NONE), saying how to fix it', async () => {
    const topics = { outcome: uniqueTopic('py-none') };
    const example = examples.find((e) => e.kind === 'outcome')!;
    runPython([{ mode: 'encode', topic: topics.outcome, schemaFile: schemaFile('outcome'), event: example.event }]);
    const start = AvroEventCodec.start({ registry: createSchemaRegistryClient({ url }), topics, mode: 'register' });
    await expect(start).rejects.toMatchObject({ code: 'REGISTRY_SCHEMA_REJECTED', message: expect.stringContaining('"compatibility":"BACKWARD"') });
  });
});
