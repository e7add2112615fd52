import type { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import type { SourceWatermarksState } from './source-watermarks.js';
import type { LateCount, OpenWindowState, TumblingWindowsState } from './tumbling-windows.js';

// Checkpoint encodings of the window operators' state, written into a larger checkpoint
// (no version byte of their own: the checkpoint's version covers them).

export function writeWindowsState<S>(writer: ByteWriter, state: TumblingWindowsState<S>, serializeState: (s: S) => Uint8Array): void {
  writer.f64(state.watermark).f64(state.invalidTimes).varint(state.open.length);
  for (const w of state.open) {
    writer.string(w.key).f64(w.start).f64(w.applied).f64(w.duplicates).f64(w.untrackedIds).bytes(serializeState(w.state));
    writer.varint(w.idHashes.length);
    for (const hash of w.idHashes) writer.f64(hash);
  }
  writer.varint(state.late.length);
  for (const l of state.late) writer.string(l.key).f64(l.start).f64(l.end).f64(l.count);
}

export function readWindowsState<S>(reader: ByteReader, deserializeState: (bytes: Uint8Array) => S): TumblingWindowsState<S> {
  const watermark = reader.f64();
  const invalidTimes = reader.f64();
  const open: OpenWindowState<S>[] = [];
  const openCount = reader.varint();
  for (let i = 0; i < openCount; i++) {
    const key = reader.string();
    const start = reader.f64();
    const applied = reader.f64();
    const duplicates = reader.f64();
    const untrackedIds = reader.f64();
    const state = deserializeState(reader.bytes());
    const idHashes: number[] = [];
    const idCount = reader.varint();
    for (let j = 0; j < idCount; j++) idHashes.push(reader.f64());
    open.push({ key, start, state, idHashes, applied, duplicates, untrackedIds });
  }
  const late: LateCount[] = [];
  const lateCount = reader.varint();
  for (let i = 0; i < lateCount; i++) late.push({ key: reader.string(), start: reader.f64(), end: reader.f64(), count: reader.f64() });
  return { watermark, invalidTimes, open, late };
}

export function writeWatermarksState(writer: ByteWriter, state: SourceWatermarksState): void {
  writer.f64(state.emitted).varint(state.sources.length);
  for (const [source, time] of state.sources) writer.string(source).f64(time);
  writer.f64(state.firstEventTime);
}

/** `withFirstEventTime` false reads the layout before expected sources: the first event time is then -Infinity, and the next event observed sets it (expected sources count from there after an upgrade). */
export function readWatermarksState(reader: ByteReader, withFirstEventTime = true): SourceWatermarksState {
  const emitted = reader.f64();
  const sources: Array<readonly [string, number]> = [];
  const count = reader.varint();
  for (let i = 0; i < count; i++) sources.push([reader.string(), reader.f64()]);
  const firstEventTime = withFirstEventTime ? reader.f64() : Number.NEGATIVE_INFINITY;
  return { sources, emitted, firstEventTime };
}
