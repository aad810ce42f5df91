#!/usr/bin/env bash
# appointments.sh — upstream appointments against the real test upstream:
# one that finds no free station waits (sealed) and is placed on a later
# pass when a station frees (a cancellation, a station added), by sync-now
# and by the daemon; one whose slot ended first is recorded as not placed
# for staff; cancellations free the station, never undo a session that has
# begun (the conflict is recorded), and change nothing the second time;
# staff mark the ones not placed and the conflicts dealt with
# (kioskctl appointments ack).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/lib.sh"
K="$BIN/kioskctl"
DB="$TMP/kiosk.db"
CONF="$TMP/kiosk.conf"
STATIONS=2

# up [upstream flags...]: (re)starts the upstream on the same database (what
# it published before stays; the flags publish more) and points the kiosk
# at it.
up() {
    [ -n "${UP_PID:-}" ] && stop "$UP_PID"
    start_upstream up "$@" || exit 1
    write_conf "$CONF" "http://127.0.0.1:$UP_PORT/" "db = $DB" "stations = $STATIONS"
}
# appt ID: "status:station" of upstream appointment ID ("-": no station).
appt() {
    sqlite3 "$DB" "PRAGMA busy_timeout=5000; SELECT status || ':' || coalesce(station, '-')
                   FROM appointments WHERE upstream_id = '$1'" | tail -n 1
}
sync_now() {
    "$K" --config "$CONF" sync-now >"$TMP/now.out" 2>"$TMP/now.err"
}
status_json() {
    "$K" --config "$CONF" sync-status --json >"$TMP/status.json" 2>&1
}
dump() {
    sqlite3 "$DB" "SELECT id, upstream_id, status, station, closed_at, upstream_cancelled_at,
                   hex(name_enc) FROM appointments ORDER BY id"
}

new_kiosk "$DB" 0 || { fail appointments_setup "kioskctl init failed"; exit 1; }

# Three appointments in one slot two hours ahead, two stations.
up --appointments 3 --appointments-every 0 --appointments-start 7200
sync_now
if [ "$(appt appt-1)" = "booked:1" ] && [ "$(appt appt-2)" = "booked:2" ] &&
   [ "$(appt appt-3)" = "waiting:-" ] &&
   [ "$(sqlite3 "$DB" "SELECT count(*) FROM appointments WHERE upstream_id = 'appt-3'
                       AND name_enc IS NOT NULL AND contact_enc IS NOT NULL")" = 1 ] &&
   [ "$(sqlite3 "$DB" "SELECT count(*) FROM sync_inbox")" = 0 ]; then
    pass appointment_without_free_station_waits_sealed
else
    fail appointment_without_free_station_waits_sealed "$(dump) $(cat "$TMP/now.out" "$TMP/now.err")"
fi
if grep -a -q -e 'Honorine' -e 'honorine\.' "$DB" "$DB-wal" 2>/dev/null; then
    fail waiting_appointment_leaves_no_personal_trace "a name in the raw database files"
else
    pass waiting_appointment_leaves_no_personal_trace
fi
status_json
"$K" --config "$CONF" sync-status >"$TMP/status.txt" 2>&1
if grep -q '"appointments_waiting":1' "$TMP/status.json" &&
   grep -q '1 from upstream waiting for a station' "$TMP/status.txt" &&
   grep -q '1 upstream appointments wait for a station' "$TMP/now.out"; then
    pass sync_status_says_how_many_wait_for_a_station
else
    fail sync_status_says_how_many_wait_for_a_station "$(cat "$TMP/status.json" "$TMP/status.txt" "$TMP/now.out")"
fi
# Another pass with nothing free: still waiting, not lost.
sync_now
check waiting_appointment_survives_a_pass_with_no_station [ "$(appt appt-3)" = "waiting:-" ]

# The upstream cancels appt-1: its station goes to appt-3, which waited.
up --cancel appt-1
sync_now
if [ "$(appt appt-1)" = "cancelled:1" ] && [ "$(appt appt-3)" = "booked:1" ] &&
   grep -q '1 upstream cancellations applied' "$TMP/now.out"; then
    pass cancellation_frees_the_station_for_the_waiting_appointment
else
    fail cancellation_frees_the_station_for_the_waiting_appointment "$(dump) $(cat "$TMP/now.out" "$TMP/now.err")"
fi
# The same cancellation published again changes nothing.
dump >"$TMP/before"
up --cancel appt-1
sync_now
dump >"$TMP/after"
if [ $? -eq 0 ] && cmp -s "$TMP/before" "$TMP/after" && ! grep -q 'cancellations applied' "$TMP/now.out"; then
    pass same_cancellation_twice_changes_nothing
