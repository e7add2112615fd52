import type { OutcomeEvent, PredictionEvent } from '../../contracts/index.js';
import type { MalformedReason } from './malformed.js';

/** What the generator yields, in publish order. Times are whole milliseconds of simulated time. */
export type SimEmission =
  | {
      readonly kind: 'prediction';
      readonly publishTime: number;
      readonly eventTime: number;
      readonly modelId: string;
      readonly event: PredictionEvent;
      /** A resend of an eventId already emitted. */
      readonly duplicate: boolean;
    }
  | {
      readonly kind: 'outcome';
      readonly publishTime: number;
      readonly eventTime: number;
      readonly modelId: string;
      readonly event: OutcomeEvent;
      readonly duplicate: boolean;
    }
  | {
      readonly kind: 'malformed';
      readonly publishTime: number;
      readonly eventTime: number;
      readonly modelId: string;
      /** The topic the broken record was meant for. */
      readonly topic: 'predictions' | 'outcomes';
      readonly bytes: Uint8Array;
      readonly reason: MalformedReason;
    };

export type SimEmissionKind = SimEmission['kind'];
