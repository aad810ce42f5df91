#!/usr/bin/env bash
# hub.sh — the brand's hub (build/kiosk-hub) on a private PostgreSQL with
# real kiosks: orders drain exactly once (sync-now and the daemon), leases
# are disjoint across kiosks, appointments and cancellations reach only
# their boutique's kiosks, a rejected order sent again stays rejected, a
# refused change is reported and stored, the 401 reasons, clear 4xx answers,
# one kiosk cannot touch another's orders, two hub processes on one
# database, HTTPS from the hub itself, a database owner without superuser,
# the brand's admin reports; every message validated against
# protocol v1's JSON Schemas (docs/protocol-v1/).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../sync/lib.sh"
source "$(dirname "$0")/lib.sh"
K="$BIN/kioskctl"
q() { sqlite3 "$1" "PRAGMA busy_timeout=5000; $2" | tail -n 1; }

pg_start || { fail hub_postgres_starts "$(cat "$PGDIR/server.log" 2>/dev/null)"; exit 1; }
pass hub_postgres_starts
now=$(date +%s); slot=$(( (now / 300 + 24) * 300 ))     # 2 hours ahead, on a 5-minute grid
{
    hub_admin add-boutique paris "Maison Paris" &&
    hub_admin add-boutique tokyo "Maison Tokyo" &&
    enrol paris paris-01 && enrol paris paris-02 && enrol tokyo tokyo-01 &&
    hub_admin publish-catalogue --all assets/catalogue.json &&
    hub_admin add-edition oval --size 50 --lease 10 &&
    hub_admin book paris appt-1 --at "$slot" --minutes 30 --name "Honorine Vasseur" \
        --contact "+33 6 12 34 56 78" --party "2" --notes "anniversary" &&
    hub_admin book paris appt-2 --at $((slot + 3600)) --name "Léa Martin" &&
    hub_admin book tokyo appt-t1 --at "$slot" --name "Aiko Tanaka" &&
    hub_admin cancel paris appt-2
} >"$TMP/admin.out" 2>&1
check admin_sets_up_boutiques_kiosks_catalogue_edition_appointments [ $? -eq 0 ] ||
    cat "$TMP/admin.out"
check kiosk_secret_is_64_hex_digits grep -qE '^[0-9a-f]{64}$' "$TMP/paris-01.secret"

mkdir -p "$TMP/trace"
start_hub h1 --trace "$TMP/trace" --threads 4 || exit 1
P1=$HUB_PORT
start_hub h2 --trace "$TMP/trace" --threads 4 || exit 1
P2=$HUB_PORT
check hub_schema_versioned [ "$(psql_q "SELECT max(version) FROM hub_meta")" = 1 ]

hub_conf "$TMP/a.conf" paris-01 "$P1" "db = $TMP/a.db"
hub_conf "$TMP/b.conf" paris-02 "$P2" "db = $TMP/b.db"
hub_conf "$TMP/t.conf" tokyo-01 "$P2" "db = $TMP/t.db"
new_kiosk "$TMP/a.db" 0 && new_kiosk "$TMP/b.db" 0 && new_kiosk "$TMP/t.db" 0 ||
    { fail hub_kiosks_init "kioskctl init failed"; exit 1; }

# 1. First contact: catalogue, leases, appointments (both kiosks at once,
#    through the two hub processes).
"$K" --config "$TMP/a.conf" sync-now >"$TMP/a.out" 2>&1 & pa=$!
"$K" --config "$TMP/b.conf" sync-now >"$TMP/b.out" 2>&1 & pb=$!
"$K" --config "$TMP/t.conf" sync-now >"$TMP/t.out" 2>&1
rt=$?; wait $pa; ra=$?; wait $pb; rb=$?
check first_sync_through_two_hub_processes [ "$ra$rb$rt" = 000 ] ||
    cat "$TMP/a.out" "$TMP/b.out" "$TMP/t.out" "$TMP/h1.err" "$TMP/h2.err"
