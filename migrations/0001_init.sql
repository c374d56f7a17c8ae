-- Apostil schema, level 1: articles, sources, quotes, hierarchical tags, notes.
-- Offsets in quotes are UTF-16 code units into articles.body (JavaScript's native
-- indexing); they are converted to Unicode code points wherever they leave the program.

CREATE TABLE sources (
  id              INTEGER PRIMARY KEY,
  uuid            TEXT NOT NULL UNIQUE,
  type            TEXT NOT NULL DEFAULT 'article-newspaper',
  title           TEXT,
  container_title TEXT,
  authors         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(authors)),
  issued          TEXT,
  url             TEXT,
  accessed        TEXT,
  publisher       TEXT,
  doi             TEXT,
  language        TEXT,
  csl             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(csl)),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

CREATE TABLE articles (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  title        TEXT NOT NULL,
  body         TEXT NOT NULL,
  lang         TEXT,
  date         TEXT,
  source_id    INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  content_hash TEXT NOT NULL,
  imported_at  TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  deleted_at   TEXT
);
CREATE UNIQUE INDEX articles_content_hash ON articles(content_hash);

CREATE TABLE quotes (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  exact       TEXT NOT NULL CHECK (length(exact) > 0),
  prefix      TEXT NOT NULL DEFAULT '',
  suffix      TEXT NOT NULL DEFAULT '',
  start       INTEGER NOT NULL CHECK (start >= 0),
  "end"       INTEGER NOT NULL CHECK ("end" > start),
  comment     TEXT NOT NULL DEFAULT '',
  color       TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted_at  TEXT
);
CREATE INDEX quotes_article ON quotes(article_id, start);

CREATE TABLE tags (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL CHECK (length(name) > 0 AND instr(name, '/') = 0),
  parent_id  INTEGER REFERENCES tags(id) ON DELETE CASCADE,
  color      TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX tags_sibling_name ON tags(coalesce(parent_id, 0), lower(name));

CREATE TABLE quote_tags (
  quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
  tag_id   INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (quote_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX quote_tags_tag ON quote_tags(tag_id);

CREATE TABLE notes (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  title      TEXT NOT NULL DEFAULT '',
  doc        TEXT NOT NULL CHECK (json_valid(doc)),
  text       TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
