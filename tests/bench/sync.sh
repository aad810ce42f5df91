# sync.sh — upstream sync over loopback (make bench): the drain rate of a
# 10,000-order backlog (`kioskctl sync-now` against the test upstream), and
# the headless UI's frame p99 alone and while the sync daemon drains a
# backlog. Targets: >= 2,000 orders/s; frame p99 unchanged within noise.
set -u
BIN="${BIN:-build}"
TMP=$(mktemp -d /tmp/kiosk-bench-sync.XXXXXX)
PIDS=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
openssl rand -hex 32 >"$TMP/secret"; chmod 600 "$TMP/secret"

start_upstream() {
    local name="$1"; shift
    set -- "$name" "$@"
    nice -n "${UP_NICE:-0}" "$BIN/upstream" --port 0 --db "$TMP/up-$1.db" --secret-file "$TMP/secret" "${@:2}" >"$TMP/$1.out" 2>&1 &
    PIDS="$PIDS $!"
    for _ in $(seq 100); do grep -q '^listening on' "$TMP/$1.out" && break; sleep 0.05; done
    PORT=$(sed -n 's/^listening on //p' "$TMP/$1.out")
    [ -n "$PORT" ] || { echo "sync: the upstream did not start"; exit 1; }
}
conf() {
    printf '[kiosk]\ndb = %s\nupstream_url = http://127.0.0.1:%s/\nkiosk_id = bench-01\nsecret_file = %s\nallow_insecure_http = loopback\nsync_backoff_ms = 50\n' \
        "$1" "$2" "$TMP/secret" >"$3"
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# 1. Drain rate.
"$BIN/kioskctl" --db "$TMP/drain.db" init >/dev/null
"$BIN/kioskctl" --db "$TMP/drain.db" demo-orders 10000 >/dev/null
start_upstream drain
conf "$TMP/drain.db" "$PORT" "$TMP/drain.conf"
t0=$(now_ms)
"$BIN/kioskctl" --config "$TMP/drain.conf" sync-now >"$TMP/drain.log" 2>&1 || { cat "$TMP/drain.log"; exit 1; }
ms=$(( $(now_ms) - t0 ))
stored=$(sqlite3 "$TMP/drain.db" "SELECT count(*) FROM outbox WHERE state = 'sent'")
upstream=$(sqlite3 "$TMP/up-drain.db" "SELECT count(*) FROM orders")
awk -v n="$stored" -v up="$upstream" -v ms="$ms" 'BEGIN {
    rate = ms > 0 ? n * 1000 / ms : 0
    printf "sync drain: %d orders (%d stored upstream) in %d ms over loopback HTTP: %.0f orders/s (target >= 2000: %s)\n",
           n, up, ms, rate, (rate >= 2000 ? "met" : "MISSED") }'

# 1b. Drain rate of the daemon under faults, next to the healthy rate: 3,000
# orders, healthy; with 30% HTTP 500s and 20% connection resets (stored,
# answer lost), with the backoff base of the rest of this benchmark (50 ms)
# and with the smallest one (10 ms): half the requests failing makes runs of
# failures in a row common, and each waits up to base * 2^n; and with 429 +
# Retry-After: 1 on 10% of the requests on top. Target: >= 50% of the
# healthy rate. A 429 the kiosk honours costs the
# second it asks for, whatever the kiosk does (a healthy drain of 3,000 takes
# about half a second): the last line counts those waits.
fault_drain() {
    local name="$1"; shift
    local db="$TMP/fault-$name.db"
    "$BIN/kioskctl" --db "$db" init >/dev/null
    "$BIN/kioskctl" --db "$db" demo-orders 3000 >/dev/null
    start_upstream "fault-$name" "$@"
    conf "$db" "$PORT" "$TMP/fault-$name.conf"
    sed -i "s/^sync_backoff_ms = .*/sync_backoff_ms = ${FAULT_BASE:-50}/" "$TMP/fault-$name.conf"
    local t0 n=0
    t0=$(now_ms)
    "$BIN/kioskctl" --config "$TMP/fault-$name.conf" sync --daemon 2>"$TMP/fault-$name.log" &
    local d=$!
    PIDS="$d $PIDS"
    while [ $(( $(now_ms) - t0 )) -lt 120000 ]; do
        n=$(sqlite3 "$db" "PRAGMA busy_timeout=5000; SELECT count(*) FROM outbox WHERE state = 'sent'" | tail -n 1)
        [ "$n" = 3000 ] && break
        sleep 0.02
    done
    FAULT_MS=$(( $(now_ms) - t0 ))
    FAULT_SENT=$n
    kill "$d"; wait "$d" 2>/dev/null
    FAULT_429=$(grep -c 'HTTP 429' "$TMP/fault-$name.log")
}
fault_drain healthy --seed 3
h_ms=$FAULT_MS; h_n=$FAULT_SENT
fault_drain mix --seed 3 --fail-rate 0.3 --reset-rate 0.2
m_ms=$FAULT_MS; m_n=$FAULT_SENT
FAULT_BASE=10 fault_drain mix10 --seed 3 --fail-rate 0.3 --reset-rate 0.2
t_ms=$FAULT_MS; t_n=$FAULT_SENT
fault_drain mix429 --seed 3 --fail-rate 0.3 --reset-rate 0.2 --retry-after 1 --retry-after-rate 0.1
r_ms=$FAULT_MS; r_n=$FAULT_SENT; r_429=$FAULT_429
awk -v hn="$h_n" -v hms="$h_ms" -v mn="$m_n" -v mms="$m_ms" -v rn="$r_n" -v rms="$r_ms" \
    -v r429="$r_429" -v tn="$t_n" -v tms="$t_ms" 'BEGIN {
    h = hn * 1000 / hms; m = mn * 1000 / mms; r = rn * 1000 / rms; t = tn * 1000 / tms
    printf "sync drain under faults (daemon, 3,000 orders): healthy %.0f orders/s (%d in %d ms)\n", h, hn, hms
    printf "  30%% 500s + 20%% resets: %.0f orders/s (%d in %d ms): %.0f%% of healthy (target >= 50%%: %s)\n",
           m, mn, mms, 100 * m / h, (m >= h / 2 ? "met" : "MISSED")
    printf "  the same with sync_backoff_ms = 10: %.0f orders/s (%d in %d ms): %.0f%% of healthy\n",
           t, tn, tms, 100 * t / h
    printf "  + 429 Retry-After 1 on 10%% of requests: %.0f orders/s (%d in %d ms, %.0f%% of healthy), %d of them 1-second waits the upstream asked for\n",
           r, rn, rms, 100 * r / h, r429 }'

