-- Apostil schema, level 7: local-first sync on Yjs documents (app/sync).
--
-- SQLite stays the store every reader uses; these tables keep the Yjs side of it:
-- each document's compacted state and the updates since, the local updates the server
-- has not acknowledged yet, and per entity the hashes of the field values last
-- reconciled (the common ancestor of a three-way merge between the row and its
-- document). Nothing here is read unless a library is connected to a sync server.

-- Where this library syncs to (`server`, `token`, `library`, `role`, `name`) and the
-- change-log cursor up to which local writes have been reconciled (`cursor`).
CREATE TABLE sync_config (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per Yjs document (`library`, `article/HASH`, `note/UUID`): its compacted state.
CREATE TABLE sync_docs (
  name  TEXT PRIMARY KEY,
  state BLOB NOT NULL
) WITHOUT ROWID;

-- Updates applied to a document since its state was last compacted, oldest first.
CREATE TABLE sync_log (
  id   INTEGER PRIMARY KEY,
  doc  TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX sync_log_doc ON sync_log(doc, id);

-- Local updates written in the transaction of the change they carry and not yet
-- acknowledged by the server (the count the status shows as pending).
CREATE TABLE sync_outbox (
  id    INTEGER PRIMARY KEY,
  doc   TEXT NOT NULL,
  bytes INTEGER NOT NULL
);
CREATE INDEX sync_outbox_doc ON sync_outbox(doc);

-- Per synced entity (by uuid): hashes of its field values as last reconciled.
CREATE TABLE sync_shadow (
  uuid   TEXT PRIMARY KEY,
  fields TEXT NOT NULL
) WITHOUT ROWID;

-- Rows removed for good while connected: the change log names them by local id only,
-- so their uuids (and a quote's article) are kept here until sync has told the documents.
CREATE TABLE sync_removed (
  kind   TEXT NOT NULL,
  id     INTEGER NOT NULL,
  uuid   TEXT NOT NULL,
  parent TEXT,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- Article texts (every revision) this device has and the server may not: uploaded as blobs.
CREATE TABLE sync_blobs_out (
  hash TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TRIGGER sync_removed_tag AFTER DELETE ON tags
WHEN EXISTS (SELECT 1 FROM sync_config WHERE key = 'server') BEGIN
  INSERT OR REPLACE INTO sync_removed (kind, id, uuid, parent) VALUES ('tag', old.id, old.uuid, NULL);
END;
CREATE TRIGGER sync_removed_quote AFTER DELETE ON quotes
WHEN EXISTS (SELECT 1 FROM sync_config WHERE key = 'server') BEGIN
  INSERT OR REPLACE INTO sync_removed (kind, id, uuid, parent)
    VALUES ('quote', old.id, old.uuid, (SELECT r.content_hash FROM article_revisions r WHERE r.article_id = old.article_id ORDER BY r.revision LIMIT 1));
END;
CREATE TRIGGER sync_removed_note AFTER DELETE ON notes
WHEN EXISTS (SELECT 1 FROM sync_config WHERE key = 'server') BEGIN
  INSERT OR REPLACE INTO sync_removed (kind, id, uuid, parent) VALUES ('note', old.id, old.uuid, NULL);
END;
CREATE TRIGGER sync_removed_source AFTER DELETE ON sources
WHEN EXISTS (SELECT 1 FROM sync_config WHERE key = 'server') BEGIN
  INSERT OR REPLACE INTO sync_removed (kind, id, uuid, parent) VALUES ('source', old.id, old.uuid, NULL);
END;
CREATE TRIGGER sync_removed_article AFTER DELETE ON articles
WHEN EXISTS (SELECT 1 FROM sync_config WHERE key = 'server') BEGIN
  INSERT OR REPLACE INTO sync_removed (kind, id, uuid, parent) VALUES ('article', old.id, old.uuid, NULL);
END;
