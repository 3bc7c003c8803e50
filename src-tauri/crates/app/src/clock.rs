//! Where use cases get the time: the engine's clock, so one moved clock moves both in tests.

use chrono::{DateTime, Utc};

pub use hyopps_engine::{stamp, Clock, ManualClock, SystemClock};

pub(crate) fn parse_stamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}
