import { labelledPrediction, ModelWindowProfile, sketchProfileParts, validateProfileSettings, type ProfileSettings } from '../../core/profile/index.js';
import { VigilError } from '../../shared/errors.js';
import { ALL_VERSIONS } from '../reference-merge.js';
import type { TrainingBatch } from './training-record.js';
import { rowEventContext, rowToEvent, type Task, type TrainingColumns } from './training-row-event.js';

export interface BuildReferenceOptions {
  readonly modelId: string;
  /** Version written into the profile key (default '*': the reference of the model, not of one version). */
  readonly modelVersion?: string;
  readonly positiveLabel: string | null;
  readonly protectedAttributes: readonly string[];
  readonly maxGroupsPerAttribute?: number;
  readonly maxClasses?: number;
  readonly columns: TrainingColumns;
  /** Default: classification with a positive label, otherwise decided by the first prediction (a number → regression). */
  readonly task?: Task;
  /** Called every `progressEvery` records (default 100 000) with the counts so far. */
  readonly onProgress?: (report: BuildReport) => void;
  readonly progressEvery?: number;
}

export interface BadRecord {
  readonly where: string;
  readonly reason: string;
}

export interface BuildReport {
  /** Records read (rows and bad records). */
  records: number;
  /** Rows folded into the profile. */
  used: number;
  bad: number;
  /** Bad records per reason (at most MAX_REASONS distinct reasons; the rest under "other"). */
  readonly badByReason: Record<string, number>;
  /** The first bad records, for the user to find them. */
  readonly badExamples: BadRecord[];
  /** Used rows with a prediction and a label (accuracy pairs). */
  labelled: number;
}

export interface BuildResult {
  readonly profile: ModelWindowProfile;
  readonly report: BuildReport;
}

const MAX_REASONS = 20;
const MAX_EXAMPLES = 10;

/** The profile settings a training set is profiled with (the model's, so drift compares like with like). */
export function trainingProfileSettings(options: BuildReferenceOptions): ProfileSettings {
  return validateProfileSettings({
    positiveLabel: options.positiveLabel,
    protectedAttributes: options.protectedAttributes,
    maxGroupsPerAttribute: options.maxGroupsPerAttribute ?? 100,
    maxClasses: options.maxClasses ?? 1_000,
  });
}

function countBad(report: BuildReport, record: BadRecord): void {
  report.bad += 1;
  const known = record.reason in report.badByReason || Object.keys(report.badByReason).length < MAX_REASONS;
  const reason = known ? record.reason : 'other';
  report.badByReason[reason] = (report.badByReason[reason] ?? 0) + 1;
  if (report.badExamples.length < MAX_EXAMPLES) report.badExamples.push(record);
}

/**
 * Folds a stream of training rows into one reference profile, row by row (memory: the sketches,
 * never the rows). Bad records are counted and reported, never thrown. Each row goes through the
 * same ModelWindowProfile.addPrediction / addJoined calls as live traffic.
 */
export async function buildReferenceProfile(batches: AsyncIterable<TrainingBatch>, options: BuildReferenceOptions): Promise<BuildResult> {
  if (options.columns.score !== undefined && options.positiveLabel === null) {
    throw new VigilError('VALIDATION_FAILED', 'a score column needs a positive label (the score is its probability)');
  }
  if (options.columns.score !== undefined && options.columns.prediction === undefined) {
    throw new VigilError('VALIDATION_FAILED', 'a score column needs a prediction column');
  }
  const settings = trainingProfileSettings(options);
  const modelVersion = options.modelVersion ?? ALL_VERSIONS;
  const key = { modelId: options.modelId, modelVersion, deploymentRole: 'champion' as const };
  const profile = new ModelWindowProfile(key, 0, 0, settings, sketchProfileParts);
  const columns = { ...options.columns, protected: settings.protectedAttributes };
  const context = rowEventContext({
    modelId: options.modelId,
    modelVersion,
    columns,
    positiveLabel: settings.positiveLabel,
    task: options.task ?? (settings.positiveLabel === null ? null : 'classification'),
  });
  const report: BuildReport = { records: 0, used: 0, bad: 0, badByReason: {}, badExamples: [], labelled: 0 };
  const progressEvery = options.progressEvery ?? 100_000;
  for await (const batch of batches) {
    for (const record of batch) {
      report.records += 1;
      if (record.kind === 'bad') countBad(report, { where: record.where, reason: record.reason });
      else {
        const converted = rowToEvent(record.values, context);
        if (!converted.ok) countBad(report, { where: record.where, reason: converted.reason });
        else {
          profile.addPrediction(converted.event);
          if (converted.outcome !== null) {
            profile.addJoined(labelledPrediction(converted.event, settings), converted.outcome, 0);
            report.labelled += 1;
          }
          report.used += 1;
        }
      }
      if (options.onProgress !== undefined && report.records % progressEvery === 0) options.onProgress(report);
    }
  }
  return { profile, report };
}
