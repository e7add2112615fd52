import type { DeploymentRole } from '../../contracts/index.js';
import { EventTimeBuffer, type EventTimeBufferState, type EvictionReason } from '../join/event-time-buffer.js';

/** What a comparison needs from one version's prediction for a request. */
export interface ScoredPrediction {
  readonly modelVersion: string;
  readonly deploymentRole: DeploymentRole;
  readonly eventTime: number;
  readonly label: string | null;
  /** Probability of the positive class (classification) or the predicted value (regression). */
  readonly score: number | null;
}

/** The champion's and another version's predictions for the same request. */
export interface PredictionPair {
  readonly modelId: string;
  readonly requestId: string;
  readonly champion: ScoredPrediction;
  readonly challenger: ScoredPrediction;
}

export interface RequestPairingLimits {
  /** How long (event time) a request waits for the other versions' predictions. */
  readonly ttlMs: number;
  readonly maxPendingRequests: number;
  /** Versions remembered per request; more are counted as overflow. */
  readonly maxVersionsPerRequest: number;
}

/** A request waiting for more versions; `versions` also holds refused extra champions' versions. */
export interface PendingRequest {
  champion: ScoredPrediction | null;
  /** In arrival order: a champion arriving last pairs with them in this order. */
  readonly others: ScoredPrediction[];
  readonly versions: Set<string>;
}

export const PAIRING_COUNTERS = ['duplicateVersions', 'extraChampions', 'versionOverflow', 'unpairedAtEviction', 'paired'] as const;

/** Everything that decides future pairs and stats (for checkpoints). */
export interface RequestPairingState {
  readonly pending: EventTimeBufferState<PendingRequest>;
  readonly counters: Readonly<Record<(typeof PAIRING_COUNTERS)[number], number>>;
}

/**
 * Pairs the champion with every shadow, challenger or canary version that scored the same
 * request (same modelId and requestId), in either arrival order. A request stays for `ttlMs`
 * after its first prediction so late-arriving versions still pair; memory is bounded by the
 * TTL, the request cap and the per-request version cap, and every loss is counted.
 */
export class RequestPairing {
  private readonly pending: EventTimeBuffer<PendingRequest>;
  private duplicateVersions = 0;
  private extraChampions = 0;
  private versionOverflow = 0;
  private unpairedAtEviction = 0;
  private paired = 0;

  constructor(private readonly limits: RequestPairingLimits) {
    this.pending = new EventTimeBuffer(limits.ttlMs, limits.maxPendingRequests);
  }

  add(modelId: string, requestId: string, scored: ScoredPrediction): PredictionPair[] {
    const key = `${modelId}|${requestId}`;
    let request = this.pending.get(key);
    if (request === undefined) {
      request = { champion: null, others: [], versions: new Set() };
      const { evicted } = this.pending.put(key, scored.eventTime, request);
      for (const e of evicted) if (e.value.champion === null || e.value.others.length === 0) this.unpairedAtEviction += 1;
      if (!this.pending.has(key)) return [];
    }
    if (request.versions.has(scored.modelVersion)) {
      this.duplicateVersions += 1;
      return [];
    }
    if (request.versions.size >= this.limits.maxVersionsPerRequest) {
      this.versionOverflow += 1;
      return [];
    }
    request.versions.add(scored.modelVersion);
    if (scored.deploymentRole === 'champion') {
      if (request.champion !== null) {
        this.extraChampions += 1;
        return [];
      }
      request.champion = scored;
      const champion = scored;
      return this.count(request.others.map((challenger) => ({ modelId, requestId, champion, challenger })));
    }
    request.others.push(scored);
    return request.champion === null ? [] : this.count([{ modelId, requestId, champion: request.champion, challenger: scored }]);
  }

  /** Forgets requests older than the TTL; those that never paired are counted. */
  expire(watermark: number): void {
    for (const e of this.pending.expire(watermark)) if (e.value.champion === null || e.value.others.length === 0) this.unpairedAtEviction += 1;
  }

  stats(): {
    pendingRequests: number;
    evictions: Readonly<Record<EvictionReason, number>>;
    paired: number;
    unpairedAtEviction: number;
    duplicateVersions: number;
    extraChampions: number;
    versionOverflow: number;
  } {
    return {
      pendingRequests: this.pending.size,
      evictions: this.pending.evictions,
      paired: this.paired,
      unpairedAtEviction: this.unpairedAtEviction,
      duplicateVersions: this.duplicateVersions,
      extraChampions: this.extraChampions,
      versionOverflow: this.versionOverflow,
    };
  }

  /** The complete state; pending requests are shared, not copied: encode before mutating. */
  exportState(): RequestPairingState {
    const counters = Object.fromEntries(PAIRING_COUNTERS.map((c) => [c, this[c]])) as Record<(typeof PAIRING_COUNTERS)[number], number>;
    return { pending: this.pending.exportState(), counters };
  }

  /** Replaces the state with a checkpointed one (the limits come from the constructor). */
  importState(state: RequestPairingState): void {
    this.pending.importState(state.pending);
    for (const c of PAIRING_COUNTERS) this[c] = state.counters[c];
  }

  private count(pairs: PredictionPair[]): PredictionPair[] {
    this.paired += pairs.length;
    return pairs;
  }
}
