import { describe, expect, it } from 'vitest';
import { DRIFT_THRESHOLDS } from '../../core/drift/index.js';
import { FAIRNESS_THRESHOLDS } from '../../core/fairness/index.js';
import { SettingsSnapshot } from './settings-snapshot.js';

const snapshot = new SettingsSnapshot(
  [
    { scope: '*', family: 'drift', metric: 'psi', thresholds: { warn: 0.2, critical: 0.4, rule: 'at_least' } },
    { scope: 'm1', family: 'drift', metric: 'psi', thresholds: { warn: 0.3, critical: 0.5, rule: 'at_least' } },
    { scope: 'm1', family: 'accuracy', metric: 'accuracy', thresholds: { warn: 0.8, critical: 0.7, rule: 'less_than' } },
  ],
  [
    { scope: '*', positiveLabel: 'yes', protectedAttributes: ['gender'], privilegedGroups: { gender: 'male' } },
    { scope: 'reg', positiveLabel: null, protectedAttributes: [], privilegedGroups: {} },
  ],
);

describe('SettingsSnapshot', () => {
  it("resolves thresholds by model scope, then '*', then the core's built-in defaults", () => {
    expect(snapshot.thresholdFor('m1', 'drift', 'psi')).toEqual({ warn: 0.3, critical: 0.5, rule: 'at_least' });
    expect(snapshot.thresholdFor('m2', 'drift', 'psi')).toEqual({ warn: 0.2, critical: 0.4, rule: 'at_least' });
    expect(snapshot.thresholdFor('m2', 'drift', 'hellinger')).toEqual(DRIFT_THRESHOLDS.hellinger);
    expect(snapshot.thresholdFor('m2', 'fairness', 'disparate_impact')).toEqual(FAIRNESS_THRESHOLDS.disparate_impact);
    expect(snapshot.thresholdsFor('m1').thresholdFor('accuracy', 'accuracy')).toEqual({ warn: 0.8, critical: 0.7, rule: 'less_than' });
    expect(snapshot.thresholdFor('m2', 'accuracy', 'accuracy')).toBeUndefined();
    expect(snapshot.thresholdFor('m2', 'drift', 'toString')).toBeUndefined();
  });

  it("takes a model's settings row as a whole over the fleet row", () => {
    expect(snapshot.settingsFor('m1')).toMatchObject({ positiveLabel: 'yes', protectedAttributes: ['gender'] });
    expect(snapshot.privilegedGroupsFor('m1')).toEqual({ gender: 'male' });
    expect(snapshot.settingsFor('reg')).toMatchObject({ positiveLabel: null, protectedAttributes: [] });
    expect(snapshot.privilegedGroupsFor('reg')).toEqual({});
  });

  it("defaults to positive label '1' and no protected attributes without any row", () => {
    const empty = SettingsSnapshot.empty();
    expect(empty.settingsFor('x')).toEqual({ positiveLabel: '1', protectedAttributes: [], maxGroupsPerAttribute: 100, maxClasses: 100 });
    expect(empty.privilegedGroupsFor('x')).toEqual({});
  });

  it('gives the same settings object for a model while the snapshot lives', () => {
    expect(snapshot.settingsFor('m1')).toBe(snapshot.settingsFor('m1'));
  });
});
