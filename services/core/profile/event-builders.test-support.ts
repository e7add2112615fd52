import type { OutcomeEvent, PredictionEvent } from '../../contracts/index.js';
import type { ProfileSettings } from './profile-settings.js';

// Builders for decoded events in tests of profiles and the topology.

export const binarySettings: ProfileSettings = Object.freeze({
  positiveLabel: 'yes',
  protectedAttributes: ['gender'],
  maxGroupsPerAttribute: 16,
  maxClasses: 16,
});

export function prediction(overrides: Partial<PredictionEvent> & { eventTime: number; id: string; score?: number }): PredictionEvent {
  const score = overrides.score ?? 0.7;
  const { id, score: _score, ...rest } = overrides;
  return {
    eventId: `e-${id}`,
    modelId: 'credit',
    modelVersion: 'v1',
    deploymentRole: 'champion',
    requestId: `r-${id}`,
    predictionId: `p-${id}`,
    features: { income: 1000 + (overrides.eventTime % 97), region: 'north' },
    prediction: { label: score >= 0.5 ? 'yes' : 'no', probabilities: { yes: score, no: 1 - score }, value: null },
    attributes: { gender: overrides.eventTime % 2 === 0 ? 'f' : 'm' },
    latencyMs: 12,
    ...rest,
  };
}

export function outcome(id: string, eventTime: number, label: string): OutcomeEvent {
  return { eventId: `o-${id}`, predictionId: `p-${id}`, modelId: 'credit', eventTime, label, value: null };
}
