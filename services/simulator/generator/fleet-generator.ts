// The pure generator: a FleetSpec in, emissions out in publish order. No clock, no I/O,
// no Math.random; simulated time comes only from the spec and the seeded Rng.
import type { OutcomeEvent, PredictionEvent } from '../../contracts/index.js';
import { Rng } from '../random/rng.js';
import type { FleetSpec } from '../spec/fleet-spec.js';
import { scenarioStrength } from '../spec/scenario-spec.js';
import { compileModel, type CompiledModel, type CompiledVersion } from './compiled-model.js';
import type { SimEmission } from './emission.js';
import { sampleDelay } from './sample-delay.js';
import { malformEvent, type MalformedReason } from './malformed.js';
import { MinHeap } from './min-heap.js';
import { round4, sampleRequest, type SampledRequest } from './sample-request.js';
import { scoreVersion } from './score-version.js';

/** Counts of what was actually emitted, for the ground truth document and progress logs. */
export interface GeneratorTally {
  requests: number;
  predictions: number;
  outcomes: number;
  duplicates: number;
  outOfOrder: number;
  late: number;
  neverLabelled: number;
  malformed: number;
  malformedByReason: Partial<Record<MalformedReason, number>>;
}

type Pending = { readonly kind: 'arrival'; readonly modelIndex: number; readonly time: number } | { readonly kind: 'emit'; readonly emission: SimEmission };

interface ModelState {
  readonly model: CompiledModel;
  readonly rng: Rng;
  /** Per-model request counter: part of every id. */
  sequence: number;
}

/** One pass over the run: iterating again continues where the last iteration stopped. */
export class FleetGenerator implements Iterable<SimEmission> {
  readonly tally: GeneratorTally = {
    requests: 0,
    predictions: 0,
    outcomes: 0,
    duplicates: 0,
    outOfOrder: 0,
    late: 0,
    neverLabelled: 0,
    malformed: 0,
    malformedByReason: {},
  };
  private readonly states: ModelState[];
  private readonly heap = new MinHeap<Pending>();

  constructor(private readonly spec: FleetSpec) {
    const root = new Rng(spec.seed);
    this.states = spec.models.map((m) => {
      const rng = root.fork(`model ${m.modelId}`);
      return { model: compileModel(m, rng.fork('compile')), rng, sequence: 0 };
    });
    this.states.forEach((_state, modelIndex) => { this.scheduleArrival(modelIndex, spec.startTime); });
  }

  *[Symbol.iterator](): Iterator<SimEmission> {
    for (;;) {
      const next = this.heap.pop();
      if (next === undefined) return;
      if (next.kind === 'emit') {
        yield next.emission;
        continue;
      }
      this.handleArrival(next.modelIndex, next.time);
    }
  }

  /** Poisson arrivals: exponential gaps in event time at the model's request rate. */
  private scheduleArrival(modelIndex: number, after: number): void {
    const state = this.states[modelIndex] as ModelState;
    const time = after + state.rng.exponential(3_600_000 / state.model.spec.requestsPerHour);
    if (time < this.spec.endTime) this.heap.push(time, { kind: 'arrival', modelIndex, time });
  }

  private handleArrival(modelIndex: number, time: number): void {
    const state = this.states[modelIndex] as ModelState;
    const { model, rng } = state;
    const t = Math.floor(time);
    const requestId = `${this.spec.runId}-${model.spec.modelId}-${state.sequence++}`;
    const request = sampleRequest(model, t, rng);
    this.tally.requests++;

    const labelDelay = rng.uniform() < model.spec.labelDelay.neverLabelledShare ? null : sampleDelay(model.spec.labelDelay.delay, rng);
    if (labelDelay === null) this.tally.neverLabelled++;

    for (const version of this.servingVersions(model, rng)) {
      const prediction = this.buildPrediction(model, version, request, requestId, t, rng);
      if (this.emitOrMalform(model, prediction, 'prediction', t, this.transportDelay(model, t, rng), rng) && labelDelay !== null) {
        const outcome: OutcomeEvent = {
          eventId: `oe-${prediction.predictionId}`,
          predictionId: prediction.predictionId,
          modelId: model.spec.modelId,
          eventTime: Math.floor(time + labelDelay),
          label: request.trueLabel,
          value: request.trueValue,
        };
        this.emitOrMalform(model, outcome, 'outcome', outcome.eventTime, 0, rng);
      }
    }
    this.scheduleArrival(modelIndex, time);
  }

