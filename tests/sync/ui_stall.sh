#!/usr/bin/env bash
# ui_stall.sh — a stalled network never freezes the customer's screen: the
# real headless kiosk places orders while `kioskctl sync --daemon` keeps
# timing out against an upstream that accepts and never answers. The kiosk
# draws every frame of its script, stores every order, and takes about as
# long as without the daemon; once the upstream heals, the orders the UI
# placed reach it exactly once.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/lib.sh"
K="$BIN/kioskctl"
ORDERS=15

for _ in $(seq "$ORDERS"); do
    printf '%s\n' "press start" "press charm:disc" "press next" "press finish:vermeil" \
        "press next" "type Ana" "press next" "press confirm" "press done"
done >"$TMP/orders.script"

# frames FILE: n of the "frames screen=all" line.
frames() { sed -n 's/^frames screen=all n=\([0-9]*\).*/\1/p' "$1"; }
p99() { sed -n 's/^frames screen=all .*p99_ms=\([0-9.]*\).*/\1/p' "$1"; }

# Baseline: no daemon.
"$K" --db "$TMP/base.db" init >/dev/null
t0=$(date +%s%N)
"$BIN/kiosk" --headless --db "$TMP/base.db" --script "$TMP/orders.script" --frame-stats \
    >"$TMP/base.stats" 2>&1 || { fail kiosk_baseline "$(tail -3 "$TMP/base.stats")"; exit 1; }
base_ms=$((($(date +%s%N) - t0) / 1000000))

# With the daemon retrying against a stall (1 s timeout, 50 ms backoff base).
DB="$TMP/kiosk.db"
"$K" --db "$DB" init >/dev/null
start_upstream stall --stall || exit 1
write_conf "$TMP/kiosk.conf" "http://127.0.0.1:$UP_PORT/" "db = $DB" "sync_timeout = 1"
start_daemon "$TMP/kiosk.conf" "$TMP/daemon.log"
t0=$(date +%s%N)
"$BIN/kiosk" --headless --db "$DB" --script "$TMP/orders.script" --frame-stats >"$TMP/stall.stats" 2>&1
rc=$?
stall_ms=$((($(date +%s%N) - t0) / 1000000))
timeouts=$(grep -c 'did not answer within 1 s' "$TMP/daemon.log")
echo "    (kiosk run: ${base_ms} ms alone, ${stall_ms} ms with the daemon stalled; frame p99 $(p99 "$TMP/base.stats") ms alone, $(p99 "$TMP/stall.stats") ms stalled; $timeouts timeouts meanwhile)"

if [ "$rc" -eq 0 ] && [ -n "$(frames "$TMP/stall.stats")" ] &&
   [ "$(frames "$TMP/stall.stats")" = "$(frames "$TMP/base.stats")" ]; then
    pass ui_draws_every_frame_while_upstream_stalls
else
    fail ui_draws_every_frame_while_upstream_stalls "rc $rc, frames $(frames "$TMP/stall.stats") vs $(frames "$TMP/base.stats"): $(tail -3 "$TMP/stall.stats")"
fi
if [ "$(sqlite3 "$DB" 'SELECT count(*) FROM orders')" = "$ORDERS" ] && [ "$(pending "$DB")" = "$ORDERS" ]; then
    pass ui_places_every_order_while_upstream_stalls
else
    fail ui_places_every_order_while_upstream_stalls "$(sqlite3 "$DB" 'SELECT count(*) FROM orders') orders"
fi
# Not blocked: at most twice the time alone plus 3 s of noise (a blocked UI
# would wait a 1 s timeout per order, 15 s at least).
if [ "$timeouts" -ge 1 ] && [ "$stall_ms" -le $((base_ms * 2 + 3000)) ]; then
    pass ui_run_time_not_blocked_by_the_network
else
    fail ui_run_time_not_blocked_by_the_network "${stall_ms} ms vs ${base_ms} ms alone, $timeouts timeouts"
fi

# The upstream heals (same database): the daemon delivers the UI's orders.
stop "$UP_PID"
"$BIN/upstream" --port "$UP_PORT" --db "$TMP/stall.db" --secret-file "$TMP/secret" >"$TMP/healed.out" 2>&1 &
UP_PID=$!; SYNC_PIDS="$SYNC_PIDS $UP_PID"
if wait_drained stall "$DB" "$ORDERS" 60 && same_orders stall "$DB" &&
   sqlite3 "$TMP/stall.db" "SELECT body FROM orders" | grep -q '"text":"Ana"'; then
    pass ui_orders_reach_upstream_once_it_heals
else
    fail ui_orders_reach_upstream_once_it_heals "upstream $(up_count stall), pending $(pending "$DB"): $(tail -2 "$TMP/daemon.log")"
fi
