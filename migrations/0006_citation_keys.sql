-- Apostil schema, level 6: a citation key per source.
-- The key (`wang2026xijin`) is what BibTeX, RIS, CSL-JSON and Pandoc cite a source by.
-- It is unique in the library ignoring case, as classic BibTeX compares keys. Existing
-- sources get their keys when the library is next opened (romanising CJK names needs
-- code, not SQL), in id order, so the same library always gets the same keys; once
-- given, a key changes only when someone edits it.

ALTER TABLE sources ADD COLUMN citation_key TEXT;
CREATE UNIQUE INDEX sources_citation_key ON sources(citation_key COLLATE NOCASE);
