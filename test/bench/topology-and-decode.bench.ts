// Checkpoint and decode benchmarks, run at the end of core-throughput.bench.ts (`npm run bench:core`).
// topology_snapshot_*: one partition's MonitoringTopology after 30,000 predictions of 100 models
// (open hourly windows, every prediction still waiting for its label in the join). decode_json_events_per_s:
// the JSON codec's decodePrediction against the previous path (JSON.parse + zod safeParse), same run.
import { decodePrediction, predictionEventSchema, type PredictionEvent } from '../../services/contracts/index.js';
import { MonitoringTopology, sketchProfileParts, type MonitoringTopologyOptions } from '../../services/core/profile/index.js';
import { bestNsPerOp, emit } from './bench-output.js';

const HOUR = 3_600_000;
let sink = 0;

export function benchTopologySnapshot(events: readonly PredictionEvent[]): void {
  const options: MonitoringTopologyOptions = {
    window: { sizeMs: HOUR, graceMs: 5 * 60_000 },
    labelHorizonMs: 6 * HOUR,
    idleSourceTimeoutMs: HOUR,
    maxTrackedEventIdsPerWindow: 100_000,
    maxPendingPredictions: 1_000_000,
    outcomeTtlMs: HOUR,
    maxPendingOutcomes: 100_000,
    pairingTtlMs: 60_000,
    maxPendingRequests: 100_000,
    maxVersionsPerRequest: 4,
    parts: sketchProfileParts,
    settingsFor: () => ({ positiveLabel: 'yes', protectedAttributes: ['gender'], maxGroupsPerAttribute: 64, maxClasses: 64 }),
  };
  const topology = new MonitoringTopology(options);
  for (const e of events.slice(0, 30_000)) topology.pipePrediction('predictions', e);
  const gauges = topology.gauges();
  const shape = `${gauges.openPredictionWindows} open windows, ${gauges.pendingPredictions} pending predictions`;
  let bytes: Uint8Array = new Uint8Array();
  const snapshotNs = bestNsPerOp(1, 2, () => {
    bytes = topology.snapshot();
  });
  emit({ metric: 'topology_snapshot_ms', value: snapshotNs / 1e6, unit: `CPU ms per snapshot (${shape}; best of 2)`, baseline: null, baseline_value: null });
  emit({ metric: 'topology_snapshot_mb', value: bytes.length / 1024 / 1024, unit: `MB per snapshot (${shape})`, baseline: null, baseline_value: null });
  const restoreNs = bestNsPerOp(1, 2, () => {
    sink += MonitoringTopology.restore(bytes, options).gauges().openPredictionWindows;
  });
  emit({ metric: 'topology_restore_ms', value: restoreNs / 1e6, unit: `CPU ms per restore (${shape}; best of 2)`, baseline: null, baseline_value: null });
}

export function benchDecode(events: readonly PredictionEvent[]): void {
  const texts = events.slice(0, 20_000).map((e) => JSON.stringify(e));
  const fastNs = bestNsPerOp(texts.length, 3, () => {
    for (const text of texts) if (decodePrediction(text).ok) sink += 1;
  });
  const zodNs = bestNsPerOp(texts.length, 2, () => {
    for (const text of texts) if (predictionEventSchema.safeParse(JSON.parse(text)).success) sink += 1;
  });
  emit({
    metric: 'decode_json_events_per_s',
    value: 1e9 / fastNs,
    unit: `prediction events per CPU-second through decodePrediction (${texts.length} events of ~${Math.round(texts[0]?.length ?? 0)} bytes, 20 features; best of 3)`,
    baseline: 'JSON.parse + zod safeParse, the previous decode path (same events, same run)',
    baseline_value: 1e9 / zodNs,
  });
  if (sink < 0) process.stdout.write('');
}
