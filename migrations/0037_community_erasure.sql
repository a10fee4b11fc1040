-- A platform admin erases a whole community (issue #16). The row stays as a
-- tombstone: certificates it issued stay verifiable at /verify/{number}
-- (issuer = its name), its audit log keeps the erasure's entry (counts,
-- never data), and its slug stays taken. Every room deletes or empties what
-- it held about people in the community, in one transaction
-- (features/privacy/community_erasure.hpp); erased_at is stamped in it.
-- Pages of an erased community answer 410 Gone; lists leave it out.
ALTER TABLE communities ADD COLUMN erased_at BIGINT;