leases() {
    sqlite3 "$1" "SELECT group_concat(l.first_serial || '-' || l.last_serial, ' ') FROM
                  edition_leases l JOIN editions e ON e.id = l.edition_id WHERE e.charm_id = 'oval'"
}
la=$(leases "$TMP/a.db"); lb=$(leases "$TMP/b.db"); lt=$(leases "$TMP/t.db")
if [ -n "$la" ] && [ -n "$lb" ] && [ -n "$lt" ] &&
   [ "$(printf '%s\n' $la $lb $lt | sort -u | wc -l)" = 3 ] &&
   [ "$(printf '%s\n' $la $lb $lt | sort -n | tr '\n' ' ')" = "1-10 11-20 21-30 " ]; then
    pass leases_disjoint_across_kiosks
else
    fail leases_disjoint_across_kiosks "a '$la' b '$lb' t '$lt'"
fi
check appointment_placed_sealed_in_its_boutique_only \
    [ "$(q "$TMP/a.db" "SELECT count(*) FROM appointments WHERE upstream_id = 'appt-1' AND status = 'booked' AND station IS NOT NULL")" = 1 -a \
      "$(q "$TMP/t.db" "SELECT count(*) FROM appointments WHERE upstream_id LIKE 'appt-_'")" = 0 -a \
      "$(q "$TMP/t.db" "SELECT count(*) FROM appointments WHERE upstream_id = 'appt-t1'")" = 1 ]
check cancellation_reaches_the_kiosk \
    [ "$(q "$TMP/b.db" "SELECT status FROM appointments WHERE upstream_id = 'appt-2'")" = cancelled ]
if grep -a -q 'Honorine' "$TMP/a.db" "$TMP/a.db-wal" 2>/dev/null; then
    fail hub_appointment_names_sealed_in_kiosk "a name in the clear in the kiosk's files"
else
    pass hub_appointment_names_sealed_in_kiosk
fi

# 2. Orders: sync-now on one kiosk, the daemon on another; exactly once.
"$K" --db "$TMP/a.db" demo-orders 300 >/dev/null && "$K" --db "$TMP/b.db" demo-orders 200 >/dev/null
"$K" --config "$TMP/a.conf" sync-now >"$TMP/a.out" 2>&1
ra=$?
start_daemon "$TMP/b.conf" "$TMP/daemon.log"
end=$((SECONDS + 60))
while [ $SECONDS -lt $end ] && [ "$(pending "$TMP/b.db")" != 0 ]; do sleep 0.2; done
stop "$DAEMON_PID"
"$K" --config "$TMP/a.conf" sync-now >>"$TMP/a.out" 2>&1     # again: nothing twice
hub_orders() { psql_q "SELECT count(*) FROM orders WHERE kiosk_id = '$1' AND status = '${2:-accepted}'"; }
if [ "$ra" -eq 0 ] && [ "$(hub_orders paris-01)" = 300 ] && [ "$(hub_orders paris-02)" = 200 ] &&
   [ "$(pending "$TMP/a.db")" = 0 ] && [ "$(pending "$TMP/b.db")" = 0 ] &&
   [ "$(psql_q "SELECT count(*) FROM orders")" = 500 ]; then
    pass orders_drain_exactly_once_sync_now_and_daemon
else
    fail orders_drain_exactly_once_sync_now_and_daemon "rc $ra, a $(hub_orders paris-01) b $(hub_orders paris-02), pending $(pending "$TMP/a.db")/$(pending "$TMP/b.db"): $(tail -3 "$TMP/a.out" "$TMP/daemon.log")"
