-- Notion API 2025-09-03: a database holds one or more data sources, and
-- pages, queries and columns belong to a data source. "Test connection"
-- records the one moim writes to (its id and name) and how many the
-- database has, so the organizer is told when there is a choice.
-- Connections tested before this find theirs on their next delivery.
ALTER TABLE notion_connections ADD COLUMN data_source_id TEXT NOT NULL DEFAULT '';
ALTER TABLE notion_connections ADD COLUMN data_source_name TEXT NOT NULL DEFAULT '';
ALTER TABLE notion_connections ADD COLUMN data_source_count INTEGER NOT NULL DEFAULT 0;
