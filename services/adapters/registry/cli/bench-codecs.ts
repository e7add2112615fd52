// Usage: npx tsx services/adapters/registry/cli/bench-codecs.ts
// Decode throughput of one prediction event (JSON vs Avro wire format, both validated with zod),
// with an in-memory registry so only the codec is measured. Prints one JSON object per metric.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEvent, encodeEvent } from '../../../contracts/json-codec.js';
import { AvroEventCodec } from '../avro-event-codec.js';
import { findSchemasDirectory } from '../avro-schema-files.js';
import { InMemoryRegistry } from '../testing/in-memory-registry.js';

const ITERATIONS = Number(process.env.VIGIL_BENCH_ITERATIONS ?? 20_000);
const example = readFileSync(join(findSchemasDirectory(), 'examples/valid/prediction-binary-with-probabilities.json'));
const parsed = decodeEvent('prediction', example);
if (!parsed.ok) throw parsed.error;
const json = encodeEvent('prediction', parsed.event);
const codec = await AvroEventCodec.start({ registry: new InMemoryRegistry(), topics: { prediction: 'bench' }, mode: 'register' });
const avro = codec.encode('prediction', parsed.event);
if (!json.ok || !avro.ok) throw new Error('encoding the example failed');
const jsonBytes = json.bytes;
const avroBytes = avro.bytes;

async function measure(name: string, decode: () => unknown): Promise<void> {
  for (let i = 0; i < 1_000; i += 1) await decode(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i += 1) await decode();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ metric: name, value: Math.round(ITERATIONS / seconds), unit: 'events/s', iterations: ITERATIONS }));
}

// Baseline: JSON.parse alone, without validation, measured in the same run.
await measure('json_parse_only_baseline', () => JSON.parse(new TextDecoder().decode(jsonBytes)) as unknown);
await measure('json_decode_validated', () => decodeEvent('prediction', jsonBytes));
await measure('avro_decode_validated', () => codec.decode('prediction', avroBytes));
console.log(JSON.stringify({ metric: 'encoded_size', json: jsonBytes.length, avro: avroBytes.length, unit: 'bytes' }));
