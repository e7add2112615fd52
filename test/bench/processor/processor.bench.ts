// `npm run bench:processor`: one processor instance against a real local broker with the
// embedded store, on 20-feature events (simulator `fleet` preset), JSON and Avro. Events are
// produced once per encoding, then consumed: first by plain kafkajs (the ceiling, same topics,
// same run), then by the processor. Prints one JSON object per metric (bench-output.ts).
// Uses VIGIL_KAFKA_BROKERS / VIGIL_SCHEMA_REGISTRY_URL when set, else starts a private stack.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { fetchLimits } from '../../../services/processor/runtime/fetch-limits.js';
import { PrivateStack } from '../../integration/processor/harness/private-stack.js';
import { emit } from '../bench-output.js';
import { createTopics, DEFAULT_WINDOWING, DENSE_WINDOWING, fleetEvents, produceEvents, STRESS_WINDOWING, WINDOW_MS, type Valid, type Windowing } from './bench-events.js';
import { decodeAndFoldRate } from './decode-and-fold-rate.js';
import { kafkajsConsumeRate } from './kafkajs-ceiling.js';
import { runProcessorPhase } from './processor-phase.js';
import { windowCloseToVisibleMs } from './window-close-latency.js';

const RECORDS = Number(process.env.VIGIL_BENCH_RECORDS ?? 100_000);
// VIGIL_BENCH_WINDOWINGS: a comma list of stress, default, dense (default: all three); VIGIL_BENCH_MEMORY=0 skips the memory phase.
const WINDOWINGS = [STRESS_WINDOWING, DEFAULT_WINDOWING, DENSE_WINDOWING].filter((w) => (process.env.VIGIL_BENCH_WINDOWINGS ?? 'stress,default,dense').split(',').includes(w.name));
const MEMORY_MODELS = 1_000;
const MEMORY_RECORDS_PER_MODEL = 40;
const REPO = resolve(import.meta.dirname, '../../..');

async function stackAddresses(): Promise<{ brokers: string; registryUrl: string; stop: () => Promise<void> }> {
  const brokers = process.env.VIGIL_KAFKA_BROKERS;
  const registryUrl = process.env.VIGIL_SCHEMA_REGISTRY_URL;
  if (brokers !== undefined && brokers !== '' && registryUrl !== undefined && registryUrl !== '') return { brokers, registryUrl, stop: () => Promise.resolve() };
  const stack = new PrivateStack();
  await stack.upOnly('kafka', 'registry');
  return { brokers: stack.variable('VIGIL_KAFKA_BROKERS'), registryUrl: stack.variable('VIGIL_SCHEMA_REGISTRY_URL'), stop: () => stack.down() };
}

async function throughput(kafka: Kafka, brokers: string, registryUrl: string, events: readonly Valid[], encoding: 'json' | 'avro', windowing: Windowing): Promise<void> {
  // Metric names without a suffix are the stress windowing's (the names earlier runs reported).
  const suffix = windowing.name === 'stress' ? encoding : `${encoding}_${windowing.name}_windows`;
  const { described } = windowing;
  const topics = await createTopics(kafka, `bench-${windowing.name}-${encoding}`);
  const produced = await produceEvents(kafka, topics, events, encoding, registryUrl);
  // The ceiling reads with the fetch sizes the processor uses at its default buffer bound.
  const maxBytes = fetchLimits(64 * 1024 * 1024, 1).maxBytes;
  const ceiling = await kafkajsConsumeRate(kafka, [topics.predictions, topics.outcomes], produced.records, maxBytes);
  const phase = await runProcessorPhase({ brokers, registryUrl, encoding, topics, records: produced.records, windowing });
  try {
    // After the processor, so it does not warm the processor's code: it runs on code the
    // processor warmed instead, which can only raise this bound.
    const decodeAndFold = await decodeAndFoldRate({ kafka, topics, records: produced.records, maxBytes, processor: phase.config.processor, registryUrl: encoding === 'avro' ? registryUrl : undefined });
    const bytes = Math.round(produced.bytes / produced.records);
    emit({ metric: `kafkajs_ceiling_events_per_s_${suffix}`, value: ceiling, unit: `events/s, plain kafkajs eachBatch, no decoding (${produced.records} records, ${bytes} B mean)`, baseline: null, baseline_value: null });
    emit({
      metric: `processor_events_per_s_${suffix}`,
      value: phase.eventsPerSecond,
      unit: `events/s until every closed window is written, one instance, embedded store, 20 features, ${described} (${produced.records} predictions+outcomes, ${bytes} B mean); goal ≥ 60% of the ceiling${encoding === 'avro' ? ' and ≥ 50k/s' : ''}`,
      baseline: `kafkajs_ceiling_events_per_s_${suffix} (same topics, same run)`,
      baseline_value: ceiling,
    });
    emit({
      metric: `processor_folded_events_per_s_${suffix}`,
      value: phase.foldedPerSecond,
      unit: 'events/s until the last record is folded into the windows, before the windows it closed are written (what earlier runs reported as processor_events_per_s)',
      baseline: `kafkajs_ceiling_events_per_s_${suffix} (same topics, same run)`,
      baseline_value: ceiling,
    });
    emit({ metric: `processor_share_of_ceiling_${suffix}`, value: phase.eventsPerSecond / ceiling, unit: 'ratio; goal ≥ 0.6', baseline: null, baseline_value: null });
    emit({
      metric: `decode_and_fold_events_per_s_${suffix}`,
      value: decodeAndFold.eventsPerSecond,
      unit: `events/s of plain kafkajs + the processor's decoder + one MonitoringTopology per partition, advanced per batch, on one thread: no store, no sink (${decodeAndFold.closedWindows} windows closed and dropped); what any single-threaded processor on this core could reach`,
      baseline: `kafkajs_ceiling_events_per_s_${suffix} (same topics, same run)`,
      baseline_value: ceiling,
    });
    emit({ metric: `decode_and_fold_share_of_ceiling_${suffix}`, value: decodeAndFold.eventsPerSecond / ceiling, unit: 'ratio: the share of the ceiling decode + fold alone leave on one thread', baseline: null, baseline_value: null });
    if (encoding === 'json') {
      const visibleMs = await windowCloseToVisibleMs(kafka, phase.store, phase.probe, topics, events, windowing.sizeMs, phase.config.processor.graceMs);
      const name = windowing.name === 'stress' ? 'window_close_to_visible_ms' : `window_close_to_visible_ms_${windowing.name}_windows`;
      emit({ metric: name, value: visibleMs, unit: `ms from the record that closes a window (acked) to every model's statistics rows of it in the store, ${described}; goal < 2000`, baseline: null, baseline_value: null });
    }
  } finally {
    await phase.close();
  }
}

