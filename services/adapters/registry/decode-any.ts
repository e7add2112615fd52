import type { DecodeResult } from '../../contracts/decode-result.js';
import type { EventKind, EventOf } from '../../contracts/event-kinds.js';
import { decodeEvent } from '../../contracts/json-codec.js';
import { VigilError } from '../../shared/errors.js';
import type { AvroEventCodec } from './avro-event-codec.js';
import { sniffEncoding } from './wire-format.js';

/**
 * Decodes an event in either encoding, so a topic can carry JSON and Avro at once while
 * producers migrate: a leading zero byte means the Confluent Avro wire format, anything else JSON.
 * Without an Avro codec (no registry configured) Avro events are reported, not guessed at.
 */
export async function decodeAny<K extends EventKind>(
  kind: K,
  bytes: Uint8Array,
  avroCodec: AvroEventCodec | undefined,
): Promise<DecodeResult<EventOf<K>>> {
  if (sniffEncoding(bytes) === 'json') return decodeEvent(kind, bytes);
  if (avroCodec === undefined) {
    return { ok: false, error: new VigilError('EVENT_AVRO_UNDECODABLE', 'an Avro event arrived but no schema registry is configured', { kind }) };
  }
  return avroCodec.decode(kind, bytes);
}
