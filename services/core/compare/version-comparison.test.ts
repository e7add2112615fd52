import { describe, expect, it } from 'vitest';
import { compareVersions } from './version-comparison.js';
import { binarySettings, prediction } from '../profile/event-builders.test-support.js';
import { exactProfileParts } from '../profile/exact-profile-parts.js';
import { labelledPrediction } from '../profile/labelled-prediction.js';
import { ModelWindowProfile } from '../profile/model-window-profile.js';
import { meanDifference } from './mean-intervals.js';
import { newcombeDifference, Z_95 } from './proportion-intervals.js';

function profile(modelVersion: string, deploymentRole: 'champion' | 'challenger', scores: number[], correctOf: number): ModelWindowProfile {
  const p = ModelWindowProfile.forWindow({ modelId: 'credit', modelVersion, deploymentRole }, { start: 0, end: 1 }, binarySettings, exactProfileParts);
  scores.forEach((score, i) => {
    const event = prediction({ id: `${modelVersion}-${i}`, eventTime: i, score });
    p.addPrediction(event);
    const predicted = event.prediction.label ?? '';
    const actual = i < correctOf ? predicted : predicted === 'yes' ? 'no' : 'yes';
    p.addJoined(labelledPrediction(event, binarySettings), { label: actual, value: null }, 1);
  });
  return p;
}

describe('compareVersions', () => {
  it('reports challenger − champion selection rate, accuracy and mean score with their intervals', () => {
    const championScores = [0.9, 0.8, 0.3, 0.2, 0.1, 0.6];
    const challengerScores = [0.9, 0.7, 0.6, 0.6, 0.4, 0.55, 0.2];
    const champion = profile('v1', 'champion', championScores, 4);
    const challenger = profile('v2', 'challenger', challengerScores, 6);
    const result = compareVersions(champion, challenger, Z_95);
    const byMetric = Object.fromEntries(result.deltas.map((d) => [d.metric, d]));
    expect(result).toMatchObject({ champion: 'credit|v1|champion', challenger: 'credit|v2|challenger' });
    expect(byMetric.selection_rate).toMatchObject({ champion: 3 / 6, challenger: 5 / 7, ...newcombeDifference(5, 7, 3, 6, Z_95) });
    expect(byMetric.accuracy).toMatchObject({ champion: 4 / 6, challenger: 6 / 7, ...newcombeDifference(6, 7, 4, 6, Z_95) });
    const expectedMean = meanDifference(challenger.positiveScore!.sampleMoments(), champion.positiveScore!.sampleMoments(), Z_95);
    expect(byMetric.mean_score?.estimate).toBeCloseTo(expectedMean.estimate, 12);
    expect(byMetric.mean_score?.lower).toBeCloseTo(expectedMean.lower, 12);
  });

  it('omits accuracy when a version has no labels yet', () => {
    const champion = ModelWindowProfile.forWindow({ modelId: 'credit', modelVersion: 'v1', deploymentRole: 'champion' }, { start: 0, end: 1 }, binarySettings, exactProfileParts);
    champion.addPrediction(prediction({ id: 'a', eventTime: 0 }));
    const challenger = profile('v2', 'challenger', [0.7], 1);
    expect(compareVersions(champion, challenger, Z_95).deltas.map((d) => d.metric)).toEqual(['selection_rate', 'mean_score']);
  });
});
