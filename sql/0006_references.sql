-- Reference profiles drift is measured against. Immutable once written; profile is base64 of
-- ModelWindowProfile.serialize(). source: 'pinned_range' (merged from the model's own window
-- profiles between range_start and range_end), 'uploaded' (built from a training set by
-- `npm run reference:build` or sent to the API), 'automatic' (the model's first windows).
CREATE TABLE IF NOT EXISTS reference_profiles
(
    model_id String,
    reference_id String,
    source Enum8('pinned_range' = 1, 'uploaded' = 2, 'automatic' = 3),
    range_start DateTime('UTC'),
    range_end DateTime('UTC'),
    description String,
    predictions UInt64,
    profile String,
    created_at DateTime('UTC'),
    created_by String
)
ENGINE = ReplacingMergeTree(created_at)
ORDER BY (model_id, reference_id);

-- Which reference each model uses now: the assignment with the highest seq wins.
-- seq is milliseconds since the epoch of the change.
CREATE TABLE IF NOT EXISTS reference_assignments
(
    model_id String,
    reference_id String,
    assigned_by String,
    assigned_at DateTime('UTC'),
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (model_id);
