import type { TrainingBatch, TrainingRecord } from './training-record.js';

// Helpers for the training-set tests: in-memory chunk streams and record collection.

export async function* chunksOf(...chunks: string[]): AsyncGenerator<string> {
  for (const chunk of chunks) {
    await Promise.resolve();
    yield chunk;
  }
}

export async function collect(batches: AsyncIterable<TrainingBatch>): Promise<TrainingRecord[]> {
  const out: TrainingRecord[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}

/** Rows as plain objects (records use prototype-less objects). */
export function plain(records: TrainingRecord[]): unknown[] {
  return records.map((r) => (r.kind === 'row' ? { ...r, values: { ...r.values } } : r));
}
