//! Measures HyOpps's start-up and idle memory in a real window (under Xvfb):
//! the time from launch to an interactive sign-in screen, and the memory of the whole process
//! tree (the app and its WebKit processes) once idle. Run by `scripts/measure-startup.sh`.
//!
//! The launch time is taken from the WebDriver "new session" request, which starts the app, to
//! the moment the sign-in email field is displayed and enabled; it includes WebKitWebDriver's
//! own start, so it slightly overstates the app's.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hyopps_e2e::{AppWindow, Launch};

const RUNS: usize = 5;
const IDLE_SETTLE: Duration = Duration::from_secs(5);
/// The WebDriver plumbing shares the process group but is not part of the app.
const NOT_THE_APP: [&str; 2] = ["tauri-driver", "WebKitWebDriver"];

#[tokio::main]
async fn main() {
    let mut launch_ms = Vec::new();
    let mut phases = Vec::new();
    let mut memory = None;
    for run in 0..RUNS {
        let started = Instant::now();
        let launched_at = epoch_ms();
        let window = AppWindow::launch(Launch {
            scenario: "measure-startup",
            ..Launch::default()
        })
        .await;
        let email = window.wait_for("sign-in-email").await;
        assert!(
            email.is_enabled().await.unwrap_or(false),
            "the sign-in form is interactive"
        );
        launch_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        phases.push(Phases::read(&window, launched_at).await);
        if run == 0 {
            tokio::time::sleep(IDLE_SETTLE).await;
            memory = Some(tree_memory(window.process_group()));
        }
        window.close().await;
    }
    launch_ms.sort_by(f64::total_cmp);
    println!("launch to interactive sign-in screen over {RUNS} launches (ms):");
    println!(
        "  min {:.0}  median {:.0}  max {:.0}",
        launch_ms[0],
        launch_ms[RUNS / 2],
        launch_ms[RUNS - 1]
    );
    Phases::print(&phases);
    let (processes, rss_kib, pss_kib) = memory.expect("memory was measured");
    println!("idle memory after {IDLE_SETTLE:?} on the sign-in screen, whole process tree:");
    for (name, rss, pss) in &processes {
        println!(
            "  {name:<24} RSS {:>7.1} MiB  PSS {:>7.1} MiB",
            *rss as f64 / 1024.0,
            *pss as f64 / 1024.0
        );
    }
    println!(
        "  total                    RSS {:>7.1} MiB  PSS {:>7.1} MiB",
        rss_kib as f64 / 1024.0,
        pss_kib as f64 / 1024.0
    );
}

type ProcessMemory = (String, u64, u64);

/// RSS and PSS (KiB) of every process in the group but the WebDriver plumbing.
fn tree_memory(group: u32) -> (Vec<ProcessMemory>, u64, u64) {
    let mut processes = Vec::new();
    for entry in std::fs::read_dir("/proc")
        .expect("/proc is readable")
        .flatten()
    {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // Fields after the parenthesised name: state ppid pgrp ...
        let Some(after_name) = stat.rfind(')').map(|i| &stat[i + 2..]) else {
            continue;
        };
        let pgrp: u32 = after_name
            .split(' ')
            .nth(2)
            .and_then(|f| f.parse().ok())
            .unwrap_or(0);
        if pgrp != group {
            continue;
        }
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .unwrap_or_default()
            .trim()
            .to_string();
        if NOT_THE_APP
            .iter()
            .any(|skip| name.starts_with(&skip[..skip.len().min(15)]))
        {
            continue;
        }
        let rollup =
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let field = |key: &str| -> u64 {
            rollup
                .lines()
                .find(|line| line.starts_with(key))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        processes.push((format!("{name} ({pid})"), field("Rss:"), field("Pss:")));
    }
    let rss = processes.iter().map(|p| p.1).sum();
    let pss = processes.iter().map(|p| p.2).sum();
    (processes, rss, pss)
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs_f64() * 1000.0)
        .unwrap_or_default()
}

/// Where one launch's time went, from the page's own clock (the web process's time origin is on
/// the same wall clock as this process): until the page began loading (the app's process, GTK,
/// WebKit's processes), then until its first paint with content (the stylesheet, the wasm
/// compiled and run, the first screen drawn).
struct Phases {
    to_page: f64,
    to_first_paint: Option<f64>,
}

impl Phases {
    async fn read(window: &AppWindow, launched_at: f64) -> Self {
        let page = window
            .script_value(
                "const paint = performance.getEntriesByName('first-contentful-paint')[0];
                 return [performance.timeOrigin, paint ? paint.startTime : null];",
            )
            .await;
        let origin = page[0].as_f64().unwrap_or(launched_at);
        Self {
            to_page: origin - launched_at,
            to_first_paint: page[1].as_f64(),
        }
    }

    fn print(all: &[Self]) {
        let median = |mut values: Vec<f64>| -> String {
            if values.is_empty() {
                return "not reported".into();
            }
            values.sort_by(f64::total_cmp);
            format!("{:.0}", values[values.len() / 2])
        };
        println!(
            "  of which (medians, ms): launch → the page starts loading {}",
            median(all.iter().map(|p| p.to_page).collect())
        );
        println!(
            "    page start → first paint with content {}",
            median(all.iter().filter_map(|p| p.to_first_paint).collect())
        );
    }
}
