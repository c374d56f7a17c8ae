-- Apostil schema, level 3: article revisions and quote anchoring status.
-- An article's text is never edited in place: importing a changed text adds a
-- revision, `articles.body` holds the current one, and every quote is re-anchored
-- onto it. `quotes.status` says how (exact, moved, fuzzy, orphaned); the anchor a
-- quote had in each revision is kept in `quote_anchors` for review and history.

CREATE TABLE article_revisions (
  id           INTEGER PRIMARY KEY,
  article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  revision     INTEGER NOT NULL CHECK (revision >= 1),
  title        TEXT NOT NULL,
  body         TEXT NOT NULL,
  date         TEXT,
  content_hash TEXT NOT NULL,
  imported_at  TEXT NOT NULL,
  UNIQUE (article_id, revision)
);
CREATE INDEX article_revisions_hash ON article_revisions(content_hash);

INSERT INTO article_revisions (article_id, revision, title, body, date, content_hash, imported_at)
  SELECT id, 1, title, body, date, content_hash, imported_at FROM articles;

ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

ALTER TABLE quotes ADD COLUMN status TEXT NOT NULL DEFAULT 'exact'
  CHECK (status IN ('exact', 'moved', 'fuzzy', 'orphaned'));
ALTER TABLE quotes ADD COLUMN similarity REAL NOT NULL DEFAULT 1;
ALTER TABLE quotes ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE quotes ADD COLUMN reviewed_at TEXT;

CREATE TABLE quote_anchors (
  quote_id   INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
  revision   INTEGER NOT NULL,
  exact      TEXT NOT NULL,
  prefix     TEXT NOT NULL,
  suffix     TEXT NOT NULL,
  start      INTEGER NOT NULL,
  "end"      INTEGER NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('exact', 'moved', 'fuzzy', 'orphaned')),
  similarity REAL NOT NULL,
  PRIMARY KEY (quote_id, revision)
) WITHOUT ROWID;

INSERT INTO quote_anchors (quote_id, revision, exact, prefix, suffix, start, "end", status, similarity)
  SELECT id, 1, exact, prefix, suffix, start, "end", 'exact', 1 FROM quotes;

-- New articles start at revision 1 and new quotes anchor into their article's
-- current revision, whichever code path inserts them.
CREATE TRIGGER articles_first_revision AFTER INSERT ON articles BEGIN
  INSERT INTO article_revisions (article_id, revision, title, body, date, content_hash, imported_at)
    VALUES (NEW.id, NEW.revision, NEW.title, NEW.body, NEW.date, NEW.content_hash, NEW.imported_at);
END;

CREATE TRIGGER quotes_current_revision AFTER INSERT ON quotes BEGIN
  UPDATE quotes SET revision = coalesce((SELECT revision FROM articles WHERE id = NEW.article_id), NEW.revision) WHERE id = NEW.id;
END;
