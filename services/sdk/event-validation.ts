import { validateEvent, type EventOf, type EventInputOf } from '../contracts/index.js';

/** The two event kinds a model server publishes. */
export type PublishedKind = 'prediction' | 'outcome';
export type PublishedEvent = EventOf<'prediction'> | EventOf<'outcome'>;

/**
 * Validates with the contracts and fills defaults, so an invalid event reaches the caller
 * at once as a VigilError (EVENT_SCHEMA_INVALID, naming the field) instead of a dead letter later.
 */
export function validateForPublishing<K extends PublishedKind>(kind: K, input: EventInputOf<K>): EventOf<K> {
  const result = validateEvent(kind, input);
  if (!result.ok) throw result.error;
  return result.event;
}
