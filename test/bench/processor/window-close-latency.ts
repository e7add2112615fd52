// Window close → rows visible: after the processor caught up, one prediction and one outcome
// per partition stamped past the last open window's end + grace close it; we time from the
// producer's acknowledgement to the last model's statistics rows of that window in the store.
import { randomUUID } from 'node:crypto';
import { Partitioners, type Kafka } from 'kafkajs';
import { formatDateTimeUtc } from '../../../services/adapters/store/sql-literal.js';
import type { Store } from '../../../services/adapters/store/store.js';
import type { Valid } from './bench-events.js';

export async function windowCloseToVisibleMs(kafka: Kafka, store: Store, topics: { predictions: string; outcomes: string }, events: readonly Valid[], windowMs: number, graceMs: number): Promise<number> {
  const lastTime = Math.max(...events.filter((e) => e.kind === 'prediction').map((e) => e.eventTime));
  const windowEnd = Math.floor(lastTime / windowMs) * windowMs + windowMs;
  const models = new Set(events.filter((e) => e.kind === 'prediction' && e.eventTime >= windowEnd - windowMs).map((e) => e.modelId));
  const closer = windowEnd + graceMs + 1_000;
  // One prediction and one outcome per model: keyed by model id they reach every partition in use.
  const messages: { topic: string; key: string; value: Buffer }[] = [];
  for (const model of models) {
    const prediction = events.find((e) => e.kind === 'prediction' && e.modelId === model);
    const outcome = events.find((e) => e.kind === 'outcome' && e.modelId === model);
    if (prediction?.kind === 'prediction') messages.push({ topic: topics.predictions, key: model, value: Buffer.from(JSON.stringify({ ...prediction.event, eventId: randomUUID(), eventTime: closer })) });
    if (outcome?.kind === 'outcome') messages.push({ topic: topics.outcomes, key: model, value: Buffer.from(JSON.stringify({ ...outcome.event, eventId: randomUUID(), eventTime: closer })) });
  }
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const sent = performance.now();
  await producer.sendBatch({ acks: -1, topicMessages: messages.map(({ topic, key, value }) => ({ topic, messages: [{ key, value }] })) });
  await producer.disconnect();
  const query = `SELECT uniqExact(model_id) AS models FROM window_statistics WHERE span = 'window' AND window_end = '${formatDateTimeUtc(windowEnd)}'`;
  const deadline = sent + 120_000;
  while (performance.now() < deadline) {
    const [row] = await store.queryRows<{ models: number | string }>(query);
    if (Number(row?.models ?? 0) >= models.size) return performance.now() - sent;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the statistics of the window ending ${new Date(windowEnd).toISOString()} did not appear within 120 s`);
}
