# staff.sh — staff mode through the real kiosk and kioskctl: the hidden
# gesture and PIN pad, the lock (never set off by an empty or short PIN,
# longer each time), the PIN checked off the UI thread, walk-in booking, a session under an
# appointment, the order queue, limited editions on the customer screens;
# upstream appointments not placed or cancelled online after the customer
# arrived, marked on their rows and marked dealt with by touch.
source "$(dirname "$0")/../lib.sh"
DB="$TMP/kiosk.db"
# Noon wherever the test runs: the boutique's day always has free slots.
h=$(date -u +%H); d=$((12 - 10#$h)); export TZ="LOC$((-d))"  # POSIX: a name of 3+ letters, then the offset west of UTC
printf '[kiosk]\nopening_hours = 00:00-24:00\nslot_minutes = 15\nstations = 1\njobs_dir = %s\n' \
    "$TMP/jobs" > "$TMP/kiosk.conf"
CONF=(--config "$TMP/kiosk.conf")

"$BIN/kioskctl" "${CONF[@]}" --db "$DB" init >/dev/null
echo 246813 | "$BIN/kioskctl" "${CONF[@]}" --db "$DB" staff add Camille >/dev/null
check staff_add_reads_the_pin_from_stdin test $? -eq 0

PIN_OK=$'press pin:2\npress pin:4\npress pin:6\npress pin:8\npress pin:1\npress pin:3\npress pin:ok'
PIN_WRONG=$'press pin:9\npress pin:9\npress pin:9\npress pin:9\npress pin:9\npress pin:9\npress pin:ok'

# The gesture: a tap on the wordmark starts, a 2 s press opens the PIN pad;
# a wrong PIN is refused with what is left, the right one opens staff mode.
# Each is checked off the UI thread: the pad says "Checking…" meanwhile.
kiosk_script "$DB" "
hold staff 1000
expect-screen charm
press back
hold staff 2100
expect-screen staff-pin
press pin:1
press pin:1
press pin:1
press pin:1
press pin:1
press pin:1
press pin:ok
expect message
expect-screen staff-pin
$PIN_OK
expect-screen staff-today
expect staff:walkin
expect staff:orders
press staff:exit
expect-screen attract" "${CONF[@]}" --trace "$TMP/pin.jsonl"
check pin_pad_refuses_then_opens test "$RC" -eq 0 || cat "$TMP/out"
check wrong_pin_says_tries_left grep -q '"widget":"message","text":"Wrong PIN: 4 more tries' "$TMP/pin.jsonl"
check pin_digits_never_drawn bash -c "! grep -q '\"text\":\"246813\"' '$TMP/pin.jsonl'"
check pad_says_checking_while_the_pin_is_checked \
    grep -q '"widget":"pin-checking","text":"Checking…"' "$TMP/pin.jsonl"

# Taps of OK on an empty or short PIN are no tries: five of them, and five
# more on four digits, lock nothing and count nothing; the pad says why.
empty=""; for _ in 1 2 3 4 5; do empty+=$'press pin:ok\nexpect message\n'; done
short=""; for _ in 1 2 3 4 5; do short+=$'press pin:clear\npress pin:1\npress pin:2\npress pin:3\npress pin:4\npress pin:ok\nexpect message\n'; done
kiosk_script "$DB" "hold staff 2100
$empty$short
expect-not pin-checking
press pin:clear
$PIN_OK
expect-screen staff-today" "${CONF[@]}" --trace "$TMP/empty.jsonl"
check empty_and_short_pins_lock_nothing test "$RC" -eq 0 || cat "$TMP/out"
check short_pin_is_said_calmly grep -q \
    '"widget":"message","text":"PIN too short: staff PINs have 6 to 8 digits\.".*"color":"#1F1A17"' \
    "$TMP/empty.jsonl"
# Hashed only for the right PIN at the end: "Checking…" first shows after
# the last "too short", and no try was counted.
first_check=$(grep -n '"widget":"pin-checking"' "$TMP/empty.jsonl" | head -n 1 | cut -d: -f1)
last_short=$(grep -n 'PIN too short' "$TMP/empty.jsonl" | tail -n 1 | cut -d: -f1)
check short_pins_are_never_checked bash -c "[ '${first_check:-0}' -gt '${last_short:-0}' ] &&
    ! grep -q 'Wrong PIN\|locked' '$TMP/empty.jsonl' &&
    [ \$(sqlite3 '$DB' 'SELECT failures FROM staff_lock') = 0 ]"

# In French: too short, then "Vérification…" while the right PIN is checked.
kiosk_script "$DB" "hold staff 2100
press pin:1
press pin:2
press pin:3
press pin:ok
expect message
shot staff-pin-short-fr
press pin:clear
$PIN_OK
expect-screen staff-today" "${CONF[@]}" --locale fr_FR --shots "$TMP/shots" --trace "$TMP/short-fr.jsonl"
check french_pad_says_too_short_and_checking bash -c "[ $RC -eq 0 ] &&
    grep -q $'\"widget\":\"message\",\"text\":\"Code trop court\xc2\xa0: un code compte de 6 à 8 chiffres\.\"' '$TMP/short-fr.jsonl' &&
    grep -q '\"widget\":\"pin-checking\",\"text\":\"Vérification…\"' '$TMP/short-fr.jsonl'" || cat "$TMP/out"

# Five wrong PINs lock staff mode, and a restart does not unlock it.
wrong=""; for _ in 1 2 3 4 5; do wrong+="$PIN_WRONG"$'\nexpect message\n'; done
kiosk_script "$DB" "hold staff 2100
$wrong" "${CONF[@]}" --trace "$TMP/lock.jsonl"
check five_wrong_pins_lock test "$RC" -eq 0 || cat "$TMP/out"
check lock_is_said grep -q '"widget":"message","text":"Staff mode is locked for 5:00' "$TMP/lock.jsonl"
kiosk_script "$DB" "hold staff 2100
$PIN_OK
expect-screen staff-pin" "${CONF[@]}" --trace "$TMP/lock2.jsonl"
check lock_survives_a_restart bash -c "[ $RC -eq 0 ] && grep -q 'Staff mode is locked for [45]:[0-5][0-9]' '$TMP/lock2.jsonl'"

# The count goes on when a lock ends (its end is moved to the past here:
# the test cannot wait five minutes): the next five wrong PINs lock for 15
# minutes, the five after for an hour, across restarts, in French too.
sqlite3 "$DB" "UPDATE staff_lock SET locked_until = strftime('%s') - 1"
kiosk_script "$DB" "hold staff 2100
$PIN_WRONG
expect message" "${CONF[@]}" --trace "$TMP/grow1.jsonl"
kiosk_script "$DB" "hold staff 2100
$wrong" "${CONF[@]}" --trace "$TMP/grow2.jsonl"
check second_lock_lasts_fifteen_minutes bash -c "
    grep -q '\"widget\":\"message\",\"text\":\"Wrong PIN: 4 more tries' '$TMP/grow1.jsonl' &&
    grep -q '\"widget\":\"message\",\"text\":\"Staff mode is locked for 15:00' '$TMP/grow2.jsonl' &&
    [ \$(sqlite3 '$DB' 'SELECT failures FROM staff_lock') = 10 ]"
sqlite3 "$DB" "UPDATE staff_lock SET locked_until = strftime('%s') - 1"
kiosk_script "$DB" "hold staff 2100
$wrong
shot staff-pin-locked-fr" "${CONF[@]}" --locale fr_FR --shots "$TMP/shots" --trace "$TMP/grow3.jsonl"
check third_lock_lasts_an_hour_said_in_french grep -q \
    $'"widget":"message","text":"Trop de codes erronés\xc2\xa0: accès verrouillé pendant 1\xc2\xa0h\xc2\xa000' \
    "$TMP/grow3.jsonl"
# The operator opens it (kioskctl staff unlock); then the right PIN works.
"$BIN/kioskctl" "${CONF[@]}" --db "$DB" staff unlock >/dev/null
kiosk_script "$DB" "hold staff 2100
$PIN_OK
expect-screen staff-today" "${CONF[@]}"
check unlock_lets_staff_in_again test "$RC" -eq 0 || cat "$TMP/out"

# 32 staff members: the check hashes the PIN against each (seconds), on
# another thread: no frame waits for it, and the right PIN (the last one
# tried) still opens staff mode. The 31 others are copies of one member's
# row (argon2 makes adding 32 one by one a minute's work).
DB32="$TMP/staff32.db"
"$BIN/kioskctl" "${CONF[@]}" --db "$DB32" init >/dev/null
echo 999999 | "$BIN/kioskctl" "${CONF[@]}" --db "$DB32" staff add "Member 1" >/dev/null
sqlite3 "$DB32" "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 31)
    INSERT INTO staff (name, pin_hash, created_at)
    SELECT 'Member ' || i, (SELECT pin_hash FROM staff WHERE id = 1), created_at FROM n, staff WHERE staff.id = 1"
echo 246813 | "$BIN/kioskctl" "${CONF[@]}" --db "$DB32" staff add Camille >/dev/null
start=$(date +%s%N)
kiosk_script "$DB32" "hold staff 2100
$PIN_OK
shot staff-pin-checking
expect-screen staff-today" "${CONF[@]}" --frame-stats --shots "$TMP/shots" --trace "$TMP/pin32.jsonl"
took=$(( ($(date +%s%N) - start) / 1000000 ))
# The frame that applies the answer is drawn as staff-today: both count.
# Frames take a few ms; 100 ms is the bar for the typical slow one (p99),
# 500 ms for the slowest of all, room left for a test machine busy with
# other work (the check on the UI thread froze one frame for seconds).
MAX_PIN_FRAME=$(sed -n 's/^frames screen=staff-\(pin\|today\) .*max_ms=\([0-9.]*\).*/\2/p' "$TMP/out" |
                sort -n | tail -n 1)
P99_PIN_FRAME=$(sed -n 's/^frames screen=staff-pin .*p99_ms=\([0-9.]*\).*/\1/p' "$TMP/out")
echo "32 staff: the kiosk ran ${took} ms; PIN pad p99 ${P99_PIN_FRAME} ms, slowest staff frame ${MAX_PIN_FRAME} ms" \
     "($(grep -c '"widget":"pin-checking"' "$TMP/pin32.jsonl") frames said Checking…)"
check pin_with_32_staff_opens_staff_mode bash -c "[ $RC -eq 0 ] && [ \$(sqlite3 '$DB32' 'SELECT count(*) FROM staff') = 32 ]" ||
    cat "$TMP/out"
# On a machine busy enough to stall any frame for a while, the slowest
# frame may pass 500 ms; it must still be a small part of the whole run
# (the check on the UI thread was most of it).
check pin_check_never_freezes_a_frame \
    awk -v m="${MAX_PIN_FRAME:-99999}" -v p="${P99_PIN_FRAME:-99999}" -v t="$took" \
        'BEGIN { exit !(p < 100 && (m < 500 || m < t / 8)) }'

# A fresh database for the rest (the lock lasts 5 minutes).
DB="$TMP/kiosk2.db"
"$BIN/kioskctl" "${CONF[@]}" --db "$DB" init >/dev/null
echo 135791 | "$BIN/kioskctl" "${CONF[@]}" --db "$DB" staff add Camille >/dev/null
STAFF=$'hold staff 2100\npress pin:1\npress pin:3\npress pin:5\npress pin:7\npress pin:9\npress pin:1\npress pin:ok'

# Walk-in booking on the staff screen, then a session under it.
kiosk_script "$DB" "$STAFF
press staff:walkin
expect-screen staff-walkin
type Ines Moreau
press walkin:contact
type ines@example.com
press slot:0
press walkin:book
expect-screen staff-today
shot staff-today" "${CONF[@]}" --shots "$TMP/shots" --trace "$TMP/book.jsonl"
check walkin_is_booked test "$RC" -eq 0 || cat "$TMP/out"
"$BIN/kioskctl" "${CONF[@]}" --db "$DB" appointments --json > "$TMP/appts.json"
check booking_is_in_the_store grep -q '"name":"Ines Moreau"' "$TMP/appts.json" || cat "$TMP/appts.json"
APPT=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$TMP/appts.json" | head -n 1)
# The confirmation is a success: drawn in the theme's ink, never in the
# error colour (themes/maison.ini: ink #1F1A17, error #9E3B2F).
check booking_confirmation_is_not_an_error \
    grep -q '"widget":"message","text":"Booked for [0-9:]*\.".*"color":"#1F1A17"' "$TMP/book.jsonl"

# A booking the store refuses (no phone or e-mail) is said in the staff's
# language, from what failed (the field, store_errfield), in the error
# colour; the store's own English words go to the log only.
WALKIN_NO_CONTACT="$STAFF
press staff:walkin
type Basile
press slot:0
press walkin:book
expect-screen staff-walkin
expect message"
kiosk_script "$DB" "$WALKIN_NO_CONTACT
shot staff-walkin-refused" "${CONF[@]}" --locale fr_FR --shots "$TMP/shots" --trace "$TMP/refused-fr.jsonl"
check french_refused_booking_runs test "$RC" -eq 0 || cat "$TMP/out"
check french_refused_booking_says_what_to_type grep -q \
    '"widget":"message","text":"Veuillez saisir un téléphone ou un e-mail\.".*"color":"#9E3B2F"' \
    "$TMP/refused-fr.jsonl"
check refused_booking_logs_the_store_message grep -q \
    'kiosk: walk-in: booking: contact: expected 1 to 127 bytes of text' "$TMP/out"
kiosk_script "$DB" "$WALKIN_NO_CONTACT" "${CONF[@]}" --trace "$TMP/refused.jsonl"
check refused_booking_says_what_to_type grep -q \
    '"widget":"message","text":"Please type a phone number or an e-mail\."' "$TMP/refused.jsonl"
check store_words_never_on_screen bash -c "! grep -q 'expected 1 to' '$TMP/refused.jsonl' '$TMP/refused-fr.jsonl'"

kiosk_script "$DB" "$STAFF
press appt:$APPT:start
expect-screen charm
press charm:disc
press next
press finish:platinum
press next
type IM
press next
press confirm
expect-screen done" "${CONF[@]}"
check session_under_appointment_places_order test "$RC" -eq 0 || cat "$TMP/out"
"$BIN/kioskctl" "${CONF[@]}" --db "$DB" appointments --json > "$TMP/appts2.json"
check appointment_completed_by_its_order grep -q '"status":"completed"' "$TMP/appts2.json" || cat "$TMP/appts2.json"
"$BIN/kioskctl" "${CONF[@]}" --db "$DB" orders --json > "$TMP/orders.json"
NUM=$(sed -n 's/.*"number":\([0-9]*\).*/\1/p' "$TMP/orders.json" | head -n 1)
check order_is_linked_to_the_appointment grep -q "\"order\":$NUM" "$TMP/appts2.json"
UUID=$(sed -n 's/.*"uuid":"\([0-9a-f-]*\)".*/\1/p' "$TMP/orders.json" | head -n 1)
check production_files_written bash -c "[ -s '$TMP/jobs/$UUID/engraving.svg' ] && [ -s '$TMP/jobs/$UUID/jobsheet.png' ]"

# The order queue advances by touch, one step at a time.
kiosk_script "$DB" "$STAFF
press staff:orders
expect-screen staff-orders
expect sync-status
press order:$NUM:advance
press order:$NUM:advance" "${CONF[@]}" --trace "$TMP/queue.jsonl"
check queue_advances_by_touch test "$RC" -eq 0 || cat "$TMP/out"
check staff_sees_upstream_sync_in_words \
    grep -q '"widget":"sync-status","text":"Upstream: 1 order waiting; never synced yet"' "$TMP/queue.jsonl"
check order_is_ready bash -c "'$BIN/kioskctl' --config '$TMP/kiosk.conf' --db '$DB' queue --json | grep -q '\"status\":\"ready\"'"

# The staff screens speak French too (assets/locale/fr.po): the sync line,
# in the singular, with its no-break spaces.
kiosk_script "$DB" "$STAFF
press staff:orders
expect-screen staff-orders
expect sync-status" "${CONF[@]}" --locale fr_FR --trace "$TMP/fr.jsonl"
check french_staff_screen_runs test "$RC" -eq 0 || cat "$TMP/out"
check french_staff_sync_line grep -q \
    $'"widget":"sync-status","text":"Synchronisation\xc2\xa0: 1 commande en attente\xc2\xa0; aucun envoi à ce jour"' \
    "$TMP/fr.jsonl"

# Upstream appointments staff must act on, on today's list: one not placed
# (00:00, no station) and one cancelled online after the customer arrived
# (00:15, in session). Booked for tomorrow, then moved to today's night by
# hand: tests/sync/appointments.sh makes them through the real sync.
TOMORROW=$(date -d tomorrow +%F); TODAY=$(date +%F)
K=("$BIN/kioskctl" "${CONF[@]}" --db "$DB")
"${K[@]}" book --name "Honorine Vasseur" --contact "+33 6 12 34 56 78" --slot "$TOMORROW 10:00" >/dev/null
"${K[@]}" book --name "Basile Berthaud" --contact "basile@example.org" --slot "$TOMORROW 10:15" >/dev/null
NP=$(sqlite3 "$DB" "SELECT id FROM appointments WHERE slot_start = '$TOMORROW 10:00'")
CF=$(sqlite3 "$DB" "SELECT id FROM appointments WHERE slot_start = '$TOMORROW 10:15'")
sqlite3 "$DB" "UPDATE appointments SET slot_start = '$TODAY 00:00', status = 'not-placed', station = NULL,
                 closed_at = strftime('%s') WHERE id = $NP;
               UPDATE appointments SET slot_start = '$TODAY 00:15', status = 'in-session',
                 upstream_cancelled_at = strftime('%s') WHERE id = $CF"
kiosk_script "$DB" "$STAFF
expect-screen staff-today
expect appt:$NP:ack
expect appt:$NP:not-placed
expect appt:$CF:ack
expect appt:$CF:conflict
expect-not appt:$NP:dealt-with" "${CONF[@]}" --locale fr_FR --trace "$TMP/rows-fr.jsonl"
check french_rows_say_what_to_do test "$RC" -eq 0 || cat "$TMP/out"
check french_conflict_row_says_cancelled_online \
    grep -q "\"widget\":\"appt:$CF:conflict\",\"text\":\"Annulé en ligne\".*\"color\":\"#9E3B2F\"" "$TMP/rows-fr.jsonl"
check french_not_placed_row_offers_called \
    grep -q "\"widget\":\"appt:$NP:ack\",\"text\":\"APPELÉ\"" "$TMP/rows-fr.jsonl"
kiosk_script "$DB" "$STAFF
expect-screen staff-today
press appt:$NP:ack
expect appt:$NP:dealt-with
expect-not appt:$NP:ack
expect appt:$CF:ack
shot staff-half-dealt-with
press appt:$CF:ack
expect appt:$CF:dealt-with
expect appt:$CF:conflict
expect-not appt:$CF:ack
expect-not message" "${CONF[@]}" --shots "$TMP/shots" --trace "$TMP/ack.jsonl"
check staff_mark_rows_dealt_with_by_touch test "$RC" -eq 0 || cat "$TMP/out"
check rows_say_they_were_dealt_with bash -c "
    grep -q '\"widget\":\"appt:$NP:dealt-with\",\"text\":\"Customer called\"' '$TMP/ack.jsonl' &&
    grep -q '\"widget\":\"appt:$CF:dealt-with\",\"text\":\"Resolved\"' '$TMP/ack.jsonl' &&
    tail -n 200 '$TMP/ack.jsonl' | grep -q '\"widget\":\"appt:$CF:conflict\",\"text\":\"Cancelled online\".*\"color\":\"#8A7F74\"'"
# The sync line said both in red; once dealt with, neither, in quiet grey.
check sync_line_stops_counting_what_was_dealt_with bash -c "
    grep -q '\"widget\":\"sync-status\",\"text\":\"[^\"]*1 appointment not placed; 1 cancelled online after arriving\".*\"color\":\"#9E3B2F\"' '$TMP/ack.jsonl' &&
    grep '\"widget\":\"sync-status\"' '$TMP/ack.jsonl' | tail -n 1 |
        grep -q '\"text\":\"Upstream: [^;]*; [^;\"]*\".*\"color\":\"#8A7F74\"'"
check dealt_with_is_stored_and_uncounted bash -c "
    '$BIN/kioskctl' --config '$TMP/kiosk.conf' --db '$DB' sync-status --json |
        grep -q '\"appointments_not_placed\":0,\"cancel_conflicts\":0' &&
    [ \$(sqlite3 '$DB' 'SELECT count(*) FROM appointments WHERE acknowledged_at > 0') = 2 ]"

# Staff mode leaves by itself after two minutes without a touch.
kiosk_script "$DB" "$STAFF
expect-screen staff-today
wait 119000
expect-screen staff-today
wait 2000
expect-screen attract" "${CONF[@]}"
check staff_mode_times_out test "$RC" -eq 0 || cat "$TMP/out"

# The trace holds no personal data: the names, contacts and notes the
# staff screens drew above (a walk-in typed and listed, upstream
# appointments, the staff member's own name) are traced as "•••" where
# they stood, in their colour; the file is its owner's only (0600), even
# when it existed with a wider mode.
check trace_names_no_one bash -c "! grep -l -e 'Ines Moreau' -e 'ines@example.com' -e 'Honorine' \
    -e 'Basile Berthaud' -e 'basile@example.org' -e '+33 6 12' -e 'Camille' '$TMP'/*.jsonl"
check trace_masks_where_names_stood grep -q \
    '"widget":null,"text":"•••","rect":\[[0-9]*,[0-9]*,[0-9]*,[0-9]*\],"color":"#1F1A17"' "$TMP/book.jsonl"
check trace_masks_the_walkin_fields grep -q '"widget":"walkin:contact","text":"•••"' "$TMP/book.jsonl"
check trace_file_is_owner_only test "$(stat -c %a "$TMP/book.jsonl")" = 600
printf 'old\n' > "$TMP/wide.jsonl"; chmod 644 "$TMP/wide.jsonl"
kiosk_script "$DB" "expect-screen attract" --trace "$TMP/wide.jsonl"
check trace_file_made_owner_only bash -c "[ $RC -eq 0 ] && [ \$(stat -c %a '$TMP/wide.jsonl') = 600 ] && ! grep -q '^old' '$TMP/wide.jsonl'"
