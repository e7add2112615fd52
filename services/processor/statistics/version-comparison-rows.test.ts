import { describe, expect, it } from 'vitest';
import { compareVersions, Z_95 } from '../../core/compare/index.js';
import { validateProfileSettings } from '../../core/profile/index.js';
import { generateAll, testFleet, testModel } from '../../simulator/testing/test-fleet.js';
import { driveTopology } from './testing/topology-driver.js';
import { pairedComparisonRows, profileComparisonRows } from './version-comparison-rows.js';
import { windowDigests } from './window-digests.js';
import { digestOf } from './sketch-access.js';

const settings = validateProfileSettings({ positiveLabel: '1', protectedAttributes: [], maxGroupsPerAttribute: 20, maxClasses: 20 });
const model = testModel({
  requestsPerHour: 800,
  versions: [
    { version: 'v1', role: 'champion', trafficShare: 1, coefficientNoise: 0.1 },
    { version: 'v2', role: 'challenger', trafficShare: 1, coefficientNoise: 0.3 },
  ],
});
const batches = driveTopology(generateAll(testFleet([model], 3)).emissions, { settingsFor: () => settings });
const windowsAt = (start: number) => batches.flatMap((b) => b.predictionWindows).filter((w) => w.start === start);

describe('version comparison rows', () => {
  const comparison = batches.flatMap((b) => b.comparisonWindows)[0]!;

  it('turns a paired comparison into agreement, paired selection-rate and score-difference rows', () => {
    const rows = pairedComparisonRows(comparison.key, comparison.state, Z_95);
    const summary = comparison.state.summary(Z_95);
    expect(rows.map((r) => r.metric)).toEqual(['agreement_rate', 'paired_selection_rate_difference', 'score_difference_mean']);
    expect(rows[0]).toMatchObject({ modelId: 'credit-risk-0001', championVersion: 'v1', otherVersion: 'v2', otherRole: 'challenger', delta: summary.agreement.estimate, ciLow: summary.agreement.lower, sampleSize: summary.pairs });
    expect(rows[2]).toMatchObject({ delta: summary.meanScoreDifference.estimate, significant: summary.meanScoreDifference.significant });
  });

  it('compares two versions of the same window with the core', () => {
    const [a, b] = windowsAt(comparison.start).sort((x, y) => (x.key < y.key ? -1 : 1));
    const rows = profileComparisonRows(a!.state, b!.state, Z_95);
    const core = compareVersions(a!.state, b!.state, Z_95);
    expect(rows.map((r) => [r.metric, r.delta, r.championValue, r.otherValue])).toEqual(core.deltas.map((d) => [d.metric, d.estimate, d.champion, d.challenger]));
  });
});

describe('window digests', () => {
  const profile = windowsAt(comparison0Start())[0]!.state;

  it('writes one digest per numeric sketch whose weights add up to its count', () => {
    const digests = windowDigests(profile);
    expect(digests.map((d) => `${d.subjectKind}:${d.subject}`)).toEqual(['feature:income', 'feature:score', 'feature:utilization', 'score:1', 'latency_ms:']);
    for (const d of digests) {
      expect(d.weights.reduce((x, y) => x + y, 0)).toBeCloseTo(d.count, 9);
      expect(d.means.length).toBe(d.weights.length);
      expect([...d.means].sort((x, y) => x - y)).toEqual(d.means);
    }
    expect(digests.find((d) => d.subjectKind === 'latency_ms')!.count).toBe(digestOf(profile.latencyMs)!.digest.count);
  });
});

function comparison0Start(): number {
  return batches.flatMap((b) => b.comparisonWindows)[0]!.start;
}
