import { formatDateTimeUtc } from '../../adapters/store/sql-literal.js';

export type StreamCounterName = 'accepted' | 'dead_lettered' | 'late_prediction' | 'late_label' | 'duplicate' | 'join_evicted';

export interface StreamCounterKey {
  readonly sourceTopic: string;
  readonly sourcePartition: number;
  /** Epoch ms of the Kafka record timestamp; floored to its minute here. */
  readonly recordTime: number;
  readonly modelId: string;
  readonly modelVersion: string;
  readonly counter: StreamCounterName;
  readonly reason: string;
}

/** A stream_counters row (sql/0005). */
export interface StreamCounterRow {
  readonly source_topic: string;
  readonly source_partition: number;
  readonly minute: string;
  readonly model_id: string;
  readonly model_version: string;
  readonly counter: string;
  readonly reason: string;
  readonly value: number;
  readonly checkpoint_seq: number;
}

/** How the counters travel inside a checkpoint (JSON). */
export interface StreamCountersState {
  readonly prunedBefore: number;
  readonly newestMinute: number;
  /** [topic, partition, minute, model, version, counter, reason, value] */
  readonly entries: readonly (readonly [string, number, number, string, string, string, string, number])[];
}

const MINUTE_MS = 60_000;
const SEPARATOR = '\u0000';

interface Entry {
  readonly key: Omit<StreamCounterKey, 'recordTime'> & { readonly minute: number };
  value: number;
  dirty: boolean;
}

/**
 * Cumulative counts per (topic, partition, minute, model, version, counter, reason), held in the
 * checkpointed state and written with each checkpoint: the row of the latest checkpoint wins, so
 * a replay rewrites a count instead of adding to it. Only keys changed since the last write are
 * written. Minutes more than `retainMinutes` behind the newest are dropped once written; a record
 * stamped before the oldest retained minute is counted in that minute, because a fresh count
 * for a dropped minute would overwrite the larger stored one.
 */
export class StreamCounters {
  readonly #entries = new Map<string, Entry>();
  #prunedBefore = 0;
  #newestMinute = 0;

  constructor(private readonly retainMinutes = 15) {}

  add(key: StreamCounterKey, count = 1): void {
    if (count <= 0) return;
    const minute = Math.max(Math.floor(key.recordTime / MINUTE_MS) * MINUTE_MS, this.#prunedBefore);
    this.#newestMinute = Math.max(this.#newestMinute, minute);
    const id = [key.sourceTopic, key.sourcePartition, minute, key.modelId, key.modelVersion, key.counter, key.reason].join(SEPARATOR);
    const entry = this.#entries.get(id);
    if (entry === undefined) {
      const { recordTime: _recordTime, ...rest } = key;
      this.#entries.set(id, { key: { ...rest, minute }, value: count, dirty: true });
    } else {
      entry.value += count;
      entry.dirty = true;
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Rows of every count changed since the last `markWritten`, stamped with the checkpoint seq. */
  dirtyRows(seq: number): StreamCounterRow[] {
    const rows: StreamCounterRow[] = [];
    for (const { key, value, dirty } of this.#entries.values()) {
      if (!dirty) continue;
      rows.push({
        source_topic: key.sourceTopic,
        source_partition: key.sourcePartition,
        minute: formatDateTimeUtc(key.minute),
        model_id: key.modelId,
        model_version: key.modelVersion,
        counter: key.counter,
        reason: key.reason,
        value,
        checkpoint_seq: seq,
      });
    }
    return rows;
  }

  /** After the rows were stored: nothing is dirty, and old minutes are released. */
  markWritten(): void {
    this.#prunedBefore = Math.max(this.#prunedBefore, this.#newestMinute - this.retainMinutes * MINUTE_MS);
    for (const [id, entry] of this.#entries) {
      entry.dirty = false;
      if (entry.key.minute < this.#prunedBefore) this.#entries.delete(id);
    }
  }

  /** The total of one counter over every key (for tests and logs). */
  total(counter: StreamCounterName, reason?: string): number {
    let sum = 0;
    for (const { key, value } of this.#entries.values()) if (key.counter === counter && (reason === undefined || key.reason === reason)) sum += value;
    return sum;
  }

  toState(): StreamCountersState {
    return {
      prunedBefore: this.#prunedBefore,
      newestMinute: this.#newestMinute,
      entries: [...this.#entries.values()].map(({ key, value }) => [
        key.sourceTopic,
        key.sourcePartition,
        key.minute,
        key.modelId,
        key.modelVersion,
        key.counter,
        key.reason,
        value,
      ] as const),
    };
  }

  /** Restored counts are all stored already (they came from a stored checkpoint), so none is dirty. */
  static fromState(state: StreamCountersState, retainMinutes?: number): StreamCounters {
    const counters = new StreamCounters(retainMinutes);
    for (const [sourceTopic, sourcePartition, minute, modelId, modelVersion, counter, reason, value] of state.entries) {
      counters.add({ sourceTopic, sourcePartition, recordTime: minute, modelId, modelVersion, counter: counter as StreamCounterName, reason }, value);
    }
    counters.#prunedBefore = state.prunedBefore;
    counters.#newestMinute = Math.max(counters.#newestMinute, state.newestMinute);
    for (const entry of counters.#entries.values()) entry.dirty = false;
    return counters;
  }
}
