import { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import type { ClosedWindow } from './tumbling-windows.js';

const VERSION = 1;

/** The bytes a closed window is stored and compared as: metadata, then the state's own bytes. */
export function serializeClosedWindow<S>(window: ClosedWindow<S>, serializeState: (state: S) => Uint8Array): Uint8Array {
  return new ByteWriter()
    .u8(VERSION)
    .string(window.key)
    .f64(window.start)
    .f64(window.end)
    .f64(window.applied)
    .f64(window.duplicates)
    .f64(window.untrackedIds)
    .bytes(serializeState(window.state))
    .finish();
}

export function deserializeClosedWindow<S>(bytes: Uint8Array, deserializeState: (bytes: Uint8Array) => S): ClosedWindow<S> {
  const reader = new ByteReader(bytes, 'closed window', 'WINDOW_STATE_CORRUPT');
  reader.version(VERSION);
  const key = reader.string();
  const start = reader.f64();
  const end = reader.f64();
  const applied = reader.f64();
  const duplicates = reader.f64();
  const untrackedIds = reader.f64();
  const state = deserializeState(reader.bytes());
  reader.end();
  return { key, start, end, state, applied, duplicates, untrackedIds };
}
