# tests/hub/lib.sh — a private PostgreSQL cluster and the real hub for the
# hub tests (sourced after tests/lib.sh and tests/sync/lib.sh).
#
# Debian's postgresql 15 from its own directory (a fresh machine has no
# /usr/local/bin links): initdb into a temporary directory, the server on a
# unix socket in that directory only (no TCP port to collide on), run as the
# `postgres` user when the test runs as root (CI), stopped by the EXIT trap.

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PGDIR=""
HUB_PIDS=""

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

hub_cleanup() {
    local p
    for p in $HUB_PIDS; do kill "$p" 2>/dev/null; done
    for p in $HUB_PIDS; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    if [ -n "$PGDIR" ] && [ -d "$PGDIR/data" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1
    fi
    [ -n "$PGDIR" ] && rm -rf "$PGDIR"
    sync_cleanup
}
trap hub_cleanup EXIT

# pg_start [extra postgres -c settings (name=value)...]: a fresh cluster with database
# `hub`; sets PGDIR and HUB_DB (a libpq connection string). 1 on failure.
pg_start() {
    if [ ! -x "$PGBIN/initdb" ]; then
        echo "PostgreSQL 15 is not installed in $PGBIN (make deps installs postgresql)"
        return 1
    fi
    PGDIR=$(mktemp -d /tmp/kiosk-pg.XXXXXX)
    chmod 755 "$PGDIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$PGDIR"
    # Tests trade durability for speed (a crashed test cluster is thrown
    # away); PG_DURABLE=1 (the benchmark) keeps PostgreSQL's defaults.
    local opts="-k $PGDIR -c listen_addresses= -c max_connections=300 -c shared_buffers=64MB"
    [ "${PG_DURABLE:-0}" = 1 ] || opts="$opts -c fsync=off -c full_page_writes=off"
    for s in "$@"; do opts="$opts -c $s"; done
    as_pg "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$PGDIR/initdb.log" 2>&1 &&
    as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -o "$opts" -l "$PGDIR/server.log" -w -t 60 \
        start >/dev/null 2>&1 &&
    as_pg "$PGBIN/createdb" -h "$PGDIR" -U postgres hub 2>>"$PGDIR/server.log" || {
        echo "PostgreSQL did not start: $(tail -n 5 "$PGDIR/initdb.log" "$PGDIR/server.log")"
        return 1
    }
    HUB_DB="host=$PGDIR dbname=hub user=postgres"
}

# psql_q SQL: one value (or rows, | separated) from the hub's database.
psql_q() {
    "$PGBIN/psql" -X -A -t -q -d "$HUB_DB" -c "$1"
}

# hub_admin ARGS...: kiosk-hub admin on the test database.
hub_admin() {
    "$BIN/kiosk-hub" --db "$HUB_DB" admin "$@"
}

# start_hub NAME [serve flags...]: the hub on a free port; HUB_PID, HUB_PORT.
start_hub() {
    local name="$1"; shift
    "$BIN/kiosk-hub" --db "$HUB_DB" serve --port 0 "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
    HUB_PID=$!
    HUB_PIDS="$HUB_PIDS $HUB_PID"
    HUB_PORT=""
    for _ in $(seq 150); do
        HUB_PORT=$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$TMP/$name.out")
        [ -n "$HUB_PORT" ] && return 0
        kill -0 "$HUB_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "hub $name did not start: $(cat "$TMP/$name.err")"
    return 1
}

# enrol BOUTIQUE KIOSK: registers the kiosk, its secret in $TMP/KIOSK.secret.
enrol() {
    hub_admin add-kiosk "$1" "$2" >"$TMP/$2.secret" && chmod 600 "$TMP/$2.secret"
}

# hub_conf FILE KIOSK PORT [extra lines...]: a kiosk configuration for the hub.
hub_conf() {
    local file="$1" kiosk="$2" port="$3"; shift 3
    write_conf "$file" "http://127.0.0.1:$port/" "kiosk_id = $kiosk" \
        "secret_file = $TMP/$kiosk.secret" "$@"
}

# validate_trace [--expect-invalid APPT_ID]... DIR: every request and answer the hub traced against the
# protocol's JSON Schemas (docs/protocol-v1/); prints problems, 1 if any.
validate_trace() {
    "$PY3" tests/hub/validate.py "${@:1:$#-1}" docs/protocol-v1 "${!#}"
}
