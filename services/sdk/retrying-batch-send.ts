import { isVigilError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { backoffDelayMs } from './backoff.js';
import type { BatchSender } from './batch-sender.js';
import type { BufferedEvent } from './buffered-event.js';
import type { EventEncoder } from './event-encoder.js';
import type { ProducerSettings } from './producer-options.js';

export interface RetryingBatchSendDeps {
  readonly settings: Readonly<ProducerSettings>;
  readonly encoder: EventEncoder;
  readonly sender: BatchSender;
  readonly logger: Logger;
  readonly now: () => number;
  readonly random: () => number;
  readonly onRetry: () => void;
}

/**
 * Sends one batch until the broker acknowledges it or the delivery timeout of its oldest
 * event would pass before the next attempt, backing off between attempts. The batch stays at
 * the head of the buffer meanwhile, so nothing behind it overtakes it and nothing is lost.
 */
export class RetryingBatchSend {
  private abandoned = false;
  private cancelSleep: (() => void) | undefined;

  constructor(private readonly deps: RetryingBatchSendDeps) {}

  /** close() gave up: stop between attempts and wake from a backoff sleep now. */
  abandon(): void {
    this.abandoned = true;
    this.cancelSleep?.();
  }

  /** True when acknowledged; false when given up (delivery timeout or abandoned). */
  async send(batch: readonly BufferedEvent[]): Promise<boolean> {
    const { encoder, sender, settings, logger } = this.deps;
    const oldest = batch[0]?.acceptedAt ?? this.deps.now();
    for (let attempt = 1; ; attempt++) {
      if (this.isAbandoned()) return false;
      try {
        const messages = await Promise.all(
          batch.map(async (e) => ({ topic: e.topic, key: e.key, value: e.payload ?? (await encoder.encode(e.topic, e.kind, e.event)) })),
        );
        await sender.send(messages);
        return true;
      } catch (cause) {
        if (this.isAbandoned()) return false;
        const delay = backoffDelayMs(attempt, settings.retryBackoff, this.deps.random());
        const detail = { attempt, events: batch.length, code: isVigilError(cause) ? cause.code : undefined, err: cause };
        if (this.deps.now() + delay - oldest > settings.deliveryTimeoutMs) {
          logger.error(detail, 'vigil producer gave up a batch after the delivery timeout');
          return false;
        }
        this.deps.onRetry();
        logger.warn({ ...detail, retryInMs: delay }, 'vigil producer batch failed; retrying');
        await this.sleep(delay);
      }
    }
  }

  // A method, not a field read, so the compiler does not assume it is unchanged across awaits.
  private isAbandoned(): boolean {
    return this.abandoned;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.cancelSleep = undefined;
        resolve();
      }, ms);
      this.cancelSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
