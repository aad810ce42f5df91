#!/usr/bin/env bash
# catalogue.sh — a catalogue arriving from upstream goes through the same
# font check as `kioskctl init --catalogue`: one naming a font file the
# kiosk does not have is refused as a whole by the sync daemon (the field at
# fault in its log and in sync-status), the catalogue the kiosk can use
# stays, and the kiosk still starts and takes an order.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/lib.sh"
K="$BIN/kioskctl"
DB="$TMP/kiosk.db"
CONF="$TMP/kiosk.conf"

# The heart costs more in the new catalogue, so that a partial import shows;
# and its Sans font names a file this kiosk does not have.
sed -e 's/"price_minor": 21000/"price_minor": 23500/' \
    -e 's|"file": "assets/fonts/DejaVuSans.ttf"|"file": "assets/fonts/DejaVuSansNew.ttf"|' \
    assets/catalogue.json >"$TMP/badfont.json"
start_upstream up --catalogue "$TMP/badfont.json" || exit 1
write_conf "$CONF" "http://127.0.0.1:$UP_PORT/" "db = $DB" "sync_interval = 1"
new_kiosk "$DB" 3 || { fail upstream_catalogue_with_missing_font_refused "setup failed"; exit 1; }
"$K" --config "$CONF" catalogue --json >"$TMP/before.json"

start_daemon "$CONF" "$TMP/daemon.log"
refused=0
for _ in $(seq 100); do
    if grep -qs 'fonts\[2\].file: "assets/fonts/DejaVuSansNew.ttf" does not exist' "$TMP/daemon.log"; then
        refused=1; break
    fi
    sleep 0.1
done
# The orders still go up: one refused catalogue does not stop the drain.
wait_drained up "$DB" 3 10
drained=$?
stop "$DAEMON_PID"
check upstream_catalogue_with_missing_font_refused_by_the_daemon [ "$refused" = 1 ] ||
    cat "$TMP/daemon.log"
"$K" --config "$CONF" catalogue --json >"$TMP/after.json"
check refused_upstream_catalogue_changes_nothing cmp -s "$TMP/before.json" "$TMP/after.json"
check orders_drain_while_the_catalogue_is_refused [ "$drained" = 0 ]
"$K" --config "$CONF" sync-status --json >"$TMP/status.json"
check sync_status_names_the_font_at_fault grep -q 'fonts\[2\].file' "$TMP/status.json" ||
    cat "$TMP/status.json"

# sync-now refuses it the same way (a second kiosk, which has not seen the
# page yet), naming the field.
DB2="$TMP/kiosk2.db"
write_conf "$TMP/kiosk2.conf" "http://127.0.0.1:$UP_PORT/" "db = $DB2" "kiosk_id = paris-02"
new_kiosk "$DB2" 0 >/dev/null 2>&1
"$K" --config "$TMP/kiosk2.conf" sync-now >"$TMP/now.out" 2>&1
check sync_now_refuses_it_too grep -q 'set aside: .*fonts\[2\].file: "assets/fonts/DejaVuSansNew.ttf" does not exist' \
    "$TMP/now.out" || cat "$TMP/now.out"

# The kiosk starts on the catalogue it can use and takes an order in Sans.
kiosk_script "$DB" "press start
press charm:heart
press next
press finish:platinum
press next
press font:sans
type Max
press next
press confirm
expect-screen done"
check kiosk_takes_orders_after_the_refusal test "$RC" -eq 0 || cat "$TMP/out"
