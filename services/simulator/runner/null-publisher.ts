import type { Publisher } from './publisher.js';

/** Drops everything: for dry runs that only measure or write the ground truth. */
export const nullPublisher: Publisher = {
  prediction: () => Promise.resolve(),
  outcome: () => Promise.resolve(),
  raw: () => Promise.resolve(),
  flush: () => Promise.resolve(),
  close: () => Promise.resolve(),
};
