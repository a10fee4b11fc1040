-- Consents (issue #16, features/accounts/consents.hpp): 개인정보 수집·이용 동의.
-- A history: each grant is a new row with the policy version the person
-- agreed to; withdrawing stamps withdrawn_at on the row (never deleted while
-- the account lives). A purpose is "current" for a person when their latest
-- row for it has no withdrawn_at.
--
-- A person without any row at all signed up before consents were asked (or
-- was created by the CLI or the demo): they are treated as having agreed to
-- the required purposes and to the optional ones that match what moim did
-- before (docs/privacy.md). Their first change writes those rows.
CREATE TABLE consents (
  id @PK@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL,         -- 'account', 'community_membership', 'newsletter', ...
  policy_version TEXT NOT NULL,  -- accounts::kPolicyVersion when granted
  granted_at BIGINT NOT NULL,
  withdrawn_at BIGINT            -- NULL: still granted
);
-- A person's current consents, and their history in order.
CREATE INDEX consents_by_user ON consents(user_id, purpose, granted_at);
-- At most one live grant per person and purpose.
CREATE UNIQUE INDEX consents_current ON consents(user_id, purpose) WHERE withdrawn_at IS NULL;
