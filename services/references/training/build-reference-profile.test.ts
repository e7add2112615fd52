import { describe, expect, it } from 'vitest';
import type { PredictionEvent } from '../../contracts/index.js';
import { ModelWindowProfile, serializeProfile, sketchProfileParts, validateProfileSettings } from '../../core/profile/index.js';
import { isVigilError } from '../../shared/errors.js';
import { buildReferenceProfile, type BuildReferenceOptions } from './build-reference-profile.js';
import { csvTrainingRecords } from './csv-training-records.js';
import { jsonLinesTrainingRecords } from './jsonl-training-records.js';
import { chunksOf } from './training-test-support.js';

const options: BuildReferenceOptions = {
  modelId: 'credit',
  positiveLabel: '1',
  protectedAttributes: ['gender'],
  columns: { prediction: 'pred', label: 'y', score: 'p', ignore: ['id'] },
};

const csv = ['id,income,region,gender,pred,p,y', '1,1200.5,north,f,1,0.8,1', '2,830,south,m,0,0.3,1', '3,,north,,1,0.6,', '4,990,east,f,0,0.1,0', ''].join('\n');

/** The same rows, fed by hand exactly as live traffic would be. */
function expectedProfile(): ModelWindowProfile {
  const settings = validateProfileSettings({ positiveLabel: '1', protectedAttributes: ['gender'], maxGroupsPerAttribute: 100, maxClasses: 1_000 });
  const profile = new ModelWindowProfile({ modelId: 'credit', modelVersion: '*', deploymentRole: 'champion' }, 0, 0, settings, sketchProfileParts);
  const rows: [number | null, string, string | null, string, number, string | null][] = [
    [1200.5, 'north', 'f', '1', 0.8, '1'],
    [830, 'south', 'm', '0', 0.3, '1'],
    [null, 'north', null, '1', 0.6, null],
    [990, 'east', 'f', '0', 0.1, '0'],
  ];
  for (const [income, region, gender, label, score, truth] of rows) {
    const event: PredictionEvent = {
      eventId: '',
      modelId: 'credit',
      modelVersion: '*',
      deploymentRole: 'champion',
      requestId: '',
      predictionId: '',
      eventTime: 0,
      features: { income, region },
      prediction: { label, value: null, probabilities: { '1': score } },
      attributes: gender === null ? {} : { gender },
      latencyMs: null,
    };
    profile.addPrediction(event);
    if (truth !== null) {
      profile.addJoined({ label, value: null, probabilities: { '1': score }, groups: gender === null ? {} : { gender } }, { label: truth, value: null }, 0);
    }
  }
  return profile;
}

describe('building a reference profile from training rows', () => {
  it('gives the same profile bytes as feeding the same rows to ModelWindowProfile directly', async () => {
    const { profile, report } = await buildReferenceProfile(csvTrainingRecords(chunksOf(csv)), options);
    expect(Buffer.from(serializeProfile(profile)).equals(Buffer.from(serializeProfile(expectedProfile())))).toBe(true);
    expect(report).toMatchObject({ records: 4, used: 4, bad: 0, labelled: 3 });
  });

  it('gives the same profile from JSON Lines as from CSV', async () => {
    const jsonl = [
      { id: 1, income: 1200.5, region: 'north', gender: 'f', pred: 1, p: 0.8, y: 1 },
      { id: 2, income: 830, region: 'south', gender: 'm', pred: 0, p: 0.3, y: 1 },
      { id: 3, income: null, region: 'north', gender: null, pred: 1, p: 0.6, y: null },
      { id: 4, income: 990, region: 'east', gender: 'f', pred: 0, p: 0.1, y: 0 },
    ]
      .map((row) => JSON.stringify(row))
      .join('\n');
    const fromJson = await buildReferenceProfile(jsonLinesTrainingRecords(chunksOf(jsonl)), options);
    const fromCsv = await buildReferenceProfile(csvTrainingRecords(chunksOf(csv)), options);
    expect(Buffer.from(serializeProfile(fromJson.profile)).equals(Buffer.from(serializeProfile(fromCsv.profile)))).toBe(true);
  });

  it('counts and reports bad rows without stopping', async () => {
    const text = ['income,pred,p', '1,1,0.5', '2,,0.5', '3,1,1.5', '4,1', '5,0,0.2', ''].join('\n');
    const { profile, report } = await buildReferenceProfile(csvTrainingRecords(chunksOf(text)), { ...options, protectedAttributes: [], columns: { prediction: 'pred', score: 'p' } });
    expect(profile.predictions).toBe(2);
    expect(report).toMatchObject({ records: 5, used: 2, bad: 3 });
    expect(report.badByReason).toEqual({
      'missing prediction "pred"': 1,
      'the score is not a probability between 0 and 1': 1,
      'expected 3 fields, found 2': 1,
    });
    expect(report.badExamples.map((b) => b.where)).toEqual(['line 3', 'line 4', 'line 5']);
  });

  it('profiles a regression training set when the first prediction is a number and there is no positive label', async () => {
    const text = ['x,yhat,y', '1,2.5,3', '2,abc,1', '3,4.5,4', ''].join('\n');
    const { profile, report } = await buildReferenceProfile(csvTrainingRecords(chunksOf(text)), {
      modelId: 'house-prices',
      positiveLabel: null,
      protectedAttributes: [],
      columns: { prediction: 'yhat', label: 'y' },
    });
    expect(profile.predictedValue?.sampleMoments().n).toBe(2);
    expect(profile.regression).not.toBeNull();
    expect(report.badByReason).toEqual({ 'the prediction is not a finite number': 1 });
  });

  it('profiles features only when no prediction column is named', async () => {
    const { profile } = await buildReferenceProfile(csvTrainingRecords(chunksOf('a,b\n1,x\n2,y\n')), { modelId: 'm', positiveLabel: null, protectedAttributes: [], columns: {} });
    expect([...profile.features.keys()].sort()).toEqual(['a', 'b']);
    expect(profile.predictions).toBe(2);
    expect(profile.predictedClasses.size + (profile.predictedValue === null ? 0 : 1)).toBe(0);
  });

  it('profiles a column named __proto__ as an ordinary feature', async () => {
    const { profile } = await buildReferenceProfile(csvTrainingRecords(chunksOf('__proto__,b\n1,x\n2,y\n')), { modelId: 'm', positiveLabel: null, protectedAttributes: [], columns: {} });
    expect([...profile.features.keys()].sort()).toEqual(['__proto__', 'b']);
  });

  it('refuses a score column without a positive label', async () => {
    let failure: unknown;
    try {
      await buildReferenceProfile(csvTrainingRecords(chunksOf('a\n1\n')), { modelId: 'm', positiveLabel: null, protectedAttributes: [], columns: { prediction: 'a', score: 'a' } });
    } catch (error) {
      failure = error;
    }
    expect(isVigilError(failure, 'VALIDATION_FAILED')).toBe(true);
  });
});
