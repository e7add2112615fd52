import { EventTimeBuffer, type EventTimeBufferState, type EvictionReason, type Evicted } from './event-time-buffer.js';

export interface LabelJoinLimits {
  /** How long (event time) a prediction waits for its outcome: the label horizon. */
  readonly predictionTtlMs: number;
  readonly maxPendingPredictions: number;
  /** How long an outcome that arrived first waits for its prediction. */
  readonly outcomeTtlMs: number;
  readonly maxPendingOutcomes: number;
}

export interface JoinedPair<P, O> {
  readonly predictionId: string;
  readonly prediction: P;
  readonly outcome: O;
  readonly predictionTime: number;
  readonly outcomeTime: number;
  /** outcome time − prediction time; negative when the outcome is stamped earlier (clock skew). */
  readonly labelDelayMs: number;
}

export interface LabelJoinStats {
  readonly pendingPredictions: number;
  readonly pendingOutcomes: number;
  readonly predictionEvictions: Readonly<Record<EvictionReason, number>>;
  readonly outcomeEvictions: Readonly<Record<EvictionReason, number>>;
  readonly duplicatePredictions: number;
  readonly duplicateOutcomes: number;
  readonly joined: number;
}

/** Everything that decides the join's future pairs and stats (for checkpoints). */
export interface LabelJoinState<P, O> {
  readonly predictions: EventTimeBufferState<P>;
  readonly outcomes: EventTimeBufferState<O>;
  readonly duplicatePredictions: number;
  readonly duplicateOutcomes: number;
  readonly joined: number;
}

interface Timed<T> {
  readonly eventTime: number;
  readonly payload: T;
}

/**
 * Joins predictions and outcomes by predictionId, in either arrival order. Whichever side
 * arrives first waits in a bounded buffer (event-time TTL + size cap); what leaves unmatched is
 * returned and counted by reason. The join itself is stateless about windows: the caller
 * applies a pair to the window of its *prediction* time.
 */
export class LabelJoin<P, O> {
  private readonly predictions: EventTimeBuffer<Timed<P>>;
  private readonly outcomes: EventTimeBuffer<Timed<O>>;
  private duplicatePredictions = 0;
  private duplicateOutcomes = 0;
  private joined = 0;

  constructor(limits: LabelJoinLimits) {
    this.predictions = new EventTimeBuffer(limits.predictionTtlMs, limits.maxPendingPredictions);
    this.outcomes = new EventTimeBuffer(limits.outcomeTtlMs, limits.maxPendingOutcomes);
  }

  /** A prediction either completes a waiting outcome or starts waiting for one. */
  addPrediction(predictionId: string, eventTime: number, prediction: P): { pair: JoinedPair<P, O> | null; evicted: Evicted<Timed<P>>[] } {
    const waiting = this.outcomes.take(predictionId);
    if (waiting !== undefined) {
      return { pair: this.pair(predictionId, { eventTime, payload: prediction }, waiting), evicted: [] };
    }
    const { stored, evicted } = this.predictions.put(predictionId, eventTime, { eventTime, payload: prediction });
    if (!stored && evicted.length === 0) this.duplicatePredictions += 1;
    return { pair: null, evicted };
  }

  /** An outcome either completes a waiting prediction or waits for it. */
  addOutcome(predictionId: string, eventTime: number, outcome: O): { pair: JoinedPair<P, O> | null; evicted: Evicted<Timed<O>>[] } {
    const waiting = this.predictions.take(predictionId);
    if (waiting !== undefined) {
      return { pair: this.pair(predictionId, waiting, { eventTime, payload: outcome }), evicted: [] };
    }
    const { stored, evicted } = this.outcomes.put(predictionId, eventTime, { eventTime, payload: outcome });
    if (!stored && evicted.length === 0) this.duplicateOutcomes += 1;
    return { pair: null, evicted };
  }

  /** Drops entries whose TTL has passed at this watermark. */
  expire(watermark: number): { predictions: Evicted<Timed<P>>[]; outcomes: Evicted<Timed<O>>[] } {
    return { predictions: this.predictions.expire(watermark), outcomes: this.outcomes.expire(watermark) };
  }

  stats(): LabelJoinStats {
    return {
      pendingPredictions: this.predictions.size,
      pendingOutcomes: this.outcomes.size,
      predictionEvictions: this.predictions.evictions,
      outcomeEvictions: this.outcomes.evictions,
      duplicatePredictions: this.duplicatePredictions,
      duplicateOutcomes: this.duplicateOutcomes,
      joined: this.joined,
    };
  }

  exportState(): LabelJoinState<P, O> {
    const untime = <T>(s: EventTimeBufferState<Timed<T>>): EventTimeBufferState<T> => ({
      evictions: s.evictions,
      entries: s.entries.map((e) => ({ key: e.key, eventTime: e.eventTime, value: e.value.payload })),
    });
    const { duplicatePredictions, duplicateOutcomes, joined } = this;
    return { predictions: untime(this.predictions.exportState()), outcomes: untime(this.outcomes.exportState()), duplicatePredictions, duplicateOutcomes, joined };
  }

  /** Replaces the state with a checkpointed one (the limits come from the constructor). */
  importState(state: LabelJoinState<P, O>): void {
    const time = <T>(s: EventTimeBufferState<T>): EventTimeBufferState<Timed<T>> => ({
      evictions: s.evictions,
      entries: s.entries.map((e) => ({ key: e.key, eventTime: e.eventTime, value: { eventTime: e.eventTime, payload: e.value } })),
    });
    this.predictions.importState(time(state.predictions));
    this.outcomes.importState(time(state.outcomes));
    this.duplicatePredictions = state.duplicatePredictions;
    this.duplicateOutcomes = state.duplicateOutcomes;
    this.joined = state.joined;
  }

  private pair(predictionId: string, prediction: Timed<P>, outcome: Timed<O>): JoinedPair<P, O> {
    this.joined += 1;
    return {
      predictionId,
      prediction: prediction.payload,
      outcome: outcome.payload,
      predictionTime: prediction.eventTime,
      outcomeTime: outcome.eventTime,
      labelDelayMs: outcome.eventTime - prediction.eventTime,
    };
  }
}
