-- The audit log's free-text search, indexed: an FTS5 table with the trigram tokenizer finds any
-- piece of three characters or more (what the search box does: a substring, any case) without
-- reading every entry. It holds no copy of the text (contentless), only the index; each entry
-- is indexed by the trigger in the same transaction that records it, under the entry's rowid.
CREATE VIRTUAL TABLE audit_search USING fts5(
    text,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram'
);

INSERT INTO audit_search (rowid, text)
SELECT rowid,
       coalesce(action, '') || char(10) || coalesce(target_id, '') || char(10) ||
       coalesce(client, '') || char(10) || summary
  FROM audit_log;

CREATE TRIGGER audit_log_searchable AFTER INSERT ON audit_log BEGIN
    INSERT INTO audit_search (rowid, text)
    VALUES (new.rowid,
            coalesce(new.action, '') || char(10) || coalesce(new.target_id, '') || char(10) ||
            coalesce(new.client, '') || char(10) || new.summary);
END;

CREATE TRIGGER audit_log_unsearchable AFTER DELETE ON audit_log BEGIN
    DELETE FROM audit_search WHERE rowid = old.rowid;
END;
