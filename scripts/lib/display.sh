# Sourced by the scripts that open the app window without a desktop: starts a virtual display
# (Xvfb), a private session bus with an unlocked keyring, exports DISPLAY and DBUS_SESSION_BUS_ADDRESS, and stops both
# when the calling script exits.

start_headless_desktop() {
  local runtime_dir
  runtime_dir=$(mktemp -d "${TMPDIR:-/tmp}/hyopps-desktop.XXXXXX")
  # -displayfd picks a free display number and tells it; no clash with a desktop or another run.
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$runtime_dir/display" 2>"$runtime_dir/xvfb.log" &
  HYOPPS_XVFB_PID=$!
  local tries=0
  while [ ! -s "$runtime_dir/display" ]; do
    tries=$((tries + 1))
    if [ $tries -gt 100 ]; then
      echo "Xvfb did not start:" >&2
      cat "$runtime_dir/xvfb.log" >&2
      return 1
    fi
    sleep 0.1
  done
  export DISPLAY=":$(cat "$runtime_dir/display")"
  HYOPPS_DBUS_PID=$(dbus-daemon --session --fork --address="unix:path=$runtime_dir/bus" --print-pid=1)
  export DBUS_SESSION_BUS_ADDRESS="unix:path=$runtime_dir/bus"
  # The OS keychain the app keeps secrets in (Secret Service), unlocked, with its files in the
  # runtime directory so a run never touches the user's own keyring.
  XDG_DATA_HOME="$runtime_dir" XDG_RUNTIME_DIR="$runtime_dir" \
    gnome-keyring-daemon --unlock --components=secrets --foreground \
    < <(printf 'hyopps-e2e') >"$runtime_dir/keyring.log" 2>&1 &
  HYOPPS_KEYRING_PID=$!
  export NO_AT_BRIDGE=1
  HYOPPS_DESKTOP_DIR=$runtime_dir
  trap stop_headless_desktop EXIT
}

stop_headless_desktop() {
  [ -n "${HYOPPS_KEYRING_PID:-}" ] && kill "$HYOPPS_KEYRING_PID" 2>/dev/null || true
  [ -n "${HYOPPS_DBUS_PID:-}" ] && kill "$HYOPPS_DBUS_PID" 2>/dev/null || true
  [ -n "${HYOPPS_XVFB_PID:-}" ] && kill "$HYOPPS_XVFB_PID" 2>/dev/null || true
  [ -n "${HYOPPS_DESKTOP_DIR:-}" ] && rm -rf "$HYOPPS_DESKTOP_DIR"
  return 0
}
