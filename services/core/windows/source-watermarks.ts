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
  private emitted = Number.NEGATIVE_INFINITY;

  constructor(private readonly idleTimeoutMs: number) {}

  /** Records an event time from a source; non-finite times are ignored (validated upstream). */
  observe(sourceId: string, eventTime: number): void {
    if (!Number.isFinite(eventTime)) return;
    const previous = this.bySource.get(sourceId);
    if (previous === undefined || eventTime > previous) this.bySource.set(sourceId, eventTime);
  }

  /** The watermark of one source, or -Infinity when it has delivered nothing. */
  sourceWatermark(sourceId: string): number {
    return this.bySource.get(sourceId) ?? Number.NEGATIVE_INFINITY;
  }

  /** Sources whose watermark is within the idle timeout of the leading source, sorted. */
  activeSources(): string[] {
    const leader = this.leaderTime();
    return [...this.bySource.entries()]
      .filter(([, time]) => leader - time <= this.idleTimeoutMs)
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
    for (const time of this.bySource.values()) {
      if (leader - time <= this.idleTimeoutMs && time < minimum) minimum = time;
    }
    if (minimum !== Number.POSITIVE_INFINITY && minimum > this.emitted) this.emitted = minimum;
    return this.emitted;
  }

  private leaderTime(): number {
    let leader = Number.NEGATIVE_INFINITY;
    for (const time of this.bySource.values()) if (time > leader) leader = time;
    return leader;
  }
}
