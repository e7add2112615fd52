-- Closed window profiles written by the processor: one row per model key, window kind, window and
-- source partition. `profile` is base64 of ModelWindowProfile.serialize() (sketches included), so
-- any range can be re-merged: rollups, references pinned from a time range, BI re-aggregation.
-- A model keyed by model id lives in one partition; a hot model spread over several partitions
-- has one partial row per partition, merged in partition order by whoever computes statistics.
-- Replays after a crash rewrite identical rows: ReplacingMergeTree keeps one per key.
-- window_kind: 'prediction' = features, predictions, latency, decisions (closes at end + grace);
-- 'label' = joined outcomes of the prediction window (closes at end + label horizon).
CREATE TABLE IF NOT EXISTS window_profiles
(
    model_id String,
    model_version String,
    deployment_role String,
    window_kind Enum8('prediction' = 1, 'label' = 2),
    window_start DateTime('UTC'),
    window_end DateTime('UTC'),
    source_partition UInt32,
    events UInt64,
    profile String,
    written_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree(written_at)
PARTITION BY toYYYYMM(window_start)
ORDER BY (model_id, model_version, deployment_role, window_kind, window_start, source_partition);

-- The t-digest centroids of every numeric sketch in a window profile, as arrays, so SQL and BI
-- tools can re-aggregate arbitrary ranges without decoding profiles (see sql/README.md).
-- subject_kind/subject: ('feature', name), ('score', positive label), ('prediction_value', ''),
-- ('latency_ms', ''), ('label_delay_ms', '').
CREATE TABLE IF NOT EXISTS window_digests
(
    model_id String,
    model_version String,
    deployment_role String,
    window_kind Enum8('prediction' = 1, 'label' = 2),
    window_start DateTime('UTC'),
    window_end DateTime('UTC'),
    source_partition UInt32,
    subject_kind Enum8('feature' = 1, 'score' = 2, 'prediction_value' = 3, 'latency_ms' = 4, 'label_delay_ms' = 5),
    subject String,
    count Float64,
    min Float64,
    max Float64,
    means Array(Float64),
    weights Array(Float64),
    written_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree(written_at)
PARTITION BY toYYYYMM(window_start)
ORDER BY (model_id, model_version, deployment_role, window_kind, window_start, subject_kind, subject, source_partition);
