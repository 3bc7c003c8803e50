-- Access the access check found in a system that HyOpps did not give, which an admin accepted
-- as it is: recorded as a grant like any other, with why (who is `granted_by`).
ALTER TABLE access_grants ADD COLUMN accepted_reason TEXT;
