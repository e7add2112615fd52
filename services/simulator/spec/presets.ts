// The two ready-made fleets: `demo` (a handful of models, each scenario somewhere, one
// healthy control) and `fleet` (many models, a few scenarios). Scenario times are placed
// as fractions of the scenario horizon so a short run and a long run tell the same story.
import { VigilError } from '../../shared/errors.js';
import { Rng } from '../random/rng.js';
import type { FleetSpec, ModelSpec } from './fleet-spec.js';
import { PROTECTED_ATTRIBUTES, deployedVersions, featureSchema, labelDelay, trueProcess } from './model-templates.js';
import type { ScenarioSpec } from './scenario-spec.js';

export const PRESETS = ['demo', 'fleet'] as const;
export type PresetName = (typeof PRESETS)[number];

export interface PresetOptions {
  readonly preset: PresetName;
  readonly models: number;
  readonly seed: number;
  readonly runId: string;
  readonly startTime: number;
  /** Arrivals stop here; may be Infinity for a run that ends on a signal. */
  readonly endTime: number;
  /** The event-time span over which scenarios are laid out (finite even when endTime is not). */
  readonly scenarioHorizonMs: number;
  /** Mean prediction and outcome records per hour of event time, over the whole fleet. */
  readonly eventsPerHour: number;
}

const FAMILIES = [
  { family: 'credit-risk', task: 'binary' },
  { family: 'fraud-score', task: 'binary' },
  { family: 'churn', task: 'binary' },
  { family: 'demand-forecast', task: 'regression' },
] as const;

export function buildPresetFleet(options: PresetOptions): FleetSpec {
  if (!Number.isInteger(options.models) || options.models < 1) throw new VigilError('SIMULATOR_INVALID', `models must be a positive whole number, got ${options.models}`);
  if (!(options.eventsPerHour > 0)) throw new VigilError('SIMULATOR_INVALID', 'the event rate must be positive');
  if (!(options.scenarioHorizonMs > 0)) throw new VigilError('SIMULATOR_INVALID', 'the scenario horizon must be positive');
  const root = new Rng(options.seed);
  const at = (fraction: number): number => Math.floor(options.startTime + fraction * options.scenarioHorizonMs);

  const drafts = Array.from({ length: options.models }, (_, index) => {
    const { family, task } = FAMILIES[index % FAMILIES.length] ?? FAMILIES[0];
    const modelId = `${family}-${String(index + 1).padStart(4, '0')}`;
    const rng = root.fork(`preset model ${modelId}`);
    const features = featureSchema(rng);
    const versions = deployedVersions(rng, options.preset === 'demo' && index === 0);
    const truth = trueProcess(features, task, rng);
    const delay = labelDelay(rng);
    const champion = versions[0]?.version ?? 'v1.0';
    const scenarios = options.preset === 'demo' ? demoScenarios(index, champion, task, at) : fleetScenarios(index, champion, task, at, rng);
    return { modelId, task, features, protectedAttributes: PROTECTED_ATTRIBUTES, truth, versions, labelDelay: delay, scenarios };
  });

  // Spread the fleet rate so every model publishes about the same number of records.
  const perModel = options.eventsPerHour / drafts.length;
  const models: ModelSpec[] = drafts.map((draft) => ({
    ...draft,
    requestsPerHour: perModel / expectedRecordsPerRequest(draft.versions, draft.labelDelay.neverLabelledShare),
  }));
  return { seed: options.seed, runId: options.runId, startTime: options.startTime, endTime: options.endTime, models };
}

/** Predictions per request (served version plus followers) times one for the prediction and one per outcome. */
export function expectedRecordsPerRequest(versions: ModelSpec['versions'], neverLabelledShare: number): number {
  const predictions = 1 + versions.filter((v) => v.role === 'challenger' || v.role === 'shadow').reduce((sum, v) => sum + v.trafficShare, 0);
  return predictions * (2 - neverLabelledShare);
}

type At = (fraction: number) => number;

