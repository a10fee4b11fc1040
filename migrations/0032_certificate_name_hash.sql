-- Certificates outlive their holder's account (issue #16). When an account
-- is erased, each of its certificates keeps every fact it states (community,
-- cohort, project, event or program, role, dates, issuer, state) but not the
-- name: content.recipient_name becomes the erased-member label and the row
-- keeps only a keyed, salted hash of the name as printed, so that /verify
-- can still answer "is this the name on the PDF?" with yes or no.
ALTER TABLE certificates ADD COLUMN holder_name_hash TEXT;  -- hex BLAKE2b-256 of the normalised name
ALTER TABLE certificates ADD COLUMN holder_name_salt TEXT;  -- hex, 16 random bytes per row
ALTER TABLE certificates ADD COLUMN name_erased_at BIGINT;  -- set once, by the erasure

-- Every try of that name check, for its rate limits: per certificate from
-- everyone, and per client address (kept as a digest, never the address).
-- Rows older than an hour are deleted as new tries come.
CREATE TABLE certificate_name_checks (
  id @PK@,
  certificate_id BIGINT NOT NULL REFERENCES certificates(id) ON DELETE CASCADE,
  client TEXT NOT NULL,
  checked_at BIGINT NOT NULL
);
CREATE INDEX certificate_name_checks_by_certificate
  ON certificate_name_checks(certificate_id, checked_at);
CREATE INDEX certificate_name_checks_by_client ON certificate_name_checks(client, checked_at);
