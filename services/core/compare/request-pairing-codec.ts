import type { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import { readString, writeString } from '../checkpoint/ascii-strings.js';
import { readNullableNumber, readNullableString, writeNullableNumber, writeNullableString } from '../checkpoint/nullable-fields.js';
import { PAIRING_COUNTERS, type PendingRequest, type RequestPairingState, type ScoredPrediction } from './request-pairing.js';

// Checkpoint encoding of RequestPairing's state (inside a versioned checkpoint).

const ROLES = ['champion', 'challenger', 'shadow', 'canary'] as const;

export function writeRequestPairingState(writer: ByteWriter, state: RequestPairingState): void {
  for (const c of PAIRING_COUNTERS) writer.f64(state.counters[c]);
  writer.f64(state.pending.evictions.ttl).f64(state.pending.evictions.capacity).varint(state.pending.entries.length);
  for (const { key, eventTime, value } of state.pending.entries) {
    writeString(writer, key);
    writer.f64(eventTime);
    writer.u8(value.champion === null ? 0 : 1);
    if (value.champion !== null) writeScored(writer, value.champion);
    writer.varint(value.others.length);
    for (const other of value.others) writeScored(writer, other);
    const versions = [...value.versions].sort();
    writer.varint(versions.length);
    for (const version of versions) writeString(writer, version);
  }
}

export function readRequestPairingState(reader: ByteReader): RequestPairingState {
  const counters = Object.fromEntries(PAIRING_COUNTERS.map((c) => [c, reader.f64()])) as Record<(typeof PAIRING_COUNTERS)[number], number>;
  const evictions = { ttl: reader.f64(), capacity: reader.f64() };
  const entries: Array<{ key: string; eventTime: number; value: PendingRequest }> = [];
  const count = reader.varint();
  for (let i = 0; i < count; i++) {
    const key = readString(reader);
    const eventTime = reader.f64();
    const champion = reader.u8() === 1 ? readScored(reader) : null;
    const others: ScoredPrediction[] = [];
    const otherCount = reader.varint();
    for (let j = 0; j < otherCount; j++) others.push(readScored(reader));
    const versions = new Set<string>();
    const versionCount = reader.varint();
    for (let j = 0; j < versionCount; j++) versions.add(readString(reader));
    entries.push({ key, eventTime, value: { champion, others, versions } });
  }
  return { counters, pending: { entries, evictions } };
}

function writeScored(writer: ByteWriter, scored: ScoredPrediction): void {
  writeString(writer, scored.modelVersion);
  writer.u8(ROLES.indexOf(scored.deploymentRole)).f64(scored.eventTime);
  writeNullableString(writer, scored.label);
  writeNullableNumber(writer, scored.score);
}

function readScored(reader: ByteReader): ScoredPrediction {
  const modelVersion = readString(reader);
  const deploymentRole = ROLES[reader.u8()];
  if (deploymentRole === undefined) throw reader.fail('unknown deployment role');
  const eventTime = reader.f64();
  return { modelVersion, deploymentRole, eventTime, label: readNullableString(reader), score: readNullableNumber(reader) };
}
