#!/usr/bin/env bash
# faults.sh — under each fault of the test upstream, and with the daemon
# killed and restarted mid-sync, nothing is lost and nothing is stored
# twice: the upstream ends with exactly the kiosk's UUIDs, once each, and
# the kiosk with none pending. The daemon retries with a 50 ms backoff base.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/lib.sh"
K="$BIN/kioskctl"
N=400

# fault_run NAME SECONDS [upstream flags...]: a fresh kiosk with N orders,
# the daemon against an upstream with those faults; PASS when it drains
# exactly once within SECONDS.
fault_run() {
    local name="$1" limit="$2"; shift 2
    local db="$TMP/$name-kiosk.db" conf="$TMP/$name.conf"
    new_kiosk "$db" "$N" || { fail "$name" "setup"; return 1; }
    start_upstream "$name" --seed 7 "$@" || { fail "$name" "upstream"; return 1; }
    write_conf "$conf" "http://127.0.0.1:$UP_PORT/" "db = $db"
    start_daemon "$conf" "$TMP/$name.log"
    local t0=$SECONDS
    if wait_drained "$name" "$db" "$N" "$limit" && same_orders "$name" "$db"; then
        pass "$name"
    else
        fail "$name" "upstream $(up_count "$name"), pending $(pending "$db") after $((SECONDS - t0)) s; log: $(tail -n 3 "$TMP/$name.log")"
    fi
    stop "$DAEMON_PID"
    stop "$UP_PID"
}

fault_run drains_exactly_once_with_http_500s 60 --fail-rate 0.4
grep -q 'the upstream answered HTTP 500' "$TMP/drains_exactly_once_with_http_500s.log" ||
    fail http_500s_were_injected "no HTTP 500 in the daemon's log"

# The ambiguous case: stored upstream, answer lost; the retry gets duplicates.
fault_run drains_exactly_once_with_connection_resets 60 --reset-rate 0.5
if grep -q 'closed the connection without answering' "$TMP/drains_exactly_once_with_connection_resets.log" &&
   grep -Eq '[1-9][0-9]* duplicate' "$TMP/drains_exactly_once_with_connection_resets.log"; then
    pass resets_were_resolved_as_duplicates
else
    fail resets_were_resolved_as_duplicates "$(tail -n 5 "$TMP/drains_exactly_once_with_connection_resets.log")"
fi

fault_run drains_exactly_once_with_latency 60 --latency-ms 150

# Retry-After: every other request is refused with 429 and Retry-After: 1;
# the daemon waits at least that long each time (N/100 batches: >= 3 s).
t0=$SECONDS
fault_run drains_exactly_once_honouring_retry_after 60 --retry-after 1
if [ $((SECONDS - t0)) -ge 3 ] &&
   grep -q 'asked to wait 1 s; next attempt in [1-9]' "$TMP/drains_exactly_once_honouring_retry_after.log"; then
    pass daemon_waits_as_retry_after_says
else
    fail daemon_waits_as_retry_after_says "$(grep -m2 'asked' "$TMP/drains_exactly_once_honouring_retry_after.log")"
fi

# Garbage answers (stored upstream first): nothing is settled on garbage;
# once the upstream is healthy again the retry settles all as duplicates.
db="$TMP/malformed-kiosk.db"; conf="$TMP/malformed.conf"
new_kiosk "$db" "$N"
start_upstream malformed --malformed || exit 1
write_conf "$conf" "http://127.0.0.1:$UP_PORT/" "db = $db"
"$K" --config "$conf" sync-now --attempts 3 >"$TMP/m.out" 2>"$TMP/m.err"
rc=$?
stored=$(up_count malformed)
if [ "$rc" -eq 1 ] && [ "$(pending "$db")" = "$N" ] && [ "$stored" -gt 0 ] &&
   grep -q 'not valid JSON\|not a JSON object\|results' "$TMP/m.err"; then
    pass garbage_answers_settle_nothing
else
    fail garbage_answers_settle_nothing "rc $rc, pending $(pending "$db"), stored $stored: $(head -3 "$TMP/m.err")"
fi
stop "$UP_PID"
"$BIN/upstream" --port 0 --db "$TMP/malformed.db" --secret-file "$TMP/secret" >"$TMP/m2.out" 2>&1 &
UP_PID=$!; SYNC_PIDS="$SYNC_PIDS $UP_PID"
for _ in $(seq 100); do grep -q listening "$TMP/m2.out" && break; sleep 0.1; done
port=$(sed -n 's/^listening on //p' "$TMP/m2.out")
write_conf "$conf" "http://127.0.0.1:$port/" "db = $db"
if "$K" --config "$conf" sync-now >"$TMP/m.out" 2>&1 && same_orders malformed "$db" &&
   [ "$(up_count malformed)" = "$N" ] && grep -q "$stored duplicate" "$TMP/m.out"; then
    pass recovers_from_garbage_with_duplicates_only
else
    fail recovers_from_garbage_with_duplicates_only "$(cat "$TMP/m.out")"
