-- 0002: indexes for the admin console's lists (organisations, users, audit log) at 100,000 rows.
--
-- Every list is paged in the order of one of these indexes, so a page is a walk of one index,
-- never a sort of the whole table. Searches are substring matches (LIKE '%text%': what an admin
-- expects, "widget" finds "Acme Widgets"); no B-tree can serve those, so the user indexes below
-- carry every searched column (last name, first name, email) and a search scans one compact
-- index instead of the table with its JSON columns and password hashes. At 100,000 rows such a
-- scan costs milliseconds (see the admin_lists benchmark).

-- Organisations sorted by creation time (by name uses the UNIQUE NOCASE index of 0001).
CREATE INDEX organizations_by_created ON organizations (created_at);

-- Users in list order (last name, first name, then the unique email so paging is stable),
-- covering the searched columns; one per filter the list offers. They replace the narrower
-- indexes of 0001, whose columns they start with.
DROP INDEX users_by_name;
DROP INDEX users_by_role;
DROP INDEX users_by_organization;
CREATE INDEX users_by_name ON users (lastname COLLATE NOCASE, firstname COLLATE NOCASE, email);
CREATE INDEX users_by_role_and_name
    ON users (app_role, lastname COLLATE NOCASE, firstname COLLATE NOCASE, email);
CREATE INDEX users_by_organization_and_name
    ON users (organization_id, lastname COLLATE NOCASE, firstname COLLATE NOCASE, email);

-- Studio ids are unique in any case: the duplicate check looks them up without regard to case.
CREATE INDEX studio_companies_by_studio_id_nocase ON studio_companies (studio_id COLLATE NOCASE);
CREATE INDEX user_studio_companies_by_studio_id_nocase
    ON user_studio_companies (studio_id COLLATE NOCASE);

-- The audit log filtered by action, or by target type alone, newest first (time, actor and
-- target type + id have theirs in 0001).
CREATE INDEX audit_log_by_action ON audit_log (action, at);
CREATE INDEX audit_log_by_target_type ON audit_log (target_type, at);
