#!/usr/bin/env bash
# The console on a fresh sandbox, under Xvfb, with Qt's AT-SPI bridge on a private D-Bus session:
# tests/a11y/drive_console.py finds and presses its controls through the accessibility bus and
# reads the outcome from the screen's labels. Usage: a11y-check.sh CONSOLE_BINARY
set -euo pipefail
CONSOLE="$1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d /tmp/rbc-a11y-XXXXXX)"
chmod 755 "$WORK"
console_pid=""
cleanup() {
  if [ -n "$console_pid" ]; then kill "$console_pid" 2>/dev/null || true; wait "$console_pid" 2>/dev/null || true; fi
  "$CONSOLE" sandbox down --dir "$WORK/sb" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
INVENTORY="$("$CONSOLE" sandbox up --dir "$WORK/sb" --scale 0.01 2>/dev/null)"
cat > "$WORK/a11y.yaml" <<'YAML'
runbook: Accessibility check
requires: {nodes: [db1]}
phases:
  - name: One
    steps:
      - {id: first, sql: SELECT 1, on: db1}
      - {id: second, sql: SELECT 2, on: db1}
YAML
# On a real X display libxkbcommon-x11 strndup()s a length-bounded, unterminated buffer: valid C,
# but AddressSanitizer's strict_string_checks reads on to the terminator and reports it. That
# check stays on for every other test.
if [ -n "${ASAN_OPTIONS:-}" ]; then export ASAN_OPTIONS="${ASAN_OPTIONS//strict_string_checks=1/strict_string_checks=0}"; fi
export QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_ACCESSIBILITY=1 NO_AT_BRIDGE=0
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" XDG_RUNTIME_DIR="$WORK/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
"$CONSOLE" "$WORK/a11y.yaml" --inventory "$INVENTORY" --journal "$WORK/journal.sqlite" >"$WORK/console.log" 2>&1 &
console_pid=$!
status=0
/usr/bin/python3 "$HERE/drive_console.py" || status=$?
if [ "$status" -ne 0 ]; then tail -60 "$WORK/console.log" >&2; fi
exit "$status"
