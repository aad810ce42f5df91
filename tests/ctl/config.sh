#!/usr/bin/env bash
# A bad --config is named by both programs, kiosk and kioskctl, with exit
# status 2, before anything else happens: a directory (once taken for an
# empty file, the kiosk then ran on a new, empty var/kiosk.db), a file that
# cannot be read (the system's reason), a line too long for the INI reader
# (at its own line number).
source "$(dirname "$0")/../lib.sh"
K="$ROOT/$BIN/kioskctl"
KIOSK="$ROOT/$BIN/kiosk"
mkdir -p "$TMP/conf.d" "$TMP/cwd"
printf 'wait 16\n' > "$TMP/script.txt"

# both NAME CONFIG PATTERN: kiosk and kioskctl refuse CONFIG with exit 2,
# the message matching PATTERN, and create no database in their directory.
both() {
    local name="$1" conf="$2" pattern="$3" ok=1
    (cd "$TMP/cwd" && "$KIOSK" --headless --config "$conf" --script "$TMP/script.txt") \
        >"$TMP/out" 2>"$TMP/err"
    local rc=$?
    if [ "$rc" -ne 2 ] || ! grep -q "^kiosk: $pattern" "$TMP/err"; then
        echo "    kiosk: exit $rc: $(head -c 300 "$TMP/err")"; ok=0
    fi
    (cd "$TMP/cwd" && "$K" --config "$conf" orders) >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ "$rc" -ne 2 ] || ! grep -q "^kioskctl: $pattern" "$TMP/err"; then
        echo "    kioskctl: exit $rc: $(head -c 300 "$TMP/err")"; ok=0
    fi
    if [ -e "$TMP/cwd/var" ]; then
        echo "    a database was created: $(ls -R "$TMP/cwd/var")"; ok=0
    fi
    check "$name" test "$ok" -eq 1
}

both config_directory_is_refused "$TMP/conf.d" \
    "$TMP/conf.d: is a directory; expected a configuration file"
both config_missing_says_why "$TMP/none.conf" \
    "$TMP/none.conf: cannot open the configuration file: No such file or directory"
printf '[kiosk]\n' > "$TMP/plain.conf"
both config_unreadable_says_why "$TMP/plain.conf/kiosk.conf" \
    "$TMP/plain.conf/kiosk.conf: cannot open the configuration file: Not a directory"
# Permission denied, as another user when the tests run as root (root
# reads every file): the directory of the test is 0700.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
    setpriv --reuid=65534 --regid=65534 --clear-groups "$K" --config "$TMP/plain.conf" orders \
        >"$TMP/out" 2>"$TMP/err"
    rc=$?
    check config_unreadable_says_permission_denied bash -c "[ $rc -eq 2 ] &&
        grep -q 'plain.conf: cannot open the configuration file: Permission denied' '$TMP/err'" ||
        cat "$TMP/err"
elif [ "$(id -u)" -ne 0 ]; then
    printf '[kiosk]\n' > "$TMP/secret.conf"
    chmod 0 "$TMP/secret.conf"
    both config_unreadable_says_permission_denied "$TMP/secret.conf" \
        "$TMP/secret.conf: cannot open the configuration file: Permission denied"
fi
long=$(printf 'a%.0s' $(seq 1 300))
printf '[kiosk]\nlocale = fr_FR\n; the boutique\ndata_dir = /%s\ntheme = nuit\n' "$long" > "$TMP/long.conf"
both config_overlong_line_is_named_at_its_line "$TMP/long.conf" \
    "$TMP/long.conf:4: line too long: a line holds at most 199 bytes"
