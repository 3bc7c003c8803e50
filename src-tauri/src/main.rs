// In release builds on Windows, do not open a console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    hyopps_lib::run();
}
