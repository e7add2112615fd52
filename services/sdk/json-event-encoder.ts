import type { EventEncoder } from './event-encoder.js';
import type { PublishedEvent } from './event-validation.js';

// Same bytes as contracts' encodeEvent (UTF-8 JSON of the normalised event, NaN/Infinity as
// null) without validating a second time: the producer validated when it accepted the event.
function toJsonBytes(event: PublishedEvent): Buffer {
  return Buffer.from(JSON.stringify(event), 'utf8');
}

export function createJsonEventEncoder(): EventEncoder {
  return {
    encoding: 'json',
    encodeNow: (_kind, event) => toJsonBytes(event),
    encode: (_topic, _kind, event) => Promise.resolve(toJsonBytes(event)),
  };
}
