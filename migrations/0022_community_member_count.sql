-- The member count kept on the community row (communities room), changed in
-- the same transaction as the membership it counts
-- (features/communities/communities_service.cpp): every page looks its
-- community up, and counting 100,000 memberships on each request made a
-- page's cost grow with members it does not show.
ALTER TABLE communities ADD COLUMN member_count BIGINT NOT NULL DEFAULT 0;
UPDATE communities SET member_count =
  (SELECT COUNT(*) FROM memberships m WHERE m.community_id = communities.id);
