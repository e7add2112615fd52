import { formatDateTimeUtc } from '../../adapters/store/sql-literal.js';
import type { StoreRow } from '../../adapters/store/store.js';

// Row builders for the tables the query API reads, with defaults for every column, so a test
// fixture states only what it is about. Times are epoch milliseconds.

export const HOUR_MS = 3_600_000;
const t = (ms: number): string => formatDateTimeUtc(ms);

export function modelRow(modelId: string, modelVersion: string, role: string, firstSeenMs: number, lastSeenMs: number): StoreRow {
  return { model_id: modelId, model_version: modelVersion, role, first_seen: t(firstSeenMs), last_seen: t(lastSeenMs) };
}

export interface StateSpec {
  modelId: string;
  modelVersion: string;
  role: string;
  windowEndMs: number;
  state: 'healthy' | 'warning' | 'critical' | 'no_data';
  worst?: { family: string; subject: string; metric: string; value: number | null };
  predictions?: number;
  labelled?: number;
}

/** A model_window_states row; `currentStateRow` drops the columns model_current_state lacks. */
export function windowStateRow(spec: StateSpec, computedAtMs = spec.windowEndMs + 60_000): StoreRow {
  return {
    model_id: spec.modelId,
    model_version: spec.modelVersion,
    deployment_role: spec.role,
    window_start: t(spec.windowEndMs - HOUR_MS),
    window_end: t(spec.windowEndMs),
    state: spec.state,
    worst_family: spec.worst?.family ?? '',
    worst_subject: spec.worst?.subject ?? '',
    worst_metric: spec.worst?.metric ?? '',
    worst_value: spec.worst?.value ?? null,
    predictions: spec.predictions ?? 1000,
    labelled: spec.labelled ?? 0,
    last_event_time: t(spec.windowEndMs - 1000),
    reference_id: 'ref-1',
    partials: 1,
    computed_at: t(computedAtMs),
  };
}

export function currentStateRow(spec: StateSpec, computedAtMs?: number): StoreRow {
  const { reference_id: _reference, partials: _partials, ...row } = windowStateRow(spec, computedAtMs);
  return row;
}

export interface StatisticSpec {
  modelId: string;
  modelVersion: string;
  role?: string;
  span?: 'window' | 'rolling_3d' | 'rolling_7d';
  windowEndMs: number;
  family: string;
  subject: string;
  metric: string;
  value: number | null;
  status?: 'ok' | 'warning' | 'critical' | 'no_data';
  warn?: number | null;
  critical?: number | null;
  sampleSize?: number;
}

export function statisticRow(spec: StatisticSpec): StoreRow {
  const spanMs = spec.span === 'rolling_3d' ? 72 * HOUR_MS : spec.span === 'rolling_7d' ? 168 * HOUR_MS : HOUR_MS;
  return {
    model_id: spec.modelId,
    model_version: spec.modelVersion,
    deployment_role: spec.role ?? 'champion',
    span: spec.span ?? 'window',
    window_start: t(spec.windowEndMs - spanMs),
    window_end: t(spec.windowEndMs),
    family: spec.family,
    subject: spec.subject,
    metric: spec.metric,
    value: spec.value,
    sample_size: spec.sampleSize ?? 1000,
    reference_size: 5000,
    warn_threshold: spec.warn ?? null,
    critical_threshold: spec.critical ?? null,
    threshold_rule: 'at_least',
    status: spec.status ?? 'ok',
    reference_id: 'ref-1',
    partials: 1,
    computed_at: t(spec.windowEndMs + 60_000),
  };
}

export interface ComparisonSpec {
  modelId: string;
  champion: string;
  other: string;
  otherRole: string;
  windowEndMs: number;
  metric: string;
  championValue: number | null;
  otherValue: number | null;
  ci?: [number, number];
  significant?: boolean;
}

export function comparisonRow(spec: ComparisonSpec): StoreRow {
  const delta = spec.championValue === null || spec.otherValue === null ? null : spec.otherValue - spec.championValue;
  return {
    model_id: spec.modelId,
    champion_version: spec.champion,
    other_version: spec.other,
    other_role: spec.otherRole,
    span: 'window',
    window_start: t(spec.windowEndMs - HOUR_MS),
    window_end: t(spec.windowEndMs),
    metric: spec.metric,
    champion_value: spec.championValue,
    other_value: spec.otherValue,
    delta,
    ci_low: spec.ci?.[0] ?? null,
    ci_high: spec.ci?.[1] ?? null,
    significant: spec.significant === true ? 1 : 0,
    sample_size: 800,
    partials: 1,
    computed_at: t(spec.windowEndMs + 60_000),
  };
}
