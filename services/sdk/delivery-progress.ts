/**
 * Tracks how far the drain loop got in acceptance order (events settle strictly in order),
 * so flush() can wait for "everything accepted before I was called" even while new events
 * keep arriving.
 */
export class DeliveryProgress {
  private settledSeq = 0;
  private waiters: { seq: number; resolve: () => void }[] = [];

  get settled(): number {
    return this.settledSeq;
  }

  /** Called when the events up to `seq` were sent or given up. */
  settle(seq: number): void {
    this.settledSeq = Math.max(this.settledSeq, seq);
    const ready = this.waiters.filter((w) => w.seq <= this.settledSeq);
    this.waiters = this.waiters.filter((w) => w.seq > this.settledSeq);
    for (const w of ready) w.resolve();
  }

  /** Resolves true once `seq` settled, or with whether it has when `timeoutMs` passes. */
  waitFor(seq: number, timeoutMs: number): Promise<boolean> {
    if (this.settledSeq >= seq) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        seq,
        resolve: () => {
          clearTimeout(deadline);
          resolve(true);
        },
      };
      const deadline = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(this.settledSeq >= seq);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}
