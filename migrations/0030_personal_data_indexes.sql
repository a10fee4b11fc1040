-- Issue #16: "download my data" (/me/data, features/privacy) reads every
-- room's records of one person. These are the lookups by person that read a
-- whole table (src/app/query_plans_test.cpp crawls /me/data); they also
-- serve erasing an account later.

CREATE INDEX academy_projects_by_proposer ON academy_projects(proposed_by);
CREATE INDEX project_co_runners_by_user ON project_co_runners(user_id);
CREATE INDEX allocation_results_by_user ON allocation_results(user_id);
CREATE INDEX allocation_waitlists_by_user ON allocation_waitlists(user_id);
CREATE INDEX seat_offers_by_user ON seat_offers(user_id);

CREATE INDEX activity_attendance_changes_by_user ON activity_attendance_changes(user_id);
CREATE INDEX activity_checkin_failures_by_user ON activity_checkin_failures(user_id);
CREATE INDEX activity_calendar_feeds_by_user ON activity_calendar_feeds(user_id);
CREATE INDEX activity_dropouts_by_user ON activity_dropouts(user_id);
CREATE INDEX activity_growth_logs_by_user ON activity_growth_logs(user_id);
CREATE INDEX activity_passes_by_user ON activity_passes(user_id);
CREATE INDEX activity_retrospectives_by_author ON activity_retrospectives(author_id);
CREATE INDEX completion_results_by_user ON completion_results(user_id);

CREATE INDEX audit_log_by_actor ON audit_log(actor_id);
CREATE INDEX audit_log_by_subject ON audit_log(subject);

CREATE INDEX coffee_participants_by_user ON coffee_participants(user_id);
CREATE INDEX coffee_slots_by_user ON coffee_slots(user_id);
CREATE INDEX coffee_avoid_by_user ON coffee_avoid(user_id);

CREATE INDEX event_feedback_responses_by_registration ON event_feedback_responses(registration_id);
CREATE INDEX event_speakers_by_user ON event_speakers(user_id);
CREATE INDEX event_staff_by_user ON event_staff(user_id);
CREATE INDEX event_star_feeds_by_user ON event_star_feeds(user_id);

CREATE INDEX bingo_players_by_user ON bingo_players(user_id);

CREATE INDEX mentoring_notes_by_author ON mentoring_notes(author_id);
CREATE INDEX mentoring_checkins_by_user ON mentoring_checkins(user_id);
CREATE INDEX mentoring_feedback_by_user ON mentoring_feedback(user_id);

-- The mails moim sent a person, newest first (platform/outbox/personal_mail.cpp):
-- without it /me/data read the whole outbox, 150,000 rows at 100k members.
CREATE INDEX outbox_by_target ON outbox(target, created_at);
