-- Read-only views for BI tools (Grafana, Superset, Metabase): the statistics the API serves,
-- deduplicated so a dashboard never sees the unmerged duplicates of a ReplacingMergeTree
-- (FINAL, or GROUP BY where rows must be added up). Guide and example queries: docs/bi.md.
-- Enum columns compare with plain strings (span = 'window', status = 'critical').

-- Every precomputed statistic, the most complete row per key (long format: one row per metric).
CREATE VIEW IF NOT EXISTS v_window_statistics AS
SELECT
    model_id, model_version, deployment_role, span, window_start, window_end,
    family, subject, metric, value, status, warn_threshold, critical_threshold, threshold_rule,
    sample_size, reference_size, reference_id, partials, computed_at
FROM window_statistics FINAL;

-- The latest state of every model version: the fleet overview.
CREATE VIEW IF NOT EXISTS v_model_state_current AS
SELECT
    model_id, model_version, deployment_role, window_start, window_end, state,
    worst_family, worst_subject, worst_metric, worst_value,
    predictions, labelled, last_event_time, computed_at
FROM model_current_state FINAL;

-- The state of every model version in every closed window (state timelines, heat maps).
CREATE VIEW IF NOT EXISTS v_model_state_history AS
SELECT
    model_id, model_version, deployment_role, window_start, window_end, state,
    worst_family, worst_subject, worst_metric, worst_value,
    predictions, labelled, last_event_time, reference_id, computed_at
FROM model_window_states FINAL;

-- Feature drift: one row per model version, span, window, feature and drift metric.
CREATE VIEW IF NOT EXISTS v_feature_drift AS
SELECT
    model_id, model_version, deployment_role, span, window_start, window_end,
    subject AS feature, metric, value, status, warn_threshold, critical_threshold,
    sample_size, reference_size, reference_id
FROM window_statistics FINAL
WHERE family = 'drift';

-- Fairness per protected attribute and group (subject 'attribute=group' split in two).
CREATE VIEW IF NOT EXISTS v_fairness AS
SELECT
    model_id, model_version, deployment_role, span, window_start, window_end,
    if(position(subject, '=') > 0, substring(subject, 1, position(subject, '=') - 1), subject) AS attribute,
    if(position(subject, '=') > 0, substring(subject, position(subject, '=') + 1), '') AS group_name,
    metric, value, status, warn_threshold, critical_threshold, sample_size
FROM window_statistics FINAL
WHERE family = 'fairness';

-- Accuracy over labelled predictions: class '' is the whole model, otherwise one class.
CREATE VIEW IF NOT EXISTS v_accuracy AS
SELECT
    model_id, model_version, deployment_role, span, window_start, window_end,
    subject AS class, metric, value, status, warn_threshold, critical_threshold, sample_size
FROM window_statistics FINAL
WHERE family = 'accuracy';

-- Champion against each challenger / shadow / canary version (delta = other - champion).
CREATE VIEW IF NOT EXISTS v_version_comparison AS
SELECT
    model_id, champion_version, other_version, other_role, span, window_start, window_end,
    metric, champion_value, other_value, delta, ci_low, ci_high, significant, sample_size, computed_at
FROM version_comparisons FINAL;

-- Stream counters per minute, summed over source partitions (the latest checkpoint's row each).
CREATE VIEW IF NOT EXISTS v_stream_counters AS
SELECT minute, source_topic, model_id, model_version, counter, reason, sum(value) AS value
FROM stream_counters FINAL
GROUP BY minute, source_topic, model_id, model_version, counter, reason;

-- The catalogue of model versions, merged (see 0002_models.sql).
CREATE VIEW IF NOT EXISTS v_models AS
SELECT model_id, model_version, argMax(seen_role, seen_last) AS role, min(seen_first) AS first_seen, max(seen_last) AS last_seen
FROM (SELECT model_id, model_version, role AS seen_role, first_seen AS seen_first, last_seen AS seen_last FROM models)
GROUP BY model_id, model_version;

-- Anomalies raised by alert rules.
CREATE VIEW IF NOT EXISTS v_anomalies AS
SELECT
    anomaly_id, rule_id, model_id, model_version, family, subject, metric, value, threshold,
    severity, window_start, window_end, detected_at
FROM anomalies FINAL;

-- One row per t-digest centroid of every numeric sketch, for quantiles over any range:
--   quantileExactWeighted(0.5)(centroid_mean, toUInt64(round(centroid_weight)))  (both engines)
-- A centroid stands for centroid_weight values near centroid_mean, so re-aggregated quantiles
-- carry the sketch's error, like the API's.
CREATE VIEW IF NOT EXISTS v_digest_centroids AS
SELECT
    model_id, model_version, deployment_role, window_kind, window_start, window_end, source_partition,
    subject_kind, subject, count AS digest_count, min AS digest_min, max AS digest_max,
    centroid_mean, centroid_weight
FROM window_digests FINAL
ARRAY JOIN means AS centroid_mean, weights AS centroid_weight;
