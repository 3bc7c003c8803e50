use thiserror::Error;

/// What went wrong in the database layer. Messages name the file or pragma, never row contents.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("could not open the database at {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("could not make the database at {path} private to this account: {source}")]
    Permissions {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the database setting {pragma} did not take: expected {expected}, got {actual}")]
    PragmaNotApplied {
        pragma: &'static str,
        expected: String,
        actual: String,
    },
    #[error("could not migrate the database: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored JSON is malformed: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the database worker stopped: {0}")]
    WorkerGone(String),
}
