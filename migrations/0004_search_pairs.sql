-- Apostil schema, level 4: search, second cut (see 0002_search.sql for the design).
--
-- Quotes get "pairs" columns: every two adjacent CJK characters as one token
-- (東京都 → 东京 京都), with a gap where a run of adjacent CJK characters ends. A CJK
-- term of two or more characters is searched as a phrase of pairs: still an exact
-- substring match, but pairs are far rarer than single characters, so long terms no
-- longer walk the lists of common characters (中, 之, の). The prefix indexes go:
-- a two-character pair would have duplicated itself in them.
--
-- While settings.search_index is 'stale' the triggers stand still; the index is then
-- rebuilt as a whole (SearchIndex.rebuild: in the same transaction for a bulk load
-- with SearchIndex.bulk, or by Library.open), which is much faster than row by row.

DROP TRIGGER quotes_search_insert;
DROP TRIGGER quotes_search_update;
DROP TRIGGER quotes_search_delete;
DROP TRIGGER quote_tags_search_insert;
DROP TRIGGER quote_tags_search_delete;
DROP TRIGGER articles_search_insert;
DROP TRIGGER articles_search_update;
DROP TRIGGER articles_search_trash;
DROP TRIGGER articles_search_delete;
DROP TRIGGER notes_search_insert;
DROP TRIGGER notes_search_update;
DROP TRIGGER notes_search_delete;
DROP VIEW quotes_fts_source;
DROP TABLE quotes_fts;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
  exact, comment, exact_pairs, comment_pairs, meta,
  content = '', contentless_delete = 1, tokenize = 'ascii'
);

-- Live quotes of live articles, with their tags.
CREATE VIEW quotes_fts_source AS
  SELECT q.id AS id, q.article_id AS article_id,
         apostil_shadow(q.exact) AS exact, apostil_pairs(q.exact) AS exact_pairs,
         apostil_shadow(q.comment) AS comment, apostil_pairs(q.comment) AS comment_pairs,
         char(57345) || 'all ' || char(57345) || 'a' || q.article_id ||
           coalesce((SELECT ' ' || group_concat(char(57345) || 't' || qt.tag_id, ' ') FROM quote_tags qt WHERE qt.quote_id = q.id), '') AS meta
  FROM quotes q JOIN articles a ON a.id = q.article_id
  WHERE q.deleted_at IS NULL AND a.deleted_at IS NULL;

CREATE TRIGGER quotes_search_insert AFTER INSERT ON quotes
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale') BEGIN
  INSERT INTO quotes_fts (rowid, exact, comment, exact_pairs, comment_pairs, meta)
    SELECT id, exact, comment, exact_pairs, comment_pairs, meta FROM quotes_fts_source WHERE id = new.id;
END;
CREATE TRIGGER quotes_search_update AFTER UPDATE OF exact, comment, article_id, deleted_at ON quotes
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale') BEGIN
  DELETE FROM quotes_fts WHERE rowid = old.id;
  INSERT INTO quotes_fts (rowid, exact, comment, exact_pairs, comment_pairs, meta)
    SELECT id, exact, comment, exact_pairs, comment_pairs, meta FROM quotes_fts_source WHERE id = new.id;
END;
CREATE TRIGGER quotes_search_delete AFTER DELETE ON quotes
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale') BEGIN
  DELETE FROM quotes_fts WHERE rowid = old.id;
END;

-- A tag link changes a quote's meta; quotes that are not in the index (in the trash,
-- or not inserted yet) are left alone.
CREATE TRIGGER quote_tags_search_insert AFTER INSERT ON quote_tags
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale')
  AND EXISTS (SELECT 1 FROM quotes WHERE id = new.quote_id AND deleted_at IS NULL) BEGIN
  DELETE FROM quotes_fts WHERE rowid = new.quote_id;
  INSERT INTO quotes_fts (rowid, exact, comment, exact_pairs, comment_pairs, meta)
    SELECT id, exact, comment, exact_pairs, comment_pairs, meta FROM quotes_fts_source WHERE id = new.quote_id;
END;
CREATE TRIGGER quote_tags_search_delete AFTER DELETE ON quote_tags
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale')
  AND EXISTS (SELECT 1 FROM quotes WHERE id = old.quote_id AND deleted_at IS NULL) BEGIN
  DELETE FROM quotes_fts WHERE rowid = old.quote_id;
  INSERT INTO quotes_fts (rowid, exact, comment, exact_pairs, comment_pairs, meta)
    SELECT id, exact, comment, exact_pairs, comment_pairs, meta FROM quotes_fts_source WHERE id = old.quote_id;
END;

CREATE TRIGGER articles_search_insert AFTER INSERT ON articles
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale') BEGIN
  INSERT INTO articles_fts (rowid, title, body, meta) SELECT id, title, body, meta FROM articles_fts_source WHERE id = new.id;
END;
CREATE TRIGGER articles_search_update AFTER UPDATE OF title, body, deleted_at ON articles
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale') BEGIN
  DELETE FROM articles_fts WHERE rowid = old.id;
  INSERT INTO articles_fts (rowid, title, body, meta) SELECT id, title, body, meta FROM articles_fts_source WHERE id = new.id;
END;
-- Quotes follow their article into and out of the trash.
CREATE TRIGGER articles_search_trash AFTER UPDATE OF deleted_at ON articles
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale') BEGIN
  DELETE FROM quotes_fts WHERE rowid IN (SELECT id FROM quotes WHERE article_id = new.id);
  INSERT INTO quotes_fts (rowid, exact, comment, exact_pairs, comment_pairs, meta)
    SELECT id, exact, comment, exact_pairs, comment_pairs, meta FROM quotes_fts_source WHERE article_id = new.id;
END;
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale') BEGIN
  DELETE FROM articles_fts WHERE rowid = old.id;
END;

CREATE TRIGGER notes_search_insert AFTER INSERT ON notes
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale') BEGIN
  INSERT INTO notes_fts (rowid, title, text, meta) SELECT id, title, text, meta FROM notes_fts_source WHERE id = new.id;
END;
CREATE TRIGGER notes_search_update AFTER UPDATE OF title, text, deleted_at ON notes
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale') BEGIN
  DELETE FROM notes_fts WHERE rowid = old.id;
  INSERT INTO notes_fts (rowid, title, text, meta) SELECT id, title, text, meta FROM notes_fts_source WHERE id = new.id;
END;
CREATE TRIGGER notes_search_delete AFTER DELETE ON notes
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale') BEGIN
  DELETE FROM notes_fts WHERE rowid = old.id;
END;

-- Fewer, larger flushes while a whole index is written.
INSERT INTO quotes_fts (quotes_fts, rank) VALUES ('hashsize', 8388608);
INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 8388608);

INSERT INTO settings (key, value) VALUES ('search_index', 'stale')
  ON CONFLICT(key) DO UPDATE SET value = excluded.value;
