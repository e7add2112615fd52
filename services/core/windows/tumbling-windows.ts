import { EventIdSet } from './event-id-set.js';
import { isWindowClosed, validateWindowSpec, windowStartOf, type TumblingWindowSpec, type WindowBounds } from './window-spec.js';

export interface TumblingWindowsOptions<S> {
  readonly spec: TumblingWindowSpec;
  /** Per-window bound of the duplicate-detection set (see EventIdSet). */
  readonly maxTrackedEventIdsPerWindow: number;
  readonly createState: (key: string, bounds: WindowBounds) => S;
}

export type OfferOutcome = 'applied' | 'duplicate' | 'late' | 'invalid_time';

export interface ClosedWindow<S> {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly state: S;
  /** Events folded into the state (untracked ones included). */
  readonly applied: number;
  readonly duplicates: number;
  /** Events applied after the id set was full, so they could not be checked for duplicates. */
  readonly untrackedIds: number;
}

/** Events that arrived after their window was final: counted, never applied. */
export interface LateCount {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

export interface WindowEmission<S> {
  readonly watermark: number;
  /** Windows that became final at this advance, ordered by (start, key): each is emitted once. */
  readonly closed: ClosedWindow<S>[];
  /** Late events counted since the previous advance, ordered by (start, key). */
  readonly late: LateCount[];
}

/** An open window as a checkpoint holds it. */
export interface OpenWindowState<S> {
  readonly key: string;
  readonly start: number;
  readonly state: S;
  /** The event-id hashes already applied (see EventIdSet), sorted. */
  readonly idHashes: readonly number[];
  readonly applied: number;
  readonly duplicates: number;
  readonly untrackedIds: number;
}

/** Everything that decides the future emissions of a TumblingWindows, in canonical order. */
export interface TumblingWindowsState<S> {
  readonly watermark: number;
  readonly invalidTimes: number;
  /** Ordered by (start, key). */
  readonly open: readonly OpenWindowState<S>[];
  /** Late events counted since the last advance, ordered by (start, key). */
  readonly late: readonly LateCount[];
}

interface OpenWindow<S> {
  readonly state: S;
  readonly ids: EventIdSet;
  applied: number;
  duplicates: number;
  untrackedIds: number;
}

/**
 * Keyed tumbling event-time windows driven by an explicit watermark (no wall clock), in the
 * style of Kafka Streams: `offer` events, `advanceWatermark`, read what closed. A window
 * closes when the watermark reaches end + grace; it is then emitted once and forgotten, so
 * memory holds only open windows. Output order is canonical, so the same events in any
 * arrival order (within grace) produce the same emissions when the state is order-insensitive.
 */
export class TumblingWindows<S> {
  private readonly spec: TumblingWindowSpec;
  /** start → key → window; few distinct starts are open at once, so closing scans are cheap. */
  private readonly open = new Map<number, Map<string, OpenWindow<S>>>();
  private readonly lateSinceAdvance = new Map<number, Map<string, number>>();
  private currentWatermark = Number.NEGATIVE_INFINITY;
  private invalidTimes = 0;

  constructor(private readonly options: TumblingWindowsOptions<S>) {
    this.spec = validateWindowSpec(options.spec);
  }

  get watermark(): number {
    return this.currentWatermark;
  }

  /** Events whose time was not a finite number: counted and not applied. */
  get invalidEventTimes(): number {
    return this.invalidTimes;
  }

  /** Assigns the event to its window and applies it unless it is late or a duplicate. */
  offer(key: string, eventTime: number, eventId: string, apply: (state: S) => void): OfferOutcome {
    if (!Number.isFinite(eventTime)) {
      this.invalidTimes += 1;
      return 'invalid_time';
    }
    const start = windowStartOf(eventTime, this.spec.sizeMs);
    if (isWindowClosed(start + this.spec.sizeMs, this.spec.graceMs, this.currentWatermark)) {
      this.countLate(key, start);
      return 'late';
    }
    const window = this.windowFor(key, start);
    const admission = window.ids.admit(eventId);
    if (admission === 'duplicate') {
      window.duplicates += 1;
      return 'duplicate';
    }
    if (admission === 'untracked') window.untrackedIds += 1;
    window.applied += 1;
    apply(window.state);
    return 'applied';
  }

