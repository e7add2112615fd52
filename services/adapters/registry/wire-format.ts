// The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the Avro body.
// Python (confluent-kafka AvroSerializer), Java and kafkajs producers all write this.

export const CONFLUENT_MAGIC_BYTE = 0;
export const WIRE_HEADER_BYTES = 5;

export interface WireMessage {
  readonly schemaId: number;
  readonly body: Uint8Array;
}

/** Splits a message into schema id and body, or explains why it is not in the wire format. */
export function readWireFormat(bytes: Uint8Array): { ok: true; message: WireMessage } | { ok: false; reason: string } {
  if (bytes.length < WIRE_HEADER_BYTES) return { ok: false, reason: `${bytes.length} bytes, shorter than the 5-byte header` };
  if (bytes[0] !== CONFLUENT_MAGIC_BYTE) return { ok: false, reason: `magic byte is ${bytes[0]}, expected 0` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { ok: true, message: { schemaId: view.getInt32(1, false), body: bytes.subarray(WIRE_HEADER_BYTES) } };
}

export function writeWireFormat(schemaId: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(WIRE_HEADER_BYTES + body.length);
  out[0] = CONFLUENT_MAGIC_BYTE;
  new DataView(out.buffer).setInt32(1, schemaId, false);
  out.set(body, WIRE_HEADER_BYTES);
  return out;
}

export type SniffedEncoding = 'avro' | 'json';

/**
 * Which encoding a message uses, so one topic can carry both during a migration. JSON events
 * are objects and never start with a zero byte; anything else goes to the JSON decoder,
 * which explains what is wrong with it.
 */
export function sniffEncoding(bytes: Uint8Array): SniffedEncoding {
  return bytes.length > 0 && bytes[0] === CONFLUENT_MAGIC_BYTE ? 'avro' : 'json';
}

/** TopicNameStrategy, the default of every Confluent client: the value schema of topic T lives under "T-value". */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}
