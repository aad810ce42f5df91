# lib.sh — helpers for the shell tests (sourced). Each test prints
# "PASS name" or "FAIL name: why"; tests/run counts those lines.
set -u
BIN="${BIN:-build/san}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TMP=$(mktemp -d /tmp/kiosk-test.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# Debian's Python, whose packages (python3-jsonschema) make deps installs;
# not whichever python3 comes first on PATH (a pyenv one lacks them).
PY3=/usr/bin/python3; [ -x "$PY3" ] || PY3=python3

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# check NAME CONDITION-COMMAND... : PASS when the command succeeds; returns
# the command's success, so `check ... || cat log` shows a failure's details.
check() {
    local name="$1"; shift
    if "$@"; then pass "$name"; return 0; fi
    fail "$name" "$*"
    return 1
}

# kiosk_script DB SCRIPT-TEXT [extra kiosk args...]: runs the headless kiosk
# on a script given inline; output in $TMP/out, status in $RC.
kiosk_script() {
    local db="$1" text="$2"; shift 2
    printf '%s\n' "$text" > "$TMP/script.txt"
    "$BIN/kiosk" --headless --db "$db" --script "$TMP/script.txt" "$@" > "$TMP/out" 2>&1
    RC=$?
}

# json_field FILE KEY: values of a string/number key in one-object-per-line JSON.
json_field() {
    sed -n "s/.*\"$2\":\"\\{0,1\\}\\([^,\"}]*\\).*/\\1/p" "$1"
}
