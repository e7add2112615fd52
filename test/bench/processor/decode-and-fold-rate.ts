// Decode and fold alone: plain kafkajs reading the same topics (as the ceiling does), plus the
// processor's own decoder and one MonitoringTopology per partition number, advanced after every
// batch. No store, no sink, no checkpoints, no metrics: the most a processor built on this core
// can reach on one JavaScript thread. Comparing it with the ceiling tells how much of the gap is
// the per-event work itself rather than the processor around it.
import type { Kafka } from 'kafkajs';
import { createSchemaRegistryClient } from '../../../services/adapters/registry/schema-registry-client.js';
import { MonitoringTopology } from '../../../services/core/profile/index.js';
import { AvroEventReader } from '../../../services/processor/runtime/avro-event-reader.js';
import { RecordDecoder, type DecodedRecord, type InputKind } from '../../../services/processor/runtime/record-decoder.js';
import { topologyOptions } from '../../../services/processor/runtime/topology-options.js';
import { SettingsSnapshot } from '../../../services/processor/settings/index.js';
import type { ProcessorConfig } from '../../../services/shared/config-schema.js';
import { kafkajsConsumeRate } from './kafkajs-ceiling.js';

export interface DecodeAndFoldOptions {
  readonly kafka: Kafka;
  readonly topics: { readonly predictions: string; readonly outcomes: string };
  readonly records: number;
  readonly maxBytes: number;
  readonly processor: ProcessorConfig;
  readonly registryUrl: string | undefined;
}

/** Events/s of kafkajs + decode + fold on one thread, from joining the group to the last record folded. */
export async function decodeAndFoldRate(options: DecodeAndFoldOptions): Promise<{ eventsPerSecond: number; closedWindows: number }> {
  const registry = options.registryUrl === undefined ? undefined : createSchemaRegistryClient({ url: options.registryUrl }, 'bench-decode-and-fold');
  const decoder = new RecordDecoder({ avro: registry === undefined ? undefined : new AvroEventReader(registry), maxFutureSkewMs: options.processor.maxFutureSkewMs });
  const settings = SettingsSnapshot.empty();
  const topologyConfig = topologyOptions(options.processor, (modelId) => settings.settingsFor(modelId));
  const topologies = new Map<number, MonitoringTopology>();
  let closedWindows = 0;
  const eventsPerSecond = await kafkajsConsumeRate(options.kafka, [options.topics.predictions, options.topics.outcomes], options.records, options.maxBytes, async (topic, partition, values) => {
    const kind: InputKind = topic === options.topics.predictions ? 'prediction' : 'outcome';
    const source = kind === 'prediction' ? 'predictions' : 'outcomes';
    let topology = topologies.get(partition);
    if (topology === undefined) topologies.set(partition, (topology = new MonitoringTopology(topologyConfig)));
    const now = Date.now();
    for (const value of values) {
      // Only the first message of each Avro writer schema waits for the registry.
      const decoded: DecodedRecord = decoder.decodeNow(kind, value, now) ?? (await decoder.decode(kind, value, now));
      if (!decoded.ok) continue;
      if (decoded.kind === 'prediction') topology.pipePrediction(source, decoded.event);
      else topology.pipeOutcome(source, decoded.event);
    }
    const output = topology.advance();
    closedWindows += output.predictionWindows.length + output.labelWindows.length;
  });
  return { eventsPerSecond, closedWindows };
}
