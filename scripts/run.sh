#!/usr/bin/env bash
# Starts HyOpps in development mode: the UI served by trunk with live reload, the app window on it.
# Expects scripts/setup.sh to have run.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  say "no display: starting a virtual one (Xvfb); the window is not visible on this machine"
  source scripts/lib/display.sh
  start_headless_desktop
fi
exec tauri dev
