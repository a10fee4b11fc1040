-- The number of submitted applications choosing a project, kept on the
-- project row (academy room) in the same transaction as the application
-- that changes it (features/academy/applications.cpp, forms_import.cpp).
-- The catalog shows it on every card: counting the choices per card made the
-- page everyone opens during recruiting cost more with every applicant.
ALTER TABLE academy_projects ADD COLUMN applicants_count BIGINT NOT NULL DEFAULT 0;
UPDATE academy_projects SET applicants_count =
  (SELECT COUNT(*) FROM application_choices ac JOIN applications a ON a.id = ac.application_id
   WHERE ac.project_id = academy_projects.id AND a.status = 'submitted');
