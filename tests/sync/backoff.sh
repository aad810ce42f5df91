#!/usr/bin/env bash
# backoff.sh — the drain keeps draining when the upstream refuses every
# other request: 1,000 orders with `--retry-after 1` (429 with Retry-After: 1
# on every other request) and the default sync_backoff_ms (1 s). The
# daemon's waits follow failures in a row, and a round in which a batch was
# accepted starts them again, so it drains in about one second a batch; the
# old retry counter climbed to the 5-minute cap while orders were going
# through (800 of 3,000 in 300 s). Bounded: 30 s.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/lib.sh"
K="$BIN/kioskctl"
N=1000
DB="$TMP/kiosk.db"
CONF="$TMP/kiosk.conf"

new_kiosk "$DB" "$N" || { fail backoff_setup "kioskctl init failed"; exit 1; }
start_upstream up --retry-after 1 || exit 1
write_conf "$CONF" "http://127.0.0.1:$UP_PORT/" "db = $DB"
sed -i 's/^sync_backoff_ms = 50$/sync_backoff_ms = 1000/' "$CONF"
start_daemon "$CONF" "$TMP/daemon.log"
t0=$SECONDS
if wait_drained up "$DB" "$N" 30 && same_orders up "$DB"; then
    pass drain_keeps_draining_through_every_other_429
else
    fail drain_keeps_draining_through_every_other_429 \
        "upstream $(up_count up) of $N, pending $(pending "$DB") after $((SECONDS - t0)) s; $(grep -c 'next attempt' "$TMP/daemon.log") waits, the last: $(grep 'next attempt' "$TMP/daemon.log" | tail -n 1)"
fi
stop "$DAEMON_PID"
# Every wait was the one Retry-After asked for: none climbed.
longest=$(sed -n 's/.*next attempt in \([0-9.]*\) s$/\1/p' "$TMP/daemon.log" | sort -n | tail -n 1)
if [ -n "$longest" ] && awk -v l="$longest" 'BEGIN { exit !(l <= 1.5) }'; then
    pass backoff_never_climbs_while_batches_are_accepted
else
    fail backoff_never_climbs_while_batches_are_accepted "longest wait ${longest:-none} s"
fi
