# resting.sh — a counter that cannot record an order does not take one: on
# a database it cannot write (an immutable file: as root, file modes do not
# stop a write; chattr +i does, as a read-only mount would) or whose quick
# check finds a damaged page (one page overwritten with dd), the kiosk
# shows its resting screen from the start instead of the customer flow;
# a touch does nothing, the long press on the wordmark still opens staff
# mode. A write that fails later (the database locked by another process
# beyond the busy timeout) sends it to rest too, and it serves again once
# a write goes through. kioskctl health reports the same, exit 1.
# Before, the customer went through the whole flow and was told at the end
# that the order could not be recorded.
source "$(dirname "$0")/../lib.sh"
IMMUTABLE=()
trap '[ ${#IMMUTABLE[@]} -gt 0 ] && chattr -i "${IMMUTABLE[@]}" 2>/dev/null; rm -rf "$TMP"' EXIT
K="$BIN/kioskctl"
# The 200 demo orders have no production files: the writer would draw them
# all before each run ends (minutes under sanitizers). Its directory is
# made impossible here (a file's child), so that it fails fast, and says so.
: > "$TMP/nowhere"
printf '[kiosk]\njobs_dir = %s/nowhere/jobs\n' "$TMP" > "$TMP/kiosk.conf"
kiosk_script() {
    local db="$1" text="$2"; shift 2
    printf '%s\n' "$text" > "$TMP/script.txt"
    "$BIN/kiosk" --config "$TMP/kiosk.conf" --headless --db "$db" --script "$TMP/script.txt" "$@" > "$TMP/out" 2>&1
    RC=$?
}

# read_only FILE: makes FILE impossible to write for the kiosk, for real.
read_only() {
    if chattr +i "$1" 2>/dev/null; then IMMUTABLE+=("$1"); return 0; fi
    if [ "$(id -u)" -ne 0 ]; then chmod 0444 "$1"; return 0; fi
    return 1
}

"$K" --db "$TMP/good.db" init >/dev/null
"$K" --db "$TMP/good.db" demo-orders 200 >/dev/null
echo 246813 | "$K" --db "$TMP/good.db" staff add Camille >/dev/null
sqlite3 "$TMP/good.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

# A healthy database serves, and says so.
"$K" --db "$TMP/good.db" health --json > "$TMP/good.json"; rc=$?
check health_of_a_good_database bash -c "[ $rc -eq 0 ] &&
    grep -q '\"serving\":true,\"writable\":true,\"write_error\":null,\"intact\":true,\"integrity\":\"ok\",\"schema_version\":[0-9]*,\"schema_expected\":[0-9]*,\"pending\":200}' '$TMP/good.json'" ||
    cat "$TMP/good.json"

REST=$'expect-screen resting\nexpect resting\ntap 540 1600\ntap 540 1000\nexpect-screen resting'
# Read-only: a copy made immutable.
cp "$TMP/good.db" "$TMP/ro.db"
if read_only "$TMP/ro.db"; then
    kiosk_script "$TMP/ro.db" "$REST
shot resting
hold staff 2100
expect-screen staff-pin
press pin:2
press pin:4
press pin:6
press pin:8
press pin:1
press pin:3
press pin:ok
expect-screen staff-today" --shots "$TMP/shots" --trace "$TMP/ro.jsonl"
    check read_only_database_rests_and_staff_still_enter test "$RC" -eq 0 || cat "$TMP/out"
    check resting_screen_says_so grep -q '"widget":"resting","text":"This counter is resting"' "$TMP/ro.jsonl"
    check resting_is_logged_with_the_reason grep -q 'kiosk: the database cannot be written (.*read-only' "$TMP/out"
    "$K" --db "$TMP/ro.db" health --json > "$TMP/ro.json"; rc=$?
    check health_of_a_read_only_database bash -c "[ $rc -eq 1 ] &&
        grep -q '\"serving\":false,\"writable\":false,\"write_error\":\"[^\"]*read-only[^\"]*\",\"intact\":true' '$TMP/ro.json'" ||
        cat "$TMP/ro.json"
    "$K" --db "$TMP/ro.db" health > "$TMP/ro.txt"; rc=$?
    check health_text_says_not_serving bash -c "[ $rc -eq 1 ] && grep -q '^Writable:   no (' '$TMP/ro.txt' &&
        grep -q '^Serving:    no' '$TMP/ro.txt'" || cat "$TMP/ro.txt"
else
    fail read_only_database_rests "cannot make a file read-only here (root without chattr)"
fi

# A damaged page of the orders table (a leaf in the middle of the file).
cp "$TMP/good.db" "$TMP/bad.db"
page=$(sqlite3 "$TMP/good.db" "SELECT pageno FROM dbstat WHERE name = 'orders' AND pagetype = 'leaf' LIMIT 1 OFFSET 2")
dd if=/dev/urandom of="$TMP/bad.db" bs=4096 seek=$((page - 1)) count=1 conv=notrunc 2>/dev/null
kiosk_script "$TMP/bad.db" "$REST" --locale fr_FR --shots "$TMP/shots" --trace "$TMP/bad.jsonl"
check damaged_database_rests test "$RC" -eq 0 || cat "$TMP/out"
check resting_screen_speaks_french grep -q '"widget":"resting","text":"Ce comptoir se repose"' "$TMP/bad.jsonl"
check damage_is_logged grep -q "kiosk: the database is damaged (.*Page $page" "$TMP/out"
"$K" --db "$TMP/bad.db" health --json > "$TMP/bad.json"; rc=$?
check health_of_a_damaged_database bash -c "[ $rc -eq 1 ] &&
    grep -q '\"serving\":false,\"writable\":true,.*\"intact\":false,\"integrity\":\"[^\"]*Page $page' '$TMP/bad.json'" ||
    cat "$TMP/bad.json"

# A write that fails while serving: another process holds the write lock
# from the moment the customer reaches Review until the kiosk rests; the
# confirmation fails after the busy timeout, the kiosk looks again (still
# locked) and rests; a minute later a write goes through and it serves.
cp "$TMP/good.db" "$TMP/busy.db"
: > "$TMP/busy.jsonl"
mkfifo "$TMP/sql"
sqlite3 "$TMP/busy.db" < "$TMP/sql" > /dev/null &
holder=$!
(
    exec 9> "$TMP/sql"
    for _ in $(seq 1 1500); do grep -q '"widget":"confirm"' "$TMP/busy.jsonl" && break; sleep 0.02; done
    echo 'BEGIN IMMEDIATE;' >&9
    for _ in $(seq 1 1500); do grep -q '"widget":"resting"' "$TMP/busy.jsonl" && break; sleep 0.02; done
    echo 'ROLLBACK;' >&9
) &
holder=$!
kiosk_script "$TMP/busy.db" "press start
press charm:heart
press next
press finish:platinum
press next
type Lou
press next
expect-screen review
wait 3000
press confirm
expect-screen resting
wait 61000
wait 2000
expect-screen attract" --trace "$TMP/busy.jsonl"
wait
check failed_write_rests_then_serves_again test "$RC" -eq 0 || cat "$TMP/out"
check failed_write_is_logged bash -c "grep -q 'kiosk: the database cannot be written (database is locked)' '$TMP/out' &&
    grep -q 'kiosk: the database takes writes again: the counter serves' '$TMP/out'" || cat "$TMP/out"
check no_order_recorded_while_locked test "$(sqlite3 "$TMP/busy.db" "SELECT count(*) FROM orders")" = 200
[ -n "${KEEP_SHOTS:-}" ] && cp "$TMP"/shots/*.png "$KEEP_SHOTS"/ 2>/dev/null
true
