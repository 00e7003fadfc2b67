-- The portal's PostgreSQL schema. Times are UTC ticks (100 ns since 0001-01-01), as in the SQLite
-- schema, so both backends hold the same values; text compares byte by byte (COLLATE "C"), like
-- SQLite's BINARY. Run by PostgresPortalStore.Initialize under an advisory lock, so two processes
-- starting at once do not race on CREATE … IF NOT EXISTS.
-- Append-only: log, merkle_node, tile and checkpoint rows are only ever inserted.
CREATE TABLE IF NOT EXISTS log (
    idx        bigint PRIMARY KEY,
    leaf       bytea  NOT NULL,
    published  bigint NOT NULL
);
-- Leaves are stored as they are, not compressed: a profile's leaf is signed JSON of several KB, and
-- compressing it on every append costs the server more than the space it saves. Altered only once:
-- ALTER TABLE would lock out the readers of other processes on every start.
DO $$ BEGIN
  IF (SELECT attstorage FROM pg_attribute WHERE attrelid = 'log'::regclass AND attname = 'leaf') <> 'e' THEN
    ALTER TABLE log ALTER COLUMN leaf SET STORAGE EXTERNAL;
  END IF;
END $$;
-- The writers' lock: one row that every write transaction locks FOR UPDATE before it reads the
-- log's size, so writers in every process on this database take turns and the log's order is
-- decided here. The row is never updated.
CREATE TABLE IF NOT EXISTS log_writer (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton)
);
INSERT INTO log_writer (singleton) VALUES (true) ON CONFLICT DO NOTHING;
-- A writer that begins on the log's size it last knew (one round trip for a whole group commit) calls
-- this right after taking the lock: it fails the transaction, with serialization_failure, when another
-- process appended meanwhile, and the writer starts over the slow way. Created once: replacing it on
-- every start would touch the catalog under the feet of the other processes.
DO $$ BEGIN
  IF to_regprocedure('mesh_log_size_is(bigint)') IS NULL THEN
    CREATE FUNCTION mesh_log_size_is(expected bigint) RETURNS void LANGUAGE plpgsql AS $f$
    BEGIN
      -- max() is one step down the primary key, whatever the plan of a comparison with a parameter would be.
      IF (SELECT max(idx) FROM log) >= expected THEN
        RAISE EXCEPTION 'another process appended to the log from index % on', expected USING ERRCODE = 'serialization_failure';
      END IF;
    END $f$;
  END IF;
END $$;
CREATE TABLE IF NOT EXISTS merkle_node (
    level integer NOT NULL,
    idx   bigint  NOT NULL,
    hash  bytea   NOT NULL,
    PRIMARY KEY (level, idx)
);
-- C2SP tlog-tiles: each full hash tile (256 hashes of tree level 8*level), written by the writer in the
-- transaction that completes it. Partial tiles are read from merkle_node.
CREATE TABLE IF NOT EXISTS tile (
    level  integer NOT NULL,
    idx    bigint  NOT NULL,
    hashes bytea   NOT NULL,
    PRIMARY KEY (level, idx)
);
CREATE TABLE IF NOT EXISTS checkpoint (
    tree_size bigint PRIMARY KEY,
    signed    bytea  NOT NULL,
    time      bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS nonce (
    key_id  text COLLATE "C" NOT NULL,
    nonce   text COLLATE "C" NOT NULL,
    expires bigint NOT NULL,
    PRIMARY KEY (key_id, nonce)
);

-- Derived state: rebuilt from the log by replaying it.
CREATE TABLE IF NOT EXISTS account (
    account_id text COLLATE "C" PRIMARY KEY,
    profile_id text COLLATE "C" NOT NULL,
    status     text COLLATE "C" NOT NULL,
    log_index  bigint NOT NULL,
    created    bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS entry_version (
    identifier text COLLATE "C" NOT NULL,
    log_index  bigint NOT NULL,
    account    text COLLATE "C",
    type       text COLLATE "C" NOT NULL,
    published  bigint NOT NULL,
    PRIMARY KEY (identifier, log_index)
);
-- What changed from a log index on: read by a process to catch up with the commits of the others.
CREATE INDEX IF NOT EXISTS account_log ON account (log_index);
CREATE INDEX IF NOT EXISTS entry_version_log ON entry_version (log_index);
CREATE TABLE IF NOT EXISTS term (
    term       text COLLATE "C" NOT NULL,
    identifier text COLLATE "C" NOT NULL,
    PRIMARY KEY (term, identifier)
);
CREATE TABLE IF NOT EXISTS connection (
    account       text COLLATE "C" NOT NULL,
    device_id     text COLLATE "C" NOT NULL,
    request_index bigint NOT NULL,
    result_index  bigint,
    created       bigint NOT NULL,
    PRIMARY KEY (account, device_id)
);
CREATE INDEX IF NOT EXISTS connection_pending ON connection (account, request_index) WHERE result_index IS NULL;
