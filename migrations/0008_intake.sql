-- Apostil schema, level 8: articles from the web and from PDFs (issue 18).
--
-- An article imported from an address is watched: checking it fetches the address again
-- and a changed text becomes a new revision. `last_checked_at` is the last time a check
-- reached the page (whether or not it had changed), `last_error` the last failure.
CREATE TABLE article_watch (
  article_id      INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  url             TEXT NOT NULL,
  whole_page      INTEGER NOT NULL DEFAULT 0 CHECK (whole_page IN (0, 1)),
  last_checked_at TEXT,
  last_changed_at TEXT,
  last_error      TEXT
);

-- Where each page of a PDF starts in a revision's text (a JSON array of UTF-16 offsets,
-- page 1 first), so that quotes know their page for locators.
CREATE TABLE revision_pages (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  revision   INTEGER NOT NULL CHECK (revision >= 1),
  starts     TEXT NOT NULL,
  PRIMARY KEY (article_id, revision)
);
