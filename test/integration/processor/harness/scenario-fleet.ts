// The scenario fleet: one model per injected problem (sudden feature drift, gender bias,
// accuracy decay) and a healthy control, all switching on at the same event time, plus an
// explicit reference per model built by the core from clean traffic of the same models.
import { MonitoringTopology, type ModelWindowProfile } from '../../../../services/core/profile/index.js';
import { topologyOptions } from '../../../../services/processor/runtime/topology-options.js';
import { SettingsSnapshot } from '../../../../services/processor/settings/index.js';
import { decodeProfile, encodeProfile, referenceKey, storeUploadedReference } from '../../../../services/references/index.js';
import { rekeyProfile } from '../../../../services/references/profile-encoding.js';
import type { CurrentReference } from '../../../../services/references/reference-source.js';
import type { Store } from '../../../../services/adapters/store/store.js';
import type { ProcessorConfig } from '../../../../services/shared/config-schema.js';
import type { FleetSpec, ModelSpec } from '../../../../services/simulator/spec/fleet-spec.js';
import { emissionsOf, MINUTE, quickLabelModel, recentFleet } from './fleet-data.js';

export const DRIFT_MODEL = 'credit-risk-0001';
export const BIAS_MODEL = 'fraud-score-0002';
export const DECAY_MODEL = 'churn-0003';
export const SCENARIO_MINUTES = 20;
/** The problems switch on this many minutes into the run. */
export const ONSET_MINUTE = 8;

/**
 * Effects large enough that every affected window stands out from every unaffected one at these
 * sample sizes (the generator is seeded, so the draws are the same in every run).
 */
export function scenarioFleet(): { spec: FleetSpec; onset: number } {
  const base = recentFleet([], SCENARIO_MINUTES, 10, 31);
  const onset = base.startTime + ONSET_MINUTE * MINUTE;
  const at = { start: onset, end: onset };
  const models: ModelSpec[] = [
    quickLabelModel({ modelId: DRIFT_MODEL, requestsPerHour: 6_000, scenarios: [{ id: 'drift', type: 'feature_drift_sudden', feature: 'score', magnitude: 3, ...at }] }),
    quickLabelModel({
      modelId: BIAS_MODEL,
      requestsPerHour: 9_000,
      scenarios: [{ id: 'bias', type: 'bias', modelVersion: 'v1.0', attribute: 'gender', unprivilegedValue: 'female', selectionRateFactor: 0.15, ...at }],
    }),
    quickLabelModel({ modelId: DECAY_MODEL, requestsPerHour: 12_000, scenarios: [{ id: 'decay', type: 'accuracy_decay', magnitude: 0.5, ...at }] }),
  ];
  return { spec: { ...base, models }, onset };
}

/** The fleet settings the processor reads from model_settings (see store-snapshot.ts), as a snapshot. */
export function fleetSettingsSnapshot(): SettingsSnapshot {
  return new SettingsSnapshot([], [{ scope: '*', positiveLabel: '1', protectedAttributes: ['gender', 'age_band', 'region'], privilegedGroups: { gender: 'male', age_band: '26-40', region: 'north' } }]);
}

/**
 * Per model: every prediction and label window of an hour of clean traffic (the same models
 * without scenarios, another seed, before the run) folded into one profile under the reference key.
 */
export function trainingProfiles(spec: FleetSpec, config: ProcessorConfig, settings: SettingsSnapshot): Map<string, ModelWindowProfile> {
  const clean: FleetSpec = { ...spec, seed: spec.seed + 1000, runId: 'train', startTime: spec.startTime - 90 * MINUTE, endTime: spec.startTime - 30 * MINUTE, models: spec.models.map((m) => ({ ...m, scenarios: [] })) };
  const topology = new MonitoringTopology(topologyOptions(config, (modelId) => settings.settingsFor(modelId)));
  for (const emission of emissionsOf(clean)) {
    if (emission.kind === 'prediction') topology.pipePrediction('predictions', emission.event);
    else if (emission.kind === 'outcome') topology.pipeOutcome('outcomes', emission.event);
  }
  // Far past the last event on both sources: every window closes.
  topology.heartbeat('predictions', spec.startTime);
  topology.heartbeat('outcomes', spec.startTime);
  const output = topology.advance();
  const profiles = new Map<string, ModelWindowProfile>();
  for (const window of [...output.predictionWindows, ...output.labelWindows]) {
    const modelId = window.key.split('|')[0] ?? '';
    const rekeyed = rekeyProfile(window.state, referenceKey(modelId));
    const merged = profiles.get(modelId);
    profiles.set(modelId, merged === undefined ? rekeyed : merged.merge(rekeyed));
  }
  return profiles;
}

/** Stores each profile as the model's current reference; returns them as the processor will read them back. */
export async function uploadReferences(store: Store, profiles: ReadonlyMap<string, ModelWindowProfile>): Promise<Map<string, CurrentReference>> {
  const references = new Map<string, CurrentReference>();
  for (const [modelId, profile] of profiles) {
    const { reference } = await storeUploadedReference(store, modelId, { modelId, description: 'scenario test training traffic', profile }, 'processor-test', { atMs: Date.now() });
    references.set(modelId, { referenceId: reference.referenceId, source: 'uploaded', rangeEnd: null, profile: decodeProfile(encodeProfile(profile)) });
  }
  return references;
}
