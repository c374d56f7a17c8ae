-- Apostil schema, level 11: `author:NAME` in search, by index.
--
-- A quote's `meta` filter tokens gain one for its author: u<hex of the display name,
-- ASCII letters lower-cased>, so `author:Ana` is one token lookup in quotes_fts like
-- `tag:` and `article:`, combined with any text in the same FTS5 expression. A quote
-- without an author has no such token. The author's name changing (named at
-- `sync connect`, or by sync) re-indexes the quote.
DROP VIEW quotes_fts_source;
CREATE VIEW quotes_fts_source AS
  SELECT q.id AS id, q.article_id AS article_id,
         apostil_shadow(q.exact) AS exact, apostil_pairs(q.exact) AS exact_pairs,
         apostil_shadow(q.comment) AS comment, apostil_pairs(q.comment) AS comment_pairs,
         char(57345) || 'all ' || char(57345) || 'a' || q.article_id ||
           coalesce((SELECT ' ' || group_concat(char(57345) || 't' || qt.tag_id, ' ') FROM quote_tags qt WHERE qt.quote_id = q.id), '') ||
           CASE WHEN q.author_name <> '' THEN ' ' || char(57345) || 'u' || lower(hex(lower(q.author_name))) ELSE '' END AS meta
  FROM quotes q JOIN articles a ON a.id = q.article_id
  WHERE q.deleted_at IS NULL AND a.deleted_at IS NULL;

DROP TRIGGER quotes_search_update;
CREATE TRIGGER quotes_search_update AFTER UPDATE OF exact, comment, article_id, deleted_at, author_name ON quotes
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale') BEGIN
  DELETE FROM quotes_fts WHERE rowid = old.id;
  INSERT INTO quotes_fts (rowid, exact, comment, exact_pairs, comment_pairs, meta)
    SELECT id, exact, comment, exact_pairs, comment_pairs, meta FROM quotes_fts_source WHERE id = new.id;
END;

-- Quotes that already have an author get their token now (an index marked stale is rebuilt from the view anyway).
DELETE FROM quotes_fts WHERE rowid IN (SELECT id FROM quotes WHERE author_name <> '' AND deleted_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale');
INSERT INTO quotes_fts (rowid, exact, comment, exact_pairs, comment_pairs, meta)
  SELECT s.id, s.exact, s.comment, s.exact_pairs, s.comment_pairs, s.meta FROM quotes_fts_source s JOIN quotes q ON q.id = s.id
   WHERE q.author_name <> '' AND NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search_index' AND value = 'stale');
