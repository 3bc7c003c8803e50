#!/usr/bin/env bash
# Installs whatever HyOpps needs to build, run and test that this machine lacks.
# Idempotent: every step checks first, so a warm machine passes through in seconds.
# These versions are known to build with the pinned rustc; newer ones need a newer compiler.
set -euo pipefail

source "$(dirname "$0")/lib/env.sh"

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
TAURI_DRIVER_VERSION=2.1.0

APT_PACKAGES=(
  build-essential pkg-config file libssl-dev
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  libsoup-3.0-dev libjavascriptcoregtk-4.1-dev libxdo-dev
  xvfb xauth webkit2gtk-driver chromium chromium-driver imagemagick xdotool x11-utils
  keyutils dbus gnome-keyring libdbus-1-dev procps
)


install_system_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "system packages: present"
    return
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "missing system packages: ${missing[*]}"
    say "this is not a Debian/Ubuntu machine: install the equivalents of the packages above"
    say "(WebKitGTK 4.1 + its WebDriver, GTK 3, librsvg, libayatana-appindicator, Xvfb, Chromium + chromedriver)"
    exit 1
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

cargo_has() { cargo install --list | grep -q "^$1 v$2:"; }

install_rust_tools() {
  if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
    say "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo_has trunk "$TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (about 5 minutes)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
  if ! cargo_has wasm-bindgen-cli "$WASM_BINDGEN_VERSION"; then
    # Not --locked: its lock file names a webpki-roots release the registry here lacks.
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if ! cargo_has tauri-driver "$TAURI_DRIVER_VERSION"; then
    say "installing tauri-driver $TAURI_DRIVER_VERSION"
    cargo install --locked tauri-driver --version "$TAURI_DRIVER_VERSION"
  fi
}

install_npm_tools() {
  # The Tauri CLI, PatternFly's CSS, PurgeCSS and binaryen's wasm-opt come from npm (package.json).
  if [ ! -x node_modules/.bin/tauri ] || [ ! -f node_modules/@patternfly/patternfly/patternfly.css ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm dev tools"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

install_system_packages
install_rust_tools
install_npm_tools
say "ready"
