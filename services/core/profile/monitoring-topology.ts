import type { OutcomeEvent, PredictionEvent } from '../../contracts/index.js';
import type { PendingPrediction } from '../checkpoint/label-join-codec.js';
import { readTopologyCheckpoint, writeTopologyCheckpoint, type TopologyComponents } from '../checkpoint/topology-checkpoint.js';
import { PairedComparison } from '../compare/paired-comparison.js';
import { RequestPairing, type PredictionPair } from '../compare/request-pairing.js';
import { LabelJoin, type LabelJoinStats } from '../join/label-join.js';
import { SourceWatermarks } from '../windows/source-watermarks.js';
import { TumblingWindows, type ClosedWindow, type LateCount } from '../windows/tumbling-windows.js';
import type { TumblingWindowSpec } from '../windows/window-spec.js';
import { labelledPrediction } from './labelled-prediction.js';
import { modelKeyString, parseModelKey } from './model-key.js';
import { ModelWindowProfile } from './model-window-profile.js';
import type { ProfileParts } from './profile-parts.js';
import type { ProfileSettings } from './profile-settings.js';

export interface MonitoringTopologyOptions {
  readonly window: TumblingWindowSpec;
  /**
   * How long after a prediction window ends its labels are still accepted. The label window of
   * a prediction window closes at end + labelHorizonMs and is emitted once; outcomes joined
   * later are counted as late labels. Predictions wait in the join for size + horizon.
   */
  readonly labelHorizonMs: number;
  /** A source lagging the leading source by more than this (event time) stops holding the watermark. */
  readonly idleSourceTimeoutMs: number;
  /**
   * Sources that hold the watermark before their first event, as if silent since the first event
   * any source delivered (SourceWatermarks); the processor names both of its topics. Default none.
   */
  readonly expectedSources?: readonly string[];
  readonly maxTrackedEventIdsPerWindow: number;
  readonly maxPendingPredictions: number;
  readonly outcomeTtlMs: number;
  readonly maxPendingOutcomes: number;
  /** How long (event time) a request waits for the other versions that scored it. */
  readonly pairingTtlMs: number;
  readonly maxPendingRequests: number;
  readonly maxVersionsPerRequest: number;
  readonly parts: ProfileParts;
  readonly settingsFor: (modelId: string) => ProfileSettings;
}

/** Sizes of the topology's state, cheap enough to export as gauges after every batch. */
export interface TopologyGauges {
  readonly openPredictionWindows: number;
  readonly openLabelWindows: number;
  readonly openComparisonWindows: number;
  readonly pendingPredictions: number;
  readonly pendingOutcomes: number;
  readonly pendingRequests: number;
}

export interface TopologyOutput {
  readonly watermark: number;
  /** Final per-model profiles of prediction windows (drift, prediction fairness, latency, quality). */
  readonly predictionWindows: ClosedWindow<ModelWindowProfile>[];
  /** Final label profiles, keyed by the prediction window they describe (accuracy, outcome fairness, label delay). */
  readonly labelWindows: ClosedWindow<ModelWindowProfile>[];
  readonly latePredictions: LateCount[];
  /** Outcomes whose prediction window's label horizon had passed, per model and prediction window. */
  readonly lateLabels: LateCount[];
  /** Champion vs other version over requests both scored, keyed model|champion|other|role, by the champion's event time. */
  readonly comparisonWindows: ClosedWindow<PairedComparison>[];
  readonly lateComparisons: LateCount[];
  readonly join: LabelJoinStats;
  readonly pairing: ReturnType<RequestPairing['stats']>;
}

/**
 * The pure per-partition processing topology: predictions and outcomes are piped in with the
 * source (partition) they came from, `advance()` moves the watermark to the minimum over active
 * sources and returns what became final. No wall clock: a test replays any interleaving.
 */
export class MonitoringTopology {
  private readonly sources: SourceWatermarks;
  private readonly predictionWindows: TumblingWindows<ModelWindowProfile>;
  private readonly labelWindows: TumblingWindows<ModelWindowProfile>;
  private readonly join: LabelJoin<PendingPrediction, OutcomeEvent>;
  private readonly pairing: RequestPairing;
  private readonly comparisonWindows: TumblingWindows<PairedComparison>;

  constructor(private readonly options: MonitoringTopologyOptions) {
    this.sources = new SourceWatermarks(options.idleSourceTimeoutMs, options.expectedSources);
    const createState = (key: string, bounds: { start: number; end: number }) => {
      const modelKey = parseModelKey(key);
      return ModelWindowProfile.forWindow(modelKey, bounds, options.settingsFor(modelKey.modelId), options.parts);
    };
    const ids = options.maxTrackedEventIdsPerWindow;
    this.predictionWindows = new TumblingWindows({ spec: options.window, maxTrackedEventIdsPerWindow: ids, createState });
    this.labelWindows = new TumblingWindows({
      spec: { sizeMs: options.window.sizeMs, graceMs: options.labelHorizonMs },
      maxTrackedEventIdsPerWindow: ids,
      createState,
    });
    this.join = new LabelJoin({
      predictionTtlMs: options.window.sizeMs + options.labelHorizonMs,
      maxPendingPredictions: options.maxPendingPredictions,
      outcomeTtlMs: options.outcomeTtlMs,
      maxPendingOutcomes: options.maxPendingOutcomes,
    });
    this.pairing = new RequestPairing({
      ttlMs: options.pairingTtlMs,
      maxPendingRequests: options.maxPendingRequests,
      maxVersionsPerRequest: options.maxVersionsPerRequest,
    });
    this.comparisonWindows = new TumblingWindows({
      spec: options.window,
      maxTrackedEventIdsPerWindow: ids,
      createState: (key) => new PairedComparison(options.settingsFor(key.split('|')[0] ?? '').positiveLabel, options.parts),
    });
  }

