//! Timestamps as people read them: "5 min ago", "in 2 min", or the date once it is old.
//!
//! `now` is passed in (the screens read the browser's clock), so the wording is tested here.

use chrono::{DateTime, Utc};

/// `at` (RFC 3339, as the backend writes it) relative to `now`. Text that is not a timestamp
/// is shown as it came rather than hidden.
pub fn relative_time(at: &str, now: DateTime<Utc>) -> String {
    let Ok(at_time) = DateTime::parse_from_rfc3339(at) else {
        return at.to_owned();
    };
    let at_time = at_time.with_timezone(&Utc);
    let seconds = (now - at_time).num_seconds();
    let (ahead, seconds) = (seconds < 0, seconds.unsigned_abs());
    let phrase = |amount: u64, unit: &str| match ahead {
        true => format!("in {amount} {unit}"),
        false => format!("{amount} {unit} ago"),
    };
    match seconds {
        0..60 => match ahead {
            true => "in under a minute".to_owned(),
            false => "just now".to_owned(),
        },
        60..3_600 => phrase(seconds / 60, "min"),
        3_600..86_400 => phrase(seconds / 3_600, "h"),
        86_400..604_800 => phrase(seconds / 86_400, "d"),
        _ => at_time.format("%Y-%m-%d").to_string(),
    }
}

/// The moment in full, for a tooltip or a detail: "2025-11-25 16:40:00 UTC".
pub fn full_time(at: &str) -> String {
    match DateTime::parse_from_rfc3339(at) {
        Ok(at_time) => at_time
            .with_timezone(&Utc)
            .format("%Y-%m-%d %H:%M:%S UTC")
            .to_string(),
        Err(_) => at.to_owned(),
    }
}

/// Milliseconds since the epoch (what `Date.now()` gives) as a time.
pub fn from_millis(millis: f64) -> DateTime<Utc> {
    // Whole milliseconds are all a browser clock has.
    DateTime::from_timestamp_millis(millis as i64).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2025-11-25T16:40:00.000Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn recent_moments_read_relative() {
        assert_eq!(relative_time("2025-11-25T16:39:30.000Z", now()), "just now");
        assert_eq!(
            relative_time("2025-11-25T16:35:00.000Z", now()),
            "5 min ago"
        );
        assert_eq!(relative_time("2025-11-25T13:40:00.000Z", now()), "3 h ago");
        assert_eq!(relative_time("2025-11-23T16:40:00.000Z", now()), "2 d ago");
        assert_eq!(relative_time("2025-11-25T16:42:00.000Z", now()), "in 2 min");
    }

    #[test]
    fn old_moments_show_the_date_and_garbage_shows_as_is() {
        assert_eq!(
            relative_time("2025-10-01T08:00:00.000Z", now()),
            "2025-10-01"
        );
        assert_eq!(relative_time("yesterday", now()), "yesterday");
        assert_eq!(
            full_time("2025-11-25T16:40:00.000Z"),
            "2025-11-25 16:40:00 UTC"
        );
        assert_eq!(from_millis(1_764_088_800_000.0), now());
    }
}
