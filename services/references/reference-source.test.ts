import { describe, expect, it } from 'vitest';
import { ModelWindowProfile, sketchProfileParts } from '../core/profile/index.js';
import { referenceApplies, type CurrentReference } from './reference-source.js';

const profile = new ModelWindowProfile(
  { modelId: 'm', modelVersion: 'v1', deploymentRole: 'champion' },
  0,
  60_000,
  { positiveLabel: '1', protectedAttributes: [], maxGroupsPerAttribute: 16, maxClasses: 16 },
  sketchProfileParts,
);
const reference = (source: CurrentReference['source'], rangeEnd: number | null): CurrentReference => ({ referenceId: 'r', source, profile, rangeEnd });

describe('referenceApplies', () => {
  it('measures no window against a missing reference', () => {
    expect(referenceApplies(null, 0)).toBe(false);
  });

  it('measures only the windows after the traffic an automatic reference was built from', () => {
    expect(referenceApplies(reference('automatic', 120_000), 60_000)).toBe(false);
    expect(referenceApplies(reference('automatic', 120_000), 120_000)).toBe(true);
  });

  it('measures every window against an uploaded or pinned reference', () => {
    expect(referenceApplies(reference('uploaded', null), 0)).toBe(true);
    expect(referenceApplies(reference('pinned_range', 120_000), 0)).toBe(true);
  });
});
