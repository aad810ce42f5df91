# tests/sync/lib.sh — helpers for the sync tests (sourced after tests/lib.sh).
# Every server and daemon a test starts is recorded and stopped by the EXIT
# trap, whatever happens; every wait is bounded in time.

SYNC_PIDS=""
sync_cleanup() {
    local p
    for p in $SYNC_PIDS; do kill "$p" 2>/dev/null; done
    for p in $SYNC_PIDS; do
        for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    rm -rf "$TMP"
}
trap sync_cleanup EXIT

# No proxy from the environment may take loopback traffic elsewhere.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
# The kiosk's log must stay quiet about sanitizer chatter at exit.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

openssl rand -hex 32 >"$TMP/secret"
chmod 600 "$TMP/secret"

# start_upstream NAME [upstream flags...]: starts build/upstream on a free
# port with its database $TMP/NAME.db; sets UP_PID and UP_PORT. Returns 1
# (after printing why) if it does not listen within 10 s.
start_upstream() {
    local name="$1"; shift
    "$BIN/upstream" --port 0 --db "$TMP/$name.db" --secret-file "${UP_SECRET:-$TMP/secret}" \
        "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
    UP_PID=$!
    SYNC_PIDS="$SYNC_PIDS $UP_PID"
    UP_PORT=""
    for _ in $(seq 100); do
        UP_PORT=$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$TMP/$name.out")
        [ -n "$UP_PORT" ] && return 0
        kill -0 "$UP_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "upstream $name did not start: $(cat "$TMP/$name.err")"
    return 1
}

# stop PID: SIGTERM, then waits (at most 5 s) for it to exit; status in $?.
stop() {
    kill "$1" 2>/dev/null
    for _ in $(seq 50); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    wait "$1" 2>/dev/null
}

# write_conf FILE URL [extra INI lines...]: a kiosk configuration for sync.
write_conf() {
    local file="$1" url="$2"; shift 2
    {
        echo "[kiosk]"
        echo "upstream_url = $url"
        echo "kiosk_id = paris-01"
        echo "secret_file = $TMP/secret"
        echo "allow_insecure_http = loopback"
        echo "sync_timeout = 5"
        echo "sync_connect_timeout = 2"
        echo "sync_backoff_ms = 50"
        echo "sync_interval = 60"
        # Open round the clock on a 5-minute grid: the test upstream's
        # appointments (whole 5 minutes from now) are placed at any hour.
        echo "opening_hours = 00:00-24:00"
        echo "slot_minutes = 5"
        for line in "$@"; do echo "$line"; done
    } >"$file"
}

# new_kiosk DB N: a kiosk database with the catalogue and N demo orders.
new_kiosk() {
    "$BIN/kioskctl" --db "$1" init >/dev/null &&
    { [ "$2" -eq 0 ] || "$BIN/kioskctl" --db "$1" demo-orders "$2" >/dev/null; }
}

# up_count NAME: orders the upstream NAME has stored (-1 if unreadable).
up_count() {
    sqlite3 "$TMP/$1.db" "PRAGMA busy_timeout=5000; SELECT count(*) FROM orders" 2>/dev/null |
        tail -n 1 || echo -1
}

# pending DB: outbox rows still pending in the kiosk database.
pending() {
    sqlite3 "$1" "PRAGMA busy_timeout=5000; SELECT count(*) FROM outbox WHERE state = 'pending'" \
        2>/dev/null | tail -n 1
}

# start_daemon CONF LOG: `kioskctl sync --daemon` in the background; DAEMON_PID.
start_daemon() {
    "$BIN/kioskctl" --config "$1" sync --daemon 2>"$2" &
    DAEMON_PID=$!
    SYNC_PIDS="$SYNC_PIDS $DAEMON_PID"
}

# wait_drained NAME DB N SECONDS: until the upstream holds N orders and the
# kiosk has none pending; 1 on timeout.
wait_drained() {
    local end=$((SECONDS + $4))
    while [ $SECONDS -lt $end ]; do
        if [ "$(up_count "$1")" = "$3" ] && [ "$(pending "$2")" = "0" ]; then
            return 0
        fi
        sleep 0.2
    done
    return 1
}

# same_orders NAME DB: the upstream holds exactly the kiosk's UUIDs, once each.
same_orders() {
    sqlite3 "$2" "SELECT uuid FROM orders ORDER BY uuid" >"$TMP/kiosk.uuids" &&
    sqlite3 "$TMP/$1.db" "SELECT uuid FROM orders ORDER BY uuid" >"$TMP/up.uuids" &&
    cmp -s "$TMP/kiosk.uuids" "$TMP/up.uuids" &&
    [ "$(sort -u "$TMP/up.uuids" | wc -l)" -eq "$(wc -l <"$TMP/up.uuids")" ]
}
