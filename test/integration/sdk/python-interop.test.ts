import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEvent, validateEvent, type EventKind } from '../../../services/contracts/index.js';
import { AvroEventCodec } from '../../../services/adapters/registry/avro-event-codec.js';
import { createSchemaRegistryClient } from '../../../services/adapters/registry/schema-registry-client.js';
import type { DecodeResult } from '../../../services/contracts/index.js';
import { sampleOutcome, samplePrediction } from '../../../services/sdk/testing/sample-events.js';
import { requireStackEnv, uniqueName } from '../stack/stack-env.js';
import { consumeRecords, createEventTopics, deleteCreatedTopics, javaCompatiblePartition, stackKafka } from '../stack/kafka-test-topics.js';

const run = promisify(execFile);
const { kafka, brokers } = stackKafka('sdk-python-interop-test');
const admin = kafka.admin();
const registryUrl = requireStackEnv('VIGIL_SCHEMA_REGISTRY_URL');
const N = 60;
const MODELS = 4;
const workDir = mkdtempSync(join(tmpdir(), 'vigil-interop-'));
let python = '';

/** Normalised events (defaults filled in), which is what a consumer must decode. */
function interopEvents(runId: string): { kind: EventKind; event: Record<string, unknown> }[] {
  const events: { kind: EventKind; event: Record<string, unknown> }[] = [];
  for (let i = 0; i < N; i++) {
    const prediction = validateEvent('prediction', samplePrediction(i, { models: MODELS, runId }));
    const outcome = validateEvent('outcome', i % 2 === 0 ? sampleOutcome(i, { models: MODELS, runId }) : { ...sampleOutcome(i, { models: MODELS, runId }), label: null, value: i / 7 });
    if (!prediction.ok || !outcome.ok) throw new Error('interop events must be valid');
    events.push({ kind: 'prediction', event: prediction.event }, { kind: 'outcome', event: outcome.event });
  }
  return events;
}

async function publishFromPython(encoding: 'avro' | 'json', topics: { predictions: string; outcomes: string }, events: unknown[]): Promise<unknown> {
  const file = join(workDir, `${encoding}-${uniqueName('events')}.jsonl`);
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));
  const { stdout } = await run(
    python,
    [
      'test/interop/publish_python.py',
      '--brokers', brokers.join(','),
      '--registry', registryUrl,
      '--encoding', encoding,
      '--predictions-topic', topics.predictions,
      '--outcomes-topic', topics.outcomes,
      '--events', file,
    ],
    { timeout: 90_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

async function expectRoundTrip(
  encoding: 'avro' | 'json',
  decode: (kind: EventKind, value: Buffer, topics: { predictions: string; outcomes: string }) => Promise<DecodeResult<unknown>>,
): Promise<void> {
  const topics = await createEventTopics(admin, `py-${encoding}`);
  const sent = interopEvents(uniqueName(encoding));
  const summary = await publishFromPython(encoding, topics, sent);
  expect(summary).toEqual({ published: { prediction: N, outcome: N }, undelivered: 0, failures: [] });

  const records = await consumeRecords(kafka, [topics.predictions, topics.outcomes], 2 * N);
  const byId = new Map(sent.map((s) => [s.event.eventId, s]));
  const decodedIds = new Set<unknown>();
  for (const record of records) {
    const kind: EventKind = record.topic === topics.predictions ? 'prediction' : 'outcome';
    const decoded = await decode(kind, record.value, topics);
    if (!decoded.ok) throw decoded.error;
    const event = decoded.event as Record<string, unknown>;
    expect(byId.get(event.eventId)).toEqual({ kind, event });
    // Keyed by model id with murmur2: the same partition the TypeScript SDK (and Java) would choose.
    expect(record.key).toBe(event.modelId);
    expect(record.partition).toBe(javaCompatiblePartition(record.topic, record.key));
    decodedIds.add(event.eventId);
  }
  expect(decodedIds.size).toBe(2 * N);
}

describe('a Python model server publishing with confluent-kafka', () => {
  beforeAll(async () => {
    const { stdout } = await run('bash', ['deploy/local/python-env.sh'], { timeout: 170_000 });
    python = stdout.trim().split('\n').at(-1) ?? '';
    await admin.connect();
  });
  afterAll(async () => {
    await deleteCreatedTopics(admin);
    await admin.disconnect();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('writes Avro through the AvroSerializer that our consumer-side codec decodes into the contract events it sent', async () => {
    let codec: AvroEventCodec | undefined;
    await expectRoundTrip('avro', async (kind, value, topics) => {
      codec ??= await AvroEventCodec.start({
        registry: createSchemaRegistryClient({ url: registryUrl }),
        topics: { prediction: topics.predictions, outcome: topics.outcomes },
        mode: 'lookup',
      });
      return codec.decode(kind, value);
    });
  });

  it('writes plain JSON that the JSON codec decodes into the contract events it sent', async () => {
    await expectRoundTrip('json', (kind, value) => Promise.resolve(decodeEvent(kind, value)));
  });
});
