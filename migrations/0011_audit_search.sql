-- The audit log's free-text search, indexed: an FTS5 table with the trigram tokenizer finds any
-- piece of three characters or more (what the search box does: a substring, any case) without
-- reading every entry. It holds no copy of the text (contentless), only the index; each entry
-- is indexed by the trigger in the same transaction that records it, under the entry's rowid:
-- its action, target, client and summary, and who did it (name and email as they were then,
-- so an entry is still found by the name of an account since renamed or deleted).
CREATE VIRTUAL TABLE audit_search USING fts5(
    text,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram'
);

INSERT INTO audit_search (rowid, text)
SELECT a.rowid,
       coalesce(a.action, '') || char(10) || coalesce(a.target_id, '') || char(10) ||
       coalesce(a.client, '') || char(10) || a.summary || char(10) ||
       coalesce(u.firstname || ' ' || u.lastname || char(10) || u.email, '')
  FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id;

CREATE TRIGGER audit_log_searchable AFTER INSERT ON audit_log BEGIN
    INSERT INTO audit_search (rowid, text)
    VALUES (new.rowid,
            coalesce(new.action, '') || char(10) || coalesce(new.target_id, '') || char(10) ||
            coalesce(new.client, '') || char(10) || new.summary || char(10) ||
            coalesce((SELECT firstname || ' ' || lastname || char(10) || email
                        FROM users WHERE id = new.actor_user_id), ''));
END;

CREATE TRIGGER audit_log_unsearchable AFTER DELETE ON audit_log BEGIN
    DELETE FROM audit_search WHERE rowid = old.rowid;
END;
