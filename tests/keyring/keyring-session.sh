#!/usr/bin/env bash
# Runs a test inside a private D-Bus session with a real Secret Service: gnome-keyring-daemon with
# a fresh login keyring, unlocked, in a scratch home. Usage (under dbus-run-session):
#   keyring-session.sh TEST_BINARY [ARGS...]
# The keyring lives and dies with the scratch directory; the daemon ends with the session bus.
set -euo pipefail
SCRATCH="$(mktemp -d /tmp/rbc-keyring-XXXXXX)"
trap 'rm -rf "$SCRATCH"' EXIT
export XDG_DATA_HOME="$SCRATCH/data" XDG_CONFIG_HOME="$SCRATCH/config" XDG_CACHE_HOME="$SCRATCH/cache"
export XDG_RUNTIME_DIR="$SCRATCH/runtime"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# Creates the login keyring with this password and leaves it unlocked; the Secret Service then
# answers on the session bus.
printf 'rbc-test-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
