import type { OutcomeEvent } from '../../contracts/index.js';
import { VigilError, isVigilError } from '../../shared/errors.js';
import { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import { PairedComparison } from '../compare/paired-comparison.js';
import { readRequestPairingState, writeRequestPairingState } from '../compare/request-pairing-codec.js';
import type { RequestPairing } from '../compare/request-pairing.js';
import type { LabelJoin } from '../join/label-join.js';
import { deserializeProfile, serializeProfile } from '../profile/model-window-profile-codec.js';
import type { ModelWindowProfile } from '../profile/model-window-profile.js';
import type { ProfileParts } from '../profile/profile-parts.js';
import { adler32 } from './adler32.js';
import { withExactDigestState } from '../sketches/t-digest-exact-state.js';
import type { SourceWatermarks } from '../windows/source-watermarks.js';
import { readWatermarksState, readWindowsState, writeWatermarksState, writeWindowsState } from '../windows/tumbling-windows-codec.js';
import type { TumblingWindows } from '../windows/tumbling-windows.js';
import { readLabelJoinState, writeLabelJoinState, type PendingPrediction } from './label-join-codec.js';

/** 2 added the watermarks' first event time (expected sources); 1 is still read. */
const VERSION = 2;
const FIRST_READABLE_VERSION = 1;

/** The stateful operators of one MonitoringTopology. */
export interface TopologyComponents {
  readonly sources: SourceWatermarks;
  readonly predictionWindows: TumblingWindows<ModelWindowProfile>;
  readonly labelWindows: TumblingWindows<ModelWindowProfile>;
  readonly join: LabelJoin<PendingPrediction, OutcomeEvent>;
  readonly pairing: RequestPairing;
  readonly comparisonWindows: TumblingWindows<PairedComparison>;
}

/**
 * Layout: u8 version = 2 | watermarks | prediction windows | label windows | label join |
 * request pairing | comparison windows | u32 Adler-32 of everything before it.
 *
 * Everything that influences the topology's future output, in canonical order (maps sorted),
 * so equal states give equal bytes. Sketches are written exactly (t-digest buffers included,
 * without flushing them), so writing a checkpoint does not change what the topology emits.
 */
export function writeTopologyCheckpoint(c: TopologyComponents): Uint8Array {
  return withExactDigestState(() => {
    const writer = new ByteWriter(4096).u8(VERSION);
    writeWatermarksState(writer, c.sources.exportState());
    writeWindowsState(writer, c.predictionWindows.exportState(), serializeProfile);
    writeWindowsState(writer, c.labelWindows.exportState(), serializeProfile);
    writeLabelJoinState(writer, c.join.exportState());
    writeRequestPairingState(writer, c.pairing.exportState());
    writeWindowsState(writer, c.comparisonWindows.exportState(), (s) => s.serialize());
    const body = writer.finish();
    const bytes = new Uint8Array(body.length + 4);
    bytes.set(body);
    new DataView(bytes.buffer).setUint32(body.length, adler32(body), true);
    return bytes;
  });
}

/**
 * Loads a checkpoint into freshly constructed components. Any problem with the bytes (truncated,
 * corrupt, unknown version, a state written with another sketch kit) is CHECKPOINT_CORRUPT.
 */
export function readTopologyCheckpoint(bytes: Uint8Array, c: TopologyComponents, parts: ProfileParts): void {
  const body = bytes.subarray(0, Math.max(0, bytes.length - 4));
  const reader = new ByteReader(body, 'topology checkpoint', 'CHECKPOINT_CORRUPT');
  try {
    if (bytes.length < 5) throw reader.fail('truncated input');
    const stored = new DataView(bytes.buffer, bytes.byteOffset + body.length, 4).getUint32(0, true);
    if (stored !== adler32(body)) throw reader.fail('checksum mismatch');
    const version = reader.u8();
    if (version < FIRST_READABLE_VERSION || version > VERSION) throw reader.fail(`unsupported version ${version} (expected ${FIRST_READABLE_VERSION}–${VERSION})`);
    const sources = readWatermarksState(reader, version >= 2);
    const predictionWindows = readWindowsState(reader, (b) => deserializeProfile(b, parts));
    const labelWindows = readWindowsState(reader, (b) => deserializeProfile(b, parts));
    const join = readLabelJoinState(reader);
    const pairing = readRequestPairingState(reader);
    const comparisonWindows = readWindowsState(reader, (b) => PairedComparison.deserialize(b, parts));
    reader.end();
    c.sources.importState(sources);
    c.predictionWindows.importState(predictionWindows);
    c.labelWindows.importState(labelWindows);
    c.join.importState(join);
    c.pairing.importState(pairing);
    c.comparisonWindows.importState(comparisonWindows);
  } catch (cause) {
    if (isVigilError(cause, 'CHECKPOINT_CORRUPT')) throw cause;
    const detail = isVigilError(cause) ? { code: cause.code, message: cause.message } : { message: String(cause) };
    throw new VigilError('CHECKPOINT_CORRUPT', `topology checkpoint: ${detail.message}`, detail, { cause });
  }
}