fi
stop "$UP_PID"

# Killed mid-sync (SIGKILL: no clean-up at all), restarted: exactly once.
db="$TMP/kill-kiosk.db"; conf="$TMP/kill.conf"
new_kiosk "$db" 3000
start_upstream kill --latency-ms 40 || exit 1
write_conf "$conf" "http://127.0.0.1:$UP_PORT/" "db = $db"
kills=0
for round in 1 2 3; do
    start_daemon "$conf" "$TMP/kill-$round.log"
    end=$((SECONDS + 20))
    target=$((round * 600))
    while [ $SECONDS -lt $end ] && [ "$(up_count kill)" -lt "$target" ]; do sleep 0.05; done
    kill -9 "$DAEMON_PID" 2>/dev/null && kills=$((kills + 1))
    wait "$DAEMON_PID" 2>/dev/null
done
mid=$(up_count kill)
start_daemon "$conf" "$TMP/kill-last.log"
if [ "$kills" -eq 3 ] && [ "$mid" -lt 3000 ] && wait_drained kill "$db" 3000 60 && same_orders kill "$db"; then
    pass daemon_killed_mid_sync_loses_nothing_and_duplicates_nothing
else
    fail daemon_killed_mid_sync_loses_nothing_and_duplicates_nothing "kills $kills, mid $mid, upstream $(up_count kill), pending $(pending "$db")"
fi
stop "$DAEMON_PID"; stop "$UP_PID"

# A stalled upstream: the daemon gives up each request after sync_timeout,
# records it in plain words, and SIGTERM stops it at once, mid-request.
db="$TMP/stall-kiosk.db"; conf="$TMP/stall.conf"
new_kiosk "$db" 50
start_upstream stall --stall || exit 1
write_conf "$conf" "http://127.0.0.1:$UP_PORT/" "db = $db" "sync_timeout = 1"
start_daemon "$conf" "$TMP/stall.log"
end=$((SECONDS + 15))
while [ $SECONDS -lt $end ] && ! grep -q 'did not answer within 1 s' "$TMP/stall.log"; do sleep 0.1; done
sleep 0.3          # into the next attempt, most likely mid-request
t0=$(date +%s%N)
stop "$DAEMON_PID"; rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
if grep -q 'did not answer within 1 s' "$TMP/stall.log" &&
   "$K" --config "$conf" sync-status | grep -q 'Last error: *the upstream did not answer within 1 s' &&
   [ "$(pending "$db")" = 50 ]; then
    pass stalled_upstream_times_out_and_is_reported
else
    fail stalled_upstream_times_out_and_is_reported "$(tail -n 3 "$TMP/stall.log")"
fi
if [ "$rc" -eq 0 ] && [ "$ms" -lt 1500 ] && grep -q 'kioskctl sync: stopped' "$TMP/stall.log"; then
    pass sigterm_stops_the_daemon_promptly
else
    fail sigterm_stops_the_daemon_promptly "status $rc after $ms ms"
fi
stop "$UP_PID"
# The daemon's log names no customer text (demo engravings include "Léa").
if ! grep -qE 'Léa|Pour toujours|Forever|Hugo' "$TMP"/*.log; then
    pass daemon_logs_hold_no_personal_data
else
    fail daemon_logs_hold_no_personal_data "engraving text in a log"
fi

# Signed timestamps: an upstream whose clock is 6 minutes off refuses every
# request (nothing stored, the kiosk keeps its orders); 4 minutes off is
# within the 5-minute window and drains.
db="$TMP/skew-kiosk.db"
new_kiosk "$db" 20
start_upstream skew-far --clock-offset 360
write_conf "$TMP/skew-far.conf" "http://127.0.0.1:$UP_PORT/" "db = $db"
"$K" --config "$TMP/skew-far.conf" sync-now >"$TMP/skew-far.out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] && [ "$(up_count skew-far)" -eq 0 ] && [ "$(pending "$db")" -eq 20 ] &&
   grep -qi '401\|5 minutes' "$TMP/skew-far.out"; then
    pass upstream_refuses_a_timestamp_6_minutes_off
else
    fail upstream_refuses_a_timestamp_6_minutes_off "rc $rc, upstream $(up_count skew-far), pending $(pending "$db"): $(tail -n 2 "$TMP/skew-far.out")"
fi
stop "$UP_PID"
start_upstream skew-near --clock-offset -240
write_conf "$TMP/skew-near.conf" "http://127.0.0.1:$UP_PORT/" "db = $db"
if "$K" --config "$TMP/skew-near.conf" sync-now >"$TMP/skew-near.out" 2>&1 &&
   [ "$(up_count skew-near)" -eq 20 ] && [ "$(pending "$db")" -eq 0 ]; then
    pass upstream_accepts_a_timestamp_4_minutes_off
else
    fail upstream_accepts_a_timestamp_4_minutes_off "upstream $(up_count skew-near), pending $(pending "$db")"
fi
stop "$UP_PID"
