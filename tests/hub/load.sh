#!/usr/bin/env bash
# load.sh — many kiosks at once through two hub processes on one PostgreSQL:
# KIOSKS kiosks (20) each with ORDERS demo orders (250), first all taking
# leases of one EDITION-piece edition (200, LEASE at a time: 10) at the same
# moment, then all draining at the same moment with the real sync code
# (`kioskctl sync-now`, one process per kiosk, half of them through each
# hub). Exactly KIOSKS x ORDERS orders stored, none rejected, no serial
# twice, leases disjoint and the whole edition leased, every outbox empty.
# Prints orders/s and the hub's p99 request time. `make bench` runs it at
# 50 x 1,000 on a 500-piece edition (tests/bench/hub.sh).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../sync/lib.sh"
source "$(dirname "$0")/lib.sh"
KIOSKS="${KIOSKS:-20}"; ORDERS="${ORDERS:-250}"; EDITION="${EDITION:-200}"; LEASE="${LEASE:-10}"
PAR="${PAR:-2}"             # kiosk databases prepared at once (the machine's cores)
K="$BIN/kioskctl"
now_ms() { echo $(($(date +%s%N) / 1000000)); }

pg_start || { fail load_postgres_starts "$(cat "$PGDIR/server.log" 2>/dev/null)"; exit 1; }
"$PY3" -c "
import json; c = json.load(open('assets/catalogue.json'))
for ch in c['charms']:
    if ch['id'] == 'oval': ch['edition'] = {'size': $EDITION}
json.dump(c, open('$TMP/catalogue.json', 'w'))"
hub_admin add-boutique paris "Maison Paris" >/dev/null &&
hub_admin publish-catalogue --all "$TMP/catalogue.json" >/dev/null &&
hub_admin add-edition oval --size "$EDITION" --lease "$LEASE" >/dev/null ||
    { fail load_setup "admin failed"; exit 1; }
start_hub h1 --threads 8 --access-log || exit 1; P1=$HUB_PORT
start_hub h2 --threads 8 --access-log || exit 1; P2=$HUB_PORT

prepare() {     # prepare N: enrol kiosk N, its database and configuration
    local id; id=$(printf 'k%03d' "$1")
    enrol paris "$id" &&
    hub_conf "$TMP/$id.conf" "$id" "$( [ $(($1 % 2)) = 0 ] && echo "$P1" || echo "$P2")" \
        "db = $TMP/$id.db" "sync_timeout = 60" &&
    "$K" --db "$TMP/$id.db" init >/dev/null
}
export -f prepare enrol hub_admin hub_conf write_conf
export TMP BIN K HUB_DB P1 P2
seq "$KIOSKS" | xargs -P "$PAR" -I{} bash -c 'prepare {}' ||
    { fail load_setup "a kiosk could not be prepared"; exit 1; }

# 1. Every kiosk asks for changes at the same moment: catalogue and leases.
pids=""
for n in $(seq "$KIOSKS"); do
    id=$(printf 'k%03d' "$n")
    "$K" --config "$TMP/$id.conf" sync-now >"$TMP/$id.first" 2>&1 & pids="$pids $!"
done
bad=0; for p in $pids; do wait "$p" || bad=$((bad + 1)); done
check load_kiosks_take_leases_at_once [ "$bad" = 0 ] || cat "$TMP/k001.first"
overlaps=$(psql_q "SELECT count(*) FROM leases a JOIN leases b ON a.edition_id = b.edition_id
                   AND a.ctid < b.ctid AND a.first_serial <= b.last_serial AND b.first_serial <= a.last_serial")
leased=$(psql_q "SELECT coalesce(sum(last_serial - first_serial + 1), 0) FROM leases")
want=$(( KIOSKS * LEASE < EDITION ? KIOSKS * LEASE : EDITION ))
check load_leases_disjoint [ "$overlaps" = 0 -a "$leased" = "$want" ] ||
    echo "overlaps $overlaps, leased $leased of $want"

# 2. Each kiosk sells (its own path: store_order_insert), inside its lease.
seq "$KIOSKS" | xargs -P "$PAR" -I{} bash -c \
    'id=$(printf "k%03d" {}); "$K" --db "$TMP/$id.db" demo-orders '"$ORDERS"' >/dev/null'

# 3. Every kiosk drains at the same moment, half through each hub.
: >"$TMP/h1.err"; : >"$TMP/h2.err"          # only the drain's requests are timed
t0=$(now_ms)
pids=""
for n in $(seq "$KIOSKS"); do
    id=$(printf 'k%03d' "$n")
    "$K" --config "$TMP/$id.conf" sync-now --attempts 5 >"$TMP/$id.drain" 2>&1 & pids="$pids $!"
done
bad=0; for p in $pids; do wait "$p" || bad=$((bad + 1)); done
ms=$(( $(now_ms) - t0 ))
total=$((KIOSKS * ORDERS))
stored=$(psql_q "SELECT count(*) FROM orders")
accepted=$(psql_q "SELECT count(*) FROM orders WHERE status = 'accepted'")
left=0
for n in $(seq "$KIOSKS"); do
    left=$((left + $(pending "$TMP/$(printf 'k%03d' "$n").db")))
done
check load_every_order_stored_once [ "$bad" = 0 -a "$stored" = "$total" -a "$accepted" = "$total" ] ||
    { echo "stored $stored accepted $accepted of $total, $bad kiosks failed"; cat "$TMP/k001.drain"; }
check load_every_outbox_empty [ "$left" = 0 ]
twice=$(psql_q "SELECT count(*) - count(DISTINCT serial) FROM orders WHERE serial IS NOT NULL")
sold=$(psql_q "SELECT count(*) FROM orders WHERE serial IS NOT NULL")
check load_no_serial_sold_twice [ "$twice" = 0 -a "$sold" -gt 0 ]
outside=$(psql_q "SELECT count(*) FROM orders o WHERE serial IS NOT NULL AND NOT EXISTS
                  (SELECT 1 FROM leases l WHERE l.kiosk_id = o.kiosk_id
                   AND o.serial BETWEEN l.first_serial AND l.last_serial)")
check load_each_serial_inside_its_kiosks_lease [ "$outside" = 0 ]
rate=$(( total * 1000 / (ms > 0 ? ms : 1) ))
p99=$(cat "$TMP/h1.err" "$TMP/h2.err" | sed -n 's/^request \(orders\|changes\|quarantine\) .* \([0-9]*\) us$/\2/p' |
      sort -n | awk '{ a[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.1f", a[i] / 1000 }')
n_req=$(grep -c '^request ' "$TMP/h1.err" "$TMP/h2.err" | awk -F: '{ s += $2 } END { print s }')
echo "hub load: $KIOSKS kiosks x $ORDERS orders = $total in $ms ms through 2 hub processes: $rate orders/s; $n_req requests, p99 $p99 ms; $sold edition pieces sold of $EDITION, no serial twice"
