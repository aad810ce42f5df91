#!/usr/bin/env bash
# drain.sh — a backlog of 10,000 orders drains with exactly 10,000 stored
# upstream; sync-now, sync-status and changes (catalogue, appointments) end
# to end against the real test upstream over loopback HTTP.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/lib.sh"
K="$BIN/kioskctl"
DB="$TMP/kiosk.db"
CONF="$TMP/kiosk.conf"

# A catalogue change the upstream publishes: the heart costs more.
sed 's/"price_minor": 21000/"price_minor": 23500/' assets/catalogue.json >"$TMP/newcat.json"
mkdir -p "$TMP/trace"
start_upstream up --catalogue "$TMP/newcat.json" --appointments 250 --page-size 100 \
    --trace "$TMP/trace" || exit 1
write_conf "$CONF" "http://127.0.0.1:$UP_PORT/" "db = $DB"

new_kiosk "$DB" 10000 || { fail backlog_of_10000_drains_exactly_once "setup failed"; exit 1; }
check demo_orders_write_outbox_rows [ "$(pending "$DB")" = 10000 ]

start=$SECONDS
"$K" --config "$CONF" sync-now >"$TMP/now.out" 2>"$TMP/now.err"
rc=$?
if [ "$rc" -eq 0 ] && [ "$(up_count up)" = 10000 ] && [ "$(pending "$DB")" = 0 ] && same_orders up "$DB" &&
   grep -q 'sent 10000 orders (10000 accepted, 0 duplicate, 0 rejected); 0 pending' "$TMP/now.out"; then
    pass backlog_of_10000_drains_exactly_once
else
    fail backlog_of_10000_drains_exactly_once "rc $rc, upstream $(up_count up), pending $(pending "$DB"): $(cat "$TMP/now.out" "$TMP/now.err")"
fi
echo "    (10,000 orders drained in $((SECONDS - start)) s)"

if "$K" --config "$CONF" sync-now >"$TMP/now.out" 2>&1 && grep -q 'sent 0 orders' "$TMP/now.out" &&
   [ "$(up_count up)" = 10000 ]; then
    pass second_sync_now_sends_nothing
else
    fail second_sync_now_sends_nothing "$(cat "$TMP/now.out")"
fi

if "$K" --config "$CONF" catalogue --json | grep -A12 '"id":[[:space:]]*"heart"' | grep -q '23500'; then
    pass catalogue_change_from_upstream_is_applied
else
    fail catalogue_change_from_upstream_is_applied "heart price unchanged"
fi
# Upstream appointments land in the appointments table, sealed: the raw
# database files hold no trace of a name, a contact or notes, and nothing
# personal waits in sync_inbox; kioskctl opens them with the key.
check upstream_appointments_imported_sealed \
    [ "$(sqlite3 "$DB" "SELECT count(*) FROM appointments WHERE upstream_id LIKE 'appt-%'
                         AND name_enc IS NOT NULL AND contact_enc IS NOT NULL")" = 250 ]
check no_appointment_waits_raw_in_sync_inbox \
    [ "$(sqlite3 "$DB" "SELECT count(*) FROM sync_inbox WHERE kind = 'appointment'")" = 0 ]
if grep -a -q -e 'Honorine' -e 'Vasseur' -e 'honorine\.' "$DB" "$DB-wal" "$DB-shm" 2>/dev/null; then
    fail upstream_personal_data_leaves_no_trace_in_database_files \
        "$(grep -a -l -e Honorine -e Vasseur -e 'honorine\.' "$DB" "$DB-wal" 2>/dev/null)"
else
    pass upstream_personal_data_leaves_no_trace_in_database_files
fi
day=$(sqlite3 "$DB" "SELECT substr(slot_start, 1, 10) FROM appointments WHERE upstream_id = 'appt-1'")
if "$K" --config "$CONF" appointments --date "$day" --json >"$TMP/appts.json" 2>"$TMP/appts.err" &&
   grep -q '"Honorine Vasseur 1"' "$TMP/appts.json" && grep -q 'honorine.1@example.org' "$TMP/appts.json"; then
    pass kioskctl_shows_upstream_appointments_decrypted
else
    fail kioskctl_shows_upstream_appointments_decrypted "$day: $(head -c 600 "$TMP/appts.json") $(cat "$TMP/appts.err")"
fi

