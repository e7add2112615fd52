import type { PublishedEvent, PublishedKind } from './event-validation.js';

/** An accepted event waiting in the buffer, with everything needed to send it. */
export interface BufferedEvent {
  /** Acceptance order, 1-based; events settle strictly in this order. */
  readonly seq: number;
  readonly topic: string;
  readonly kind: PublishedKind;
  readonly key: string;
  readonly event: PublishedEvent;
  /** Encoded at accept time when the encoder can (JSON); otherwise encoded when sent. */
  readonly payload: Buffer | undefined;
  readonly acceptedAt: number;
}
