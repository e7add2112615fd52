import type { PredictionEvent } from '../../contracts/index.js';
import { VigilError } from '../../shared/errors.js';
import { GroupConfusionCounts } from '../fairness/group-confusion-counts.js';
import type { WindowBounds } from '../windows/window-spec.js';
import type { LabelledPrediction, OutcomeFacts } from './labelled-prediction.js';
import { modelKeyString, type ModelKey } from './model-key.js';
import type { ClassificationScorer, FeatureSummary, NumberSummary, ProfileParts, RegressionScorer } from './profile-parts.js';
import { sameSettings, type ProfileSettings } from './profile-settings.js';
import { emptyQuality, mergeQuality, type ProfileQuality } from './profile-quality.js';

/**
 * Everything monitored about one model version in one window (or, after merging, in a rollup
 * of windows): feature distributions, the prediction distribution, latency, fairness counts,
 * accuracy from joined labels and data-quality counters. Mergeable and serializable, so a
 * window can be merged across partitions and closed windows into 3-day / 7-day rollups.
 * Parts are created on first use to keep idle models cheap.
 */
export class ModelWindowProfile {
  predictions = 0;
  joined = 0;
  minEventTime = Number.POSITIVE_INFINITY;
  maxEventTime = Number.NEGATIVE_INFINITY;
  readonly features = new Map<string, FeatureSummary>();
  readonly predictedClasses = new Map<string, number>();
  classOverflow = 0;
  positiveScore: NumberSummary | null = null;
  predictedValue: NumberSummary | null = null;
  latencyMs: NumberSummary | null = null;
  labelDelayMs: NumberSummary | null = null;
  classification: ClassificationScorer | null = null;
  regression: RegressionScorer | null = null;
  /** Per protected group decisions of every prediction (selection rate needs predictions only). */
  decisionGroups: GroupConfusionCounts;
  /** Per protected group confusion cells of joined pairs (TPR, FPR, PPV, accuracy by group). */
  outcomeGroups: GroupConfusionCounts;
  quality: ProfileQuality = emptyQuality();

  constructor(
    readonly key: ModelKey,
    public start: number,
    public end: number,
    readonly settings: ProfileSettings,
    readonly parts: ProfileParts,
  ) {
    this.decisionGroups = new GroupConfusionCounts({ maxGroupsPerAttribute: settings.maxGroupsPerAttribute });
    this.outcomeGroups = new GroupConfusionCounts({ maxGroupsPerAttribute: settings.maxGroupsPerAttribute });
  }

  static forWindow(key: ModelKey, bounds: WindowBounds, settings: ProfileSettings, parts: ProfileParts): ModelWindowProfile {
    return new ModelWindowProfile(key, bounds.start, bounds.end, settings, parts);
  }

  /** Folds one prediction event (already validated by the contracts) into the profile. */
  addPrediction(event: PredictionEvent): void {
    this.predictions += 1;
    if (event.eventTime < this.minEventTime) this.minEventTime = event.eventTime;
    if (event.eventTime > this.maxEventTime) this.maxEventTime = event.eventTime;
    for (const name in event.features) {
      let summary = this.features.get(name);
      if (summary === undefined) {
        summary = this.parts.featureSummary();
        this.features.set(name, summary);
      }
      summary.add(event.features[name] ?? null);
    }
    const { label, value, probabilities } = event.prediction;
    const positive = this.settings.positiveLabel;
    if (label !== null) {
      this.countClass(label);
      if (positive !== null) {
        const score = probabilities?.[positive];
        if (score === undefined) this.quality.missingScore += 1;
        else (this.positiveScore ??= this.parts.numberSummary()).add(score);
      }
    } else if (value !== null) {
      (this.predictedValue ??= this.parts.numberSummary()).add(value);
    }
    if (event.latencyMs === null) this.quality.missingLatency += 1;
    else (this.latencyMs ??= this.parts.numberSummary()).add(event.latencyMs);
    for (const attribute of this.settings.protectedAttributes) {
      const group = event.attributes[attribute];
      if (group === undefined) this.quality.missingProtectedAttribute += 1;
      else if (positive !== null && label !== null) this.decisionGroups.add(attribute, group, label === positive ? 1 : 0);
    }
  }

  /** Folds one prediction–outcome pair into the accuracy and outcome-fairness accumulators. */
  addJoined(prediction: LabelledPrediction, outcome: OutcomeFacts, labelDelayMs: number): void {
    if (prediction.label !== null && outcome.label !== null) {
      (this.classification ??= this.parts.classificationScorer(this.settings)).add(outcome.label, prediction.label, prediction.probabilities);
      const positive = this.settings.positiveLabel;
      if (positive !== null) {
        for (const [attribute, group] of Object.entries(prediction.groups)) {
          this.outcomeGroups.add(attribute, group, prediction.label === positive ? 1 : 0, outcome.label === positive ? 1 : 0);
        }
      }
    } else if (prediction.value !== null && outcome.value !== null) {
      (this.regression ??= this.parts.regressionScorer()).add(outcome.value, prediction.value);
    } else {
      this.quality.outcomeKindMismatch += 1;
      return;
    }
    this.joined += 1;
    (this.labelDelayMs ??= this.parts.numberSummary()).add(labelDelayMs);
  }

  merge(other: ModelWindowProfile): this {
    if (modelKeyString(other.key) !== modelKeyString(this.key) || other.parts.id !== this.parts.id || !sameSettings(this.settings, other.settings)) {
      throw new VigilError('INTERNAL', 'cannot merge profiles of different models, settings or sketch kits', {
        mine: modelKeyString(this.key),
        theirs: modelKeyString(other.key),
      });
    }
    this.start = Math.min(this.start, other.start);
    this.end = Math.max(this.end, other.end);
    this.predictions += other.predictions;
    this.joined += other.joined;
    this.minEventTime = Math.min(this.minEventTime, other.minEventTime);
    this.maxEventTime = Math.max(this.maxEventTime, other.maxEventTime);
    for (const [name, theirs] of other.features) {
      const mine = this.features.get(name);
      if (mine === undefined) this.features.set(name, theirs.clone());
      else mine.merge(theirs);
    }
    for (const [label, count] of other.predictedClasses) this.countClass(label, count);
    this.classOverflow += other.classOverflow;
    this.positiveScore = mergeNullable(this.positiveScore, other.positiveScore);
    this.predictedValue = mergeNullable(this.predictedValue, other.predictedValue);
    this.latencyMs = mergeNullable(this.latencyMs, other.latencyMs);
    this.labelDelayMs = mergeNullable(this.labelDelayMs, other.labelDelayMs);
    this.classification = mergeNullable(this.classification, other.classification);
    this.regression = mergeNullable(this.regression, other.regression);
    this.decisionGroups.merge(other.decisionGroups);
    this.outcomeGroups.merge(other.outcomeGroups);
    this.quality = mergeQuality(this.quality, other.quality);
    return this;
  }

  clone(): ModelWindowProfile {
    return new ModelWindowProfile(this.key, this.start, this.end, this.settings, this.parts).merge(this);
  }

  private countClass(label: string, count = 1): void {
    const current = this.predictedClasses.get(label);
    if (current !== undefined) this.predictedClasses.set(label, current + count);
    else if (this.predictedClasses.size < this.settings.maxClasses) this.predictedClasses.set(label, count);
    else this.classOverflow += count;
  }
}

function mergeNullable<T extends { merge(other: T): T; clone(): T }>(mine: T | null, theirs: T | null): T | null {
  if (theirs === null) return mine;
  if (mine === null) return theirs.clone();
  return mine.merge(theirs);
}
