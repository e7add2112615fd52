import type { OutcomeEvent, PredictionEvent } from '../../contracts/index.js';

export type RawTopic = 'predictions' | 'outcomes';

/**
 * Where the runner sends what the generator yields. Methods may buffer; `flush` resolves
 * when everything handed over so far has been delivered (or given up, and counted).
 */
export interface Publisher {
  prediction(event: PredictionEvent): Promise<void>;
  outcome(event: OutcomeEvent): Promise<void>;
  /** Bytes that are deliberately not a valid event, keyed by model id. */
  raw(topic: RawTopic, key: string, bytes: Uint8Array): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}
