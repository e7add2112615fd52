import { ByteReader, ByteWriter } from '../../core/binary/byte-codec.js';
import { VigilError } from '../../shared/errors.js';
import type { StreamCountersState } from './stream-counters.js';

/** Cumulative label-join evictions already counted, so a restored partition counts only new ones. */
export interface JoinEvictionsSeen {
  readonly predictionCapacity: number;
  readonly outcomeCapacity: number;
  readonly outcomeTtl: number;
}

/** What one partition checkpoints besides offsets: the topology and the runtime's own counts. */
export interface PartitionCheckpointState {
  readonly topology: Uint8Array;
  readonly counters: StreamCountersState;
  readonly joinEvictionsSeen: JoinEvictionsSeen;
}

const VERSION = 1;

/** Version byte, the topology snapshot as is, then the runtime part as JSON. */
export function encodeCheckpointState(state: PartitionCheckpointState): Uint8Array {
  const extras = JSON.stringify({ counters: state.counters, joinEvictionsSeen: state.joinEvictionsSeen });
  return new ByteWriter(state.topology.length + extras.length + 16).u8(VERSION).bytes(state.topology).string(extras).finish();
}

function isCountersState(value: unknown): value is StreamCountersState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.prunedBefore === 'number' && typeof v.newestMinute === 'number' && Array.isArray(v.entries) && v.entries.every((e) => Array.isArray(e) && e.length === 8);
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export function decodeCheckpointState(bytes: Uint8Array): PartitionCheckpointState {
  const reader = new ByteReader(bytes, 'processor checkpoint', 'CHECKPOINT_CORRUPT');
  reader.version(VERSION);
  const topology = reader.bytes().slice();
  let extras: unknown;
  try {
    extras = JSON.parse(reader.string());
  } catch (cause) {
    if (cause instanceof VigilError) throw cause;
    throw new VigilError('CHECKPOINT_CORRUPT', 'the runtime part is not JSON', undefined, { cause });
  }
  reader.end();
  const { counters, joinEvictionsSeen } = (extras ?? {}) as { counters?: unknown; joinEvictionsSeen?: Record<string, unknown> };
  if (!isCountersState(counters) || typeof joinEvictionsSeen !== 'object') {
    throw new VigilError('CHECKPOINT_CORRUPT', 'the runtime part lacks counters or join evictions');
  }
  return {
    topology,
    counters,
    joinEvictionsSeen: {
      predictionCapacity: count(joinEvictionsSeen.predictionCapacity),
      outcomeCapacity: count(joinEvictionsSeen.outcomeCapacity),
      outcomeTtl: count(joinEvictionsSeen.outcomeTtl),
    },
  };
}
