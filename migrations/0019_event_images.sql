-- Uploaded images of events (issue #13): an event's cover and its sponsors'
-- logos. Kept by content digest, once per community: the same file uploaded
-- twice is one row, and an image's address never changes what it shows, so
-- it is served as immutable. The bytes are base64 text like certificate_logos
-- (one column type on SQLite and PostgreSQL). Only PNG and JPEG that decoded
-- completely are stored (src/features/events/images.cpp).
CREATE TABLE event_images (
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  digest TEXT NOT NULL,                    -- hex BLAKE2b-256 of the bytes
  content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
  width INTEGER NOT NULL CHECK (width > 0),
  height INTEGER NOT NULL CHECK (height > 0),
  byte_size INTEGER NOT NULL,
  data_base64 TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (community_id, digest)
);

-- What points at an image; NULL for none. A row of event_images nothing
-- points at any more is removed in the transaction that let go of it.
ALTER TABLE events ADD COLUMN cover_digest TEXT;
ALTER TABLE event_sponsors ADD COLUMN logo_digest TEXT;
