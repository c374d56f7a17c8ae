-- Apostil schema, level 9: who made each quote (team libraries, coding agreement).
--
-- A quote records a stable person id and the display name its author had when making
-- it. This library's person id is made here, once; the display name is the one given
-- at `sync connect --name` (settings.person_name), empty until then. Quotes that arrive
-- by sync keep their remote author. Quotes made before this level have no author ('').
ALTER TABLE quotes ADD COLUMN author_id TEXT NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN author_name TEXT NOT NULL DEFAULT '';

INSERT OR IGNORE INTO settings (key, value)
VALUES ('person_id', lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
  || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))));
