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
-- A writer that decides a batch without the lock (one round trip for a whole group commit) gives its
-- entries provisional indices from 2^52 on; the server places them where the log ends when the batch runs.
-- mesh_place, called right after taking the lock, checks that no account or entry the batch read has a later
-- version than it read among those written from index `since` on (the writer's view is current before it; else
-- serialization_failure: the writer decides the batch again under the lock), then fixes where the batch goes
-- (mesh.base, for this transaction); mesh_at turns a provisional
-- index into the final one; mesh_tree_append adds the Merkle nodes over the new leaves' hashes and stores the hash
-- tiles they complete. Each is created once, under a new name when it changes: replacing one on every
-- start would touch the catalog under the feet of the other processes.
DO $$ BEGIN
  IF to_regprocedure('mesh_at(bigint)') IS NULL THEN
    CREATE FUNCTION mesh_at(i bigint) RETURNS bigint LANGUAGE sql STABLE AS $f$
      SELECT CASE WHEN i >= 4503599627370496 THEN i - 4503599627370496 + current_setting('mesh.base')::bigint ELSE i END
    $f$;
  END IF;
  IF to_regprocedure('mesh_place(bigint,text[],bigint[],text[],bigint[])') IS NULL THEN
    -- Custom plans: the rows written since `since` are few (those of the batches this writer has not heard of), and
    -- only a plan that knows `since` reads them by the log_index indexes rather than every row.
    CREATE FUNCTION mesh_place(since bigint, accounts text[], account_at bigint[], entries text[], entry_at bigint[]) RETURNS bigint
    LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $f$
    DECLARE
      moved text;
      base bigint;
    BEGIN
      -- max() is one step down the primary key. Nothing to check when nothing was written since the writer's view.
      base := COALESCE((SELECT max(idx) + 1 FROM log), 0);
      IF base > since THEN
        SELECT a.account_id INTO moved FROM account a JOIN unnest(accounts, account_at) AS r(id, at) ON a.account_id = r.id
          WHERE a.log_index >= since AND a.log_index > COALESCE(r.at, -1) LIMIT 1;
        IF moved IS NULL THEN
          SELECT e.identifier INTO moved FROM entry_version e JOIN unnest(entries, entry_at) AS r(id, at) ON e.identifier = r.id
            WHERE e.log_index >= since AND e.log_index > COALESCE(r.at, -1) LIMIT 1;
        END IF;
        IF moved IS NOT NULL THEN
          RAISE EXCEPTION 'another process changed % since this batch read it', moved USING ERRCODE = 'serialization_failure';
        END IF;
      END IF;
      PERFORM set_config('mesh.base', base::text, true);
      RETURN base;
    END $f$;
  END IF;
  IF to_regprocedure('mesh_tree_append(bytea[])') IS NULL THEN
    CREATE FUNCTION mesh_tree_append(hashes bytea[]) RETURNS void LANGUAGE plpgsql AS $f$
    DECLARE
      base bigint := current_setting('mesh.base')::bigint;
      n bigint := base + COALESCE(array_length(hashes, 1), 0);
      -- front[l + 1]: the last complete node of level l, the left sibling of the next one.
      front bytea[] := array_fill(NULL::bytea, ARRAY[63]);
      levels int[] := '{}';
      idxs bigint[] := '{}';
      made bytea[] := '{}';
      i bigint;
      l int;
      h bytea;
      sibling bytea;
    BEGIN
      -- From the store where the tree of base leaves ends on a left node (the set bits of base): one primary-key
      -- step each, which no plan can turn into a scan.
      FOR l0 IN 0 .. 62 LOOP
        EXIT WHEN (base >> l0) = 0;
        IF (base >> l0) & 1 = 1 THEN
          front[l0 + 1] := (SELECT hash FROM merkle_node WHERE level = l0 AND idx = (base >> l0) - 1);
        END IF;
      END LOOP;
      FOR k IN 1 .. COALESCE(array_length(hashes, 1), 0) LOOP
        i := base + k - 1;
        h := hashes[k];
        l := 0;
        LOOP
          levels := levels || l; idxs := idxs || (i >> l); made := made || h;
          sibling := front[l + 1];
          front[l + 1] := h;
          EXIT WHEN (i >> l) & 1 = 0;
          h := sha256('\x01'::bytea || sibling || h);
          l := l + 1;
        END LOOP;
      END LOOP;
      INSERT INTO merkle_node (level, idx, hash) SELECT * FROM unnest(levels, idxs, made);
      -- C2SP tlog-tiles: tile level L holds tree level 8L, 256 nodes a tile.
      FOR tl IN 0 .. 7 LOOP
        EXIT WHEN (n >> (8 * tl)) < 256;
        FOR t IN (base >> (8 * tl)) / 256 .. (n >> (8 * tl)) / 256 - 1 LOOP
          INSERT INTO tile (level, idx, hashes)
            SELECT tl, t, string_agg(hash, ''::bytea ORDER BY idx) FROM merkle_node WHERE level = 8 * tl AND idx >= t::bigint * 256 AND idx < t::bigint * 256 + 256
          ON CONFLICT DO NOTHING;
        END LOOP;
      END LOOP;
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