# 2. UI frame p99, alone and while the daemon drains a 20,000-order backlog;
# three alternating pairs, since frame times on a shared 2-core machine are
# noisy: the medians are the figures. The upstream stands for a remote
# machine here, so it runs at the lowest CPU priority.
{
    for _ in $(seq 12); do
        printf '%s\n' "press start" "press charm:heart" "press next" "press finish:platinum" \
            "press next" "type Amélie" "press key:backspace" "type e" "press next" \
            "press confirm" "press done"
    done
} >"$TMP/orders.script"
p99() { sed -n 's/^frames screen=all .*p99_ms=\([0-9.]*\).*/\1/p' "$1"; }
median() { sort -n | sed -n 2p; }
: >"$TMP/alone.p99"; : >"$TMP/busy.p99"
for run in 1 2 3; do
    "$BIN/kioskctl" --db "$TMP/alone$run.db" init >/dev/null
    "$BIN/kiosk" --headless --db "$TMP/alone$run.db" --script "$TMP/orders.script" --frame-stats \
        >"$TMP/alone.stats" || exit 1
    p99 "$TMP/alone.stats" >>"$TMP/alone.p99"
    db="$TMP/busy$run.db"
    "$BIN/kioskctl" --db "$db" init >/dev/null
    "$BIN/kioskctl" --db "$db" demo-orders 10000 >/dev/null
    "$BIN/kioskctl" --db "$db" demo-orders 10000 >/dev/null
    # Backlog orders placed at a kiosk have their production files already;
    # mark them so the kiosk's start-up catch-up does not render 20,000 jobs.
    sqlite3 "$db" "SELECT uuid FROM orders" | sed "s|^|$TMP/jobs/|" | xargs mkdir -p
    sqlite3 "$db" "SELECT uuid FROM orders" | sed "s|.*|$TMP/jobs/&/jobsheet.png|" | xargs touch
    UP_NICE=19 start_upstream "busy$run"
    conf "$db" "$PORT" "$TMP/busy.conf"
    "$BIN/kioskctl" --config "$TMP/busy.conf" sync --daemon 2>"$TMP/daemon.log" &
    DAEMON=$!; PIDS="$DAEMON $PIDS"
    t0=$(now_ms)
    "$BIN/kiosk" --headless --db "$db" --script "$TMP/orders.script" --frame-stats >"$TMP/busy.stats" || exit 1
    ui_ms=$(( $(now_ms) - t0 ))
    sent=$(sqlite3 "$db" "PRAGMA busy_timeout=5000; SELECT count(*) FROM outbox WHERE state = 'sent'" | tail -n 1)
    kill "$DAEMON"; wait "$DAEMON" 2>/dev/null
    p99 "$TMP/busy.stats" >>"$TMP/busy.p99"
    echo "  run $run: p99 $(p99 "$TMP/alone.stats") ms alone, $(p99 "$TMP/busy.stats") ms while the daemon sent $sent orders during the ${ui_ms} ms run ($(sed -n 's/^frames screen=all n=\([0-9]*\).*/\1/p' "$TMP/busy.stats") frames)"
done
echo "sync ui: frame p99 median $(median <"$TMP/alone.p99") ms alone, $(median <"$TMP/busy.p99") ms while syncing"
