/** Why an event never reached Kafka. Every event the caller hands over ends in exactly one counter. */
export const REJECT_REASONS = ['invalid', 'too_large'] as const;
export const DROP_REASONS = ['buffer_full', 'closed'] as const;
export const FAILURE_REASONS = ['delivery_timeout', 'close_deadline'] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];
export type DropReason = (typeof DROP_REASONS)[number];
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** A snapshot for the model server's own metrics (e.g. prom-client gauges and counters). */
export interface ProducerStats {
  /** Acknowledged by the broker. */
  readonly sent: number;
  /** Accepted and not yet acknowledged or given up (includes a batch under retry). */
  readonly buffered: number;
  readonly bufferedBytes: number;
  /** Refused synchronously with a VigilError: the event itself is wrong. */
  readonly rejected: Readonly<Record<RejectReason, number>>;
  /** Valid events not accepted: the buffer was full or the producer closed. */
  readonly dropped: Readonly<Record<DropReason, number>>;
  /** Accepted events given up after retries (delivery timeout) or at the close deadline. */
  readonly failed: Readonly<Record<FailureReason, number>>;
  /** Batch sends that failed and were retried. */
  readonly retries: number;
  readonly batchesSent: number;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export class StatsCounters {
  sent = 0;
  retries = 0;
  batchesSent = 0;
  readonly rejected = zeroes(REJECT_REASONS);
  readonly dropped = zeroes(DROP_REASONS);
  readonly failed = zeroes(FAILURE_REASONS);

  snapshot(buffered: number, bufferedBytes: number): ProducerStats {
    return {
      sent: this.sent,
      buffered,
      bufferedBytes,
      rejected: { ...this.rejected },
      dropped: { ...this.dropped },
      failed: { ...this.failed },
      retries: this.retries,
      batchesSent: this.batchesSent,
    };
  }
}
