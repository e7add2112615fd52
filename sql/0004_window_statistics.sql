-- Precomputed statistics the API serves, one row per metric: long format so new metrics need
-- no migration. span 'window' = one closed window; 'rolling_3d' / 'rolling_7d' = the windows of
-- the 3 / 7 days ending at window_end, merged from their sketches (window_start = span start).
-- family/subject/metric: ('drift', feature, 'psi'), ('prediction_drift', '', 'psi'),
-- ('fairness', 'attribute=group', 'disparate_impact'), ('accuracy', '' or class, 'f1'),
-- ('quality', feature or '', 'missing_rate'), ('volume', '', 'predictions').
-- value is NULL when undefined (empty window, zero variance…); status judges it against the
-- thresholds in force (stored beside it so a series can draw its threshold line).
-- partials = source partitions merged; the row merged from the most partials wins.
CREATE TABLE IF NOT EXISTS window_statistics
(
    model_id String,
    model_version String,
    deployment_role String,
    span Enum8('window' = 1, 'rolling_3d' = 2, 'rolling_7d' = 3),
    window_start DateTime('UTC'),
    window_end DateTime('UTC'),
    family Enum8('drift' = 1, 'prediction_drift' = 2, 'fairness' = 3, 'accuracy' = 4, 'quality' = 5, 'volume' = 6),
    subject String,
    metric String,
    value Nullable(Float64),
    sample_size UInt64,
    reference_size UInt64,
    warn_threshold Nullable(Float64),
    critical_threshold Nullable(Float64),
    threshold_rule String,
    status Enum8('ok' = 1, 'warning' = 2, 'critical' = 3, 'no_data' = 4),
    reference_id String,
    partials UInt32,
    computed_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree(partials)
PARTITION BY toYYYYMM(window_end)
ORDER BY (model_id, span, window_end, family, subject, metric, model_version, deployment_role);

-- The state of each model version per closed window: the worst status among its statistics.
CREATE TABLE IF NOT EXISTS model_window_states
(
    model_id String,
    model_version String,
    deployment_role String,
    window_start DateTime('UTC'),
    window_end DateTime('UTC'),
    state Enum8('healthy' = 1, 'warning' = 2, 'critical' = 3, 'no_data' = 4),
    worst_family String,
    worst_subject String,
    worst_metric String,
    worst_value Nullable(Float64),
    predictions UInt64,
    labelled UInt64,
    last_event_time DateTime('UTC'),
    reference_id String,
    partials UInt32,
    computed_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree(partials)
PARTITION BY toYYYYMM(window_end)
ORDER BY (model_id, model_version, deployment_role, window_end);

-- The latest window state per model version: the fleet overview reads this small table.
-- version_end = window_end of the state; the latest window wins.
CREATE TABLE IF NOT EXISTS model_current_state
(
    model_id String,
    model_version String,
    deployment_role String,
    window_start DateTime('UTC'),
    window_end DateTime('UTC'),
    state Enum8('healthy' = 1, 'warning' = 2, 'critical' = 3, 'no_data' = 4),
    worst_family String,
    worst_subject String,
    worst_metric String,
    worst_value Nullable(Float64),
    predictions UInt64,
    labelled UInt64,
    last_event_time DateTime('UTC'),
    computed_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree(window_end)
ORDER BY (model_id, model_version, deployment_role);

-- Champion against each challenger / shadow / canary version, over requests both scored.
-- metric: 'agreement_rate', 'score_difference_mean', 'accuracy', 'mean_score' …; delta = other − champion.
CREATE TABLE IF NOT EXISTS version_comparisons
(
    model_id String,
    champion_version String,
    other_version String,
    other_role String,
    span Enum8('window' = 1, 'rolling_3d' = 2, 'rolling_7d' = 3),
    window_start DateTime('UTC'),
    window_end DateTime('UTC'),
    metric String,
    champion_value Nullable(Float64),
    other_value Nullable(Float64),
    delta Nullable(Float64),
    ci_low Nullable(Float64),
    ci_high Nullable(Float64),
    significant UInt8,
    sample_size UInt64,
    partials UInt32,
    computed_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree(partials)
PARTITION BY toYYYYMM(window_end)
ORDER BY (model_id, champion_version, other_version, other_role, span, window_end, metric);