function demoScenarios(index: number, champion: string, task: 'binary' | 'regression', at: At): ScenarioSpec[] {
  const transport: ScenarioSpec[] = [
    { id: 'duplicates', type: 'duplicates', start: at(0), end: at(0), share: 0.02, meanDelayMs: 60_000 },
    { id: 'malformed', type: 'malformed', start: at(0), end: at(0), share: 0.01 },
  ];
  switch (index % 5) {
    case 0:
      return [
        { id: 'income-gradual-drift', type: 'feature_drift_gradual', feature: 'income', start: at(0.3), end: at(0.6), magnitude: 1 },
        { id: 'gender-bias', type: 'bias', modelVersion: champion, attribute: 'gender', unprivilegedValue: 'female', selectionRateFactor: 0.6, start: at(0.5), end: at(0.5) },
        ...transport,
      ];
    case 1:
      return [
        { id: 'channel-sudden-drift', type: 'feature_drift_sudden', feature: 'channel', targetCategory: 'partner', magnitude: 0.5, start: at(0.4), end: at(0.4) },
        { id: 'concept-drift', type: 'accuracy_decay', magnitude: 0.3, start: at(0.5), end: at(0.8) },
        { id: 'out-of-order', type: 'out_of_order', share: 0.2, meanDelayMs: 120_000, start: at(0), end: at(0) },
        { id: 'late-events', type: 'late_events', share: 0.02, latenessMs: 3_600_000, extraMeanMs: 600_000, start: at(0), end: at(0) },
      ];
    case 2:
      return [
        { id: 'score-inflation', type: 'prediction_drift', modelVersion: champion, magnitude: 1, start: at(0.3), end: at(0.5) },
        { id: 'age-bias', type: 'bias', modelVersion: champion, attribute: 'age_band', unprivilegedValue: '60+', selectionRateFactor: 0.7, start: at(0.6), end: at(0.7) },
      ];
    case 3:
      return task === 'regression'
        ? [
            { id: 'loan-amount-sudden-drift', type: 'feature_drift_sudden', feature: 'loan_amount', magnitude: 1.5, start: at(0.35), end: at(0.35) },
            { id: 'target-shift', type: 'accuracy_decay', magnitude: 1, start: at(0.55), end: at(0.75) },
          ]
        : [];
    default:
      // The healthy control: anything flagged here is a false alarm.
      return [];
  }
}

function fleetScenarios(index: number, champion: string, task: 'binary' | 'regression', at: At, rng: Rng): ScenarioSpec[] {
  const scenarios: ScenarioSpec[] = [
    { id: 'duplicates', type: 'duplicates', start: at(0), end: at(0), share: 0.005, meanDelayMs: 60_000 },
    { id: 'malformed', type: 'malformed', start: at(0), end: at(0), share: 0.002 },
    { id: 'out-of-order', type: 'out_of_order', share: 0.05, meanDelayMs: 60_000, start: at(0), end: at(0) },
  ];
  // About one model in ten carries one quality scenario.
  if (index % 10 !== 3) return scenarios;
  const start = rng.uniformBetween(0.3, 0.6);
  switch (rng.int(task === 'binary' ? 4 : 2)) {
    case 0:
      scenarios.push({ id: 'drift', type: 'feature_drift_gradual', feature: 'interest_rate', magnitude: 1, start: at(start), end: at(start + 0.2) });
      break;
    case 1:
      scenarios.push({ id: 'accuracy-decay', type: 'accuracy_decay', magnitude: task === 'binary' ? 0.25 : 1, start: at(start), end: at(start + 0.2) });
      break;
    case 2:
      scenarios.push({ id: 'bias', type: 'bias', modelVersion: champion, attribute: 'region', unprivilegedValue: 'south', selectionRateFactor: 0.6, start: at(start), end: at(start) });
      break;
    default:
      scenarios.push({ id: 'prediction-drift', type: 'prediction_drift', modelVersion: champion, magnitude: 0.8, start: at(start), end: at(start + 0.1) });
  }
  return scenarios;
}

export function isPresetName(value: string): value is PresetName {
  return (PRESETS as readonly string[]).includes(value);
}
