// Test traffic for the processor: simulator fleets laid out in the recent past (so no event is
// rejected as coming from the future), published through the simulator's Kafka publisher.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { pino } from 'pino';
import { configSchema } from '../../../../services/shared/config-schema.js';
import type { SimEmission } from '../../../../services/simulator/generator/emission.js';
import { breakEvent, type MalformedReason } from '../../../../services/simulator/generator/malformed.js';
import { createKafkaPublisher } from '../../../../services/simulator/runner/kafka-publisher.js';
import type { FleetSpec, ModelSpec } from '../../../../services/simulator/spec/fleet-spec.js';
import { generateAll, testModel } from '../../../../services/simulator/testing/test-fleet.js';

export const MINUTE = 60_000;

/** A fleet whose requests span `minutes` whole minutes ending `endsMinutesAgo` before now. */
export function recentFleet(models: readonly ModelSpec[], minutes: number, endsMinutesAgo = 12, seed = 11): FleetSpec {
  const end = Math.floor(Date.now() / MINUTE) * MINUTE - endsMinutesAgo * MINUTE;
  return { seed, runId: `p${seed}`, startTime: end - minutes * MINUTE, endTime: end, models };
}

/** The simulator's test model with labels arriving within a minute or so (the label horizon is 5 minutes). */
export function quickLabelModel(overrides: Partial<ModelSpec>): ModelSpec {
  return testModel({ labelDelay: { delay: { kind: 'exponential', meanMs: 20_000 }, neverLabelledShare: 0.1 }, ...overrides });
}

export function emissionsOf(spec: FleetSpec): SimEmission[] {
  return generateAll(spec).emissions;
}

export interface Topics {
  readonly predictions: string;
  readonly outcomes: string;
}

export interface PublishOptions {
  /** Spread the records over this many milliseconds (in `steps` chunks); 0 sends at once. */
  readonly spreadMs?: number;
  readonly steps?: number;
  /** Called after each chunk was delivered, with the share delivered so far. */
  readonly onChunk?: (deliveredShare: number) => Promise<void> | void;
}

async function recordsIn(admin: Admin, topics: Topics): Promise<number> {
  // Right after a broker restart the admin's metadata is stale ("not the leader"): retry for a while.
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      let total = 0;
      for (const topic of [topics.predictions, topics.outcomes]) for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high);
      return total;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    }
  }
}

/**
 * Sends every emission (valid ones through the SDK, malformed bytes raw), keyed by model id,
 * and returns once the topics hold every one of them (the SDK's flush has a deadline; on a
 * loaded machine delivery may finish during close, and a loss must fail the test, not skew it).
 */
export async function publishEmissions(brokers: string, topics: Topics, emissions: readonly SimEmission[], options: PublishOptions = {}): Promise<void> {
  const kafka = new Kafka({ clientId: 'processor-test-publish', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const before = await recordsIn(admin, topics);
    await sendEmissions(brokers, topics, emissions, options);
    const deadline = Date.now() + 60_000;
    let now = await recordsIn(admin, topics);
    while (now < before + emissions.length && Date.now() < deadline) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 200));
      now = await recordsIn(admin, topics);
    }
    if (now !== before + emissions.length) throw new Error(`published ${emissions.length} records but the topics grew by ${now - before}`);
  } finally {
    await admin.disconnect();
  }
}

async function sendEmissions(brokers: string, topics: Topics, emissions: readonly SimEmission[], options: PublishOptions): Promise<void> {
  const config = configSchema.parse({ kafka: { brokers: brokers.split(','), topics: { ...topics } } });
  const publisher = createKafkaPublisher({ kafka: config.kafka, logger: pino({ level: 'error' }) });
  const steps = options.spreadMs === undefined || options.spreadMs === 0 ? 1 : (options.steps ?? 20);
  const chunk = Math.ceil(emissions.length / steps);
  try {
    for (let from = 0; from < emissions.length; from += chunk) {
      const started = Date.now();
      for (const emission of emissions.slice(from, from + chunk)) {
        if (emission.kind === 'prediction') await publisher.prediction(emission.event);
        else if (emission.kind === 'outcome') await publisher.outcome(emission.event);
        else await publisher.raw(emission.topic, emission.modelId, emission.bytes);
      }
      await publisher.flush();
      await options.onChunk?.(Math.min(1, (from + chunk) / emissions.length));
      const pause = (options.spreadMs ?? 0) / steps - (Date.now() - started);
      if (pause > 0) await new Promise((resolveWait) => setTimeout(resolveWait, pause));
    }
    if (publisher.dropped() > 0) throw new Error(`the SDK dropped ${publisher.dropped()} valid events`);
  } finally {
    await publisher.close();
  }
}

const REASONS: readonly MalformedReason[] = [
  'empty_payload',
  'invalid_utf8',
  'truncated_json',
  'not_an_object',
  'missing_event_id',
  'event_time_not_millis',
  'invalid_model_id',
  'unknown_field',
];

/**
 * The same valid emissions with a broken copy after every `every`-th record (≈ 1% for 100),
 * cycling through the malformed reasons. The valid records keep their order, so the valid
 * events of each partition arrive in the same order as without the broken ones.
 */
export function withMalformedCopies(emissions: readonly SimEmission[], every: number): { emissions: SimEmission[]; malformed: Map<MalformedReason, number> } {
  const out: SimEmission[] = [];
  const malformed = new Map<MalformedReason, number>();
  let valid = 0;
  for (const emission of emissions) {
    out.push(emission);
    if (emission.kind === 'malformed') continue;
    valid++;
    if (valid % every !== 0) continue;
    const reason = REASONS[Math.floor(valid / every) % REASONS.length] ?? 'empty_payload';
    malformed.set(reason, (malformed.get(reason) ?? 0) + 1);
    const topic = emission.kind === 'prediction' ? 'predictions' : 'outcomes';
    out.push({ kind: 'malformed', topic, publishTime: emission.publishTime, eventTime: emission.eventTime, modelId: emission.modelId, bytes: breakEvent(emission.event, reason), reason });
  }
  return { emissions: out, malformed };
}

export function countValid(emissions: readonly SimEmission[]): { predictions: number; outcomes: number } {
  let predictions = 0;
  let outcomes = 0;
  for (const e of emissions) {
    if (e.kind === 'prediction') predictions++;
    else if (e.kind === 'outcome') outcomes++;
  }
  return { predictions, outcomes };
}

/**
 * The predictions published before the first outcome, and the rest. Runs publish the first part
 * and wait until the processor committed it before publishing the rest, so every run starts
 * from the same committed state (each partition's first batch holds only predictions) however
 * fast the processor starts. The runtime no longer needs it for correctness: it advances only
 * after a partition's first prediction, and an outcomes topic that has delivered nothing yet
 * holds the watermark (SourceWatermarks, expected sources).
 */
export function splitPriming(emissions: readonly SimEmission[]): [SimEmission[], SimEmission[]] {
  const firstOutcome = emissions.findIndex((e) => e.kind === 'outcome');
  const at = firstOutcome < 0 ? emissions.length : firstOutcome;
  return [emissions.slice(0, at), emissions.slice(at)];
}
