//! Engine scenarios on a real SQLite file, with a test workflow whose auto step calls a fake
//! remote system (find-or-create, like every real connector) and a clock the tests move.

mod cancel_and_races;
mod children;
mod concurrency;
mod definitions;
mod lifecycle;
mod recovery;
mod step_failures;
mod stored_keys;
mod support;
