-- Apostil schema, level 5: what a large library shows is read, never counted.
--
-- Counts (quotes per tag and per tag subtree, quotes per article, live and trashed
-- rows per kind) are kept in counter columns by triggers, in the transaction of the
-- write that changes them, so one quote's write touches a handful of rows whatever
-- the library holds. `tag_tree` is the closure of the tag hierarchy (every tag with
-- each of its ancestors and itself), which gives a tag's path and subtree by index.
-- `changes` is a short log of which rows changed, so every open window (and later
-- sync) learns what to refetch instead of reloading everything.

ALTER TABLE tags ADD COLUMN quote_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tags ADD COLUMN total_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN quote_count INTEGER NOT NULL DEFAULT 0;
-- Length of the body in code points (SQLite's length() of text), so lists never read bodies.
ALTER TABLE articles ADD COLUMN chars INTEGER NOT NULL DEFAULT 0;

CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE tag_tree (
  ancestor_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  depth       INTEGER NOT NULL,
  PRIMARY KEY (tag_id, ancestor_id)
) WITHOUT ROWID;
CREATE INDEX tag_tree_ancestor ON tag_tree(ancestor_id, tag_id);

CREATE TABLE changes (
  seq  INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('article', 'quote', 'tag', 'note', 'source')),
  id   INTEGER NOT NULL,
  op   TEXT NOT NULL CHECK (op IN ('put', 'delete'))
);

