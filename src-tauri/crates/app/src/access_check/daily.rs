//! The daily check of everything: due once a day from the hour the schedule says (UTC), once a
//! system it asks is configured; the app and the server look every few minutes
//! ([`App::keep_checking_access_daily`]). Admins change the schedule on the Access check screen.

use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc};
use hyopps_contract::{AccessCheckRun, AccessCheckSchedule, AccessOverview};
use hyopps_store::access_checks::{self, Schedule};
use serde_json::json;

use crate::admin::record;
use crate::clock::{parse_stamp, stamp};
use crate::{Access, App, AppError, SessionToken};

/// How often the app looks whether the daily check is due.
pub const DAILY_CHECK_LOOK: Duration = Duration::from_secs(5 * 60);

/// The systems the check asks, by their Settings id.
const CHECKED_SETTINGS: [&str; 4] = ["metabase", "graph", "slack", "keycloak"];

/// Whether the daily check is due `now`: on, past today's hour, and not run since then.
pub(crate) fn is_due(
    now: DateTime<Utc>,
    schedule: Schedule,
    last_started: Option<DateTime<Utc>>,
) -> bool {
    if !schedule.daily {
        return false;
    }
    let Some(hour) = NaiveTime::from_hms_opt(u32::from(schedule.hour_utc), 0, 0) else {
        return false;
    };
    let todays_slot = now.date_naive().and_time(hour).and_utc();
    if now < todays_slot {
        return false;
    }
    last_started.is_none_or(|last| last < todays_slot)
}

impl App {
    /// The Access check screen.
    pub async fn access_overview(&self, token: &SessionToken) -> Result<AccessOverview, AppError> {
        let report = self.access_report(token).await?;
        let schedule = self.store.read(access_checks::schedule).await?;
        Ok(AccessOverview {
            report,
            schedule: AccessCheckSchedule {
                daily: schedule.daily,
                hour_utc: schedule.hour_utc,
            },
            systems_configured: self.checked_systems_configured().await?,
        })
    }

    /// Changes when the daily check runs (audited).
    pub async fn set_access_check_schedule(
        &self,
        token: &SessionToken,
        schedule: AccessCheckSchedule,
    ) -> Result<AccessOverview, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        if schedule.hour_utc > 23 {
            return Err(AppError::invalid(
                "hour_utc",
                "Choose an hour from 0 to 23 (UTC).",
            ));
        }
        let now = stamp(self.clock.now());
        let stored = Schedule {
            daily: schedule.daily,
            hour_utc: schedule.hour_utc,
        };
        self.store
            .write(move |tx| {
                access_checks::set_schedule(tx, stored, &actor.user_id, &now)?;
                let summary = json!({
                    "daily_check": if stored.daily { "on" } else { "off" },
                    "hour_utc": stored.hour_utc,
                });
                record(
                    tx,
                    &now,
                    &actor.user_id,
                    "access_check_scheduled",
                    ("access_check", "schedule"),
                    summary,
                )
            })
            .await?;
        self.access_overview(token).await
    }

    /// Runs the check of everything when it is due; `Some` with what it found when it ran.
    pub async fn daily_access_check(&self) -> Result<Option<AccessCheckRun>, AppError> {
        let (schedule, last) = self
            .store
            .read(|c| {
                let last = access_checks::last_run(c)?.map(|r| r.started_at);
                Ok::<_, AppError>((access_checks::schedule(c)?, last))
            })
            .await?;
        let last = last.as_deref().and_then(parse_stamp);
        if !is_due(self.clock.now(), schedule, last) || !self.checked_systems_configured().await? {
            return Ok(None);
        }
        self.run_access_check(None).await.map(Some)
    }

    /// Looks every `every` whether the daily check is due, and runs it; `found` hears of each
    /// run (the desktop app shows a notification when it found something new).
    pub async fn keep_checking_access_daily(
        &self,
        every: Duration,
        found: impl Fn(&AccessCheckRun),
    ) {
        loop {
            match self.daily_access_check().await {
                Ok(Some(run)) => found(&run),
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "the daily access check did not run"),
            }
            tokio::time::sleep(every).await;
        }
    }

    async fn checked_systems_configured(&self) -> Result<bool, AppError> {
        let effective = self.effective_settings().await?;
        Ok(CHECKED_SETTINGS
            .iter()
            .any(|id| effective.system(id).is_some_and(|s| s.is_configured())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        parse_stamp(text).unwrap()
    }

    #[test]
    fn the_daily_check_is_due_once_a_day_from_its_hour() {
        let six = Schedule {
            daily: true,
            hour_utc: 6,
        };
        let off = Schedule {
            daily: false,
            hour_utc: 6,
        };
        let table = [
            ("2026-12-06T05:59:00Z", six, None, false, "before the hour"),
            (
                "2026-12-06T06:00:00Z",
                six,
                None,
                true,
                "at the hour, never run",
            ),
            (
                "2026-12-06T09:00:00Z",
                six,
                Some("2026-12-05T06:01:00Z"),
                true,
                "last run yesterday",
            ),
            (
                "2026-12-06T09:00:00Z",
                six,
                Some("2026-12-06T06:01:00Z"),
                false,
                "already ran today",
            ),
            (
                "2026-12-06T09:00:00Z",
                six,
                Some("2026-12-06T05:00:00Z"),
                true,
                "an admin's run before the hour does not count",
            ),
            ("2026-12-06T09:00:00Z", off, None, false, "switched off"),
        ];
        for (now, schedule, last, due, why) in table {
            assert_eq!(is_due(at(now), schedule, last.map(at)), due, "{why}");
        }
    }
}
