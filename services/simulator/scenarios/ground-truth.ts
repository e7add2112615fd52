// The ground-truth document: what was injected where and when, with the effect a monitor
// should see. Built from the spec alone (pure); the CLI adds the emitted tally at the end.
import type { GeneratorTally } from '../generator/fleet-generator.js';
import { MALFORMED_REASONS } from '../generator/malformed.js';
import { delayMoments } from '../generator/sample-delay.js';
import { featureMoments } from '../spec/feature-moments.js';
import type { FleetSpec, ModelSpec } from '../spec/fleet-spec.js';
import type { ScenarioSpec, ScenarioType } from '../spec/scenario-spec.js';

export interface GroundTruthEntry {
  readonly scenarioId: string;
  readonly modelId: string;
  /** '*' when the scenario acts on the data every version sees. */
  readonly modelVersion: string;
  readonly type: ScenarioType | 'label_delay';
  /** The feature or `attribute=value` group concerned, if any. */
  readonly subject: string | null;
  readonly start: number;
  readonly end: number;
  readonly magnitude: number;
  readonly expectedEffect: Readonly<Record<string, number | string | null>>;
  readonly description: string;
}

export interface GroundTruthDocument {
  readonly format: 'vigil-simulator-ground-truth/1';
  readonly seed: number;
  readonly runId: string;
  readonly startTime: number;
  readonly endTime: number | null;
  readonly models: readonly {
    readonly modelId: string;
    readonly task: ModelSpec['task'];
    readonly versions: readonly { readonly version: string; readonly role: string; readonly trafficShare: number }[];
    readonly protectedAttributes: readonly { readonly name: string; readonly privileged: string; readonly values: readonly string[] }[];
    readonly requestsPerHour: number;
    readonly healthy: boolean;
  }[];
  readonly injected: readonly GroundTruthEntry[];
  readonly tally?: GeneratorTally;
}

export function buildGroundTruth(spec: FleetSpec, tally?: GeneratorTally): GroundTruthDocument {
  const injected: GroundTruthEntry[] = [];
  for (const model of spec.models) {
    injected.push(labelDelayEntry(model, spec.startTime));
    for (const scenario of model.scenarios) injected.push(describeScenario(model, scenario));
  }
  return {
    format: 'vigil-simulator-ground-truth/1',
    seed: spec.seed,
    runId: spec.runId,
    startTime: spec.startTime,
    endTime: Number.isFinite(spec.endTime) ? spec.endTime : null,
    models: spec.models.map((m) => ({
      modelId: m.modelId,
      task: m.task,
      versions: m.versions.map((v) => ({ version: v.version, role: v.role, trafficShare: v.trafficShare })),
      protectedAttributes: m.protectedAttributes.map((a) => ({ name: a.name, privileged: a.privileged, values: a.values })),
      requestsPerHour: m.requestsPerHour,
      healthy: !m.scenarios.some((s) => QUALITY_TYPES.has(s.type)),
    })),
    injected,
    ...(tally === undefined ? {} : { tally }),
  };
}

/** Scenarios that change statistics a monitor alerts on (the rest change delivery). */
const QUALITY_TYPES = new Set<ScenarioType>(['feature_drift_gradual', 'feature_drift_sudden', 'prediction_drift', 'bias', 'accuracy_decay']);

function labelDelayEntry(model: ModelSpec, start: number): GroundTruthEntry {
  const { delay, neverLabelledShare } = model.labelDelay;
  const { mean, sd } = delayMoments(delay);
  return {
    scenarioId: 'label-delay',
    modelId: model.modelId,
    modelVersion: '*',
    type: 'label_delay',
    subject: null,
    start,
    end: start,
    magnitude: mean,
    expectedEffect: { distribution: delay.kind, meanDelayMs: mean, sdDelayMs: sd, neverLabelledShare },
    description: `outcomes arrive after a ${delay.kind} delay (mean ${Math.round(mean / 60_000)} min); ${neverLabelledShare * 100}% never arrive`,
  };
}

