import type { Store, StoreRow } from '../../adapters/store/index.js';
import { Z_95, type PairedComparison } from '../../core/compare/index.js';
import { deserializeProfile, parseModelKey, serializeProfile, sketchProfileParts, type ModelWindowProfile, type ProfileParts } from '../../core/profile/index.js';
import type { ClosedWindow } from '../../core/windows/index.js';
import { referenceApplies, type CurrentReference, type ReferenceSource } from '../../references/reference-source.js';
import type { Logger } from '../../shared/logger.js';
import type { SettingsSnapshot } from '../settings/index.js';
import {
  computeWindowStatistics,
  modelWindowState,
  pairedComparisonRows,
  profileComparisonRows,
  windowDigests,
  type StatisticSpan,
  type WindowKind,
  type WindowStatistic,
} from '../statistics/index.js';
import type { ClosedWindows, WindowSink } from '../window-sink.js';
import { blockFoldId, PartialCache, partialId } from './partial-cache.js';
import { mergePartials, type BlockFoldMemo, type Partial } from './partial-merge.js';
import { comparisonRow, currentStateRow, digestRow, eventsOf, profileRow, statisticRow, windowStateRow } from './store-rows.js';
import { countStoredPartials, listStoredPartials, readStoredPartials, windowId, type PartialRequest, type StoredPartial } from './stored-partials.js';
import { readStoredWindowRows, refId, type StoredStatistic, type StoredWindowRows } from './stored-window-rows.js';

const DAY = 86_400_000;
/** Heap a decoded profile takes per byte of its stored base64 (measured ≈ 6.8 on 20-feature profiles). */
const HEAP_PER_STORED_BYTE = 7;
/** Windows whose statistics are computed before they are handed to ClickHouse as one insert. */
const STATISTICS_CHUNK = 16;
const ROLLING: readonly (readonly [StatisticSpan, number])[] = [['rolling_3d', 3 * DAY], ['rolling_7d', 7 * DAY]];

export interface ClickHouseWindowSinkOptions {
  readonly store: Store;
  readonly references: ReferenceSource;
  /** The settings snapshot in force now (e.g. `() => refreshingSettings.current`). */
  readonly settings: () => SettingsSnapshot;
  readonly logger: Logger;
  /** The kit profiles are serialized with (default sketchProfileParts). */
  readonly parts?: ProfileParts;
  /** Wall clock for written_at / computed_at (default Date.now); tests pin it. */
  readonly now?: () => number;
  /** Compute rolling_3d / rolling_7d spans (default true). */
  readonly rollingSpans?: boolean;
  /** At most this many windows are read per rolling span (default 168: 7 days of hourly windows). */
  readonly maxRollingWindows?: number;
  readonly minGroupCount?: number;
  /** z of the version-comparison intervals (default 1.96). */
  readonly z?: number;
  /**
   * Budget of the decoded-partials cache in bytes of heap, estimated as 7 × the stored base64 size
   * (measured: 128 MiB of stored profiles took ≈ 870 MB of heap); 0 turns it off. Rolling spans
   * re-read up to 7 days of partials at every close: with the cache only the ones this instance
   * has not written or read yet come back from the store (default 64 MiB).
   */
  readonly partialCacheBytes?: number;
  /** Called after every insert with the table and the seconds ClickHouse took to acknowledge it. */
  readonly onWriteLatency?: (table: string, seconds: number) => void;
}

/** A partial profile of the window that is in memory: just closed by a partition of this instance. */
export interface OwnPartial {
  readonly partition: number;
  readonly profile: ModelWindowProfile;
}

/** A window to compute statistics for; `owns` are the partials of it in memory (none for a recomputation). */
export interface StatisticsTarget {
  readonly kind: WindowKind;
  readonly modelKey: string;
  readonly start: number;
  readonly end: number;
  readonly owns?: readonly OwnPartial[];
}

interface Computed {
  readonly target: StatisticsTarget;
  readonly span: StatisticSpan;
  readonly spanStart: number;
  readonly profile: ModelWindowProfile;
  readonly partials: number;
  readonly statistics: WindowStatistic[];
  readonly referenceId: string;
}

/**
 * The WindowSink over ClickHouse: writes partial profiles and digests, then merges every stored
 * partial of each closed window (and of its 3- and 7-day spans) and writes statistics, window
 * states, the current state and version comparisons. Every row has a deterministic identity
 * (ReplacingMergeTree keys), so writing the same batch again leaves the same rows under FINAL.
 */
