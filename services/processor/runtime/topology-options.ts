import { sketchProfileParts, type MonitoringTopologyOptions, type ProfileSettings } from '../../core/profile/index.js';
import type { ProcessorConfig } from '../../shared/config-schema.js';

/** Bounds of the version pairing that have no setting of their own (generous; see the README). */
export const MAX_PENDING_REQUESTS = 100_000;
export const MAX_VERSIONS_PER_REQUEST = 8;

/** The topology options of every partition, from config.processor and the settings in force. */
export function topologyOptions(config: ProcessorConfig, settingsFor: (modelId: string) => ProfileSettings): MonitoringTopologyOptions {
  return {
    window: { sizeMs: config.windowSizeMs, graceMs: config.graceMs },
    labelHorizonMs: config.labelHorizonMs,
    idleSourceTimeoutMs: config.idleSourceTimeoutMs,
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
