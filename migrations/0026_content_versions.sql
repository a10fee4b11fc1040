-- What a community shows changed: content_versions.version goes up, in the
-- same transaction, with every write to the tables that the community page,
-- the cohort pages and the project catalog read (cohorts and their phases,
-- selection runs, closures, projects with their tags, builders, runners,
-- auditors and seat offers, and the builders' public profile). moim keeps
-- those reads in memory (issue #19) and uses them while the version it reads
-- with the community row is the one they were read at. The version lives in
-- the database and triggers bump it, so a write by any room, any tool or any
-- other moim instance on the same PostgreSQL is seen by every instance.
CREATE TABLE content_versions (
  community_id BIGINT PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
  version BIGINT NOT NULL DEFAULT 0
);
INSERT INTO content_versions (community_id, version) SELECT id, 0 FROM communities;

@IF_SQLITE@
CREATE TRIGGER content_versions_for_new_community AFTER INSERT ON communities BEGIN
  INSERT INTO content_versions (community_id, version) VALUES (NEW.id, 0);
END;
CREATE TRIGGER content_versions_cohorts_insert AFTER INSERT ON cohorts BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = NEW.community_id;
END;
CREATE TRIGGER content_versions_cohorts_update AFTER UPDATE ON cohorts BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = NEW.community_id;
END;
CREATE TRIGGER content_versions_cohorts_delete AFTER DELETE ON cohorts BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = OLD.community_id;
END;
CREATE TRIGGER content_versions_cohort_phases_insert AFTER INSERT ON cohort_phases BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM cohorts WHERE id = NEW.cohort_id);
END;
CREATE TRIGGER content_versions_cohort_phases_update AFTER UPDATE ON cohort_phases BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM cohorts WHERE id = NEW.cohort_id);
END;
CREATE TRIGGER content_versions_cohort_phases_delete AFTER DELETE ON cohort_phases BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM cohorts WHERE id = OLD.cohort_id);
END;
CREATE TRIGGER content_versions_allocation_runs_insert AFTER INSERT ON allocation_runs BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM cohorts WHERE id = NEW.cohort_id);
END;
CREATE TRIGGER content_versions_allocation_runs_update AFTER UPDATE ON allocation_runs BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM cohorts WHERE id = NEW.cohort_id);
END;
CREATE TRIGGER content_versions_allocation_runs_delete AFTER DELETE ON allocation_runs BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM cohorts WHERE id = OLD.cohort_id);
END;
CREATE TRIGGER content_versions_cohort_closures_insert AFTER INSERT ON cohort_closures BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM cohorts WHERE id = NEW.cohort_id);
END;
CREATE TRIGGER content_versions_cohort_closures_update AFTER UPDATE ON cohort_closures BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM cohorts WHERE id = NEW.cohort_id);
END;
CREATE TRIGGER content_versions_cohort_closures_delete AFTER DELETE ON cohort_closures BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM cohorts WHERE id = OLD.cohort_id);
END;
CREATE TRIGGER content_versions_academy_projects_insert AFTER INSERT ON academy_projects BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = NEW.community_id;
END;
CREATE TRIGGER content_versions_academy_projects_update AFTER UPDATE ON academy_projects BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = NEW.community_id;
END;
CREATE TRIGGER content_versions_academy_projects_delete AFTER DELETE ON academy_projects BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = OLD.community_id;
END;
CREATE TRIGGER content_versions_project_tags_insert AFTER INSERT ON project_tags BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = NEW.project_id);
END;
CREATE TRIGGER content_versions_project_tags_update AFTER UPDATE ON project_tags BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = NEW.project_id);
END;
CREATE TRIGGER content_versions_project_tags_delete AFTER DELETE ON project_tags BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = OLD.project_id);
END;
CREATE TRIGGER content_versions_project_builders_insert AFTER INSERT ON project_builders BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = NEW.project_id);
END;
CREATE TRIGGER content_versions_project_builders_update AFTER UPDATE ON project_builders BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = NEW.project_id);
END;
CREATE TRIGGER content_versions_project_builders_delete AFTER DELETE ON project_builders BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = OLD.project_id);
END;
CREATE TRIGGER content_versions_project_runners_insert AFTER INSERT ON project_runners BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = NEW.project_id);
END;
CREATE TRIGGER content_versions_project_runners_update AFTER UPDATE ON project_runners BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = NEW.project_id);
END;
CREATE TRIGGER content_versions_project_runners_delete AFTER DELETE ON project_runners BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = OLD.project_id);
END;
CREATE TRIGGER content_versions_project_auditors_insert AFTER INSERT ON project_auditors BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = NEW.project_id);
END;
CREATE TRIGGER content_versions_project_auditors_update AFTER UPDATE ON project_auditors BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = NEW.project_id);
END;
CREATE TRIGGER content_versions_project_auditors_delete AFTER DELETE ON project_auditors BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = OLD.project_id);
END;
CREATE TRIGGER content_versions_seat_offers_insert AFTER INSERT ON seat_offers BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = NEW.project_id);
END;
CREATE TRIGGER content_versions_seat_offers_update AFTER UPDATE ON seat_offers BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = NEW.project_id);
END;
CREATE TRIGGER content_versions_seat_offers_delete AFTER DELETE ON seat_offers BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = OLD.project_id);
END;
CREATE TRIGGER content_versions_builder_profile
AFTER UPDATE OF display_name, bio, github_url, blog_url ON users BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id IN
    (SELECT p.community_id FROM project_builders b JOIN academy_projects p ON p.id = b.project_id
     WHERE b.user_id = NEW.id);
