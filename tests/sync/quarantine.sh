#!/usr/bin/env bash
# quarantine.sh — one bad upstream change never blocks the others, against
# the real test upstream: a page holding a catalogue the import refuses, an
# appointment with "party": 2 and a lease larger than its edition, before
# good appointments and a good lease, is applied but for those three, which
# are set aside with their reasons (kioskctl sync-status, --json), reported
# upstream (POST /v1/quarantine, recorded by the test upstream) and the
# cursor moves on. Appointments that overlap in time on one station are
# never both placed, and a local booking over one is refused; one off the
# slot grid is kept not placed. A wrong clock and a wrong secret are told
# apart in the sync status.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/lib.sh"
K="$BIN/kioskctl"
DB="$TMP/kiosk.db"
CONF="$TMP/kiosk.conf"

sync_now() {
    "$K" --config "$CONF" sync-now >"$TMP/now.out" 2>"$TMP/now.err"
}
q() { sqlite3 "$1" "PRAGMA busy_timeout=5000; $2" | tail -n 1; }

new_kiosk "$DB" 5 || { fail quarantine_setup "kioskctl init failed"; exit 1; }

# 1. Bad items first in the page, good ones after.
start_upstream up --bad-catalogue --bad-appointment --bad-lease --lease-size 5 \
    --appointments 3 --appointments-start 7200 || exit 1
write_conf "$CONF" "http://127.0.0.1:$UP_PORT/" "db = $DB"
sync_now
rc=$?
currency=$(q "$DB" "SELECT value FROM settings WHERE key = 'currency'")
if [ "$rc" -eq 0 ] &&
   [ "$(q "$DB" "SELECT count(*) FROM appointments WHERE upstream_id LIKE 'appt-_'
                 AND status = 'booked'")" = 3 ] &&
   [ "$(q "$DB" "SELECT count(*) FROM appointments WHERE upstream_id = 'appt-bad'")" = 0 ] &&
   [ "$(q "$DB" "SELECT count(*) FROM edition_leases")" = 1 ] &&
   [ "$(q "$DB" "SELECT cursor FROM sync_state")" = "$(q "$TMP/up.db" "SELECT max(seq) FROM changes")" ] &&
   [ "$currency" = EUR ]; then
    pass bad_items_do_not_block_the_rest_of_the_page
else
    fail bad_items_do_not_block_the_rest_of_the_page \
        "rc $rc, currency $currency: $(cat "$TMP/now.out" "$TMP/now.err"; sqlite3 "$DB" \
        "SELECT upstream_id, status FROM appointments; SELECT * FROM sync_state;")"
fi
# The bad lease was followed in the same page by this kiosk's good lease for
# the same edition (--lease-size restates it): kept, but resolved.
if [ "$(q "$DB" "SELECT count(*) FROM sync_quarantine WHERE resolved_at IS NULL")" = 2 ] &&
   [ "$(q "$DB" "SELECT count(*) FROM sync_quarantine WHERE kind = 'appointment'
                 AND item_key = 'appt-bad' AND reason LIKE '%appointments[0].party%'
                 AND payload IS NULL")" = 1 ] &&
   [ "$(q "$DB" "SELECT count(*) FROM sync_quarantine WHERE kind = 'edition'
                 AND item_key = 'oval' AND reason LIKE '%editions[0].leases%'
                 AND resolved_at IS NOT NULL AND payload LIKE '%9999%'")" = 1 ] &&
   [ "$(q "$DB" "SELECT count(*) FROM sync_quarantine WHERE kind = 'catalogue'
                 AND reason LIKE '%upstream catalogue: currency%'")" = 1 ]; then
    pass refused_items_are_kept_with_their_reason
else
    fail refused_items_are_kept_with_their_reason "$(sqlite3 "$DB" "SELECT * FROM sync_quarantine")"
fi
if grep -a -q -e 'Honorine' "$DB" "$DB-wal" 2>/dev/null; then
    fail refused_appointment_leaves_no_personal_trace "a name in the raw database files"
else
    pass refused_appointment_leaves_no_personal_trace
