-- The wiki's pages in the community's search (features/wiki/search_source.cpp),
-- indexed like the other rooms' text in 0039_search.sql: title and current
-- body, an FTS5 trigram table on SQLite, a pg_trgm GIN index on PostgreSQL
-- that takes each write at once (fastupdate off, as 0039 says why).

@IF_SQLITE@
CREATE VIEW wiki_pages_search_text AS
  SELECT id, title || ' ' || body || ' ' AS text FROM wiki_pages;
CREATE VIRTUAL TABLE wiki_pages_fts USING fts5(
  text, content='wiki_pages_search_text', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE wiki_pages_fts_terms USING fts5vocab(wiki_pages_fts, 'row');
CREATE TRIGGER wiki_pages_fts_insert AFTER INSERT ON wiki_pages BEGIN
  INSERT INTO wiki_pages_fts (rowid, text) VALUES (NEW.id, NEW.title || ' ' || NEW.body || ' ');
END;
CREATE TRIGGER wiki_pages_fts_delete AFTER DELETE ON wiki_pages BEGIN
  INSERT INTO wiki_pages_fts (wiki_pages_fts, rowid, text)
    VALUES ('delete', OLD.id, OLD.title || ' ' || OLD.body || ' ');
END;
CREATE TRIGGER wiki_pages_fts_update AFTER UPDATE OF title, body ON wiki_pages BEGIN
  INSERT INTO wiki_pages_fts (wiki_pages_fts, rowid, text)
    VALUES ('delete', OLD.id, OLD.title || ' ' || OLD.body || ' ');
  INSERT INTO wiki_pages_fts (rowid, text) VALUES (NEW.id, NEW.title || ' ' || NEW.body || ' ');
END;
INSERT INTO wiki_pages_fts (wiki_pages_fts) VALUES ('rebuild');
@END_IF@

@IF_POSTGRES@
DO $search$
DECLARE
  trgm TEXT := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'pg_trgm');
BEGIN
  EXECUTE format('CREATE INDEX wiki_pages_search ON wiki_pages USING gin '
                 '((regexp_replace(lower(title || '' '' || body), ''(.)'', ''\1x'', ''g'')) '
                 '%I.gin_trgm_ops) WITH (fastupdate = off)', trgm);
END
$search$;
@END_IF@
