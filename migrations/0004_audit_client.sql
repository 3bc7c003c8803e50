-- Where an action came from: the workstation a desktop names and the address it called
-- from, when a HyOpps server serves a team. Empty for what was done on a desktop's own
-- database and for the engine's own steps.
ALTER TABLE audit_log ADD COLUMN client TEXT;