fi
"$K" --config "$CONF" sync-status >"$TMP/status.txt" 2>&1
"$K" --config "$CONF" sync-status --json >"$TMP/status.json" 2>&1
if grep -q 'Set aside:     2 upstream changes refused (0 not yet reported upstream)' "$TMP/status.txt" &&
   grep -q 'appointment appt-bad (cursor [0-9]*), .*, reported: upstream changes: appointments\[0\].party' "$TMP/status.txt" &&
   grep -q '"quarantined":2,"quarantine_unreported":0,"quarantine":\[' "$TMP/status.json" &&
   grep -q '"kind":"catalogue","key":"","index":0' "$TMP/status.json" &&
   grep -q '"reported_at":"20' "$TMP/status.json"; then
    pass sync_status_lists_refused_changes
else
    fail sync_status_lists_refused_changes "$(cat "$TMP/status.txt" "$TMP/status.json")"
fi
# The upstream was told, once each, by this kiosk.
if [ "$(q "$TMP/up.db" "SELECT count(*) FROM quarantine WHERE kiosk_id = 'paris-01'")" = 3 ] &&
   [ "$(q "$TMP/up.db" "SELECT count(*) FROM quarantine WHERE kind = 'appointment'
                        AND item_key = 'appt-bad' AND reason LIKE '%party%'")" = 1 ] &&
   [ "$(q "$TMP/up.db" "SELECT count(*) FROM quarantine WHERE kind = 'catalogue'")" = 1 ]; then
    pass refused_changes_are_reported_upstream
else
    fail refused_changes_are_reported_upstream "$(sqlite3 "$TMP/up.db" "SELECT * FROM quarantine")"
fi
# Staff read it in words on the sync line, red, in English and in French.
echo 246813 | "$K" --db "$DB" staff add Camille >/dev/null 2>&1
printf '%s\n' "hold staff 2100" "press pin:2" "press pin:4" "press pin:6" "press pin:8" \
    "press pin:1" "press pin:3" "press pin:ok" "wait 300" "expect sync-status" >"$TMP/staff.txt"
"$BIN/kiosk" --headless --db "$DB" --script "$TMP/staff.txt" --trace "$TMP/en.jsonl" >"$TMP/kiosk.out" 2>&1
"$BIN/kiosk" --headless --db "$DB" --script "$TMP/staff.txt" --locale fr_FR \
    --trace "$TMP/fr.jsonl" >>"$TMP/kiosk.out" 2>&1
if grep '"widget":"sync-status"' "$TMP/en.jsonl" | tail -n 1 |
       grep -q '1 online booking unreadable, set aside; new catalogue refused, current one kept; the brand has been told","rect":\[[0-9,]*\],"color":"#9E3B2F"' &&
   grep '"widget":"sync-status"' "$TMP/fr.jsonl" | tail -n 1 |
       grep -q '1 réservation en ligne illisible, mise de côté ; nouveau catalogue refusé'; then
    pass staff_sync_line_says_what_was_set_aside
else
    fail staff_sync_line_says_what_was_set_aside "$(grep '"sync-status"' "$TMP/en.jsonl" "$TMP/fr.jsonl" | tail -n 2; cat "$TMP/kiosk.out")"
fi
# Nothing new: the next pass neither refuses nor reports anything again.
sync_now
if [ "$(q "$DB" "SELECT count(*) FROM sync_quarantine")" = 3 ] &&
   [ "$(q "$TMP/up.db" "SELECT count(*) FROM quarantine")" = 3 ]; then
    pass refused_changes_reported_once
else
    fail refused_changes_reported_once "$(sqlite3 "$DB" "SELECT * FROM sync_quarantine")"
fi
stop "$UP_PID"

# 2. Overlaps: 11:00 for 90 minutes, then every 15 minutes, one station.
DB2="$TMP/overlap.db"
CONF2="$TMP/overlap.conf"
new_kiosk "$DB2" 0 || exit 1
start_upstream over --appointments 3 --appointments-start 7200 --appointments-every 900 \
    --appointments-minutes 90 || exit 1
