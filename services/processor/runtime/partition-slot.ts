import type { PartitionWorker } from './partition-worker.js';

/**
 * One assigned partition number: its worker (once loaded) and a queue that runs one operation
 * at a time, so batches of both topics, timer checkpoints and reassignment never interleave.
 */
export class PartitionSlot {
  worker: PartitionWorker | undefined;
  /** Settles when the latest load or verification finished (never rejects). */
  ready: Promise<void> = Promise.resolve();
  /** Offsets to seek to in the first batch of each topic after the state was (re)loaded. */
  pendingSeeks = new Map<string, string>();
  #tail: Promise<unknown> = Promise.resolve();

  constructor(readonly partition: number) {}

  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(operation, operation);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
