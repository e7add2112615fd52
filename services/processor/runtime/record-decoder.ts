import type { DecodeResult } from '../../contracts/decode-result.js';
import { decodeEvent } from '../../contracts/json-codec.js';
import type { OutcomeEvent } from '../../contracts/outcome-event.js';
import type { PredictionEvent } from '../../contracts/prediction-event.js';
import { sniffEncoding } from '../../adapters/registry/wire-format.js';
import { VigilError } from '../../shared/errors.js';
import type { AvroEventReader } from './avro-event-reader.js';

export type InputKind = 'prediction' | 'outcome';

export type DecodedRecord =
  | { readonly ok: true; readonly kind: 'prediction'; readonly event: PredictionEvent }
  | { readonly ok: true; readonly kind: 'outcome'; readonly event: OutcomeEvent }
  | { readonly ok: false; readonly error: VigilError };

export interface RecordDecoderOptions {
  /** Without a registry, Avro messages are dead-lettered as EVENT_AVRO_UNDECODABLE. */
  readonly avro: AvroEventReader | undefined;
  readonly maxFutureSkewMs: number;
}

/**
 * Turns one Kafka value into an event or the reason it is unusable. Both encodings are accepted
 * whatever `encoding` says (the magic byte decides), so producers can migrate topic by topic.
 * Never throws for bad input; throws REGISTRY_UNAVAILABLE, which is not the record's fault.
 */
export class RecordDecoder {
  constructor(private readonly options: RecordDecoderOptions) {}

  async decode(kind: InputKind, value: Uint8Array | null, nowMs: number): Promise<DecodedRecord> {
    const now = this.decodeNow(kind, value, nowMs);
    if (now !== undefined) return now;
    // Only an Avro record whose writer schema is not cached yet gets here (so a registry is configured).
    const avro = this.options.avro;
    if (avro === undefined || value === null) return this.noRegistry(kind);
    return this.checked(kind, await avro.decode(kind, value), nowMs);
  }

  /**
   * The same answer as `decode` without waiting, or undefined when an Avro writer schema must
   * first be fetched from the registry (once per schema id). The per-message path.
   */
  decodeNow(kind: InputKind, value: Uint8Array | null, nowMs: number): DecodedRecord | undefined {
    const bytes = value ?? new Uint8Array();
    if (bytes.length === 0) return { ok: false, error: new VigilError('EVENT_EMPTY', `the ${kind} record has no value`) };
    if (sniffEncoding(bytes) === 'json') return this.checked(kind, decodeEvent(kind, bytes), nowMs);
    if (this.options.avro === undefined) return this.noRegistry(kind);
    const result = this.options.avro.decodeKnown(kind, bytes);
    return result === undefined ? undefined : this.checked(kind, result, nowMs);
  }

  private noRegistry(kind: InputKind): DecodedRecord {
    return { ok: false, error: new VigilError('EVENT_AVRO_UNDECODABLE', 'an Avro record arrived but no schema registry is configured', { kind }) };
  }

  private checked(kind: InputKind, result: DecodeResult<PredictionEvent | OutcomeEvent>, nowMs: number): DecodedRecord {
    if (!result.ok) return result;
    const eventTime = result.event.eventTime;
    if (eventTime > nowMs + this.options.maxFutureSkewMs) {
      const ahead = eventTime - nowMs;
      return { ok: false, error: new VigilError('EVENT_TIME_OUT_OF_RANGE', `event time is ${ahead} ms ahead of the processing clock`, { eventTime, aheadMs: ahead }) };
    }
    return kind === 'prediction'
      ? { ok: true, kind, event: result.event as PredictionEvent }
      : { ok: true, kind, event: result.event as OutcomeEvent };
  }
}
