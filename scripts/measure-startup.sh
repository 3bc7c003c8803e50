#!/usr/bin/env bash
# Builds the release app and its .deb, then measures, under Xvfb: the time from launch to an
# interactive sign-in screen and the idle memory of the whole process tree (app + WebKit).
# Also prints the release binary, .deb and wasm sizes. Expects scripts/setup.sh to have run.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"

say "release build with the .deb bundle"
tauri build --bundles deb

binary=target/release/hyopps
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
wasm=$(ls ui/dist/*.wasm | head -1)
say "sizes"
printf '  %-28s %8.1f MiB\n' "release binary" "$(stat -c %s "$binary" | awk '{print $1/1048576}')"
printf '  %-28s %8.1f MiB\n' "$(basename "$deb")" "$(stat -c %s "$deb" | awk '{print $1/1048576}')"
printf '  %-28s %8.0f KiB (gzipped %.0f KiB)\n' "UI wasm" \
  "$(stat -c %s "$wasm" | awk '{print $1/1024}')" "$(gzip -9c "$wasm" | wc -c | awk '{print $1/1024}')"

source scripts/lib/display.sh
start_headless_desktop
say "start-up and idle memory"
cargo build --release -p hyopps-e2e --bin measure-startup
HYOPPS_E2E_APP="$PWD/$binary" HYOPPS_E2E_SCREENSHOTS="$PWD/target/measure-screenshots" \
  target/release/measure-startup
