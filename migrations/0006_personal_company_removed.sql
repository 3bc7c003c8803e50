-- Offboarding removes a leaver's personal Studio company but keeps the row (the history stays):
-- the date it was removed says it is gone, so offboarding again does not ask Studio twice, and
-- onboarding the person again records a new one.
ALTER TABLE user_studio_companies ADD COLUMN removed_at TEXT;
