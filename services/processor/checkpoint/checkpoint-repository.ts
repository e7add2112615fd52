import { formatDateTimeUtc } from '../../adapters/store/sql-literal.js';
import { sql } from '../../adapters/store/sql-template.js';
import type { Store } from '../../adapters/store/store.js';
import { VigilError } from '../../shared/errors.js';
import type { StreamCounterRow } from './stream-counters.js';

/** The next offset to read of each input topic-partition a checkpoint covers (decimal strings). */
export type CheckpointOffsets = Readonly<Record<string, string>>;

export interface StoredCheckpoint {
  readonly partition: number;
  readonly seq: number;
  readonly offsets: CheckpointOffsets;
  readonly watermark: number;
  readonly state: Uint8Array;
}

export interface CheckpointWrite extends StoredCheckpoint {
  readonly counters: readonly StreamCounterRow[];
  readonly writtenAt: number;
}

interface CheckpointRow {
  seq: string;
  offsets: string;
  watermark: string;
  state: string;
}

/** Written for "no watermark yet" (no event seen): Int64 has no -Infinity. */
const NO_WATERMARK = Number.MIN_SAFE_INTEGER;

function parseOffsets(text: string, partition: number): CheckpointOffsets {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new VigilError('CHECKPOINT_CORRUPT', `offsets of partition ${partition} are not JSON`, { partition }, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Object.values(parsed).some((o) => typeof o !== 'string' || !/^\d+$/.test(o))) {
    throw new VigilError('CHECKPOINT_CORRUPT', `offsets of partition ${partition} are not a topic → offset map`, { partition });
  }
  return parsed as CheckpointOffsets;
}

/**
 * processor_checkpoints and stream_counters (sql/0005) for one consumer group. Latest wins by
 * seq (ReplacingMergeTree(seq)); reads take the highest seq, so unmerged duplicates never show.
 */
export class CheckpointRepository {
  constructor(
    private readonly store: Store,
    readonly consumerGroup: string,
  ) {}

  async latest(partition: number): Promise<StoredCheckpoint | null> {
    const rows = await this.store.queryRows<CheckpointRow>(
      sql`SELECT seq, offsets, watermark, state FROM processor_checkpoints
          WHERE consumer_group = ${this.consumerGroup} AND partition = ${partition} ORDER BY seq DESC LIMIT 1`,
    );
    const row = rows[0];
    if (row === undefined) return null;
    const watermark = Number(row.watermark);
    return {
      partition,
      seq: Number(row.seq),
      offsets: parseOffsets(row.offsets, partition),
      watermark: watermark <= NO_WATERMARK ? Number.NEGATIVE_INFINITY : watermark,
      state: new Uint8Array(Buffer.from(row.state, 'base64')),
    };
  }

  /** The highest seq stored for the partition: 0 without a checkpoint. */
  async latestSeq(partition: number): Promise<number> {
    const rows = await this.store.queryRows<{ seq: string }>(
      sql`SELECT max(seq) AS seq FROM processor_checkpoints WHERE consumer_group = ${this.consumerGroup} AND partition = ${partition}`,
    );
    return Number(rows[0]?.seq ?? 0);
  }

  /**
   * The highest seq of counter rows of the partition's topics. Counters are written before
   * the checkpoint row, so a crash in between leaves rows one seq ahead of the checkpoint; the
   * next owner numbers its checkpoints above them so its rows win.
   */
  async highestCounterSeq(topics: readonly string[], partition: number): Promise<number> {
    const rows = await this.store.queryRows<{ seq: string }>(
      sql`SELECT max(checkpoint_seq) AS seq FROM stream_counters WHERE source_topic IN (${topics[0] ?? ''}, ${topics[1] ?? ''}) AND source_partition = ${partition}`,
    );
    return Number(rows[0]?.seq ?? 0);
  }

  /** Counters first, then the checkpoint row: a checkpoint that exists always has its counters. */
  async write(checkpoint: CheckpointWrite): Promise<{ stateBytes: number }> {
    await this.store.insertRows('stream_counters', checkpoint.counters as unknown as Record<string, unknown>[]);
    const state = Buffer.from(checkpoint.state.buffer, checkpoint.state.byteOffset, checkpoint.state.byteLength).toString('base64');
    await this.store.insertRows('processor_checkpoints', [
      {
        consumer_group: this.consumerGroup,
        partition: checkpoint.partition,
        seq: checkpoint.seq,
        offsets: JSON.stringify(checkpoint.offsets),
        watermark: Number.isFinite(checkpoint.watermark) ? Math.trunc(checkpoint.watermark) : NO_WATERMARK,
        state,
        state_bytes: checkpoint.state.byteLength,
        written_at: formatDateTimeUtc(Math.floor(checkpoint.writtenAt / 1000) * 1000),
      },
    ]);
    return { stateBytes: checkpoint.state.byteLength };
  }
}