  /** Moves the watermark forward (never back) and emits every window that became final. */
  advanceWatermark(watermark: number): WindowEmission<S> {
    if (watermark > this.currentWatermark) this.currentWatermark = watermark;
    const closed: ClosedWindow<S>[] = [];
    for (const start of [...this.open.keys()].sort((a, b) => a - b)) {
      const end = start + this.spec.sizeMs;
      if (!isWindowClosed(end, this.spec.graceMs, this.currentWatermark)) break;
      const byKey = this.open.get(start);
      this.open.delete(start);
      if (byKey === undefined) continue;
      for (const key of [...byKey.keys()].sort()) {
        const w = byKey.get(key);
        if (w === undefined) continue;
        closed.push({ key, start, end, state: w.state, applied: w.applied, duplicates: w.duplicates, untrackedIds: w.untrackedIds });
      }
    }
    return { watermark: this.currentWatermark, closed, late: this.drainLate() };
  }

  /** The complete state, for checkpoints. States are shared, not copied: serialize before mutating. */
  exportState(): TumblingWindowsState<S> {
    const open: OpenWindowState<S>[] = [];
    for (const start of [...this.open.keys()].sort((a, b) => a - b)) {
      const byKey = this.open.get(start);
      for (const key of [...(byKey?.keys() ?? [])].sort()) {
        const w = byKey?.get(key);
        if (w === undefined) continue;
        open.push({ key, start, state: w.state, idHashes: w.ids.hashes(), applied: w.applied, duplicates: w.duplicates, untrackedIds: w.untrackedIds });
      }
    }
    const late: LateCount[] = [];
    for (const start of [...this.lateSinceAdvance.keys()].sort((a, b) => a - b)) {
      const byKey = this.lateSinceAdvance.get(start);
      for (const key of [...(byKey?.keys() ?? [])].sort()) late.push({ key, start, end: start + this.spec.sizeMs, count: byKey?.get(key) ?? 0 });
    }
    return { watermark: this.currentWatermark, invalidTimes: this.invalidTimes, open, late };
  }

  /** Replaces the state with a checkpointed one (the spec and id capacity come from the options). */
  importState(state: TumblingWindowsState<S>): void {
    this.open.clear();
    this.lateSinceAdvance.clear();
    this.currentWatermark = state.watermark;
    this.invalidTimes = state.invalidTimes;
    for (const w of state.open) {
      let byKey = this.open.get(w.start);
      if (byKey === undefined) {
        byKey = new Map();
        this.open.set(w.start, byKey);
      }
      const ids = EventIdSet.fromHashes(this.options.maxTrackedEventIdsPerWindow, w.idHashes);
      byKey.set(w.key, { state: w.state, ids, applied: w.applied, duplicates: w.duplicates, untrackedIds: w.untrackedIds });
    }
    for (const l of state.late) this.countLate(l.key, l.start, l.count);
  }

  openWindowCount(): number {
    let count = 0;
    for (const byKey of this.open.values()) count += byKey.size;
    return count;
  }

  // Hot path: plain lookups, no closures or bounds objects unless a window is created.
  private windowFor(key: string, start: number): OpenWindow<S> {
    let byKey = this.open.get(start);
    if (byKey === undefined) {
      byKey = new Map();
      this.open.set(start, byKey);
    }
    let window = byKey.get(key);
    if (window === undefined) {
      window = {
        state: this.options.createState(key, { start, end: start + this.spec.sizeMs }),
        ids: new EventIdSet(this.options.maxTrackedEventIdsPerWindow),
        applied: 0,
        duplicates: 0,
        untrackedIds: 0,
      };
      byKey.set(key, window);
    }
    return window;
  }

  private countLate(key: string, start: number, count = 1): void {
    let byKey = this.lateSinceAdvance.get(start);
    if (byKey === undefined) {
      byKey = new Map();
      this.lateSinceAdvance.set(start, byKey);
    }
    byKey.set(key, (byKey.get(key) ?? 0) + count);
  }

  private drainLate(): LateCount[] {
    const late: LateCount[] = [];
    for (const start of [...this.lateSinceAdvance.keys()].sort((a, b) => a - b)) {
      const byKey = this.lateSinceAdvance.get(start);
      if (byKey === undefined) continue;
      for (const key of [...byKey.keys()].sort()) {
        late.push({ key, start, end: start + this.spec.sizeMs, count: byKey.get(key) ?? 0 });
      }
    }
    this.lateSinceAdvance.clear();
    return late;
  }
}