CREATE INDEX quotes_live ON quotes(deleted_at, article_id, start);
CREATE INDEX quotes_trash ON quotes(deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;
CREATE INDEX notes_state ON notes(deleted_at);
-- The articles list's order (newest date first), so its first screen is read, not sorted.
CREATE INDEX articles_order ON articles(coalesce(date, substr(imported_at, 1, 10)) DESC, id DESC) WHERE deleted_at IS NULL;

-- Back-fill from the rows as they are.
INSERT INTO tag_tree (ancestor_id, tag_id, depth)
  WITH RECURSIVE up(ancestor_id, tag_id, depth) AS (
    SELECT id, id, 0 FROM tags
    UNION ALL
    SELECT p.parent_id, up.tag_id, up.depth + 1 FROM up JOIN tags p ON p.id = up.ancestor_id WHERE p.parent_id IS NOT NULL
  )
  SELECT ancestor_id, tag_id, depth FROM up;

UPDATE tags SET
  quote_count = (SELECT count(*) FROM quote_tags qt JOIN quotes q ON q.id = qt.quote_id
                 WHERE qt.tag_id = tags.id AND q.deleted_at IS NULL),
  total_count = (SELECT count(DISTINCT qt.quote_id) FROM tag_tree tt JOIN quote_tags qt ON qt.tag_id = tt.tag_id
                 JOIN quotes q ON q.id = qt.quote_id WHERE tt.ancestor_id = tags.id AND q.deleted_at IS NULL);

UPDATE articles SET quote_count = (SELECT count(*) FROM quotes q WHERE q.article_id = articles.id AND q.deleted_at IS NULL),
                    chars = length(body);

INSERT INTO counters (name, value) VALUES
  ('quotes_live', (SELECT count(*) FROM quotes WHERE deleted_at IS NULL)),
  ('quotes_trash', (SELECT count(*) FROM quotes WHERE deleted_at IS NOT NULL)),
  ('notes_live', (SELECT count(*) FROM notes WHERE deleted_at IS NULL)),
  ('notes_trash', (SELECT count(*) FROM notes WHERE deleted_at IS NOT NULL)),
  ('articles_live', (SELECT count(*) FROM articles WHERE deleted_at IS NULL)),
  ('articles_trash', (SELECT count(*) FROM articles WHERE deleted_at IS NOT NULL)),
  ('tags', (SELECT count(*) FROM tags));

-- The tag hierarchy's closure follows inserts and moves; deletes cascade.
CREATE TRIGGER tag_tree_insert AFTER INSERT ON tags BEGIN
  INSERT INTO tag_tree (ancestor_id, tag_id, depth)
    SELECT ancestor_id, new.id, depth + 1 FROM tag_tree WHERE tag_id = new.parent_id
    UNION ALL SELECT new.id, new.id, 0;
  UPDATE counters SET value = value + 1 WHERE name = 'tags';
END;

CREATE TRIGGER tag_tree_move AFTER UPDATE OF parent_id ON tags
WHEN old.parent_id IS NOT new.parent_id BEGIN
  DELETE FROM tag_tree
   WHERE tag_id IN (SELECT tag_id FROM tag_tree WHERE ancestor_id = new.id)
     AND ancestor_id NOT IN (SELECT tag_id FROM tag_tree WHERE ancestor_id = new.id);
  INSERT INTO tag_tree (ancestor_id, tag_id, depth)
    SELECT a.ancestor_id, s.tag_id, a.depth + s.depth + 1
      FROM tag_tree a, tag_tree s WHERE a.tag_id = new.parent_id AND s.ancestor_id = new.id;
  -- The subtree's quotes left the old ancestors and joined the new ones: count those again.
  UPDATE tags SET total_count = (
      SELECT count(DISTINCT qt.quote_id) FROM tag_tree tt JOIN quote_tags qt ON qt.tag_id = tt.tag_id
        JOIN quotes q ON q.id = qt.quote_id WHERE tt.ancestor_id = tags.id AND q.deleted_at IS NULL)
   WHERE id IN (SELECT ancestor_id FROM tag_tree WHERE tag_id = old.parent_id)
      OR id IN (SELECT ancestor_id FROM tag_tree WHERE tag_id = new.parent_id);
END;

-- A deleted tag first loses its links, while the closure still names its ancestors.
CREATE TRIGGER tags_unlink_before_delete BEFORE DELETE ON tags BEGIN
  DELETE FROM quote_tags WHERE tag_id = old.id;
END;

CREATE TRIGGER tags_count_delete AFTER DELETE ON tags BEGIN
  UPDATE counters SET value = value - 1 WHERE name = 'tags';
END;

-- A link of a live quote counts for its tag, and for each ancestor the quote did not reach already.
CREATE TRIGGER quote_tags_count_insert AFTER INSERT ON quote_tags
WHEN EXISTS (SELECT 1 FROM quotes WHERE id = new.quote_id AND deleted_at IS NULL) BEGIN
  UPDATE tags SET quote_count = quote_count + 1 WHERE id = new.tag_id;
  UPDATE tags SET total_count = total_count + 1
   WHERE id IN (SELECT ancestor_id FROM tag_tree WHERE tag_id = new.tag_id)
     AND NOT EXISTS (SELECT 1 FROM quote_tags o JOIN tag_tree ot ON ot.tag_id = o.tag_id
                      WHERE o.quote_id = new.quote_id AND o.tag_id <> new.tag_id AND ot.ancestor_id = tags.id);
END;

CREATE TRIGGER quote_tags_count_delete AFTER DELETE ON quote_tags
WHEN EXISTS (SELECT 1 FROM quotes WHERE id = old.quote_id AND deleted_at IS NULL) BEGIN
  UPDATE tags SET quote_count = quote_count - 1 WHERE id = old.tag_id;
  UPDATE tags SET total_count = total_count - 1
   WHERE id IN (SELECT ancestor_id FROM tag_tree WHERE tag_id = old.tag_id)
     AND NOT EXISTS (SELECT 1 FROM quote_tags o JOIN tag_tree ot ON ot.tag_id = o.tag_id
                      WHERE o.quote_id = old.quote_id AND ot.ancestor_id = tags.id);
END;

CREATE TRIGGER quotes_count_insert AFTER INSERT ON quotes BEGIN
  UPDATE articles SET quote_count = quote_count + 1 WHERE id = new.article_id AND new.deleted_at IS NULL;
  UPDATE counters SET value = value + 1
   WHERE name = CASE WHEN new.deleted_at IS NULL THEN 'quotes_live' ELSE 'quotes_trash' END;
END;

-- Into or out of the trash: the quote's tags, their ancestors (once each) and its article follow.
CREATE TRIGGER quotes_count_trash AFTER UPDATE OF deleted_at ON quotes
WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  UPDATE tags SET quote_count = quote_count + (CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END)
   WHERE id IN (SELECT tag_id FROM quote_tags WHERE quote_id = new.id);
  UPDATE tags SET total_count = total_count + (CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END)
   WHERE id IN (SELECT tt.ancestor_id FROM quote_tags qt JOIN tag_tree tt ON tt.tag_id = qt.tag_id WHERE qt.quote_id = new.id);
  UPDATE articles SET quote_count = quote_count + (CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END)
   WHERE id = new.article_id;
  UPDATE counters SET value = value + (CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END) WHERE name = 'quotes_live';
  UPDATE counters SET value = value - (CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END) WHERE name = 'quotes_trash';
END;

CREATE TRIGGER quotes_count_move AFTER UPDATE OF article_id ON quotes
WHEN old.article_id <> new.article_id AND new.deleted_at IS NULL AND old.deleted_at IS NULL BEGIN
  UPDATE articles SET quote_count = quote_count - 1 WHERE id = old.article_id;
  UPDATE articles SET quote_count = quote_count + 1 WHERE id = new.article_id;
END;

-- A quote removed for good first loses its links (so tag counts follow), then its counts.
CREATE TRIGGER quotes_unlink_before_delete BEFORE DELETE ON quotes BEGIN
  DELETE FROM quote_tags WHERE quote_id = old.id;
END;

CREATE TRIGGER quotes_count_delete AFTER DELETE ON quotes BEGIN
  UPDATE articles SET quote_count = quote_count - 1 WHERE id = old.article_id AND old.deleted_at IS NULL;
  UPDATE counters SET value = value - 1
   WHERE name = CASE WHEN old.deleted_at IS NULL THEN 'quotes_live' ELSE 'quotes_trash' END;
END;

CREATE TRIGGER notes_count_insert AFTER INSERT ON notes BEGIN
  UPDATE counters SET value = value + 1 WHERE name = CASE WHEN new.deleted_at IS NULL THEN 'notes_live' ELSE 'notes_trash' END;
END;
CREATE TRIGGER notes_count_trash AFTER UPDATE OF deleted_at ON notes
WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  UPDATE counters SET value = value + (CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END) WHERE name = 'notes_live';
  UPDATE counters SET value = value - (CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END) WHERE name = 'notes_trash';
END;
CREATE TRIGGER notes_count_delete AFTER DELETE ON notes BEGIN
  UPDATE counters SET value = value - 1 WHERE name = CASE WHEN old.deleted_at IS NULL THEN 'notes_live' ELSE 'notes_trash' END;
END;

CREATE TRIGGER articles_count_insert AFTER INSERT ON articles BEGIN
  UPDATE articles SET chars = length(new.body) WHERE id = new.id;
  UPDATE counters SET value = value + 1 WHERE name = CASE WHEN new.deleted_at IS NULL THEN 'articles_live' ELSE 'articles_trash' END;
END;
CREATE TRIGGER articles_count_trash AFTER UPDATE OF deleted_at ON articles
WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  UPDATE counters SET value = value + (CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END) WHERE name = 'articles_live';
  UPDATE counters SET value = value - (CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END) WHERE name = 'articles_trash';
END;
CREATE TRIGGER articles_chars_update AFTER UPDATE OF body ON articles BEGIN
  UPDATE articles SET chars = length(new.body) WHERE id = new.id;
END;
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles BEGIN
  UPDATE counters SET value = value - 1 WHERE name = CASE WHEN old.deleted_at IS NULL THEN 'articles_live' ELSE 'articles_trash' END;
END;

-- The change log: which row of which kind was written. Counter columns are not news.
CREATE TRIGGER changes_quote_insert AFTER INSERT ON quotes BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('quote', new.id, 'put');
END;
CREATE TRIGGER changes_quote_update AFTER UPDATE ON quotes BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('quote', new.id, 'put');
END;
CREATE TRIGGER changes_quote_delete AFTER DELETE ON quotes BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('quote', old.id, 'delete');
END;
CREATE TRIGGER changes_quote_tag_insert AFTER INSERT ON quote_tags BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('quote', new.quote_id, 'put');
END;
CREATE TRIGGER changes_quote_tag_delete AFTER DELETE ON quote_tags BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('quote', old.quote_id, 'put');
END;
CREATE TRIGGER changes_tag_insert AFTER INSERT ON tags BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('tag', new.id, 'put');
END;
CREATE TRIGGER changes_tag_update AFTER UPDATE OF name, parent_id, color ON tags BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('tag', new.id, 'put');
END;
CREATE TRIGGER changes_tag_delete AFTER DELETE ON tags BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('tag', old.id, 'delete');
END;
CREATE TRIGGER changes_article_insert AFTER INSERT ON articles BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('article', new.id, 'put');
END;
CREATE TRIGGER changes_article_update AFTER UPDATE ON articles BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('article', new.id, 'put');
END;
CREATE TRIGGER changes_article_delete AFTER DELETE ON articles BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('article', old.id, 'delete');
END;
CREATE TRIGGER changes_note_insert AFTER INSERT ON notes BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('note', new.id, 'put');
END;
CREATE TRIGGER changes_note_update AFTER UPDATE ON notes BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('note', new.id, 'put');
END;
CREATE TRIGGER changes_note_delete AFTER DELETE ON notes BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('note', old.id, 'delete');
END;
CREATE TRIGGER changes_source_insert AFTER INSERT ON sources BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('source', new.id, 'put');
END;
CREATE TRIGGER changes_source_update AFTER UPDATE ON sources BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('source', new.id, 'put');
END;
CREATE TRIGGER changes_source_delete AFTER DELETE ON sources BEGIN
  INSERT INTO changes (kind, id, op) VALUES ('source', old.id, 'delete');
END;

-- The log keeps the newest 20,000 changes; a window further behind reloads what it shows.
CREATE TRIGGER changes_prune AFTER INSERT ON changes WHEN new.seq % 1000 = 0 BEGIN
  DELETE FROM changes WHERE seq <= new.seq - 20000;
END;
