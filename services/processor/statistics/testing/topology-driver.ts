import { MonitoringTopology, sketchProfileParts, type ProfileSettings } from '../../../core/profile/index.js';
import type { SimEmission } from '../../../simulator/generator/emission.js';
import type { ClosedWindows } from '../../window-sink.js';

// Test support: runs simulator emissions through one MonitoringTopology per partition, the
// way the runtime does, and collects what each advance closed. Pure and deterministic.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export interface DriveOptions {
  readonly settingsFor: (modelId: string) => ProfileSettings;
  readonly windowMs?: number;
  readonly graceMs?: number;
  readonly labelHorizonMs?: number;
  /** Partition of an event (default 0): e.g. a hash of the prediction id for a hot model. */
  readonly partitionOf?: (predictionId: string) => number;
  /** Advance every this many emissions per partition (default 500). */
  readonly advanceEvery?: number;
}

function topology(options: DriveOptions): MonitoringTopology {
  return new MonitoringTopology({
    window: { sizeMs: options.windowMs ?? HOUR, graceMs: options.graceMs ?? 5 * MINUTE },
    labelHorizonMs: options.labelHorizonMs ?? 2 * HOUR,
    idleSourceTimeoutMs: 30 * MINUTE,
    maxTrackedEventIdsPerWindow: 100_000,
    maxPendingPredictions: 1_000_000,
    outcomeTtlMs: 24 * HOUR,
    maxPendingOutcomes: 1_000_000,
    pairingTtlMs: 5 * MINUTE,
    maxPendingRequests: 100_000,
    maxVersionsPerRequest: 8,
    parts: sketchProfileParts,
    settingsFor: options.settingsFor,
  });
}

function closedOf(partition: number, t: MonitoringTopology): ClosedWindows {
  const out = t.advance();
  return {
    partition,
    watermark: out.watermark,
    predictionWindows: out.predictionWindows,
    labelWindows: out.labelWindows,
    comparisonWindows: out.comparisonWindows,
    latePredictions: out.latePredictions,
    lateLabels: out.lateLabels,
  };
}

function nonEmpty(c: ClosedWindows): boolean {
  return c.predictionWindows.length + c.labelWindows.length + c.comparisonWindows.length > 0;
}

/** Every non-empty batch each partition's topology closed, in the order they closed; then a final flush. */
export function driveTopology(emissions: readonly SimEmission[], options: DriveOptions): ClosedWindows[] {
  const topologies = new Map<number, { topology: MonitoringTopology; since: number }>();
  const partitionOf = options.partitionOf ?? (() => 0);
  const every = options.advanceEvery ?? 500;
  const batches: ClosedWindows[] = [];
  let last = 0;
  for (const e of emissions) {
    if (e.kind === 'malformed') continue;
    const p = partitionOf(e.event.predictionId);
    let entry = topologies.get(p);
    if (entry === undefined) {
      entry = { topology: topology(options), since: 0 };
      topologies.set(p, entry);
    }
    if (e.kind === 'prediction') entry.topology.pipePrediction('predictions', e.event);
    else entry.topology.pipeOutcome('outcomes', e.event);
    last = Math.max(last, e.eventTime);
    if (++entry.since >= every) {
      entry.since = 0;
      const closed = closedOf(p, entry.topology);
      if (nonEmpty(closed)) batches.push(closed);
    }
  }
  const end = last + 30 * 24 * HOUR;
  for (const [p, { topology: t }] of [...topologies].sort((a, b) => a[0] - b[0])) {
    t.heartbeat('predictions', end);
    t.heartbeat('outcomes', end);
    const closed = closedOf(p, t);
    if (nonEmpty(closed)) batches.push(closed);
  }
  return batches;
}
