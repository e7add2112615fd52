/** When a batch leaves the buffer: it is full by count or size, or its oldest event waited `lingerMs`. */
export interface BatchPolicy {
  readonly maxEvents: number;
  readonly maxBytes: number;
  readonly lingerMs: number;
}

export interface BufferState {
  readonly events: number;
  readonly bytes: number;
  /** When the oldest buffered event was accepted (ms); undefined when empty. */
  readonly oldestAcceptedAt: number | undefined;
}

export type FlushDecision = { readonly sendNow: true } | { readonly sendNow: false; readonly waitMs: number };

/** Pure: `forced` is set by flush() and close(), which do not wait for the linger time. */
export function decideFlush(state: BufferState, policy: BatchPolicy, now: number, forced: boolean): FlushDecision {
  if (state.events === 0 || state.oldestAcceptedAt === undefined) return { sendNow: false, waitMs: Number.POSITIVE_INFINITY };
  if (forced || state.events >= policy.maxEvents || state.bytes >= policy.maxBytes) return { sendNow: true };
  const waited = now - state.oldestAcceptedAt;
  if (waited >= policy.lingerMs) return { sendNow: true };
  return { sendNow: false, waitMs: policy.lingerMs - waited };
}