export class ClickHouseWindowSink implements WindowSink {
  private readonly parts: ProfileParts;
  private readonly now: () => number;
  private readonly rolling: boolean;
  private readonly maxRollingWindows: number;
  readonly partialCache: PartialCache;

  constructor(private readonly options: ClickHouseWindowSinkOptions) {
    this.partialCache = new PartialCache(options.partialCacheBytes ?? 64 * 1024 * 1024);
    this.parts = options.parts ?? sketchProfileParts;
    this.now = options.now ?? Date.now;
    this.rolling = options.rollingSpans ?? true;
    this.maxRollingWindows = options.maxRollingWindows ?? 168;
  }

  /**
   * Writes what several partitions closed as one: every partial and digest, then the statistics
   * of each window once, however many of its partials the batch holds (a hot model spread over
   * partitions), with one set of inserts for the whole batch.
   */
  async write(batch: readonly ClosedWindows[]): Promise<void> {
    const now = this.now();
    const targets = closedTargets(batch);
    const profiles: StoreRow[] = [];
    const digests: StoreRow[] = [];
    const written: { id: string; bytes: Uint8Array; events: number; storedBytes: number }[] = [];
    for (const t of targets) {
      for (const own of t.owns ?? []) {
        const bytes = serializeProfile(own.profile);
        const row = profileRow(t, t.kind, own.partition, own.profile, now, bytes);
        profiles.push(row);
        written.push({ id: partialId(t.modelKey, t.kind, t.start, own.partition), bytes, events: row.events as number, storedBytes: (row.profile as string).length });
        for (const d of windowDigests(own.profile)) digests.push(digestRow(t, t.kind, own.partition, d, now));
      }
    }
    await this.insert('window_profiles', profiles);
    if (this.rolling && this.partialCache.maxBytes > 0) {
      // Later closes of the same model read these back for their rolling spans.
      for (const w of written) this.partialCache.put(w.id, deserializeProfile(w.bytes, this.parts), w.events, HEAP_PER_STORED_BYTE * w.storedBytes);
    }
    // Nothing this write reads depends on the digests: ClickHouse stores them while the
    // statistics are computed. The write is acknowledged only once both are in.
    const digestsWritten = this.insert('window_digests', digests);
    digestsWritten.catch(() => undefined);
    await this.publish(targets, batch.flatMap((closed) => closed.comparisonWindows), now);
    await digestsWritten;
  }

  /** Merges stored partials and writes statistics, states and comparisons for the targets. */
  async publish(targets: readonly StatisticsTarget[], comparisons: readonly ClosedWindow<PairedComparison>[], now: number): Promise<void> {
    if (targets.length === 0 && comparisons.length === 0) return;
    const stored = await this.readPartials(targets);
    const snapshot = this.options.settings();
    const modelIds = [...new Set(targets.map((t) => parseModelKey(t.modelKey).modelId))].sort();
    const references = modelIds.length === 0 ? new Map<string, CurrentReference | null>() : await this.options.references.currentForModels(modelIds);
    // The stored rows a state combines with are read before this write's statistics land: read
    // after, they would come back only to be dropped as fresh (and are most of what is read).
    const windows = new Map(targets.map((t) => [refId({ modelKey: t.modelKey, end: t.end }), { modelKey: t.modelKey, end: t.end }]));
    const storedRows = await readStoredWindowRows(this.options.store, [...windows.values()]);

    // Statistics are computed and inserted a chunk of windows at a time: the insert of one chunk
    // runs in ClickHouse while the next is computed, and rolling spans' merged profiles are let go.
    const windowSpans: Computed[] = [];
    let inserting: Promise<void> = Promise.resolve();
    for (let i = 0; i < targets.length; i += STATISTICS_CHUNK) {
      const rows: StoreRow[] = [];
      for (const target of targets.slice(i, i + STATISTICS_CHUNK)) {
        for (const c of this.compute(target, stored, references, snapshot)) {
          for (const statistic of c.statistics) rows.push(statisticRow({ modelKey: c.target.modelKey, start: c.spanStart, end: c.target.end }, c.span, statistic, c.referenceId, c.partials, now));
          if (c.span === 'window') windowSpans.push(c);
        }
      }
      await inserting;
      inserting = this.insert('window_statistics', rows);
      // Awaited above or below; until then a failure must not count as unhandled.
      inserting.catch(() => undefined);
    }
    await inserting;
    const states = this.stateRows(windowSpans, storedRows, now);
    await Promise.all([
      this.insert('model_window_states', states.windowStates),
      this.insert('model_current_state', states.currentStates),
      this.insert('version_comparisons', this.comparisonRows(windowSpans, comparisons, now)),
    ]);
  }

