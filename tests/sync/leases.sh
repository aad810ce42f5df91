#!/usr/bin/env bash
# leases.sh — issue 5, part 3: editions across kiosks. The test upstream
# grants each kiosk its own lease of the oval locket's serials
# (--lease-size 10: the first kiosk to ask 1..10, the next 11..20); each
# kiosk sells only inside its lease, shows sold out when it is used up while
# the other still sells, every order reaches the upstream and no serial is
# sold twice across kiosks. A standalone database owns the whole run.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/lib.sh"
K="$BIN/kioskctl"

start_upstream up --lease-size 10 || exit 1
URL="http://127.0.0.1:$UP_PORT/"
write_conf "$TMP/a.conf" "$URL" "db = $TMP/a.db" "kiosk_id = paris-01"
write_conf "$TMP/b.conf" "$URL" "db = $TMP/b.db" "kiosk_id = lyon-02"
new_kiosk "$TMP/a.db" 0 && new_kiosk "$TMP/b.db" 0 || { fail leases_setup "init failed"; exit 1; }

# leases DB: "first-last" per lease of the oval's edition.
leases() {
    sqlite3 "$1" "SELECT group_concat(l.first_serial || '-' || l.last_serial, ' ') FROM
                  edition_leases l JOIN editions e ON e.id = l.edition_id WHERE e.charm_id = 'oval'"
}
# sold DB: the oval serials sold in DB, lowest and highest and how many.
sold() {
    sqlite3 "$1" "SELECT coalesce(min(s.serial), 0) || ' ' || coalesce(max(s.serial), 0) || ' ' ||
                  count(*) FROM edition_serials s JOIN editions e ON e.id = s.edition_id
                  WHERE e.charm_id = 'oval' AND s.order_id IS NOT NULL"
}
# remaining DB: what `kioskctl editions --json` says is left of the oval.
remaining() {
    "$K" --db "$1" editions --json | tr -d ' \n' | grep -o '"charm":"oval"[^}]*' |
        sed -n 's/.*"remaining":\([0-9]*\).*/\1/p'
}

"$K" --config "$TMP/a.conf" sync-now >"$TMP/a.out" 2>&1 &&
"$K" --config "$TMP/b.conf" sync-now >"$TMP/b.out" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && [ "$(leases "$TMP/a.db")" = "1-10" ] && [ "$(leases "$TMP/b.db")" = "11-20" ]; then
    pass kiosks_get_disjoint_leases
else
    fail kiosks_get_disjoint_leases "rc $rc, a '$(leases "$TMP/a.db")', b '$(leases "$TMP/b.db")': $(cat "$TMP/a.out" "$TMP/b.out")"
fi
check leased_kiosks_count_only_their_lease \
    [ "$(remaining "$TMP/a.db") $(remaining "$TMP/b.db")" = "10 10" ]

# demo-orders walks the charms; the oval comes up again and again, until
# the kiosk's lease is used up (then the walk skips it, as the kiosk does).
"$K" --db "$TMP/a.db" demo-orders 200 >/dev/null 2>"$TMP/a.err"
"$K" --db "$TMP/b.db" demo-orders 30 >/dev/null 2>"$TMP/b.err"
read -r amin amax an <<<"$(sold "$TMP/a.db")"
read -r bmin bmax bn <<<"$(sold "$TMP/b.db")"
if [ "$an" -eq 10 ] && [ "$amin" -eq 1 ] && [ "$amax" -eq 10 ] &&
   [ "$bn" -ge 1 ] && [ "$bn" -lt 10 ] && [ "$bmin" -eq 11 ] && [ "$bmax" -le 20 ]; then
    pass each_kiosk_sells_only_inside_its_lease
else
    fail each_kiosk_sells_only_inside_its_lease "a: $amin..$amax ($an), b: $bmin..$bmax ($bn) $(cat "$TMP/a.err" "$TMP/b.err")"
fi
if [ "$(remaining "$TMP/a.db")" = 0 ] && [ "$(remaining "$TMP/b.db")" = $((10 - bn)) ]; then
    pass exhausted_lease_shows_sold_out_while_other_kiosk_sells
else
    fail exhausted_lease_shows_sold_out_while_other_kiosk_sells "a $(remaining "$TMP/a.db"), b $(remaining "$TMP/b.db")"
fi
"$K" --db "$TMP/b.db" demo-orders 14 >/dev/null 2>>"$TMP/b.err"
read -r bmin bmax bn2 <<<"$(sold "$TMP/b.db")"
check other_kiosk_still_sells_after_first_sold_out [ "$bn2" -gt "$bn" -a "$bmax" -le 20 ]

# Everything reaches the upstream; no serial twice across the kiosks.
"$K" --config "$TMP/a.conf" sync-now >"$TMP/a.out" 2>&1 &&
"$K" --config "$TMP/b.conf" sync-now >"$TMP/b.out" 2>&1
rc=$?
total=$(( $(sqlite3 "$TMP/a.db" "SELECT count(*) FROM orders") + $(sqlite3 "$TMP/b.db" "SELECT count(*) FROM orders") ))
serials=$(sqlite3 "$TMP/up.db" "SELECT count(*) FROM orders WHERE json_extract(body, '$.charm') = 'oval'")
distinct=$(sqlite3 "$TMP/up.db" "SELECT count(DISTINCT json_extract(body, '$.serial')) FROM orders
                                 WHERE json_extract(body, '$.charm') = 'oval'")
if [ "$rc" -eq 0 ] && [ "$(up_count up)" = "$total" ] && [ "$serials" -eq $((10 + bn2)) ] &&
   [ "$distinct" -eq "$serials" ]; then
    pass all_orders_upstream_no_serial_sold_twice
else
    fail all_orders_upstream_no_serial_sold_twice "rc $rc, upstream $(up_count up) of $total, oval $serials, distinct $distinct"
fi

# A kiosk that keeps syncing keeps its lease (the grant is per kiosk id).
"$K" --config "$TMP/a.conf" sync-now >/dev/null 2>&1
check lease_is_remembered_per_kiosk [ "$(leases "$TMP/a.db")" = "1-10" ]

# Standalone: no leases ever received, the whole run of 50.
new_kiosk "$TMP/s.db" 0
"$K" --db "$TMP/s.db" demo-orders 200 >/dev/null 2>&1
read -r smin smax sn <<<"$(sold "$TMP/s.db")"
if [ "$smin" -eq 1 ] && [ "$sn" -gt 10 ] && [ "$smax" -eq "$sn" ] &&
   [ "$(remaining "$TMP/s.db")" = $((50 - sn)) ]; then
    pass standalone_kiosk_owns_the_whole_run
else
    fail standalone_kiosk_owns_the_whole_run "sold $smin..$smax ($sn), remaining $(remaining "$TMP/s.db")"
fi
