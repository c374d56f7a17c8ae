-- Apostil schema, level 2: full-text search of quotes, articles and notes.
--
-- FTS5 cannot segment Chinese, so Apostil folds text (NFKC, case, diacritics,
-- Traditional→Simplified per character) and indexes a pre-tokenised "shadow text"
-- in which every Han/Kana/Hangul character is a token and other scripts are words;
-- the ascii tokenizer then only splits on spaces (app/core/search). The shadow text
-- is made by the SQL function apostil_shadow(), which every Apostil connection
-- registers before it migrates. The tables are contentless: the text stays in
-- quotes/articles/notes. `meta` holds filter tokens (all, a<article id>, t<tag id>,
-- n<note id>, each behind U+E001 so no search term can match one) so that filters are
-- index lookups as well.
--
-- Triggers keep the indexes in the same transaction as every write to the rows they
-- cover, whoever writes them. This migration cannot build the shadow text of rows
-- that already exist, so it marks the index stale and Library.open rebuilds it (in
-- one transaction) from the *_fts_source views, the single definition of what is indexed.

CREATE VIRTUAL TABLE quotes_fts USING fts5(
  exact, comment, meta,
  content = '', contentless_delete = 1, tokenize = 'ascii', prefix = '2 3'
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, body, meta,
  content = '', contentless_delete = 1, tokenize = 'ascii', prefix = '2 3'
);
CREATE VIRTUAL TABLE notes_fts USING fts5(
  title, text, meta,
  content = '', contentless_delete = 1, tokenize = 'ascii', prefix = '2 3'
);

-- Live quotes of live articles, with their tags.
CREATE VIEW quotes_fts_source AS
  SELECT q.id AS id, q.article_id AS article_id,
         apostil_shadow(q.exact) AS exact, apostil_shadow(q.comment) AS comment,
         char(57345) || 'all ' || char(57345) || 'a' || q.article_id ||
           coalesce((SELECT ' ' || group_concat(char(57345) || 't' || qt.tag_id, ' ') FROM quote_tags qt WHERE qt.quote_id = q.id), '') AS meta
  FROM quotes q JOIN articles a ON a.id = q.article_id
  WHERE q.deleted_at IS NULL AND a.deleted_at IS NULL;

CREATE VIEW articles_fts_source AS
  SELECT a.id AS id, apostil_shadow(a.title) AS title, apostil_shadow(a.body) AS body,
         char(57345) || 'all ' || char(57345) || 'a' || a.id AS meta
  FROM articles a WHERE a.deleted_at IS NULL;

CREATE VIEW notes_fts_source AS
  SELECT n.id AS id, apostil_shadow(n.title) AS title, apostil_shadow(n.text) AS text,
         char(57345) || 'all ' || char(57345) || 'n' || n.id AS meta
  FROM notes n WHERE n.deleted_at IS NULL;

CREATE TRIGGER quotes_search_insert AFTER INSERT ON quotes BEGIN
  INSERT INTO quotes_fts (rowid, exact, comment, meta) SELECT id, exact, comment, meta FROM quotes_fts_source WHERE id = new.id;
END;
CREATE TRIGGER quotes_search_update AFTER UPDATE OF exact, comment, article_id, deleted_at ON quotes BEGIN
  DELETE FROM quotes_fts WHERE rowid = old.id;
  INSERT INTO quotes_fts (rowid, exact, comment, meta) SELECT id, exact, comment, meta FROM quotes_fts_source WHERE id = new.id;
END;
CREATE TRIGGER quotes_search_delete AFTER DELETE ON quotes BEGIN
  DELETE FROM quotes_fts WHERE rowid = old.id;
END;

-- A tag link changes a quote's meta; the WHEN skips quotes not (yet) in the index, so a
-- bulk load that links tags before inserting the quote indexes it only once.
CREATE TRIGGER quote_tags_search_insert AFTER INSERT ON quote_tags
WHEN EXISTS (SELECT 1 FROM quotes WHERE id = new.quote_id AND deleted_at IS NULL) BEGIN
  DELETE FROM quotes_fts WHERE rowid = new.quote_id;
  INSERT INTO quotes_fts (rowid, exact, comment, meta) SELECT id, exact, comment, meta FROM quotes_fts_source WHERE id = new.quote_id;
END;
CREATE TRIGGER quote_tags_search_delete AFTER DELETE ON quote_tags
WHEN EXISTS (SELECT 1 FROM quotes WHERE id = old.quote_id AND deleted_at IS NULL) BEGIN
  DELETE FROM quotes_fts WHERE rowid = old.quote_id;
  INSERT INTO quotes_fts (rowid, exact, comment, meta) SELECT id, exact, comment, meta FROM quotes_fts_source WHERE id = old.quote_id;
END;

CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, title, body, meta) SELECT id, title, body, meta FROM articles_fts_source WHERE id = new.id;
END;
CREATE TRIGGER articles_search_update AFTER UPDATE OF title, body, deleted_at ON articles BEGIN
  DELETE FROM articles_fts WHERE rowid = old.id;
  INSERT INTO articles_fts (rowid, title, body, meta) SELECT id, title, body, meta FROM articles_fts_source WHERE id = new.id;
END;
-- Quotes follow their article into and out of the trash.
CREATE TRIGGER articles_search_trash AFTER UPDATE OF deleted_at ON articles BEGIN
  DELETE FROM quotes_fts WHERE rowid IN (SELECT id FROM quotes WHERE article_id = new.id);
  INSERT INTO quotes_fts (rowid, exact, comment, meta) SELECT id, exact, comment, meta FROM quotes_fts_source WHERE article_id = new.id;
END;
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
  DELETE FROM articles_fts WHERE rowid = old.id;
END;

CREATE TRIGGER notes_search_insert AFTER INSERT ON notes BEGIN
  INSERT INTO notes_fts (rowid, title, text, meta) SELECT id, title, text, meta FROM notes_fts_source WHERE id = new.id;
END;
CREATE TRIGGER notes_search_update AFTER UPDATE OF title, text, deleted_at ON notes BEGIN
  DELETE FROM notes_fts WHERE rowid = old.id;
  INSERT INTO notes_fts (rowid, title, text, meta) SELECT id, title, text, meta FROM notes_fts_source WHERE id = new.id;
END;
CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
  DELETE FROM notes_fts WHERE rowid = old.id;
END;

INSERT INTO settings (key, value) VALUES ('search_index', 'stale')
  ON CONFLICT(key) DO UPDATE SET value = excluded.value;
