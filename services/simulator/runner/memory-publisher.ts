import type { OutcomeEvent, PredictionEvent } from '../../contracts/index.js';
import type { Publisher, RawTopic } from './publisher.js';

/** Keeps everything in arrays: for tests and dry runs. */
export class MemoryPublisher implements Publisher {
  readonly predictions: PredictionEvent[] = [];
  readonly outcomes: OutcomeEvent[] = [];
  readonly raws: { topic: RawTopic; key: string; bytes: Uint8Array }[] = [];
  flushes = 0;
  closed = false;

  prediction(event: PredictionEvent): Promise<void> {
    this.predictions.push(event);
    return Promise.resolve();
  }

  outcome(event: OutcomeEvent): Promise<void> {
    this.outcomes.push(event);
    return Promise.resolve();
  }

  raw(topic: RawTopic, key: string, bytes: Uint8Array): Promise<void> {
    this.raws.push({ topic, key, bytes });
    return Promise.resolve();
  }

  flush(): Promise<void> {
    this.flushes++;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
