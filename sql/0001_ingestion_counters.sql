-- Ingestion counters per model per minute, written by the processor for every batch.
-- SummingMergeTree adds up rows with the same key when parts merge; merges are eventual,
-- so readers always use sum(...) with GROUP BY.
-- dead_letter_reason is the VigilError code of a dead-lettered event ('' for accepted and
-- late rows); model_id and model_version are '' when a dead letter could not be attributed.
-- Partitioned by month so retention drops whole partitions (18.16 has no TTL).
CREATE TABLE IF NOT EXISTS ingestion_counters
(
    minute DateTime('UTC'),
    model_id String,
    model_version String,
    dead_letter_reason String,
    accepted UInt64,
    dead_lettered UInt64,
    late UInt64
)
ENGINE = SummingMergeTree()
PARTITION BY toYYYYMM(minute)
ORDER BY (model_id, model_version, minute, dead_letter_reason);