fi
sqlite3 "$TMP/a.db" "SELECT uuid FROM orders ORDER BY uuid" >"$TMP/a.uuids"
psql_q "SELECT uuid FROM orders WHERE kiosk_id = 'paris-01' ORDER BY uuid::text" >"$TMP/h.uuids"
check hub_holds_exactly_the_kiosks_uuids cmp -s "$TMP/a.uuids" "$TMP/h.uuids"
check no_serial_sold_twice_at_the_hub \
    [ "$(psql_q "SELECT count(*) - count(DISTINCT serial) FROM orders WHERE charm = 'oval' AND status = 'accepted'")" = 0 -a \
      "$(psql_q "SELECT count(*) FROM orders WHERE charm = 'oval'")" -gt 10 ]
# Selling past the first lease asked for more: a kiosk holds two leases now.
check lease_refilled_after_selling [ "$(leases "$TMP/a.db" | wc -w)" -ge 2 ]

# 3. A rejected order sent again is rejected again with its reason, never
#    "duplicate": a kiosk that sold oval serials before it had any lease.
new_kiosk "$TMP/c.db" 0
"$K" --db "$TMP/c.db" demo-orders 40 >/dev/null
hub_admin add-kiosk paris paris-03 >"$TMP/paris-03.secret" && chmod 600 "$TMP/paris-03.secret"
hub_conf "$TMP/c.conf" paris-03 "$P1" "db = $TMP/c.db"
"$K" --config "$TMP/c.conf" sync-now >"$TMP/c.out" 2>&1
nrej=$(q "$TMP/c.db" "SELECT count(*) FROM outbox WHERE state = 'rejected' AND reason LIKE 'serial:%not leased to this kiosk'")
sqlite3 "$TMP/c.db" "UPDATE outbox SET state = 'pending', settled_at = NULL, reason = NULL WHERE state = 'rejected'"
"$K" --config "$TMP/c.conf" sync-now >"$TMP/c2.out" 2>&1
nrej2=$(q "$TMP/c.db" "SELECT count(*) FROM outbox WHERE state = 'rejected' AND reason LIKE 'serial:%not leased to this kiosk'")
if [ "$nrej" -ge 1 ] && [ "$nrej2" = "$nrej" ] && grep -q "0 duplicate, $nrej rejected" "$TMP/c2.out"; then
    pass rejected_order_resent_stays_rejected
else
    fail rejected_order_resent_stays_rejected "first $nrej, again $nrej2: $(cat "$TMP/c.out" "$TMP/c2.out")"
fi

# 4. A change the kiosk refuses (written by another tool of the brand
#    straight into the log) is set aside, reported and stored at the hub.
psql_q "WITH s AS (UPDATE change_seq SET seq = seq + 1 RETURNING seq)
        INSERT INTO changes (seq, boutique_id, kind, item_key, payload)
        SELECT s.seq, 'paris', 'appointment', 'appt-bad',
               '{\"id\":\"appt-bad\",\"starts_at\":$slot,\"party\":2}' FROM s" >/dev/null
hub_admin book paris appt-3 --at $((slot + 7200)) --name "Claire Dubois" >/dev/null
"$K" --config "$TMP/a.conf" sync-now >"$TMP/a.out" 2>&1
if [ "$(q "$TMP/a.db" "SELECT count(*) FROM sync_quarantine WHERE item_key = 'appt-bad' AND reported_at IS NOT NULL")" = 1 ] &&
   [ "$(psql_q "SELECT count(*) FROM quarantine WHERE kiosk_id = 'paris-01' AND item_key = 'appt-bad' AND reason LIKE '%party%'")" = 1 ] &&
   [ "$(q "$TMP/a.db" "SELECT count(*) FROM appointments WHERE upstream_id = 'appt-3'")" = 1 ]; then
    pass refused_change_reported_and_stored_at_hub
else
    fail refused_change_reported_and_stored_at_hub "$(sqlite3 "$TMP/a.db" "SELECT * FROM sync_quarantine"; psql_q "SELECT * FROM quarantine")"
fi

