import type { PairedComparison } from '../core/compare/index.js';
import type { ModelWindowProfile } from '../core/profile/index.js';
import type { ClosedWindow, LateCount } from '../core/windows/index.js';

/**
 * What one partition's topology made final at one watermark advance. The runtime hands it to
 * the sink before it checkpoints; the sink writes partial profiles, digests and the statistics
 * computed from them. Windows are keyed by `modelKeyString` (model|version|role); comparisons
 * by model|champion|other|role (see MonitoringTopology).
 */
export interface ClosedWindows {
  /** The Kafka partition number the state belongs to (same number on both input topics). */
  readonly partition: number;
  readonly watermark: number;
  readonly predictionWindows: readonly ClosedWindow<ModelWindowProfile>[];
  readonly labelWindows: readonly ClosedWindow<ModelWindowProfile>[];
  readonly comparisonWindows: readonly ClosedWindow<PairedComparison>[];
  readonly latePredictions: readonly LateCount[];
  readonly lateLabels: readonly LateCount[];
}

/**
 * Where closed windows go. `write` takes what one or more partitions closed (the runtime's
 * SinkWriter batches the closes of every partition that are waiting). It is idempotent: writing
 * the same closed windows again (a replay after a crash), alone or batched differently, leaves
 * the store as if they had been written once. It resolves only once ClickHouse acknowledged
 * every row; on failure it throws (STORE_UNAVAILABLE / STORE_QUERY_FAILED) and the partitions
 * retry their closes, in order, before they checkpoint.
 */
export interface WindowSink {
  write(batch: readonly ClosedWindows[]): Promise<void>;
}
