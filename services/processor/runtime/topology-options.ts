import { sketchProfileParts, type MonitoringTopologyOptions, type ProfileSettings } from '../../core/profile/index.js';
import type { ProcessorConfig } from '../../shared/config-schema.js';

/** Bounds of the version pairing that have no setting of their own (generous; see the README). */
export const MAX_PENDING_REQUESTS = 100_000;
export const MAX_VERSIONS_PER_REQUEST = 8;
/** The source names a partition's topology gets its two topics' events under. */
export const TOPOLOGY_SOURCES = ['predictions', 'outcomes'] as const;
export type TopologySource = (typeof TOPOLOGY_SOURCES)[number];

/** The topology options of every partition, from config.processor and the settings in force. */
export function topologyOptions(config: ProcessorConfig, settingsFor: (modelId: string) => ProfileSettings): MonitoringTopologyOptions {
  return {
    window: { sizeMs: config.windowSizeMs, graceMs: config.graceMs },
    labelHorizonMs: config.labelHorizonMs,
    idleSourceTimeoutMs: config.idleSourceTimeoutMs,
    // Each partition's topology reads both topics: an outcomes topic that has delivered nothing
    // valid yet holds the watermark like a silent one, not like one that does not exist.
    expectedSources: TOPOLOGY_SOURCES,
    maxTrackedEventIdsPerWindow: config.maxTrackedEventIdsPerWindow,
    maxPendingPredictions: config.maxPendingPredictions,
    outcomeTtlMs: config.outcomeTtlMs,
    maxPendingOutcomes: config.maxPendingOutcomes,
    pairingTtlMs: config.pairingTtlMs,
    maxPendingRequests: MAX_PENDING_REQUESTS,
    maxVersionsPerRequest: MAX_VERSIONS_PER_REQUEST,
    parts: sketchProfileParts,
    settingsFor,
  };
}