write_conf "$CONF2" "http://127.0.0.1:$UP_PORT/" "db = $DB2" "stations = 1"
"$K" --config "$CONF2" sync-now >"$TMP/over.out" 2>&1
placed=$(q "$DB2" "SELECT group_concat(upstream_id || ':' || status || ':' || coalesce(station, '-'), ' ')
                   FROM (SELECT * FROM appointments ORDER BY upstream_id)")
if [ "$placed" = "appt-1:booked:1 appt-2:waiting:- appt-3:waiting:-" ]; then
    pass overlapping_appointments_never_share_a_station
else
    fail overlapping_appointments_never_share_a_station "$placed $(cat "$TMP/over.out")"
fi
# A local booking inside appt-1's 90 minutes (45 minutes in, when no
# other appointment starts) is refused too.
slot=$(q "$DB2" "SELECT strftime('%Y-%m-%d %H:%M', slot_at + 2700, 'unixepoch', 'localtime')
                 FROM appointments WHERE upstream_id = 'appt-1'")
if "$K" --config "$CONF2" book --name "Séverine Aubriot" --contact s@example.org \
       --slot "$slot" >"$TMP/book.out" 2>&1; then
    fail local_booking_refused_over_an_upstream_appointment "booked: $(cat "$TMP/book.out")"
else
    pass local_booking_refused_over_an_upstream_appointment
fi
stop "$UP_PID"

# 3. Off the grid: 12 appointments 5 minutes apart with hourly slots; only
# the one on the hour is placed, the others are kept not placed, sealed.
DB3="$TMP/grid.db"
CONF3="$TMP/grid.conf"
new_kiosk "$DB3" 0 || exit 1
start_upstream grid --appointments 12 --appointments-start 7200 --appointments-every 300 \
    --appointments-minutes 5 || exit 1
write_conf "$CONF3" "http://127.0.0.1:$UP_PORT/" "db = $DB3" "stations = 1"
sed -i 's/^slot_minutes = 5$/slot_minutes = 60/' "$CONF3"
"$K" --config "$CONF3" sync-now >"$TMP/grid.out" 2>&1
if [ "$(q "$DB3" "SELECT count(*) FROM appointments WHERE status = 'booked'")" = 1 ] &&
   [ "$(q "$DB3" "SELECT count(*) FROM appointments WHERE status = 'not-placed'
                  AND not_placed_reason = 'off-grid' AND name_enc IS NOT NULL")" = 11 ] &&
   "$K" --config "$CONF3" sync-status --json | grep -q '"appointments_not_placed":11'; then
    pass appointment_off_the_grid_is_kept_not_placed
else
    fail appointment_off_the_grid_is_kept_not_placed "$(sqlite3 "$DB3" \
        "SELECT upstream_id, slot_start, status, not_placed_reason FROM appointments")"
fi
day=$(q "$DB3" "SELECT substr(slot_start, 1, 10) FROM appointments WHERE status = 'not-placed'")
if "$K" --config "$CONF3" appointments --date "$day" --json 2>&1 |
       grep '"status":"not-placed"' | grep -q '"acknowledged_at":null,"not_placed_reason":"off-grid"'; then
    pass appointments_listing_says_why_not_placed
else
    fail appointments_listing_says_why_not_placed \
        "$("$K" --config "$CONF3" appointments --date "$day" --json 2>&1 | head -c 600)"
fi
stop "$UP_PID"

# 4. A wrong clock and a wrong secret: different words in the sync status.
start_upstream clock --clock-offset 600 || exit 1
write_conf "$CONF" "http://127.0.0.1:$UP_PORT/" "db = $DB"
"$K" --config "$CONF" sync-now >/dev/null 2>&1
clock_err=$(q "$DB" "SELECT last_error FROM sync_state")
stop "$UP_PID"
openssl rand -hex 32 >"$TMP/other-secret"; chmod 600 "$TMP/other-secret"
UP_SECRET="$TMP/other-secret" start_upstream secret || exit 1
write_conf "$CONF" "http://127.0.0.1:$UP_PORT/" "db = $DB"
"$K" --config "$CONF" sync-now >/dev/null 2>&1
secret_err=$(q "$DB" "SELECT last_error FROM sync_state")
stop "$UP_PID"
case "$clock_err" in
*"refused the kiosk's clock"*"minutes off"*) ok_clock=1 ;;
*) ok_clock=0 ;;
esac
case "$secret_err" in
*"secret_file does not hold the secret"*"paris-01"*) ok_secret=1 ;;
*) ok_secret=0 ;;
esac
if [ "$ok_clock" = 1 ] && [ "$ok_secret" = 1 ]; then
    pass clock_skew_and_wrong_secret_are_told_apart
else
    fail clock_skew_and_wrong_secret_are_told_apart "clock: $clock_err / secret: $secret_err"
fi
