export interface SourceWatermarksState {
  readonly sources: ReadonlyArray<readonly [source: string, eventTime: number]>;
  /** The last overall watermark returned (it never moves back). */
  readonly emitted: number;
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
 * The overall watermark never moves backwards.
 */
export class SourceWatermarks {
  private readonly bySource = new Map<string, number>();
  /** Sources the caller says still have unread input: they are never idle (see `setBacklog`). */
  private readonly withBacklog = new Set<string>();
  private emitted = Number.NEGATIVE_INFINITY;

  constructor(private readonly idleTimeoutMs: number) {}

  /** Records an event time from a source; non-finite times are ignored (validated upstream). */
  observe(sourceId: string, eventTime: number): void {
    if (!Number.isFinite(eventTime)) return;
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

  /** Sources whose watermark is within the idle timeout of the leading source, sorted. */
  activeSources(): string[] {
    const leader = this.leaderTime();
    return [...this.bySource.entries()]
      .filter(([source, time]) => this.holds(source, time, leader))
      .map(([source]) => source)
      .sort();
  }

  idleSources(): string[] {
    const active = new Set(this.activeSources());
    return [...this.bySource.keys()].filter((s) => !active.has(s)).sort();
  }

  /** The overall watermark: min over active sources, never lower than before; -Infinity until a source delivered. */
  current(): number {
    const leader = this.leaderTime();
    let minimum = Number.POSITIVE_INFINITY;
    for (const [source, time] of this.bySource) {
      if (this.holds(source, time, leader) && time < minimum) minimum = time;
    }
    if (minimum !== Number.POSITIVE_INFINITY && minimum > this.emitted) this.emitted = minimum;
    return this.emitted;
  }

  /** Everything that decides future watermarks, sources sorted (for checkpoints). */
  exportState(): SourceWatermarksState {
    const sources = [...this.bySource.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return { sources, emitted: this.emitted };
  }

  /** Replaces the state with a checkpointed one. */
  importState(state: SourceWatermarksState): void {
    this.bySource.clear();
    for (const [source, time] of state.sources) this.bySource.set(source, time);
    this.emitted = state.emitted;
  }

  private holds(source: string, time: number, leader: number): boolean {
    return leader - time <= this.idleTimeoutMs || this.withBacklog.has(source);
  }

  private leaderTime(): number {
    let leader = Number.NEGATIVE_INFINITY;
    for (const time of this.bySource.values()) if (time > leader) leader = time;
    return leader;
  }
}
