// Window close → rows visible, once the processor has caught up and written everything: one
// prediction per model is placed in the window the watermark is in (still open), then one
// prediction and one outcome per model stamped past that window's end + grace close it. We time
// from the producer's acknowledgement of the closers to the last model's statistics rows of that
// window in the store. The window may end in the future (hourly windows): the bench processor
// accepts event times up to 2 h ahead (VIGIL_PROCESSOR_MAX_FUTURE_SKEW_MS, processor-phase.ts).
import { randomUUID } from 'node:crypto';
import { Partitioners, type Kafka } from 'kafkajs';
import { formatDateTimeUtc } from '../../../services/adapters/store/sql-literal.js';
import type { Store } from '../../../services/adapters/store/store.js';
import type { Valid } from './bench-events.js';
import { until } from './processor-phase.js';

interface Probe {
  /** Records folded so far (the events counter). */
  folded(): Promise<number>;
  /** No advance waits and every closed window is written. */
  settled(): boolean;
}

type Message = { topic: string; key: string; value: Buffer };

async function send(kafka: Kafka, messages: readonly Message[]): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.sendBatch({ acks: -1, topicMessages: messages.map(({ topic, key, value }) => ({ topic, messages: [{ key, value }] })) });
  const acked = performance.now();
  await producer.disconnect();
  return acked;
}

export async function windowCloseToVisibleMs(kafka: Kafka, store: Store, probe: Probe, topics: { predictions: string; outcomes: string }, events: readonly Valid[], windowMs: number, graceMs: number): Promise<number> {
  const latest = Math.max(...events.map((e) => e.eventTime));
  const windowEnd = Math.floor(latest / windowMs) * windowMs + windowMs;
  const closer = windowEnd + graceMs + 1_000;
  const models = [...new Set(events.filter((e) => e.kind === 'prediction').map((e) => e.modelId))];
  // Keyed by model id, these reach every partition in use.
  const fillers: Message[] = [];
  const closers: Message[] = [];
  for (const model of models) {
    const prediction = events.find((e) => e.kind === 'prediction' && e.modelId === model);
    const outcome = events.find((e) => e.kind === 'outcome' && e.modelId === model);
    if (prediction?.kind !== 'prediction' || outcome?.kind !== 'outcome') continue;
    const copy = (e: Valid, eventTime: number): Buffer => Buffer.from(JSON.stringify({ ...e.event, eventId: randomUUID(), eventTime }));
    fillers.push({ topic: topics.predictions, key: model, value: copy(prediction, latest) });
    closers.push({ topic: topics.predictions, key: model, value: copy(prediction, closer) }, { topic: topics.outcomes, key: model, value: copy(outcome, closer) });
  }
  const before = await probe.folded();
  await send(kafka, fillers);
  await until('the fillers folded and written', async () => (await probe.folded()) >= before + fillers.length && probe.settled(), 120_000, 20);
  const query = `SELECT uniqExact(model_id) AS models FROM window_statistics WHERE span = 'window' AND window_end = '${formatDateTimeUtc(windowEnd)}'`;
  const [already] = await store.queryRows<{ models: number | string }>(query);
  if (Number(already?.models ?? 0) > 0) throw new Error(`the window ending ${new Date(windowEnd).toISOString()} closed before its closers were sent: the measurement would be empty`);
  const sent = await send(kafka, closers);
  const expected = closers.length / 2;
  const visible = async (): Promise<boolean> => Number((await store.queryRows<{ models: number | string }>(query))[0]?.models ?? 0) >= expected;
  return (await until(`the statistics of the window ending ${new Date(windowEnd).toISOString()}`, visible, 120_000, 20)) - sent;
}
