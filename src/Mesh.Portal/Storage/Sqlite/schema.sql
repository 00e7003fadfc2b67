-- The portal's SQLite schema. Times are UTC ticks (100 ns since 0001-01-01).
-- Append-only: log, merkle_node, tile and checkpoint rows are only ever inserted.
CREATE TABLE IF NOT EXISTS log (
    idx        INTEGER PRIMARY KEY,
    leaf       BLOB    NOT NULL,
    published  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS merkle_node (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB    NOT NULL,
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;
-- C2SP tlog-tiles: each full hash tile (256 hashes of tree level 8*level), written by the writer in the
-- transaction that completes it. Partial tiles are read from merkle_node.
CREATE TABLE IF NOT EXISTS tile (
    level  INTEGER NOT NULL,
    idx    INTEGER NOT NULL,
    hashes BLOB    NOT NULL,
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoint (
    tree_size INTEGER PRIMARY KEY,
    signed    BLOB    NOT NULL,
    time      INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS nonce (
    key_id  TEXT    NOT NULL,
    nonce   TEXT    NOT NULL,
    expires INTEGER NOT NULL,
    PRIMARY KEY (key_id, nonce)
) WITHOUT ROWID;

-- Derived state: rebuilt from the log by replaying it.
CREATE TABLE IF NOT EXISTS account (
    account_id TEXT    PRIMARY KEY,
    profile_id TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    log_index  INTEGER NOT NULL,
    created    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entry_version (
    identifier TEXT    NOT NULL,
    log_index  INTEGER NOT NULL,
    account    TEXT,
    type       TEXT    NOT NULL,
    published  INTEGER NOT NULL,
    PRIMARY KEY (identifier, log_index)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS term (
    term       TEXT NOT NULL,
    identifier TEXT NOT NULL,
    PRIMARY KEY (term, identifier)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS connection (
    account       TEXT    NOT NULL,
    device_id     TEXT    NOT NULL,
    request_index INTEGER NOT NULL,
    result_index  INTEGER,
    created       INTEGER NOT NULL,
    PRIMARY KEY (account, device_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS connection_pending ON connection (account, request_index) WHERE result_index IS NULL;
