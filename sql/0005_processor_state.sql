-- Stream counters, idempotent under replay: the processor keeps cumulative counts per
-- (source topic, partition, minute, model, counter, reason) in its checkpointed state and
-- writes them with each checkpoint; the row of the latest checkpoint wins, so a replay after a
-- crash rewrites instead of adding. Readers: sum(value) … FROM stream_counters FINAL GROUP BY ….
-- counter: 'accepted', 'dead_lettered', 'late_prediction', 'late_label', 'duplicate', 'join_evicted'.
-- minute is the Kafka record timestamp's minute (dead letters may have no usable event time).
CREATE TABLE IF NOT EXISTS stream_counters
(
    source_topic String,
    source_partition UInt32,
    minute DateTime('UTC'),
    model_id String,
    model_version String,
    counter String,
    reason String,
    value UInt64,
    checkpoint_seq UInt64
)
ENGINE = ReplacingMergeTree(checkpoint_seq)
PARTITION BY toYYYYMM(minute)
ORDER BY (source_topic, source_partition, minute, model_id, model_version, counter, reason);

-- Processor checkpoints: per consumer group and partition number, the serialized topology
-- state (base64) with the next offset of every input topic-partition it covers (JSON).
-- Offsets are committed to Kafka only after the checkpoint is stored; on assignment the
-- processor restores the latest checkpoint and seeks to its offsets.
CREATE TABLE IF NOT EXISTS processor_checkpoints
(
    consumer_group String,
    partition UInt32,
    seq UInt64,
    offsets String,
    watermark Int64,
    state String,
    state_bytes UInt64,
    written_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (consumer_group, partition);