  pipePrediction(source: string, event: PredictionEvent): void {
    this.sources.observe(source, event.eventTime);
    const modelKey = modelKeyString(event);
    const outcome = this.predictionWindows.offer(modelKey, event.eventTime, event.eventId, (profile) => {
      profile.addPrediction(event);
    });
    // Only predictions that made it into their window wait for labels: a redelivered or late
    // prediction must not be joined twice or describe a window that does not contain it.
    if (outcome !== 'applied') return;
    const settings = this.options.settingsFor(event.modelId);
    const { label, value, probabilities } = event.prediction;
    const score = label !== null ? (settings.positiveLabel === null ? null : (probabilities?.[settings.positiveLabel] ?? null)) : value;
    const scored = { modelVersion: event.modelVersion, deploymentRole: event.deploymentRole, eventTime: event.eventTime, label, score };
    for (const pair of this.pairing.add(event.modelId, event.requestId, scored)) this.applyComparison(pair);
    const facts = labelledPrediction(event, settings);
    const { pair } = this.join.addPrediction(event.predictionId, event.eventTime, { modelKey, facts });
    if (pair !== null) this.applyPair(pair.prediction, pair.outcome, pair.predictionTime, pair.labelDelayMs);
  }

  pipeOutcome(source: string, event: OutcomeEvent): void {
    this.sources.observe(source, event.eventTime);
    const { pair } = this.join.addOutcome(event.predictionId, event.eventTime, event);
    if (pair !== null) this.applyPair(pair.prediction, pair.outcome, pair.predictionTime, pair.labelDelayMs);
  }

  /** Whether a source still has unread input: such a source is never treated as idle. */
  setSourceBacklog(source: string, hasBacklog: boolean): void {
    this.sources.setBacklog(source, hasBacklog);
  }

  /** Progress of a source without an event (e.g. an empty partition's high-water mark time). */
  heartbeat(source: string, eventTime: number): void {
    this.sources.observe(source, eventTime);
  }

  advance(): TopologyOutput {
    const watermark = this.sources.current();
    const predictions = this.predictionWindows.advanceWatermark(watermark);
    this.join.expire(watermark);
    const labels = this.labelWindows.advanceWatermark(watermark);
    this.pairing.expire(watermark);
    const comparisons = this.comparisonWindows.advanceWatermark(watermark);
    return {
      watermark,
      predictionWindows: predictions.closed,
      labelWindows: labels.closed,
      latePredictions: predictions.late,
      lateLabels: labels.late,
      comparisonWindows: comparisons.closed,
      lateComparisons: comparisons.late,
      join: this.join.stats(),
      pairing: this.pairing.stats(),
    };
  }

  /**
   * The complete state as bytes (see checkpoint/topology-checkpoint.ts): restoring them and
   * piping the same events gives byte-identical output. Taking a snapshot changes nothing.
   */
  snapshot(): Uint8Array {
    return writeTopologyCheckpoint(this.components());
  }

  /** A topology continuing from a snapshot; `options` must equal those it was taken with. Throws CHECKPOINT_CORRUPT. */
  static restore(bytes: Uint8Array, options: MonitoringTopologyOptions): MonitoringTopology {
    const topology = new MonitoringTopology(options);
    readTopologyCheckpoint(bytes, topology.components(), options.parts);
    return topology;
  }

  gauges(): TopologyGauges {
    const join = this.join.stats();
    return {
      openPredictionWindows: this.predictionWindows.openWindowCount(),
      openLabelWindows: this.labelWindows.openWindowCount(),
      openComparisonWindows: this.comparisonWindows.openWindowCount(),
      pendingPredictions: join.pendingPredictions,
      pendingOutcomes: join.pendingOutcomes,
      pendingRequests: this.pairing.stats().pendingRequests,
    };
  }

  private components(): TopologyComponents {
    const { sources, predictionWindows, labelWindows, join, pairing, comparisonWindows } = this;
    return { sources, predictionWindows, labelWindows, join, pairing, comparisonWindows };
  }

  private applyComparison(pair: PredictionPair): void {
    const { champion, challenger } = pair;
    const key = `${pair.modelId}|${champion.modelVersion}|${challenger.modelVersion}|${challenger.deploymentRole}`;
    this.comparisonWindows.offer(key, champion.eventTime, `${pair.requestId}|${challenger.modelVersion}`, (comparison) => {
      comparison.add(pair);
    });
  }

  private applyPair(prediction: PendingPrediction, outcome: OutcomeEvent, predictionTime: number, labelDelayMs: number): void {
    // Keyed by the prediction's model and event time: accuracy belongs to the prediction window.
    this.labelWindows.offer(prediction.modelKey, predictionTime, outcome.eventId, (profile) => {
      profile.addJoined(prediction.facts, outcome, labelDelayMs);
    });
  }
}
