-- An execution started by another one (offboard_partner offboards each person in an execution
-- of their own): the parent waits for its children and shows them.
ALTER TABLE workflow_executions ADD COLUMN parent_execution_id TEXT;
CREATE INDEX workflow_executions_by_parent ON workflow_executions (parent_execution_id)
    WHERE parent_execution_id IS NOT NULL;

-- An organisation whose access was taken back is kept, for its history, and marked with when.
ALTER TABLE organizations ADD COLUMN offboarded_at TEXT;
