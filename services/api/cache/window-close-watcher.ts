import type { Store } from '../../adapters/store/store.js';
import type { Logger } from '../../shared/logger.js';

/**
 * Notices that a window closed by polling `max(computed_at)` and `count()` of
 * model_current_state (every close writes a row there; count catches two closes within one
 * second). Any change, or a failed poll, calls `onChange` so cached answers are dropped.
 */
export class WindowCloseWatcher {
  #last: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly onChange: () => void,
  ) {}

  /** One poll; exported for tests and for the first fill at start. */
  async poll(): Promise<void> {
    let mark: string;
    try {
      const rows = await this.store.queryRows<{ latest: string; rows: string }>(
        'SELECT toString(max(computed_at)) AS latest, toString(count()) AS rows FROM model_current_state',
      );
      mark = `${rows[0]?.latest ?? ''}|${rows[0]?.rows ?? ''}`;
    } catch (error) {
      // Cannot tell whether a window closed: forget everything rather than serve stale data.
      this.logger.warn({ err: error }, 'cache invalidation poll failed');
      this.#last = undefined;
      this.onChange();
      return;
    }
    if (mark !== this.#last) {
      if (this.#last !== undefined) this.logger.debug({ mark }, 'a window closed: cache cleared');
      this.#last = mark;
      this.onChange();
    }
  }

  start(intervalMs: number): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      // Never overlap polls when the store is slow.
      if (this.#polling !== undefined) return;
      this.#polling = this.poll().finally(() => (this.#polling = undefined));
    }, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#polling;
  }
}