END;
@END_IF@
@IF_POSTGRES@
CREATE FUNCTION content_versions_for_new_community() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO content_versions (community_id, version) VALUES (NEW.id, 0);
  RETURN NULL;
END $$;
CREATE TRIGGER content_versions_for_new_community AFTER INSERT ON communities
  FOR EACH ROW EXECUTE FUNCTION content_versions_for_new_community();
-- One function for the ten tables; its argument says how a row names its
-- community: directly, through its cohort, or through its project.
CREATE FUNCTION content_versions_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed RECORD;
BEGIN
  IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
  IF TG_ARGV[0] = 'community' THEN
    UPDATE content_versions SET version = version + 1 WHERE community_id = changed.community_id;
  ELSIF TG_ARGV[0] = 'cohort' THEN
    UPDATE content_versions SET version = version + 1
      WHERE community_id = (SELECT community_id FROM cohorts WHERE id = changed.cohort_id);
  ELSE
    UPDATE content_versions SET version = version + 1
      WHERE community_id = (SELECT community_id FROM academy_projects WHERE id = changed.project_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER content_versions_cohorts AFTER INSERT OR UPDATE OR DELETE ON cohorts
  FOR EACH ROW EXECUTE FUNCTION content_versions_bump('community');
CREATE TRIGGER content_versions_cohort_phases AFTER INSERT OR UPDATE OR DELETE ON cohort_phases
  FOR EACH ROW EXECUTE FUNCTION content_versions_bump('cohort');
CREATE TRIGGER content_versions_allocation_runs AFTER INSERT OR UPDATE OR DELETE ON allocation_runs
  FOR EACH ROW EXECUTE FUNCTION content_versions_bump('cohort');
CREATE TRIGGER content_versions_cohort_closures AFTER INSERT OR UPDATE OR DELETE ON cohort_closures
  FOR EACH ROW EXECUTE FUNCTION content_versions_bump('cohort');
CREATE TRIGGER content_versions_academy_projects AFTER INSERT OR UPDATE OR DELETE ON academy_projects
  FOR EACH ROW EXECUTE FUNCTION content_versions_bump('community');
CREATE TRIGGER content_versions_project_tags AFTER INSERT OR UPDATE OR DELETE ON project_tags
  FOR EACH ROW EXECUTE FUNCTION content_versions_bump('project');
CREATE TRIGGER content_versions_project_builders AFTER INSERT OR UPDATE OR DELETE ON project_builders
  FOR EACH ROW EXECUTE FUNCTION content_versions_bump('project');
CREATE TRIGGER content_versions_project_runners AFTER INSERT OR UPDATE OR DELETE ON project_runners
  FOR EACH ROW EXECUTE FUNCTION content_versions_bump('project');
CREATE TRIGGER content_versions_project_auditors AFTER INSERT OR UPDATE OR DELETE ON project_auditors
  FOR EACH ROW EXECUTE FUNCTION content_versions_bump('project');
CREATE TRIGGER content_versions_seat_offers AFTER INSERT OR UPDATE OR DELETE ON seat_offers
  FOR EACH ROW EXECUTE FUNCTION content_versions_bump('project');
CREATE FUNCTION content_versions_builder_profile() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE content_versions SET version = version + 1 WHERE community_id IN
    (SELECT p.community_id FROM project_builders b JOIN academy_projects p ON p.id = b.project_id
     WHERE b.user_id = NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER content_versions_builder_profile
  AFTER UPDATE OF display_name, bio, github_url, blog_url ON users
  FOR EACH ROW EXECUTE FUNCTION content_versions_builder_profile();
@END_IF@