async function memory(kafka: Kafka, brokers: string): Promise<void> {
  const events = fleetEvents(MEMORY_MODELS, MEMORY_MODELS * MEMORY_RECORDS_PER_MODEL, 3);
  const topics = await createTopics(kafka, 'bench-memory');
  await produceEvents(kafka, topics, events, 'json');
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/bench/processor/memory-phase.ts'], {
    cwd: REPO,
    env: { ...process.env, VIGIL_BENCH_BROKERS: brokers, VIGIL_BENCH_PREDICTIONS: topics.predictions, VIGIL_BENCH_OUTCOMES: topics.outcomes, VIGIL_BENCH_RECORDS: String(events.length) },
    maxBuffer: 16 * 1024 * 1024,
  });
  // Warnings logged while the phase closes may follow the result line on stdout.
  const line = stdout.trim().split('\n').findLast((l) => l.startsWith('{"rssMb"')) ?? '{}';
  const result = JSON.parse(line) as { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; anonMb: number; fileMb: number; baselineRssMb: number };
  emit({
    metric: 'processor_memory_mb',
    value: result.rssMb,
    unit: `MB resident after GC, processor process with embedded store, ${MEMORY_MODELS} models × 20 features, windows open (${events.length} records); goal < 1024`,
    baseline: 'the same process before the processor started (node + tsx + chDB loaded)',
    baseline_value: result.baselineRssMb,
  });
  emit({ metric: 'processor_heap_used_mb', value: result.heapUsedMb, unit: `MB V8 heap used after GC, same run as processor_memory_mb`, baseline: null, baseline_value: null });
  // Resident memory outside the V8 heap's reservation and Node's external buffers: chDB's own (allocator, caches).
  const nativeMb = result.rssMb - result.heapTotalMb - result.externalMb;
  emit({ metric: 'processor_native_mb', value: nativeMb, unit: 'MB resident outside the V8 heap (heapTotal) and external buffers: mostly chDB, same run', baseline: null, baseline_value: null });
  emit({ metric: 'processor_memory_anon_mb', value: result.anonMb, unit: 'MB of processor_memory_mb that is anonymous memory (RssAnon: heaps, allocator)', baseline: null, baseline_value: null });
  emit({ metric: 'processor_memory_file_mb', value: result.fileMb, unit: 'MB of processor_memory_mb that is file-backed (RssFile: mostly libchdb.so pages touched by queries; shared, reclaimable)', baseline: null, baseline_value: null });
}

const addresses = await stackAddresses();
try {
  const kafka = new Kafka({ clientId: 'processor-bench', brokers: addresses.brokers.split(','), logLevel: logLevel.NOTHING });
  for (const windowing of WINDOWINGS) {
    // Traffic ends on a window boundary at least one window ago, so the record that closes the
    // last window (end + grace) is not in the future, where it would be dead-lettered.
    const sinceBoundary = Math.floor((Date.now() % windowing.sizeMs) / WINDOW_MS);
    const endsMinutesAgo = windowing.name === 'stress' ? 30 : sinceBoundary + windowing.sizeMs / WINDOW_MS;
    const events = fleetEvents(20, RECORDS, windowing.spanMinutes, endsMinutesAgo);
    await throughput(kafka, addresses.brokers, addresses.registryUrl, events, 'json', windowing);
    await throughput(kafka, addresses.brokers, addresses.registryUrl, events, 'avro', windowing);
  }
  if (process.env.VIGIL_BENCH_MEMORY !== '0') await memory(kafka, addresses.brokers);
} finally {
  await addresses.stop();
}
