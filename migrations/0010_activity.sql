-- Apostil schema, level 10: who made each comment, tag link and note edit, and what others changed.
--
-- Like a quote's author (level 9), each of these records a person id and the display
-- name it had (settings.person_id / person_name): a quote's comment records who last
-- wrote it, a tag link who made it, a tag who last renamed or moved it, a note who last
-- edited it. Rows written here are attributed by the code that writes them; rows that
-- arrive by sync keep the remote person. Empty ('') means not known.
ALTER TABLE quotes ADD COLUMN comment_by_id TEXT NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN comment_by_name TEXT NOT NULL DEFAULT '';
ALTER TABLE quote_tags ADD COLUMN author_id TEXT NOT NULL DEFAULT '';
ALTER TABLE quote_tags ADD COLUMN author_name TEXT NOT NULL DEFAULT '';
ALTER TABLE tags ADD COLUMN editor_id TEXT NOT NULL DEFAULT '';
ALTER TABLE tags ADD COLUMN editor_name TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN editor_id TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN editor_name TEXT NOT NULL DEFAULT '';

-- Tags merged here while connected, until sync has told the documents which tag they went into.
CREATE TABLE tag_merges (
  uuid        TEXT PRIMARY KEY,
  into_uuid   TEXT NOT NULL,
  person_id   TEXT NOT NULL,
  person_name TEXT NOT NULL
) WITHOUT ROWID;

-- A comment written before this level was written by the quote's author.
UPDATE quotes SET comment_by_id = author_id, comment_by_name = author_name WHERE comment <> '' AND author_id <> '';

-- `author:NAME` in search and the author filters read quotes by author name, by index.
CREATE INDEX quotes_author ON quotes(author_name COLLATE NOCASE, id) WHERE author_name <> '';

-- What other people changed, newest last: one row per thing changed (a quote made, a
-- comment written, a tag renamed or merged, a note edited), replaced (with a new seq)
-- when it changes again. Only changes by someone other than this library's person are
-- kept, so a library that never synced keeps none. The activity view reads the rows
-- after the mark it last showed (settings.activity_seen), newest first, by the key.
CREATE TABLE activity (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL CHECK (kind IN ('quote', 'comment', 'rename', 'merge', 'note')),
  -- The quote, tag (a merge: the tag merged into) or note the entry opens.
  ref_id      INTEGER NOT NULL,
  -- The quote's article (quote and comment entries).
  article_id  INTEGER,
  person_id   TEXT NOT NULL,
  person_name TEXT NOT NULL,
  -- A rename: the former name; a merge: the name of the tag merged away.
  detail      TEXT NOT NULL DEFAULT '',
  at          TEXT NOT NULL
);
CREATE UNIQUE INDEX activity_thing ON activity(kind, ref_id, detail);

CREATE TRIGGER activity_quote AFTER INSERT ON quotes
WHEN new.author_id <> '' AND new.author_id <> coalesce((SELECT value FROM settings WHERE key = 'person_id'), '') AND new.deleted_at IS NULL BEGIN
  INSERT OR REPLACE INTO activity (kind, ref_id, article_id, person_id, person_name, at)
    VALUES ('quote', new.id, new.article_id, new.author_id, new.author_name, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER activity_comment AFTER UPDATE OF comment, comment_by_id ON quotes
WHEN new.comment <> '' AND (new.comment <> old.comment OR new.comment_by_id <> old.comment_by_id)
 AND new.comment_by_id <> '' AND new.comment_by_id <> coalesce((SELECT value FROM settings WHERE key = 'person_id'), '') BEGIN
  INSERT OR REPLACE INTO activity (kind, ref_id, article_id, person_id, person_name, at)
    VALUES ('comment', new.id, new.article_id, new.comment_by_id, new.comment_by_name, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER activity_rename AFTER UPDATE OF name ON tags
WHEN new.name <> old.name AND new.name NOT LIKE '~sync-%' AND old.name NOT LIKE '~sync-%'
 AND new.editor_id <> '' AND new.editor_id <> coalesce((SELECT value FROM settings WHERE key = 'person_id'), '') BEGIN
  INSERT OR REPLACE INTO activity (kind, ref_id, person_id, person_name, detail, at)
    VALUES ('rename', new.id, new.editor_id, new.editor_name, old.name, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER activity_note_insert AFTER INSERT ON notes
WHEN new.editor_id <> '' AND new.editor_id <> coalesce((SELECT value FROM settings WHERE key = 'person_id'), '') BEGIN
  INSERT OR REPLACE INTO activity (kind, ref_id, person_id, person_name, at)
    VALUES ('note', new.id, new.editor_id, new.editor_name, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER activity_note AFTER UPDATE OF doc, title, editor_id ON notes
WHEN (new.doc <> old.doc OR new.title <> old.title OR new.editor_id <> old.editor_id)
 AND new.editor_id <> '' AND new.editor_id <> coalesce((SELECT value FROM settings WHERE key = 'person_id'), '') BEGIN
  INSERT OR REPLACE INTO activity (kind, ref_id, person_id, person_name, at)
    VALUES ('note', new.id, new.editor_id, new.editor_name, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- Rows that are gone take their entries with them (a tag merged away keeps its merge entry, which names the tag kept).
CREATE TRIGGER activity_quote_gone AFTER DELETE ON quotes BEGIN
  DELETE FROM activity WHERE kind IN ('quote', 'comment') AND ref_id = old.id;
END;
CREATE TRIGGER activity_tag_gone AFTER DELETE ON tags BEGIN
  DELETE FROM activity WHERE kind IN ('rename', 'merge') AND ref_id = old.id;
END;
CREATE TRIGGER activity_note_gone AFTER DELETE ON notes BEGIN
  DELETE FROM activity WHERE kind = 'note' AND ref_id = old.id;
END;

-- The log keeps the newest 5,000 entries.
CREATE TRIGGER activity_prune AFTER INSERT ON activity WHEN new.seq % 500 = 0 BEGIN
  DELETE FROM activity WHERE seq <= new.seq - 5000;
END;
