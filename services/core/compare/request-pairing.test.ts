import { describe, expect, it } from 'vitest';
import type { DeploymentRole } from '../../contracts/index.js';
import { RequestPairing, type ScoredPrediction } from './request-pairing.js';

function scored(modelVersion: string, deploymentRole: DeploymentRole, eventTime: number, score = 0.5): ScoredPrediction {
  return { modelVersion, deploymentRole, eventTime, label: score >= 0.5 ? 'yes' : 'no', score };
}

const limits = { ttlMs: 1_000, maxPendingRequests: 100, maxVersionsPerRequest: 3 };

describe('RequestPairing', () => {
  it('pairs a shadow that arrives before the champion of the same request', () => {
    const pairing = new RequestPairing(limits);
    expect(pairing.add('m', 'r1', scored('v2', 'shadow', 10))).toEqual([]);
    const pairs = pairing.add('m', 'r1', scored('v1', 'champion', 12));
    expect(pairs.map((p) => [p.champion.modelVersion, p.challenger.modelVersion])).toEqual([['v1', 'v2']]);
  });

  it('pairs every later challenger with the champion already seen', () => {
    const pairing = new RequestPairing(limits);
    pairing.add('m', 'r1', scored('v1', 'champion', 10));
    expect(pairing.add('m', 'r1', scored('v2', 'challenger', 11))).toHaveLength(1);
    expect(pairing.add('m', 'r1', scored('v3', 'canary', 11))).toHaveLength(1);
    expect(pairing.stats().paired).toBe(2);
  });

  it('does not pair different requests or different models', () => {
    const pairing = new RequestPairing(limits);
    pairing.add('m', 'r1', scored('v1', 'champion', 10));
    expect(pairing.add('m', 'r2', scored('v2', 'shadow', 10))).toEqual([]);
    expect(pairing.add('other', 'r1', scored('v2', 'shadow', 10))).toEqual([]);
  });

  it('counts a redelivered version once and a version beyond the per-request cap as overflow', () => {
    const pairing = new RequestPairing(limits);
    pairing.add('m', 'r1', scored('v1', 'champion', 10));
    pairing.add('m', 'r1', scored('v2', 'shadow', 10));
    expect(pairing.add('m', 'r1', scored('v2', 'shadow', 10))).toEqual([]);
    pairing.add('m', 'r1', scored('v3', 'shadow', 10));
    expect(pairing.add('m', 'r1', scored('v4', 'shadow', 10))).toEqual([]);
    expect(pairing.stats()).toMatchObject({ duplicateVersions: 1, versionOverflow: 1, paired: 2 });
  });

  it('forgets requests after the TTL and counts those that never paired', () => {
    const pairing = new RequestPairing(limits);
    pairing.add('m', 'r1', scored('v2', 'shadow', 0));
    pairing.add('m', 'r2', scored('v1', 'champion', 0));
    pairing.add('m', 'r2', scored('v2', 'shadow', 0));
    pairing.expire(1_001);
    expect(pairing.stats()).toMatchObject({ pendingRequests: 0, evictions: { ttl: 2, capacity: 0 }, unpairedAtEviction: 1 });
    expect(pairing.add('m', 'r1', scored('v1', 'champion', 1_002))).toEqual([]);
  });

  it('evicts the oldest request when the cap is reached', () => {
    const pairing = new RequestPairing({ ...limits, maxPendingRequests: 2 });
    pairing.add('m', 'old', scored('v2', 'shadow', 1));
    pairing.add('m', 'mid', scored('v2', 'shadow', 2));
    pairing.add('m', 'new', scored('v2', 'shadow', 3));
    expect(pairing.stats()).toMatchObject({ pendingRequests: 2, evictions: { ttl: 0, capacity: 1 } });
    expect(pairing.add('m', 'old', scored('v1', 'champion', 4))).toEqual([]);
  });
});
