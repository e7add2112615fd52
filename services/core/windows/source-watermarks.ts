export interface SourceWatermarksState {
  readonly sources: ReadonlyArray<readonly [source: string, eventTime: number]>;
  /** The last overall watermark returned (it never moves back). */
  readonly emitted: number;
  /** The first event time any source delivered (-Infinity before that): expected sources that delivered nothing are silent since then. */
  readonly firstEventTime: number;
}

/**
 * Per-source watermarks (a source is typically one Kafka partition). Each source's watermark
 * is the largest event time it has delivered; the overall watermark is the minimum over the
 * *active* sources, so a slow partition holds windows open instead of having its data
 * declared late.
 *
 * A source is idle when it lags the most advanced source by more than `idleTimeoutMs` of
 * event time. This is event-time logic on purpose (no wall clock): replaying the same input
 * gives the same watermarks. An idle source stops holding the watermark back; when it wakes
 * up, its events are judged against the watermark that moved on without it (and may be late).
 *
 * An *expected* source (one the caller knows exists, e.g. the outcomes topic next to the
 * predictions topic) holds the watermark even before its first event: it counts as a source
 * that has been silent since the first event any source delivered, so it stops holding once the
 * leader is `idleTimeoutMs` past that time, unless it has unread input. Without this, a source
 * whose first records were all invalid (dead-lettered) or not yet published held nothing, and
 * the other source alone moved the watermark past windows the silent one still had data for:
 * which windows closed then depended on how reads of the two interleaved.
 *
 * The overall watermark never moves backwards.
 */
export class SourceWatermarks {
  private readonly bySource = new Map<string, number>();
  /** Sources the caller says still have unread input: they are never idle (see `setBacklog`). */
  private readonly withBacklog = new Set<string>();
  private readonly expected: readonly string[];
  private emitted = Number.NEGATIVE_INFINITY;
  private firstEventTime = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly idleTimeoutMs: number,
    expectedSources: readonly string[] = [],
  ) {
    this.expected = [...new Set(expectedSources)].sort();
  }

  /** Records an event time from a source; non-finite times are ignored (validated upstream). */
  observe(sourceId: string, eventTime: number): void {
    if (!Number.isFinite(eventTime)) return;
    if (this.firstEventTime === Number.NEGATIVE_INFINITY) this.firstEventTime = eventTime;
    const previous = this.bySource.get(sourceId);
    if (previous === undefined || eventTime > previous) this.bySource.set(sourceId, eventTime);
  }

  /**
   * Whether a source has input not read yet (e.g. a Kafka partition behind its end offset). Event
   * time alone cannot tell a silent source from one whose backlog is simply read later; a source
   * with a backlog keeps holding the watermark however far it lags. Not part of the checkpoint:
   * the caller reports it again with the next input.
   */
  setBacklog(sourceId: string, hasBacklog: boolean): void {
    if (hasBacklog) this.withBacklog.add(sourceId);
    else this.withBacklog.delete(sourceId);
  }

  /** The watermark of one source, or -Infinity when it has delivered nothing. */
  sourceWatermark(sourceId: string): number {
    return this.bySource.get(sourceId) ?? Number.NEGATIVE_INFINITY;
  }

  /** Sources that hold the watermark (within the idle timeout of the leading source, or with a backlog), sorted; expected ones included. */
  activeSources(): string[] {
    const leader = this.leaderTime();
    return this.knownAndExpected()
      .filter((source) => this.holds(source, this.silentSince(source), leader))
      .sort();
  }

  idleSources(): string[] {
    const active = new Set(this.activeSources());
    return this.knownAndExpected().filter((s) => !active.has(s)).sort();
  }

  /** The overall watermark: min over active sources, never lower than before; -Infinity until a source delivered. */
  current(): number {
    const leader = this.leaderTime();
    let minimum = Number.POSITIVE_INFINITY;
    for (const [source, time] of this.bySource) {
      if (this.holds(source, time, leader) && time < minimum) minimum = time;
    }
    // An expected source that has delivered nothing and still holds keeps the watermark where it is.
    for (const source of this.expected) {
      if (!this.bySource.has(source) && this.holds(source, this.firstEventTime, leader)) minimum = Number.NEGATIVE_INFINITY;
    }
    if (minimum !== Number.POSITIVE_INFINITY && minimum > this.emitted) this.emitted = minimum;
    return this.emitted;
  }

  /** Everything that decides future watermarks, sources sorted (for checkpoints). */
  exportState(): SourceWatermarksState {
    const sources = [...this.bySource.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return { sources, emitted: this.emitted, firstEventTime: this.firstEventTime };
  }

  /** Replaces the state with a checkpointed one. */
  importState(state: SourceWatermarksState): void {
    this.bySource.clear();
    for (const [source, time] of state.sources) this.bySource.set(source, time);
    this.emitted = state.emitted;
    this.firstEventTime = state.firstEventTime;
  }

  private holds(source: string, time: number, leader: number): boolean {
    return leader - time <= this.idleTimeoutMs || this.withBacklog.has(source);
  }

  /** A source's latest event time, or for an expected source without events the first event time of any source. */
  private silentSince(source: string): number {
    return this.bySource.get(source) ?? this.firstEventTime;
  }

  private knownAndExpected(): string[] {
    return [...new Set([...this.bySource.keys(), ...this.expected])];
  }

  private leaderTime(): number {
    let leader = Number.NEGATIVE_INFINITY;
    for (const time of this.bySource.values()) if (time > leader) leader = time;
    return leader;
  }
}
