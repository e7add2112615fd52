import type { ClosedWindows, WindowSink } from '../window-sink.js';

interface Submitted {
  readonly closed: ClosedWindows;
  readonly windows: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export interface SinkWriterOptions {
  /**
   * Windows per sink write at most (default 256): bounds the rows one write builds in memory and
   * the time its statistics hold the event loop. What one advance closed always goes whole.
   */
  readonly maxWindowsPerWrite?: number;
  /** Called after every sink write with the seconds it took, the closes it held and whether it failed. */
  readonly onWrite?: (seconds: number, closes: number, failed: boolean) => void;
}

const windowsOf = (closed: ClosedWindows): number => closed.predictionWindows.length + closed.labelWindows.length + closed.comparisonWindows.length;

/**
 * The one writer of an instance's closed windows. Partitions submit what an advance closed and
 * get a promise of its acknowledgement; the writer sends everything waiting as one sink write
 * (group commit), so partitions closing the same hour share one set of inserts and reads, and
 * each window's statistics are computed once however many of its partials are waiting. One
 * write runs at a time. A failed write rejects every close in it and every close still queued:
 * each partition resubmits its own, in order, before it may checkpoint.
 */
export class SinkWriter {
  readonly #sink: WindowSink;
  readonly #maxWindows: number;
  readonly #onWrite: SinkWriterOptions['onWrite'];
  readonly #queue: Submitted[] = [];
  #writing = false;

  constructor(sink: WindowSink, options: SinkWriterOptions = {}) {
    this.#sink = sink;
    this.#maxWindows = options.maxWindowsPerWrite ?? 256;
    this.#onWrite = options.onWrite;
  }

  /** Closes waiting for a write (not counting the write in progress). */
  get queued(): number {
    return this.#queue.length;
  }

  /** Resolves once `closed` is in the store; rejects with the sink's error. */
  submit(closed: ClosedWindows): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ closed, windows: windowsOf(closed), resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      // Let partitions finishing their advances in the same turn of the event loop join the first write.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.#queue.length > 0) await this.#writeNext();
    } finally {
      this.#writing = false;
    }
  }

  async #writeNext(): Promise<void> {
    let take = 0;
    let windows = 0;
    while (take < this.#queue.length && (take === 0 || windows + (this.#queue[take]?.windows ?? 0) <= this.#maxWindows)) {
      windows += this.#queue[take]?.windows ?? 0;
      take += 1;
    }
    const batch = this.#queue.splice(0, take);
    const started = performance.now();
    try {
      await this.#sink.write(batch.map((s) => s.closed));
    } catch (error) {
      this.#onWrite?.((performance.now() - started) / 1000, batch.length, true);
      // Everything still queued fails too: a partition's later close must not be written before
      // an earlier one that failed (its rolling spans would miss that partial).
      for (const s of [...batch, ...this.#queue.splice(0)]) s.reject(error);
      return;
    }
    this.#onWrite?.((performance.now() - started) / 1000, batch.length, false);
    for (const s of batch) s.resolve();
  }
}
