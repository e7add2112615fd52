-- The catalogue of models and versions the processor has seen.
-- ReplacingMergeTree keeps the row with the greatest last_seen per key once parts merge,
-- so a writer always sends the first_seen it knows; readers use
-- min(first_seen), max(last_seen), argMax(role, last_seen) with GROUP BY until then.
-- Not partitioned: the catalogue is small and is never dropped by retention.
CREATE TABLE IF NOT EXISTS models
(
    model_id String,
    model_version String,
    role String,
    first_seen DateTime('UTC'),
    last_seen DateTime('UTC')
)
ENGINE = ReplacingMergeTree(last_seen)
ORDER BY (model_id, model_version);
