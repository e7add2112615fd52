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
    const bytes = value ?? new Uint8Array();
    if (bytes.length === 0) return { ok: false, error: new VigilError('EVENT_EMPTY', `the ${kind} record has no value`) };
    const result = await this.decodeBytes(kind, bytes);
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

  private async decodeBytes(kind: InputKind, bytes: Uint8Array): Promise<DecodeResult<PredictionEvent | OutcomeEvent>> {
    if (sniffEncoding(bytes) === 'json') return decodeEvent(kind, bytes);
    if (this.options.avro === undefined) {
      return { ok: false, error: new VigilError('EVENT_AVRO_UNDECODABLE', 'an Avro record arrived but no schema registry is configured', { kind }) };
    }
    return this.options.avro.decode(kind, bytes);
  }
}
