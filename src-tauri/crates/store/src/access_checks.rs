//! Runs of the access check over every organisation and the differences each found, for the
//! Access check screen, the dashboard's count and telling what is new since the run before.

use crate::cached::CachedSql;
use rusqlite::{params, Connection, OptionalExtension};

use crate::StoreError;

/// How many runs are kept; older ones go with their differences.
pub const RUNS_KEPT: i64 = 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRow {
    pub id: String,
    pub started_at: String,
    pub finished_at: String,
    /// The admin's name while the account exists, else their stored id; `None`: the daily check.
    pub started_by: Option<String>,
    pub organizations: i64,
    pub people: i64,
    pub differences: i64,
    pub new_differences: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DifferenceRow {
    pub organization_id: String,
    pub organization_name: String,
    pub user_id: Option<String>,
    pub who: String,
    pub email: String,
    /// `metabase`, `teams`, `slack`, `keycloak`.
    pub system: String,
    /// `missing`, `unexpected`, `disabled`.
    pub state: String,
    pub says: String,
}

impl DifferenceRow {
    /// What makes a difference the same one in another run.
    pub fn key(&self) -> (String, String, String, String) {
        (
            self.organization_id.clone(),
            self.email.to_lowercase(),
            self.system.clone(),
            self.state.clone(),
        )
    }
}

/// Records a finished run (its `id`, `differences` counted from its rows) and forgets the
/// runs beyond the [`RUNS_KEPT`] latest.
pub fn record_run(
    conn: &Connection,
    run: &RunRow,
    started_by_id: Option<&str>,
    differences: &[DifferenceRow],
) -> Result<(), StoreError> {
    conn.execute_cached(
        "INSERT INTO access_check_runs
           (id, started_at, finished_at, started_by, organizations, people, differences, new_differences)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            run.id,
            run.started_at,
            run.finished_at,
            started_by_id,
            run.organizations,
            run.people,
            run.differences,
            run.new_differences
        ],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO access_check_differences
           (run_id, organization_id, organization_name, user_id, who, email, system, state, says)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for d in differences {
        insert.execute(params![
            run.id,
            d.organization_id,
            d.organization_name,
            d.user_id,
            d.who,
            d.email,
            d.system,
            d.state,
            d.says
        ])?;
    }
    conn.execute_cached(
        "DELETE FROM access_check_runs WHERE id NOT IN
           (SELECT id FROM access_check_runs ORDER BY started_at DESC, id DESC LIMIT ?1)",
        [RUNS_KEPT],
    )?;
    Ok(())
}

/// The latest run, if any.
pub fn last_run(conn: &Connection) -> Result<Option<RunRow>, StoreError> {
    Ok(conn
        .query_row_cached(
            "SELECT r.id, r.started_at, r.finished_at,
                    CASE WHEN r.started_by IS NULL THEN NULL
                         WHEN u.id IS NULL THEN r.started_by
                         ELSE u.firstname || ' ' || u.lastname END,
                    r.organizations, r.people, r.differences, r.new_differences
               FROM access_check_runs r LEFT JOIN users u ON u.id = r.started_by
              ORDER BY r.started_at DESC, r.id DESC LIMIT 1",
            [],
            |r| {
                Ok(RunRow {
                    id: r.get(0)?,
                    started_at: r.get(1)?,
                    finished_at: r.get(2)?,
                    started_by: r.get(3)?,
                    organizations: r.get(4)?,
                    people: r.get(5)?,
                    differences: r.get(6)?,
                    new_differences: r.get(7)?,
                })
            },
        )
        .optional()?)
}

/// The differences a run found, by organisation, then person, then system.
pub fn differences_of(conn: &Connection, run_id: &str) -> Result<Vec<DifferenceRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT organization_id, organization_name, user_id, who, email, system, state, says
           FROM access_check_differences WHERE run_id = ?1
          ORDER BY organization_name, who, system",
    )?;
    let rows = statement.query_map([run_id], |r| {
        Ok(DifferenceRow {
            organization_id: r.get(0)?,
            organization_name: r.get(1)?,
            user_id: r.get(2)?,
            who: r.get(3)?,
            email: r.get(4)?,
            system: r.get(5)?,
            state: r.get(6)?,
            says: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The ids of the organisations a check of everything covers: every one not offboarded.
pub fn organizations_to_check(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut statement = conn
        .prepare_cached("SELECT id FROM organizations WHERE offboarded_at IS NULL ORDER BY name")?;
    let rows = statement.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// When the daily check runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub daily: bool,
    /// The hour of the day (UTC) from which it is due.
    pub hour_utc: u8,
}

impl Default for Schedule {
    fn default() -> Self {
        Self {
            daily: true,
            hour_utc: 6,
        }
    }
}

pub fn schedule(conn: &Connection) -> Result<Schedule, StoreError> {
    Ok(conn
        .query_row_cached(
            "SELECT daily, hour_utc FROM access_check_schedule WHERE id = 1",
            [],
            |r| {
                Ok(Schedule {
                    daily: r.get::<_, i64>(0)? == 1,
                    hour_utc: u8::try_from(r.get::<_, i64>(1)?).unwrap_or(6),
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub fn set_schedule(
    conn: &Connection,
    schedule: Schedule,
    updated_by: &str,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute_cached(
        "INSERT INTO access_check_schedule (id, daily, hour_utc, updated_by, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET daily = excluded.daily, hour_utc = excluded.hour_utc,
                                        updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        params![i64::from(schedule.daily), i64::from(schedule.hour_utc), updated_by, now],
    )?;
    Ok(())
}