  /** The statistics of a target's window and rolling spans (merged from its partials). */
  private compute(target: StatisticsTarget, stored: Map<string, StoredPartial[]>, references: ReadonlyMap<string, CurrentReference | null>, snapshot: SettingsSnapshot): Computed[] {
    const modelId = parseModelKey(target.modelKey).modelId;
    const current = references.get(modelId) ?? null;
    const reference = referenceApplies(current, target.start) ? current : null;
    const context = {
      reference,
      thresholds: snapshot.thresholdsFor(modelId),
      privilegedGroups: snapshot.privilegedGroupsFor(modelId),
      ...(this.options.minGroupCount === undefined ? {} : { minGroupCount: this.options.minGroupCount }),
    };
    const computed: Computed[] = [];
    // A span holding the same partials as the previous one (a model younger than 3 days, or
    // with a gap) merges to the same profile: reuse its statistics instead of merging again.
    let previous: { readonly partials: string; readonly computed: Computed } | undefined;
    for (const span of this.spansOf(target)) {
      const partials = this.partialsFor(target, stored, span.from);
      const identity = partials.map((p) => `${p.start}/${p.partition}`).sort().join(',');
      if (previous?.partials === identity) {
        computed.push({ ...previous.computed, span: span.span, spanStart: span.from });
        continue;
      }
      const like = target.owns?.[0]?.profile ?? partials.find((p) => p.start === target.start)?.profile;
      const folds = span.span === 'window' ? undefined : this.blockFolds(target);
      const merged = like === undefined ? undefined : mergePartials(partials, like, folds === undefined ? undefined : { folds, from: span.from });
      if (merged === undefined) continue;
      if (merged.incompatible > 0) this.options.logger.warn({ model: target.modelKey, span: span.span, incompatible: merged.incompatible }, 'left out partials built with other model settings');
      const statistics = computeWindowStatistics({ kind: target.kind, profile: merged.profile, context });
      const result: Computed = { target, span: span.span, spanStart: span.from, profile: merged.profile, partials: merged.merged, statistics, referenceId: reference?.referenceId ?? '' };
      computed.push(result);
      previous = { partials: identity, computed: result };
    }
    return computed;
  }

  /**
   * Block folds of a model's rolling spans, kept in the partial cache beside the partials: a
   * whole day is folded once, and today's fold grows by one window per close.
   */
  private blockFolds(target: StatisticsTarget): BlockFoldMemo | undefined {
    const cache = this.partialCache;
    if (cache.maxBytes === 0) return undefined;
    const { modelKey, kind } = target;
    return {
      get: (block) => {
        const entry = cache.latest(blockFoldId(modelKey, kind, block));
        return typeof entry?.version === 'string' ? { versions: entry.version.split(','), profile: entry.profile } : undefined;
      },
      put: (block, fold, partials) => {
        // Its sketches are bounded: count a fold as twice its largest partial.
        const bytes = 2 * Math.max(0, ...partials.map((p) => cache.bytesOf(partialId(modelKey, kind, p.start, p.partition))));
        if (bytes > 0) cache.put(blockFoldId(modelKey, kind, block), fold.profile, fold.versions.join(','), bytes);
      },
    };
  }

  private spansOf(target: StatisticsTarget): { span: StatisticSpan; from: number }[] {
    const spans: { span: StatisticSpan; from: number }[] = [{ span: 'window', from: target.start }];
    if (!this.rolling) return spans;
    const cap = this.maxRollingWindows * (target.end - target.start);
    for (const [span, ms] of ROLLING) spans.push({ span, from: target.end - Math.min(ms, cap) });
    return spans;
  }