function describeScenario(model: ModelSpec, s: ScenarioSpec): GroundTruthEntry {
  const common = { scenarioId: s.id, modelId: model.modelId, start: s.start, end: s.end, type: s.type, modelVersion: '*', subject: null };
  const binary = model.task === 'binary';
  switch (s.type) {
    case 'feature_drift_gradual':
    case 'feature_drift_sudden': {
      const feature = model.features.find((f) => f.name === s.feature);
      if (feature?.kind === 'categorical') {
        const total = feature.shares.reduce((a, b) => a + b, 0);
        const before = (feature.shares[feature.categories.indexOf(s.targetCategory ?? '')] ?? 0) / total;
        return {
          ...common,
          subject: s.feature,
          magnitude: s.magnitude,
          expectedEffect: { category: s.targetCategory ?? null, shareBefore: before, shareAfter: before + s.magnitude * (1 - before) },
          description: `${s.magnitude * 100}% of ${s.feature} values move to ${s.targetCategory ?? '?'}`,
        };
      }
      const { mean, sd } = feature === undefined ? { mean: 0, sd: 1 } : featureMoments(feature);
      return {
        ...common,
        subject: s.feature,
        magnitude: s.magnitude,
        expectedEffect: { meanBefore: mean, meanAfter: mean + s.magnitude * sd, shiftInSd: s.magnitude },
        description: `mean of ${s.feature} moves by ${s.magnitude} sd`,
      };
    }
    case 'prediction_drift':
      return {
        ...common,
        modelVersion: s.modelVersion,
        magnitude: s.magnitude,
        expectedEffect: binary ? { logitShift: s.magnitude } : { valueShiftInOutputSd: s.magnitude },
        description: `the output shifts by ${s.magnitude} ${binary ? 'in logit' : 'output sd'} with unchanged inputs`,
      };
    case 'bias': {
      const privileged = model.protectedAttributes.find((a) => a.name === s.attribute)?.privileged ?? null;
      return {
        ...common,
        modelVersion: s.modelVersion,
        subject: `${s.attribute}=${s.unprivilegedValue}`,
        magnitude: s.selectionRateFactor,
        // The true process ignores protected attributes, so the ratio to the privileged group is the factor.
        expectedEffect: { privileged, expectedDisparateImpactRatio: s.selectionRateFactor },
        description: `selection rate of ${s.attribute}=${s.unprivilegedValue} falls to ${s.selectionRateFactor} times that of ${privileged ?? '?'}`,
      };
    }
    case 'accuracy_decay':
      return {
        ...common,
        magnitude: s.magnitude,
        expectedEffect: binary
          ? { labelFlipProbability: s.magnitude, accuracyAfter: 'accuracyBefore·(1−p) + (1−accuracyBefore)·p' }
          : { trueValueShiftInOutputSd: s.magnitude },
        description: binary ? `observed labels flip with probability rising to ${s.magnitude}` : `the true value shifts by ${s.magnitude} output sd`,
      };
    case 'out_of_order':
      return {
        ...common,
        magnitude: s.share,
        expectedEffect: { share: s.share, meanDelayMs: s.meanDelayMs },
        description: `${s.share * 100}% of predictions are published Exp(${s.meanDelayMs} ms) after their event time`,
      };
    case 'late_events':
      return {
        ...common,
        magnitude: s.share,
        expectedEffect: { share: s.share, latenessMs: s.latenessMs, extraMeanMs: s.extraMeanMs },
        description: `${s.share * 100}% of predictions arrive more than ${s.latenessMs} ms late`,
      };
    case 'duplicates':
      return {
        ...common,
        magnitude: s.share,
        expectedEffect: { share: s.share, meanDelayMs: s.meanDelayMs },
        description: `${s.share * 100}% of records are sent twice with the same eventId`,
      };
    case 'malformed':
      return {
        ...common,
        magnitude: s.share,
        expectedEffect: { share: s.share, reasons: Object.keys(MALFORMED_REASONS).join(',') },
        description: `${s.share * 100}% of records are replaced by invalid bytes`,
      };
  }
}
