#!/usr/bin/env bash
# Runs every test layer, in the order that fails fastest: formatting and lints; the core crates',
# the IPC and the UI's native tests; the UI's component tests in headless Chromium; the built app
# in a real window under Xvfb, driven through WebDriver. Expects scripts/setup.sh to have run.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
# One full build, nothing to rebuild from: incremental caches would only double the disk it needs.
export CARGO_INCREMENTAL=0
# No debug information in our own crates either (dependencies have none, see Cargo.toml): a
# one-shot run reads assertion messages, which carry their file and line anyway, and every test
# binary is much smaller. A fresh CI machine's disk is the limit of this run.
export CARGO_PROFILE_DEV_DEBUG=false
say "disk before the tests: $(df -h --output=avail . | tail -1 | tr -d ' ') free"

# Lints leave metadata-only builds of every crate that the test build does not use: dropped
# once the lints have passed.
drop_lint_metadata() {
  local rmeta
  for rmeta in target/*/deps/*.rmeta target/*/*/deps/*.rmeta; do
    [ -e "${rmeta%.rmeta}.rlib" ] || rm -f "$rmeta"
  done
}

results=$(mktemp)
trap 'rm -f "$results"' EXIT
# Runs a test command, shows its output and keeps its "test result" lines for the final tally.
run_tests() {
  "$@" 2>&1 | tee -a "$results"
  return "${PIPESTATUS[0]}"
}

say "formatting"
cargo fmt --all -- --check

say "lints (native and wasm)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p hyopps-ui --target wasm32-unknown-unknown --locked -- -D warnings
drop_lint_metadata

say "building the UI"
(cd ui && trunk build)

say "unit, store, use-case, IPC and native UI tests"
run_tests cargo test --workspace --locked --features hyopps/custom-protocol

# The test binaries have run; only the libraries are built on. The end-to-end stage relinks
# the one binary it needs.
find target/debug/deps -maxdepth 1 -type f -perm -u+x ! -name '*.*' -delete
say "disk after the native tests: $(df -h --output=avail . | tail -1 | tr -d ' ') free"

say "UI components in headless Chromium"
mkdir -p target/tmp
# Chromium leaves profile folders in TMPDIR: keep them inside target/.
TMPDIR="$PWD/target/tmp" run_tests cargo test -p hyopps-ui --target wasm32-unknown-unknown --locked
rm -rf target/tmp

say "end to end in the app window"
# The UI is built into ui/dist: its wasm build folder is not needed any more.
rm -rf target/wasm32-unknown-unknown
# The team's scenario runs the hyopps-server that the native tests built beside the app.
cargo build --locked --features custom-protocol
source scripts/lib/display.sh
start_headless_desktop
export HYOPPS_E2E_SCREENSHOTS="$PWD/target/e2e-screenshots"
HYOPPS_E2E_APP="$PWD/target/debug/hyopps" \
  run_tests cargo test -p hyopps-e2e --test e2e --locked -- --ignored --test-threads=1 --nocapture
say "screenshots: $HYOPPS_E2E_SCREENSHOTS"

passed=$(grep -Eo '[0-9]+ passed' "$results" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$results" | awk '{s+=$1} END {print s+0}')
echo "all layers: $passed passed, $failed failed"
say "disk after the tests: $(df -h --output=avail . | tail -1 | tr -d ' ') free, target/ $(du -sh target | cut -f1)"