"$K" --config "$CONF" sync-status --json >"$TMP/status.json"
if grep -q '"pending":0' "$TMP/status.json" && grep -q '"sent":10000' "$TMP/status.json" &&
   grep -q '"last_error":null' "$TMP/status.json" && grep -q '"cursor":"251"' "$TMP/status.json" &&
   grep -Eq '"last_success":"[0-9]{4}-' "$TMP/status.json"; then
    pass sync_status_json_reports_the_drain
else
    fail sync_status_json_reports_the_drain "$(cat "$TMP/status.json")"
fi
if "$K" --config "$CONF" sync-status >"$TMP/status.txt" && grep -q 'Waiting: *0 orders' "$TMP/status.txt" &&
   grep -q 'Last error: *none' "$TMP/status.txt"; then
    pass sync_status_text_in_plain_words
else
    fail sync_status_text_in_plain_words "$(cat "$TMP/status.txt")"
fi

# An order refused upstream is settled as rejected with its reason, and
# does not keep sync-now failing.
stop "$UP_PID"
start_upstream up --reject-charm heart || exit 1
write_conf "$CONF" "http://127.0.0.1:$UP_PORT/" "db = $DB"
"$K" --db "$DB" demo-orders 12 >/dev/null
"$K" --config "$CONF" sync-now >"$TMP/now.out" 2>&1
rc=$?
rejected=$(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE state = 'rejected' AND reason LIKE '%no longer sold%'")
if [ "$rc" -eq 0 ] && [ "$rejected" -eq 2 ] && grep -q '10 accepted, 0 duplicate, 2 rejected' "$TMP/now.out"; then
    pass rejected_orders_are_settled_with_reason
else
    fail rejected_orders_are_settled_with_reason "rc $rc, rejected $rejected: $(cat "$TMP/now.out")"
fi

# A wrong secret: the upstream refuses every request, nothing is stored,
# the orders stay pending and the error says what to check.
"$K" --db "$DB" demo-orders 3 >/dev/null
openssl rand -hex 32 >"$TMP/other"; chmod 600 "$TMP/other"
write_conf "$CONF" "http://127.0.0.1:$UP_PORT/" "db = $DB" "secret_file = $TMP/other"
before=$(up_count up)
"$K" --config "$CONF" sync-now >"$TMP/now.out" 2>"$TMP/now.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q "refused the kiosk's signature (HTTP 401)" "$TMP/now.err" &&
   [ "$(up_count up)" = "$before" ] && [ "$(pending "$DB")" = 3 ] &&
   "$K" --config "$CONF" sync-status | grep -q "Last error: *the upstream refused"; then
    pass bad_signature_is_refused_and_nothing_stored
else
    fail bad_signature_is_refused_and_nothing_stored "rc $rc: $(cat "$TMP/now.err")"
fi

# Standalone (no upstream_url): sync-now fails, the daemon exits 0 at once.
printf '[kiosk]\ndb = %s\n' "$DB" >"$TMP/standalone.conf"
"$K" --config "$TMP/standalone.conf" sync-now >/dev/null 2>"$TMP/err"; rc1=$?
timeout 10 "$K" --config "$TMP/standalone.conf" sync --daemon 2>>"$TMP/err"; rc2=$?
if [ "$rc1" -eq 1 ] && [ "$rc2" -eq 0 ] && grep -q 'standalone' "$TMP/err"; then
    pass standalone_kiosk_has_nothing_to_sync
else
    fail standalone_kiosk_has_nothing_to_sync "sync-now $rc1, daemon $rc2: $(cat "$TMP/err")"
fi

usage_ok=1
for args in "sync" "sync --now" "sync-now --attempts 0" "sync-now extra" "sync-status --xml"; do
    # shellcheck disable=SC2086
    "$K" --config "$CONF" $args >/dev/null 2>&1
    [ $? -eq 2 ] || { usage_ok=0; echo "    (args '$args' did not exit 2)"; }
done
[ "$usage_ok" -eq 1 ] && pass sync_usage_errors_exit_2

# The kiosk's requests and the test upstream's answers of this whole run
# against protocol v1's JSON Schemas (docs/protocol-v1/).
"$PY3" tests/hub/validate.py docs/protocol-v1 "$TMP/trace" >"$TMP/validate.out" 2>&1
check drain_messages_valid_against_protocol_schemas [ $? -eq 0 ] || cat "$TMP/validate.out"
echo "    ($(tail -n 1 "$TMP/validate.out"))"
