// The reference computation for the scenario test: the same Kafka records, read back in log
// order per partition, through the pure core (one MonitoringTopology per partition, exactly as
// the runtime configures it) and the pure statistics functions. No processor code path runs.
import type { Kafka } from 'kafkajs';
import { decodeEvent } from '../../../../services/contracts/json-codec.js';
import { MonitoringTopology, parseModelKey, type ModelWindowProfile } from '../../../../services/core/profile/index.js';
import type { ClosedWindow } from '../../../../services/core/windows/index.js';
import { topologyOptions } from '../../../../services/processor/runtime/topology-options.js';
import type { SettingsSnapshot } from '../../../../services/processor/settings/index.js';
import { computeWindowStatistics, type WindowKind } from '../../../../services/processor/statistics/index.js';
import type { CurrentReference } from '../../../../services/references/reference-source.js';
import type { ProcessorConfig } from '../../../../services/shared/config-schema.js';
import { formatDateTimeUtc } from '../../../../services/adapters/store/sql-literal.js';
import { uniqueName } from '../../stack/stack-env.js';
import type { Topics } from './fleet-data.js';
import type { StatisticRow } from './store-snapshot.js';

export interface LogRecord {
  readonly source: 'predictions' | 'outcomes';
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly value: Buffer;
}

/** Every record of both topics with partition, offset and record timestamp (throws if fewer than `count` arrive). */
export async function readLog(kafka: Kafka, topics: Topics, count: number, timeoutMs = 60_000): Promise<LogRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('offline-reader') });
  const records: LogRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topics.predictions, topics.outcomes], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        const source = topic === topics.predictions ? 'predictions' : 'outcomes';
        records.push({ source, partition, offset: Number(message.offset), timestamp: Number(message.timestamp), value: message.value ?? Buffer.alloc(0) });
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (records.length < count && Date.now() < deadline) await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    if (records.length < count) throw new Error(`read ${records.length} of ${count} records back`);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** One partition's records: each topic in offset order, the two merged by record timestamp. */
function partitionOrder(records: readonly LogRecord[]): LogRecord[] {
  const bySource = (source: LogRecord['source']) => records.filter((r) => r.source === source).sort((a, b) => a.offset - b.offset);
  const predictions = bySource('predictions');
  const outcomes = bySource('outcomes');
  const merged: LogRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < predictions.length || j < outcomes.length) {
    const p = predictions[i];
    const o = outcomes[j];
    if (o === undefined || (p !== undefined && p.timestamp <= o.timestamp)) {
      if (p !== undefined) merged.push(p);
      i++;
    } else {
      merged.push(o);
      j++;
    }
  }
  return merged;
}

export interface ClosedProfiles {
  /** `${kind}|${modelKey}|${start}` → partials in partition order */
  readonly windows: Map<string, { kind: WindowKind; window: ClosedWindow<ModelWindowProfile>; partials: ModelWindowProfile[] }>;
}

/** Runs every partition's records through its own topology, advancing every `batch` records and at the end. */
export function closeWindowsOffline(records: readonly LogRecord[], config: ProcessorConfig, settings: SettingsSnapshot, batch = 250): ClosedProfiles {
  const windows: ClosedProfiles['windows'] = new Map();
  const partitions = [...new Set(records.map((r) => r.partition))].sort((a, b) => a - b);
  for (const partition of partitions) {
    const topology = new MonitoringTopology(topologyOptions(config, (modelId) => settings.settingsFor(modelId)));
    const collect = (): void => {
      const output = topology.advance();
      for (const [kind, closed] of [['prediction', output.predictionWindows], ['label', output.labelWindows]] as const) {
        for (const window of closed) {
          const id = `${kind}|${window.key}|${window.start}`;
          const entry = windows.get(id) ?? { kind, window, partials: [] };
          entry.partials.push(window.state);
          windows.set(id, entry);
        }
      }
    };
    let sinceAdvance = 0;
    for (const record of partitionOrder(records.filter((r) => r.partition === partition))) {
      if (record.source === 'predictions') {
        const decoded = decodeEvent('prediction', record.value);
        if (decoded.ok) topology.pipePrediction('predictions', decoded.event);
      } else {
        const decoded = decodeEvent('outcome', record.value);
        if (decoded.ok) topology.pipeOutcome('outcomes', decoded.event);
      }
      if (++sinceAdvance === batch) {
        collect();
        sinceAdvance = 0;
      }
    }
    collect();
  }
  return { windows };
}

/** window_statistics rows (span 'window') keyed like store-snapshot.ts, from merged partials. */
export function offlineWindowStatistics(closed: ClosedProfiles, settings: SettingsSnapshot, references: ReadonlyMap<string, CurrentReference>): Map<string, StatisticRow> {
  const rows = new Map<string, StatisticRow>();
  for (const { kind, window, partials } of closed.windows.values()) {
    const [first, ...rest] = partials;
    if (first === undefined) continue;
    const profile = first.clone();
    for (const partial of rest) profile.merge(partial);
    const key = parseModelKey(window.key);
    const context = {
      reference: references.get(key.modelId) ?? null,
      thresholds: settings.thresholdsFor(key.modelId),
      privilegedGroups: settings.modelSettings(key.modelId).privilegedGroups,
    };
    for (const s of computeWindowStatistics({ kind, profile, context })) {
      const id = [key.modelId, key.modelVersion, key.deploymentRole, 'window', formatDateTimeUtc(window.end), s.family, s.subject, s.metric].join('|');
      rows.set(id, { value: s.value, sampleSize: s.sampleSize, referenceSize: s.referenceSize, status: s.status, partials: partials.length });
    }
  }
  return rows;
}
