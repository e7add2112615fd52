-- API keys: only a salted scrypt hash of the secret is stored. scopes: 'read', 'write', 'admin'.
-- models: empty = every model, else the model ids the key may see and change.
-- revoked = 1 disables the key; seq (ms since the epoch of the change): the highest wins.
CREATE TABLE IF NOT EXISTS api_keys
(
    key_id String,
    name String,
    secret_hash String,
    salt String,
    scopes Array(String),
    models Array(String),
    revoked UInt8,
    created_by String,
    created_at DateTime('UTC'),
    seq UInt64
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY (key_id);

-- Every change made through the API or the CLI: who, what, before, after, when.
-- before / after are JSON ('' when the entity did not exist / was deleted). Append-only.
CREATE TABLE IF NOT EXISTS audit_log
(
    at DateTime('UTC'),
    at_ms UInt64,
    audit_id String,
    actor String,
    action String,
    entity_type String,
    entity_id String,
    model_id String,
    before String,
    after String,
    request_id String
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(at)
ORDER BY (at_ms, audit_id);