# 5. The brand changes an order's status: it goes down to that kiosk only.
u=$(head -n 1 "$TMP/a.uuids")
hub_admin order-status "$u" rejected --reason "engraving cannot be made" >/dev/null
"$K" --config "$TMP/a.conf" sync-now >/dev/null 2>&1
"$K" --config "$TMP/b.conf" sync-now >/dev/null 2>&1
check order_status_goes_down_to_its_kiosk_only [ "$("$PY3" -c "
import glob, json
hits = [f for f in glob.glob('$TMP/trace/*-changes-answer-200.json')
        if any(o == {'uuid': '$u', 'status': 'rejected', 'reason': 'engraving cannot be made'}
               for o in json.load(open(f)).get('orders', []))]
print(len(hits))")" = 1 ]
check order_decision_applied_by_its_kiosk [ "$(q "$TMP/a.db" "SELECT state || ':' || reason FROM outbox
    WHERE order_uuid = '$u'")" = "rejected:engraving cannot be made" ]

# 6. 401 reasons: a wrong secret, an unknown kiosk.
openssl rand -hex 32 >"$TMP/wrong.secret"; chmod 600 "$TMP/wrong.secret"
write_conf "$TMP/w.conf" "http://127.0.0.1:$P1/" "db = $TMP/a.db" "kiosk_id = paris-01" \
    "secret_file = $TMP/wrong.secret"
"$K" --config "$TMP/w.conf" sync-now >/dev/null 2>&1
check wrong_secret_named_in_status \
    grep -q 'refused the kiosk.s signature' <("$K" --db "$TMP/a.db" sync-status --json)
write_conf "$TMP/u.conf" "http://127.0.0.1:$P1/" "db = $TMP/a.db" "kiosk_id = nobody-01" \
    "secret_file = $TMP/wrong.secret"
"$K" --config "$TMP/u.conf" sync-now >/dev/null 2>&1
"$K" --config "$TMP/a.conf" sync-now >/dev/null 2>&1          # back to normal

