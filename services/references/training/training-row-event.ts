import type { FeatureValue, PredictionEvent } from '../../contracts/index.js';
import type { OutcomeFacts } from '../../core/profile/index.js';
import { setValue, type TrainingValue } from './training-record.js';

/** Which columns of the training set play which part; every other column is a feature. */
export interface TrainingColumns {
  /** The model's output: predicted label (classification) or value (regression). */
  readonly prediction?: string;
  /** Ground truth; with a prediction column, pairs feed the reference's accuracy. */
  readonly label?: string;
  /** Probability of the positive label (classification with a positive label). */
  readonly score?: string;
  /** Protected attribute columns (groups for fairness); they are attributes, not features. */
  readonly protected?: readonly string[];
  /** Columns to leave out entirely (ids, timestamps). */
  readonly ignore?: readonly string[];
}

export type Task = 'classification' | 'regression';

export interface RowEventContext {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly columns: TrainingColumns;
  /** The favourable label the score column is the probability of. */
  readonly positiveLabel: string | null;
  /** The task, or null until the first prediction value decides it (number → regression). */
  task: Task | null;
  /** Columns that are not features (computed once by `rowEventContext`). */
  readonly notFeatures: ReadonlySet<string | undefined>;
}

export function rowEventContext(fields: Omit<RowEventContext, 'notFeatures'>): RowEventContext {
  const { columns } = fields;
  const notFeatures = new Set([columns.prediction, columns.label, columns.score, ...(columns.protected ?? []), ...(columns.ignore ?? [])]);
  return { ...fields, notFeatures };
}

export type RowConversion =
  | { readonly ok: true; readonly event: PredictionEvent; readonly outcome: OutcomeFacts | null }
  | { readonly ok: false; readonly reason: string };

const isMissing = (value: TrainingValue) => value === null || value === undefined || value === '';

function labelText(value: TrainingValue): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return null;
}

function finiteNumber(value: TrainingValue): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * A training row as the prediction event the model would have sent, so the profile is built by
 * exactly the code path live traffic takes. Event time, ids and latency do not exist in a
 * training set (time 0, latency missing).
 */
export function rowToEvent(values: Readonly<Record<string, TrainingValue>>, context: RowEventContext): RowConversion {
  const { columns } = context;
  const features: Record<string, FeatureValue> = {};
  for (const name of Object.keys(values)) if (!context.notFeatures.has(name)) setValue(features, name, values[name] as FeatureValue);
  const attributes: [string, string][] = [];
  for (const name of columns.protected ?? []) {
    const group = values[name];
    if (!isMissing(group)) attributes.push([name, labelText(group) ?? JSON.stringify(group)]);
  }

  let label: string | null = null;
  let value: number | null = null;
  let probabilities: Record<string, number> | null = null;
  let outcome: OutcomeFacts | null = null;
  if (columns.prediction !== undefined) {
    const predicted = values[columns.prediction];
    if (isMissing(predicted)) return { ok: false, reason: `missing prediction "${columns.prediction}"` };
    context.task ??= typeof predicted === 'number' ? 'regression' : 'classification';
    if (context.task === 'regression') {
      value = finiteNumber(predicted);
      if (value === null) return { ok: false, reason: 'the prediction is not a finite number' };
    } else {
      label = labelText(predicted);
      if (label === null) return { ok: false, reason: 'the predicted label is not text or a number' };
    }
    if (columns.score !== undefined && label !== null && context.positiveLabel !== null) {
      const score = values[columns.score];
      if (!isMissing(score)) {
        const p = finiteNumber(score);
        if (p === null || p < 0 || p > 1) return { ok: false, reason: 'the score is not a probability between 0 and 1' };
        probabilities = { [context.positiveLabel]: p };
      }
    }
    const truth = columns.label === undefined ? null : values[columns.label];
    if (!isMissing(truth)) {
      if (context.task === 'regression') {
        const actual = finiteNumber(truth);
        if (actual === null) return { ok: false, reason: 'the label is not a finite number' };
        outcome = { label: null, value: actual };
      } else {
        const actual = labelText(truth);
        if (actual === null) return { ok: false, reason: 'the label is not text or a number' };
        outcome = { label: actual, value: null };
      }
    }
  }
  const event: PredictionEvent = {
    eventId: '',
    modelId: context.modelId,
    modelVersion: context.modelVersion,
    deploymentRole: 'champion',
    requestId: '',
    predictionId: '',
    eventTime: 0,
    features,
    prediction: { label, value, probabilities },
    attributes: Object.fromEntries(attributes),
    latencyMs: null,
  };
  return { ok: true, event, outcome };
}
