// In release builds on Windows, do not open a console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    // `hyopps import-v03 <file>` and friends run headless, before (and instead of) the window.
    if let Some(code) = hyopps_lib::cli::run(std::env::args_os().skip(1)) {
        return code;
    }
    hyopps_lib::run();
    ExitCode::SUCCESS
}