  private partialsFor(target: StatisticsTarget, stored: Map<string, StoredPartial[]>, from: number): Partial[] {
    const owns = target.owns ?? [];
    const inMemory = (p: StoredPartial): boolean => p.start === target.start && owns.some((o) => o.partition === p.partition);
    const list: Partial[] = (stored.get(`${target.modelKey}#${target.kind}`) ?? []).filter((p) => p.start >= from && p.start <= target.start && !inMemory(p));
    for (const own of owns) {
      // The decoded copy written a moment ago, when cached: block folds that keep it are then
      // built from exactly what a restarted instance reads back.
      const decoded = this.partialCache.get(partialId(target.modelKey, target.kind, target.start, own.partition), eventsOf(target.kind, own.profile));
      list.push({ start: target.start, partition: own.partition, profile: decoded ?? own.profile });
    }
    return list;
  }

  /**
   * One read for the batch. Rolling spans need the stored windows of the last 7 days; without
   * them only other partitions' partials of the same window are needed, and a cheap count
   * first skips the read when the partials in memory are all there are.
   */
  private async readPartials(targets: readonly StatisticsTarget[]): Promise<Map<string, StoredPartial[]>> {
    let requests: PartialRequest[] = targets.map((t) => {
      const spans = this.spansOf(t);
      const fromStart = Math.min(...spans.map((s) => s.from));
      const owns = t.owns ?? [];
      return owns.length === 0 ? { modelKey: t.modelKey, kind: t.kind, fromStart, toStart: t.start } : { modelKey: t.modelKey, kind: t.kind, fromStart, toStart: t.start, skipPartitions: owns.map((o) => o.partition) };
    });
    if (!this.rolling) {
      const counts = await countStoredPartials(this.options.store, requests.filter((r) => r.skipPartitions !== undefined));
      requests = requests.filter((r) => r.skipPartitions === undefined || (counts.get(windowId(r.modelKey, r.kind, r.toStart)) ?? 0) > r.skipPartitions.length);
    }
    const byKey = new Map<string, StoredPartial[]>();
    if (requests.length === 0) return byKey;
    for (const p of await this.readThroughCache(requests)) {
      const key = `${p.modelKey}#${p.kind}`;
      const list = byKey.get(key) ?? [];
      // Overlapping requests in different chunks may return a partial twice.
      if (!list.some((q) => q.start === p.start && q.partition === p.partition)) list.push(p);
      byKey.set(key, list);
    }
    return byKey;
  }

  /**
   * The stored partials the requests cover: their headers from the store (no profile bytes),
   * the profiles from the cache where it has them, the rest read (one request per partial).
   */
  private async readThroughCache(requests: readonly PartialRequest[]): Promise<StoredPartial[]> {
    const cache = this.partialCache;
    if (cache.maxBytes === 0) return readStoredPartials(this.options.store, this.parts, requests);
    const found: StoredPartial[] = [];
    const missing = new Map<string, PartialRequest & { partition: number }>();
    for (const h of await listStoredPartials(this.options.store, requests)) {
      const id = partialId(h.modelKey, h.kind, h.start, h.partition);
      const profile = cache.get(id, h.events);
      if (profile !== undefined) found.push({ ...h, profile, storedBytes: 0 });
      else missing.set(id, { modelKey: h.modelKey, kind: h.kind, fromStart: h.start, toStart: h.start, partition: h.partition });
    }
    if (missing.size === 0) return found;
    for (const p of await readStoredPartials(this.options.store, this.parts, [...missing.values()])) {
      const id = partialId(p.modelKey, p.kind, p.start, p.partition);
      if (!missing.has(id)) continue; // another partition's partial of a window we asked for
      missing.delete(id);
      cache.put(id, p.profile, p.events, HEAP_PER_STORED_BYTE * p.storedBytes);
      found.push(p);
    }
    return found;
  }

