import { formatDateTimeUtc, type StoreRow } from '../../adapters/store/index.js';
import { parseModelKey, serializeProfile, type ModelWindowProfile } from '../../core/profile/index.js';
import type { ModelWindowState, StatisticSpan, VersionComparisonStatistic, WindowDigest, WindowKind, WindowStatistic } from '../statistics/index.js';

/** Where a row belongs: a model version and a span of event time. */
export interface RowIdentity {
  readonly modelKey: string;
  readonly start: number;
  readonly end: number;
}

// A window writes thousands of statistic rows sharing a handful of times and model keys:
// format each once (small bounded memo tables, cleared when they grow). Rows are written as
// plain literals: spreading the key columns into a literal this wide made V8 build each row on
// its slow path (≈ 16 µs a row against 0.2 µs, measured), the largest cost of a window close.
const MEMO_LIMIT = 4_096;
const formattedTimes = new Map<number, string>();
interface KeyColumns {
  readonly model_id: string;
  readonly model_version: string;
  readonly deployment_role: string;
}
const keyColumnsByKey = new Map<string, KeyColumns>();

function time(epochMs: number): string {
  let text = formattedTimes.get(epochMs);
  if (text === undefined) {
    text = formatDateTimeUtc(epochMs);
    if (formattedTimes.size >= MEMO_LIMIT) formattedTimes.clear();
    formattedTimes.set(epochMs, text);
  }
  return text;
}

function keyColumns(modelKey: string): KeyColumns {
  let columns = keyColumnsByKey.get(modelKey);
  if (columns === undefined) {
    const key = parseModelKey(modelKey);
    columns = { model_id: key.modelId, model_version: key.modelVersion, deployment_role: key.deploymentRole };
    if (keyColumnsByKey.size >= MEMO_LIMIT) keyColumnsByKey.clear();
    keyColumnsByKey.set(modelKey, columns);
  }
  return columns;
}

/** The events a partial counts: predictions for a prediction window, joined pairs for a label window. */
export function eventsOf(kind: WindowKind, profile: ModelWindowProfile): number {
  return kind === 'prediction' ? profile.predictions : profile.joined;
}

/** `serialized`: the profile's bytes when the caller already has them. */
export function profileRow(id: RowIdentity, kind: WindowKind, partition: number, profile: ModelWindowProfile, writtenAt: number, serialized?: Uint8Array): StoreRow {
  const k = keyColumns(id.modelKey);
  return {
    model_id: k.model_id,
    model_version: k.model_version,
    deployment_role: k.deployment_role,
    window_kind: kind,
    window_start: time(id.start),
    window_end: time(id.end),
    source_partition: partition,
    events: eventsOf(kind, profile),
    profile: Buffer.from(serialized ?? serializeProfile(profile)).toString('base64'),
    written_at: time(writtenAt),
  };
}

export function digestRow(id: RowIdentity, kind: WindowKind, partition: number, digest: WindowDigest, writtenAt: number): StoreRow {
  const k = keyColumns(id.modelKey);
  return {
    model_id: k.model_id,
    model_version: k.model_version,
    deployment_role: k.deployment_role,
    window_kind: kind,
    window_start: time(id.start),
    window_end: time(id.end),
    source_partition: partition,
    subject_kind: digest.subjectKind,
    subject: digest.subject,
    count: digest.count,
    min: digest.min,
    max: digest.max,
    means: digest.means,
    weights: digest.weights,
    written_at: time(writtenAt),
  };
}

export function statisticRow(id: RowIdentity, span: StatisticSpan, s: WindowStatistic, referenceId: string, partials: number, computedAt: number): StoreRow {
  const k = keyColumns(id.modelKey);
  return {
    model_id: k.model_id,
    model_version: k.model_version,
    deployment_role: k.deployment_role,
    span,
    window_start: time(id.start),
    window_end: time(id.end),
    family: s.family,
    subject: s.subject,
    metric: s.metric,
    value: s.value,
    sample_size: s.sampleSize,
    reference_size: s.referenceSize,
    warn_threshold: s.thresholds?.warn ?? null,
    critical_threshold: s.thresholds?.critical ?? null,
    threshold_rule: s.thresholdRule,
    status: s.status,
    reference_id: referenceId,
    partials,
    computed_at: time(computedAt),
  };
}

export interface StateExtras {
  readonly lastEventTime: number;
  readonly referenceId: string;
  readonly partials: number;
  readonly computedAt: number;
}

// One state row per window: the spread below costs nothing next to the statistic rows.
function stateColumns(id: RowIdentity, state: ModelWindowState, extras: StateExtras): StoreRow {
  const k = keyColumns(id.modelKey);
  return {
    model_id: k.model_id,
    model_version: k.model_version,
    deployment_role: k.deployment_role,
    window_start: time(id.start),
    window_end: time(id.end),
    state: state.state,
    worst_family: state.worstFamily,
    worst_subject: state.worstSubject,
    worst_metric: state.worstMetric,
    worst_value: state.worstValue,
    predictions: state.predictions,
    labelled: state.labelled,
    last_event_time: time(extras.lastEventTime),
    computed_at: time(extras.computedAt),
  };
}

export function windowStateRow(id: RowIdentity, state: ModelWindowState, extras: StateExtras): StoreRow {
  return { ...stateColumns(id, state, extras), reference_id: extras.referenceId, partials: extras.partials };
}

export function currentStateRow(id: RowIdentity, state: ModelWindowState, extras: StateExtras): StoreRow {
  return stateColumns(id, state, extras);
}

export function comparisonRow(start: number, end: number, span: StatisticSpan, c: VersionComparisonStatistic, partials: number, computedAt: number): StoreRow {
  return {
    model_id: c.modelId,
    champion_version: c.championVersion,
    other_version: c.otherVersion,
    other_role: c.otherRole,
    span,
    window_start: time(start),
    window_end: time(end),
    metric: c.metric,
    champion_value: c.championValue,
    other_value: c.otherValue,
    delta: c.delta,
    ci_low: c.ciLow,
    ci_high: c.ciHigh,
    significant: c.significant ? 1 : 0,
    sample_size: c.sampleSize,
    partials,
    computed_at: time(computedAt),
  };
}