  /** The champion or one canary serves the request; challengers and shadows score it too. */
  private servingVersions(model: CompiledModel, rng: Rng): CompiledVersion[] {
    let served = model.champion;
    let u = rng.uniform();
    for (const canary of model.canaries) {
      if (u < canary.spec.trafficShare) {
        served = canary;
        break;
      }
      u -= canary.spec.trafficShare;
    }
    const versions = [served];
    for (const follower of model.followers) if (rng.uniform() < follower.spec.trafficShare) versions.push(follower);
    return versions;
  }

  private buildPrediction(model: CompiledModel, version: CompiledVersion, request: SampledRequest, requestId: string, t: number, rng: Rng): PredictionEvent {
    const predictionId = `${requestId}-${version.spec.version}`;
    return {
      eventId: `pe-${predictionId}`,
      modelId: model.spec.modelId,
      modelVersion: version.spec.version,
      deploymentRole: version.spec.role,
      requestId,
      predictionId,
      eventTime: t,
      features: request.features,
      prediction: scoreVersion(model, version, request, t, rng),
      attributes: request.attributes,
      latencyMs: round4(rng.lognormal(3, 0.5)),
    };
  }

  /** How long after its event time a prediction is published: 0, a short reorder, or beyond the lateness. */
  private transportDelay(model: CompiledModel, t: number, rng: Rng): number {
    for (const late of model.late) {
      if (rng.uniform() < scenarioStrength(late, t) * late.share) {
        this.tally.late++;
        return late.latenessMs + rng.exponential(late.extraMeanMs);
      }
    }
    for (const shuffle of model.outOfOrder) {
      if (rng.uniform() < scenarioStrength(shuffle, t) * shuffle.share) {
        this.tally.outOfOrder++;
        return rng.exponential(shuffle.meanDelayMs);
      }
    }
    return 0;
  }

  /** Queues the event (and any duplicate), or its malformed replacement; false when malformed. */
  private emitOrMalform(model: CompiledModel, event: PredictionEvent | OutcomeEvent, kind: 'prediction' | 'outcome', t: number, delay: number, rng: Rng): boolean {
    const modelId = model.spec.modelId;
    const publishTime = t + delay;
    for (const broken of model.malformed) {
      if (rng.uniform() < scenarioStrength(broken, t) * broken.share) {
        const { bytes, reason } = malformEvent(event, kind, rng);
        this.tally.malformed++;
        this.tally.malformedByReason[reason] = (this.tally.malformedByReason[reason] ?? 0) + 1;
        const topic = kind === 'prediction' ? 'predictions' : 'outcomes';
        this.push(publishTime, { kind: 'malformed', publishTime: Math.floor(publishTime), eventTime: event.eventTime, modelId, topic, bytes, reason });
        return false;
      }
    }
    this.pushEvent(kind, event, publishTime, false);
    if (kind === 'prediction') this.tally.predictions++;
    else this.tally.outcomes++;
    for (const duplicate of model.duplicates) {
      if (rng.uniform() < scenarioStrength(duplicate, t) * duplicate.share) {
        this.tally.duplicates++;
        this.pushEvent(kind, event, publishTime + rng.exponential(duplicate.meanDelayMs), true);
        break;
      }
    }
    return true;
  }

  private pushEvent(kind: 'prediction' | 'outcome', event: PredictionEvent | OutcomeEvent, publishTime: number, duplicate: boolean): void {
    const common = { publishTime: Math.floor(publishTime), eventTime: event.eventTime, modelId: event.modelId, duplicate };
    this.push(
      publishTime,
      kind === 'prediction' ? { kind, ...common, event: event as PredictionEvent } : { kind, ...common, event: event as OutcomeEvent },
    );
  }

  private push(publishTime: number, emission: SimEmission): void {
    this.heap.push(publishTime, { kind: 'emit', emission });
  }
}
