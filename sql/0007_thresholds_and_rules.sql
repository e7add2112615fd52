-- Thresholds people tune from the dashboard or the API. scope '*' is the fleet default,
-- otherwise a model id; a model's own row beats '*', which beats the built-in defaults
-- (services/core/*/…-defaults.ts). rule: 'at_least' | 'abs_greater_than' | 'greater_than' | 'less_than'.
-- deleted = 1 removes an override. seq (ms since the epoch of the change): the highest wins.
CREATE TABLE IF NOT EXISTS metric_thresholds
(
    scope String,
    family String,
    metric String,
    warn Float64,
    critical Float64,
    rule String,
    deleted UInt8,
    updated_by String,
    updated_at DateTime('UTC'),
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (scope, family, metric);

-- Alert rules (evaluated by the alerting service into the anomaly topic).
-- model_selector: '*' or a model id. subject: '*' or a feature / group / class.
-- condition: 'above' | 'below' | 'status_at_least'. for_windows: consecutive windows before firing.
CREATE TABLE IF NOT EXISTS alert_rules
(
    rule_id String,
    name String,
    model_selector String,
    family String,
    metric String,
    subject String,
    condition String,
    threshold Float64,
    for_windows UInt32,
    severity String,
    enabled UInt8,
    deleted UInt8,
    updated_by String,
    updated_at DateTime('UTC'),
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (rule_id);

-- Anomalies raised by alert rules (the same content as the anomaly topic's events).
CREATE TABLE IF NOT EXISTS anomalies
(
    anomaly_id String,
    rule_id String,
    model_id String,
    model_version String,
    family String,
    subject String,
    metric String,
    value Nullable(Float64),
    threshold Nullable(Float64),
    severity String,
    window_start DateTime('UTC'),
    window_end DateTime('UTC'),
    detected_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree(detected_at)
PARTITION BY toYYYYMM(window_end)
ORDER BY (model_id, window_end, anomaly_id);

-- Per-model monitoring settings: the favourable (positive) label, which attributes are
-- protected, and the privileged (reference) group of each ('attribute=group'). scope '*' is the
-- fleet default, otherwise a model id (a model's row replaces the default as a whole).
-- positive_label '' = none (regression). seq (ms since the epoch of the change): the highest wins.
CREATE TABLE IF NOT EXISTS model_settings
(
    scope String,
    positive_label String,
    protected_attributes Array(String),
    privileged_groups Array(String),
    deleted UInt8,
    updated_by String,
    updated_at DateTime('UTC'),
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (scope);
