#!/usr/bin/env bash
# faults.sh — the network's faults against the real hub: the test upstream
# as a proxy in front of kiosk-hub (`upstream --proxy PORT`) answers 500
# before forwarding, drops the connection after the hub stored a batch,
# garbles the hub's answers, or answers 429 with Retry-After; a kiosk's
# daemon drains through it (SIGKILLed once mid-drain) and the hub holds
# every order exactly once, all accepted, the kiosk's outbox empty.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../sync/lib.sh"
source "$(dirname "$0")/lib.sh"
K="$BIN/kioskctl"

pg_start || { fail hub_faults_postgres "$(cat "$PGDIR/server.log" 2>/dev/null)"; exit 1; }
{
    hub_admin add-boutique paris "Maison Paris" && enrol paris paris-01 &&
    hub_admin publish-catalogue --all assets/catalogue.json &&
    hub_admin add-edition oval --size 50 --lease 10
} >"$TMP/admin.out" 2>&1 || { fail hub_faults_setup "$(cat "$TMP/admin.out")"; exit 1; }
mkdir -p "$TMP/trace"
start_hub h1 --trace "$TMP/trace" || exit 1
HP=$HUB_PORT
hub_orders() { psql_q "SELECT count(*) FROM orders WHERE status = 'accepted'"; }

# drain_through NAME ORDERS SECONDS [proxy fault flags...]: ORDERS more
# orders, the daemon through a proxy with those faults; 0 when the hub
# holds them all and the outbox is empty.
total=0
drain_through() {
    local name="$1" n="$2" secs="$3"; shift 3
    start_upstream "$name" --proxy "$HP" --seed 7 "$@" || return 1
    local proxy=$UP_PID
    hub_conf "$TMP/a.conf" paris-01 "$UP_PORT" "db = $TMP/a.db"
    [ "$n" = 0 ] || "$K" --db "$TMP/a.db" demo-orders "$n" >/dev/null
    total=$((total + n))
    start_daemon "$TMP/a.conf" "$TMP/$name.daemon"
    local end=$((SECONDS + secs)) ok=1
    while [ $SECONDS -lt $end ]; do
        if [ "$(hub_orders)" = "$total" ] && [ "$(pending "$TMP/a.db")" = 0 ]; then ok=0; break; fi
        sleep 0.2
    done
    stop "$DAEMON_PID"
    stop "$proxy"
    return $ok
}

new_kiosk "$TMP/a.db" 0
hub_conf "$TMP/direct.conf" paris-01 "$HP" "db = $TMP/a.db"
"$K" --config "$TMP/direct.conf" sync-now >/dev/null 2>&1       # catalogue and a lease

drain_through mixed 600 90 --fail-rate 0.3 --reset-rate 0.2
check hub_exactly_once_under_500s_and_resets [ $? -eq 0 ] ||
    echo "hub $(hub_orders) of $total, pending $(pending "$TMP/a.db"): $(tail -3 "$TMP/mixed.daemon")"

# SIGKILL in the middle of a drain, then the rest through resets.
start_upstream kill --proxy "$HP" --latency-ms 20
hub_conf "$TMP/a.conf" paris-01 "$UP_PORT" "db = $TMP/a.db"
"$K" --db "$TMP/a.db" demo-orders 400 >/dev/null
total=$((total + 400))
start_daemon "$TMP/a.conf" "$TMP/kill.daemon"
sleep 0.4
kill -9 "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null
stop "$UP_PID"
drain_through resets 0 60 --reset-rate 0.5
check hub_exactly_once_after_sigkill_and_resets [ $? -eq 0 ] ||
    echo "hub $(hub_orders) of $total, pending $(pending "$TMP/a.db")"

drain_through garbage 300 4 --malformed
# Garbage answers settle nothing: the daemon cannot finish while the proxy
# garbles every answer, though the hub stored what it was sent. Then
# directly: those come back "duplicate", the hub holds each order once.
stored=$(hub_orders)
"$K" --config "$TMP/direct.conf" sync-now >"$TMP/direct.out" 2>&1
dups=$(sed -n 's/.*, \([0-9]*\) duplicate.*/\1/p' "$TMP/direct.out")
check hub_exactly_once_after_garbled_answers \
    [ "$stored" -gt $((total - 300)) -a "${dups:-0}" -ge 1 -a "$(hub_orders)" = "$total" -a "$(pending "$TMP/a.db")" = 0 ] ||
    echo "stored $stored before, $(cat "$TMP/direct.out")"

drain_through slow 300 60 --retry-after 1
check hub_drains_through_429_retry_after [ $? -eq 0 ]

sqlite3 "$TMP/a.db" "SELECT uuid FROM orders ORDER BY uuid" >"$TMP/a.uuids"
psql_q "SELECT uuid FROM orders ORDER BY uuid::text" >"$TMP/h.uuids"
check hub_holds_the_kiosks_uuids_once_each cmp -s "$TMP/a.uuids" "$TMP/h.uuids"
check hub_no_order_rejected_under_faults [ "$(psql_q "SELECT count(*) FROM orders WHERE status <> 'accepted'")" = 0 ]
validate_trace "$TMP/trace" >"$TMP/validate.out" 2>&1
check hub_faults_messages_valid_against_protocol_schemas [ $? -eq 0 ] || cat "$TMP/validate.out"
