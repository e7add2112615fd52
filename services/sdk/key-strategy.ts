/**
 * The Kafka message key. `modelId` (the default) on both topics puts a model's predictions
 * and outcomes in the same partition number of co-partitioned topics, so the label join and
 * champion/shadow pairing stay partition-local. `predictionId` spreads one very hot model over
 * every partition, at the cost of that locality (see services/sdk/README.md).
 */
export const KEY_STRATEGIES = ['modelId', 'predictionId'] as const;
export type KeyStrategy = (typeof KEY_STRATEGIES)[number];

export interface KeyedEvent {
  readonly modelId: string;
  readonly predictionId: string;
}

export function messageKey(event: KeyedEvent, strategy: KeyStrategy): string {
  return strategy === 'modelId' ? event.modelId : event.predictionId;
}