  /** One state per window from its fresh rows plus the stored rows of its other kind. */
  private stateRows(windows: readonly Computed[], stored: StoredWindowRows, now: number): { windowStates: StoreRow[]; currentStates: StoreRow[] } {
    const groups = new Map<string, Computed[]>();
    for (const c of windows) {
      const id = refId({ modelKey: c.target.modelKey, end: c.target.end });
      groups.set(id, [...(groups.get(id) ?? []), c]);
    }
    const windowStates: StoreRow[] = [];
    const currentStates: StoreRow[] = [];
    for (const [id, group] of groups) {
      const first = group[0];
      if (first === undefined) continue;
      const fresh = group.flatMap((c) => c.statistics);
      const freshKeys = new Set(fresh.map(statisticKey));
      const kept = (stored.statistics.get(id) ?? []).filter((s) => !freshKeys.has(statisticKey(s)));
      const combined = [...fresh, ...kept];
      const prediction = group.find((c) => c.target.kind === 'prediction');
      const lastEventTime = prediction !== undefined && Number.isFinite(prediction.profile.maxEventTime)
        ? Math.max(1000, Math.floor(prediction.profile.maxEventTime))
        : (stored.lastEventTimes.get(id) ?? first.target.start);
      const extras = { lastEventTime, referenceId: first.referenceId, partials: statePartials(group, kept), computedAt: now };
      const state = modelWindowState(combined);
      const identity = { modelKey: first.target.modelKey, start: first.target.start, end: first.target.end };
      windowStates.push(windowStateRow(identity, state, extras));
      currentStates.push(currentStateRow(identity, state, extras));
    }
    return { windowStates, currentStates };
  }

  private comparisonRows(computed: readonly Computed[], comparisons: readonly ClosedWindow<PairedComparison>[], now: number): StoreRow[] {
    const z = this.options.z ?? Z_95;
    const rows = comparisons.flatMap((w) => pairedComparisonRows(w.key, w.state, z).map((c) => comparisonRow(w.start, w.end, 'window', c, 1, now)));
    const byWindow = new Map<string, Computed[]>();
    for (const c of computed) {
      if (c.span !== 'window') continue;
      const id = `${c.profile.key.modelId}#${c.target.kind}#${c.target.start}`;
      byWindow.set(id, [...(byWindow.get(id) ?? []), c]);
    }
    for (const group of byWindow.values()) {
      for (const champion of group.filter((c) => c.profile.key.deploymentRole === 'champion')) {
        for (const other of group.filter((c) => c.profile.key.deploymentRole !== 'champion')) {
          const partials = Math.min(champion.partials, other.partials);
          for (const c of profileComparisonRows(champion.profile, other.profile, z)) rows.push(comparisonRow(champion.target.start, champion.target.end, 'window', c, partials, now));
        }
      }
    }
    return rows;
  }

  private async insert(table: string, rows: readonly StoreRow[]): Promise<void> {
    if (rows.length === 0) return;
    const started = performance.now();
    await this.options.store.insertRows(table, rows);
    this.options.onWriteLatency?.(table, (performance.now() - started) / 1000);
  }
}

/**
 * The partials behind a state: prediction partials + label partials. It grows whenever either
 * kind gets more complete, so ReplacingMergeTree(partials) keeps the state combining the most
 * complete rows of both kinds (a label window's state beats its prediction window's alone).
 */
function statePartials(group: readonly Computed[], kept: readonly StoredStatistic[]): number {
  let total = 0;
  for (const [kind, marker] of [['prediction', 'predictions'], ['label', 'labelled']] as const) {
    const fresh = group.find((c) => c.target.kind === kind);
    total += fresh?.partials ?? kept.find((s) => s.family === 'volume' && s.subject === '' && s.metric === marker)?.partials ?? 0;
  }
  return total;
}

function statisticKey(s: Pick<StoredStatistic, 'family' | 'subject' | 'metric'>): string {
  return `${s.family}\u0000${s.subject}\u0000${s.metric}`;
}

/**
 * The windows a batch closed, one target per (kind, model, window) with every partial of it the
 * batch holds, in the order they first appear.
 */
function closedTargets(batch: readonly ClosedWindows[]): StatisticsTarget[] {
  const targets = new Map<string, { kind: WindowKind; modelKey: string; start: number; end: number; owns: OwnPartial[] }>();
  const add = (kind: WindowKind, partition: number, w: ClosedWindow<ModelWindowProfile>): void => {
    const id = windowId(w.key, kind, w.start);
    let target = targets.get(id);
    if (target === undefined) targets.set(id, (target = { kind, modelKey: w.key, start: w.start, end: w.end, owns: [] }));
    target.owns.push({ partition, profile: w.state });
  };
  for (const closed of batch) {
    for (const w of closed.predictionWindows) add('prediction', closed.partition, w);
    for (const w of closed.labelWindows) add('label', closed.partition, w);
  }
  return [...targets.values()];
}