else
    fail same_cancellation_twice_changes_nothing "$(diff "$TMP/before" "$TMP/after") $(cat "$TMP/now.out")"
fi

# appt-4 for the same slot waits; a third station is configured and the
# daemon places it on its next pass, with nothing new from the upstream.
up --appointments 1 --appointments-from 4 --appointments-every 0 --appointments-start 7200
sync_now
check fourth_appointment_waits [ "$(appt appt-4)" = "waiting:-" ]
STATIONS=3
write_conf "$CONF" "http://127.0.0.1:$UP_PORT/" "db = $DB" "stations = $STATIONS"
start_daemon "$CONF" "$TMP/daemon.log"
for _ in $(seq 100); do
    [ "$(appt appt-4)" = "booked:3" ] && break
    sleep 0.1
done
stop "$DAEMON_PID"
if [ "$(appt appt-4)" = "booked:3" ] && grep -q 'waiting appointments: 1 placed' "$TMP/daemon.log"; then
    pass daemon_places_waiting_appointment_when_a_station_is_added
else
    fail daemon_places_waiting_appointment_when_a_station_is_added "$(appt appt-4): $(cat "$TMP/daemon.log")"
fi
STATIONS=2

# appt-2's session has begun (staff pressed start); a cancellation then
# keeps it, and the conflict is recorded for staff.
sqlite3 "$DB" "UPDATE appointments SET status = 'in-session' WHERE upstream_id = 'appt-2'"
up --cancel appt-2
sync_now
day=$(sqlite3 "$DB" "SELECT substr(slot_start, 1, 10) FROM appointments WHERE upstream_id = 'appt-2'")
"$K" --config "$CONF" appointments --date "$day" --json >"$TMP/appts.json" 2>&1
status_json
if [ "$(appt appt-2)" = "in-session:2" ] &&
   [ "$(sqlite3 "$DB" "SELECT upstream_cancelled_at > 0 FROM appointments WHERE upstream_id = 'appt-2'")" = 1 ] &&
   grep -q '"cancel_conflicts":1' "$TMP/status.json" &&
   grep '"Honorine Vasseur 2"' "$TMP/appts.json" | grep -q '"cancel_conflict":true'; then
    pass cancellation_after_session_began_is_kept_as_a_conflict
else
    fail cancellation_after_session_began_is_kept_as_a_conflict "$(appt appt-2) $(cat "$TMP/status.json" "$TMP/appts.json")"
fi

# Three appointments for a slot that ended an hour and a half ago: two are
# placed (history), the third can never be: not placed, kept for staff.
up --appointments 3 --appointments-from 10 --appointments-every 0 --appointments-start -7200
sync_now
day=$(sqlite3 "$DB" "SELECT substr(slot_start, 1, 10) FROM appointments WHERE upstream_id = 'appt-12'")
"$K" --config "$CONF" appointments --date "$day" --json >"$TMP/appts.json" 2>&1
"$K" --config "$CONF" sync-status >"$TMP/status.txt" 2>&1
status_json
if [ "$(appt appt-12)" = "not-placed:-" ] && grep -q '"appointments_not_placed":1' "$TMP/status.json" &&
   grep -q '1 not placed' "$TMP/status.txt" &&
   grep '"Honorine Vasseur 12"' "$TMP/appts.json" | grep -q '"status":"not-placed","cancel_conflict":false'; then
    pass appointment_whose_slot_ended_is_recorded_not_placed_for_staff
else
    fail appointment_whose_slot_ended_is_recorded_not_placed_for_staff "$(appt appt-12) $(cat "$TMP/status.json" "$TMP/appts.json")"
fi

# Staff called appt-12's customer and settled appt-2's conflict: both stay
# listed, marked, and sync-status no longer counts them.
for u in appt-12 appt-2; do
    "$K" --config "$CONF" appointments ack \
        "$(sqlite3 "$DB" "SELECT id FROM appointments WHERE upstream_id = '$u'")" >>"$TMP/ack.out" 2>&1
done
"$K" --config "$CONF" appointments --date "$day" --json >"$TMP/appts.json" 2>&1
status_json
if grep -q '"appointments_not_placed":0,"cancel_conflicts":0' "$TMP/status.json" &&
   grep '"Honorine Vasseur 12"' "$TMP/appts.json" | grep -q '"status":"not-placed".*"acknowledged_at":"20'; then
    pass dealt_with_appointments_no_longer_count_in_sync_status
else
    fail dealt_with_appointments_no_longer_count_in_sync_status "$(cat "$TMP/ack.out" "$TMP/status.json" "$TMP/appts.json")"
fi
