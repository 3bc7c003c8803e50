//! The admin console's use cases (issue #3) through the app's public API, on a real SQLite file:
//! organisations and their Studio companies, groups and documentation links; users; the audit
//! log and the CSV exports; who may call them; and that a refused call writes nothing.

mod audit_log;
mod organizations;
mod studio_companies;
mod support;
mod users;