# 7. Bad requests get clear 4xx; one kiosk cannot touch another's orders.
# signed METHOD TARGET BODY KIOSK [TIMESTAMP]: curl with protocol v1 headers;
# prints the status then the body.
signed() {
    local ts="${5:-$(date +%s)}" key
    key=$(tr -d ' \n' <"$TMP/$4.secret")
    local sig
    sig=$(printf '%s\n%s\n%s\n%s' "$1" "$2" "$ts" "$3" |
          openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" | sed 's/.*= //')
    curl -s -o "$TMP/curl.body" -w '%{http_code}' -X "$1" -H "X-Kiosk-Id: $4" \
        -H "X-Timestamp: $ts" -H "X-Signature: $sig" -H 'Content-Type: application/json' \
        ${3:+--data-binary "$3"} "http://127.0.0.1:$P2$2"
    echo " $(cat "$TMP/curl.body")"
}
r=$(signed POST /v1/orders '{"orders": [' paris-02)
check garbage_body_is_400 [ "${r%% *}" = 400 ]
r=$(signed POST /v1/orders '{"orders": {"uuid": 1}}' paris-02)
check orders_not_an_array_is_400_naming_it grep -q '^400 .*orders: expected an array' <<<"$r"
r=$(signed POST /v1/orders '{"orders":[{"uuid":"NOT-A-UUID"}]}' paris-02)
check bad_uuid_is_400_naming_it grep -q '^400 .*orders\[0\].uuid' <<<"$r"
r=$(signed POST /v1/orders '{"kiosk_id":"paris-01","orders":[]}' paris-02)
check body_of_another_kiosk_is_400 grep -q '^400 .*kiosk_id' <<<"$r"
# A cursor this hub never gave (another upstream's) or beyond its log (a
# restored backup) starts from the beginning: the catalogue comes again.
r=$(signed GET '/v1/changes?since=251' '' paris-02)
r2=$(signed GET '/v1/changes?since=h1.99999999' '' paris-02)
check foreign_cursor_starts_from_the_beginning grep -q '^200 .*"catalogue":{' <<<"$r"
check cursor_beyond_the_log_starts_from_the_beginning grep -q '^200 .*"catalogue":{' <<<"$r2"
r=$(signed DELETE /v1/orders '' paris-02)
check wrong_method_is_405 [ "${r%% *}" = 405 ]
r=$(signed GET /v2/changes '' paris-02)
check unknown_path_is_404 [ "${r%% *}" = 404 ]
r=$(signed POST /v1/orders '{"orders":[]}' paris-02 $(( $(date +%s) - 400 )))
check stale_timestamp_is_401_clock grep -q '^401 .*"reason":"clock"' <<<"$r"
other=$(psql_q "SELECT body::text FROM orders WHERE kiosk_id = 'paris-01' AND status = 'accepted' LIMIT 1")
ouuid=$(psql_q "SELECT uuid FROM orders WHERE kiosk_id = 'paris-01' AND status = 'accepted' LIMIT 1")
steal=$(sed 's/"kiosk_id": *"paris-01"/"kiosk_id":"paris-02"/' <<<"$other")
r=$(signed POST /v1/orders "{\"orders\":[$steal]}" paris-02)
if grep -q '"status":"rejected","reason":"uuid: already used by another kiosk' <<<"$r" &&
   [ "$(psql_q "SELECT kiosk_id || ' ' || status FROM orders WHERE uuid = '$ouuid'")" = "paris-01 accepted" ]; then
    pass another_kiosks_uuid_rejected_theirs_untouched
else
    fail another_kiosks_uuid_rejected_theirs_untouched "$r"
fi
fresh=$(sed "s/$ouuid/$(cat /proc/sys/kernel/random/uuid)/" <<<"$other")
r=$(signed POST /v1/orders "{\"orders\":[$fresh]}" paris-02)
check order_naming_another_kiosk_rejected grep -q '"reason":"kiosk_id: not the kiosk that signed' <<<"$r"
check another_kiosks_order_still_its_own [ "$(hub_orders paris-02)" = 200 ]

# 8. A hub restarted, or another one, carries on from a kiosk's cursor.
stop "$HUB_PID"
hub_conf "$TMP/b1.conf" paris-02 "$P1" "db = $TMP/b.db"
before=$(q "$TMP/b.db" "SELECT cursor FROM sync_state")
hub_admin book paris appt-4 --at $((slot + 10800)) --name "Inès Roux" >/dev/null
"$K" --config "$TMP/b1.conf" sync-now >"$TMP/b.out" 2>&1
check second_hub_process_serves_the_same_kiosks \
    [ "$(q "$TMP/b.db" "SELECT count(*) FROM appointments WHERE upstream_id = 'appt-4'")" = 1 -a \
      "$(q "$TMP/b.db" "SELECT cursor FROM sync_state")" != "$before" ]

# HTTPS straight from the hub (--tls-cert/--tls-key), verified by the kiosk
# against a throwaway CA.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj "/CN=Atelier hub test CA" -keyout "$TMP/ca.key" -out "$TMP/ca.pem" 2>/dev/null &&
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$TMP/hub.key" -out "$TMP/hub.csr" 2>/dev/null &&
printf 'subjectAltName=IP:127.0.0.1\n' >"$TMP/hub.ext" &&
openssl x509 -req -in "$TMP/hub.csr" -CA "$TMP/ca.pem" -CAkey "$TMP/ca.key" -CAcreateserial \
    -days 2 -extfile "$TMP/hub.ext" -out "$TMP/hub.pem" 2>/dev/null
start_hub tls --tls-cert "$TMP/hub.pem" --tls-key "$TMP/hub.key" || exit 1
write_conf "$TMP/s.conf" "https://127.0.0.1:$HUB_PORT/" "db = $TMP/b.db" "kiosk_id = paris-02" \
    "secret_file = $TMP/paris-02.secret" "ca_file = $TMP/ca.pem" "allow_insecure_http = no"
"$K" --db "$TMP/b.db" demo-orders 20 >/dev/null
"$K" --config "$TMP/s.conf" sync-now >"$TMP/s.out" 2>&1
check hub_serves_https_verified_by_the_kiosk [ $? -eq 0 -a "$(pending "$TMP/b.db")" = 0 -a \
    "$(hub_orders paris-02)" = 220 ] || cat "$TMP/s.out" "$TMP/tls.err"
stop "$HUB_PID"

# A database owner that is not a superuser runs the hub (btree_gist is a
# trusted extension): the managed-PostgreSQL case.
as_pg "$PGBIN/createuser" -h "$PGDIR" -U postgres hubowner &&
as_pg "$PGBIN/createdb" -h "$PGDIR" -U postgres -O hubowner hubowned
"$BIN/kiosk-hub" --db "host=$PGDIR dbname=hubowned user=hubowner" admin add-boutique lyon Lyon \
    >"$TMP/owner.out" 2>&1
check hub_runs_as_database_owner_without_superuser [ $? -eq 0 ] || cat "$TMP/owner.out"

# 9. The brand's reports.
hub_admin sell-through --json >"$TMP/st.json"
check sell_through_json "$PY3" -c "
import json,sys; rows = json.load(open('$TMP/st.json'))
p = [r for r in rows if r['boutique'] == 'paris' and r['charm'] == 'oval'][0]
t = [r for r in rows if r['boutique'] == 'tokyo' and r['charm'] == 'oval'][0]
sys.exit(0 if p['size'] == 50 and p['leased'] >= 30 and p['sold'] >= 11 and t['leased'] == 10 and t['sold'] == 0 else 1)"
hub_admin orders --boutique tokyo --json >"$TMP/to.json"
check orders_json_per_boutique [ "$(cat "$TMP/to.json")" = "[]" -a \
    "$(hub_admin orders --boutique paris --json | "$PY3" -c 'import json,sys; print(len(json.load(sys.stdin)))')" \
    = "$(psql_q "SELECT count(*) FROM orders WHERE boutique_id = 'paris'")" ]
hub_admin publish-catalogue paris tests/hub/lib.sh >"$TMP/bad.out" 2>&1
check admin_refuses_a_bad_catalogue [ $? -ne 0 ] && grep -q 'refused' "$TMP/bad.out"
# Kiosks take an edition's size from their catalogue: the two must agree.
hub_admin add-edition dogtag --size 30 --lease 5 >"$TMP/ed.out" 2>&1
check admin_refuses_an_edition_the_catalogue_does_not_have [ $? -ne 0 ] &&
    grep -q 'edition size of none' "$TMP/ed.out"
"$PY3" -c "
import json; c = json.load(open('assets/catalogue.json'))
for ch in c['charms']:
    if ch['id'] == 'oval': ch['edition'] = {'size': 500}
json.dump(c, open('$TMP/cat500.json', 'w'))"
hub_admin publish-catalogue paris "$TMP/cat500.json" >"$TMP/ed.out" 2>&1
check admin_refuses_a_catalogue_resizing_a_leased_edition [ $? -ne 0 ] &&
    grep -q 'leases it as an edition of 50' "$TMP/ed.out"

# 10. Every message of this test against protocol v1's JSON Schemas.
validate_trace --expect-invalid appt-bad "$TMP/trace" >"$TMP/validate.out" 2>&1
check every_message_valid_against_protocol_schemas [ $? -eq 0 ] || cat "$TMP/validate.out"
tail -n 1 "$TMP/validate.out"
check hub_log_has_no_personal_data bash -c "! grep -q -e Honorine -e Vasseur '$TMP/h1.err' '$TMP/h2.err'"
