# golden.sh — every screen drawn by the real headless kiosk, compared with
# its golden image in tests/golden/<name>.png (png_compare: a shot reduced
# to the golden's 540x960, at most 0.05 % of the pixels off by more than
# 16 of 255). Customer screens in English and French (attract, charm,
# finish, engraving with text, review, done, resting), staff screens in
# English (PIN pad, today with appointments, walk-in, order queue).
#
# Everything on screen that follows the clock is pinned: the wall clock is
# frozen at GOLDEN_NOW by libfaketime (the virtual frame clock of the
# headless driver is monotonic and left alone), TZ is UTC, each run starts
# from a fresh database (order 1001), and the appointments are booked at
# fixed times of that day.
#
# GOLDEN_UPDATE=1 (make golden) writes the golden images instead of
# comparing: after an intended change of a screen, run it, look at every
# new PNG, and commit them with the change.
source "$(dirname "$0")/../lib.sh"
GOLDEN=tests/golden
COMPARE="$BIN/tests/png_compare"
SHOTS="$TMP/shots"
FAKETIME_LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
GOLDEN_NOW="2030-03-14 09:30:00"
mkdir -p "$SHOTS"

if [ ! -x "$COMPARE" ] || [ ! -e "$FAKETIME_LIB" ]; then
    fail golden_tools "need $COMPARE (make test-bins) and $FAKETIME_LIB (Debian faketime: make deps)"
    exit 1
fi
export TZ=UTC
# Under ASan the preloaded libfaketime comes before the sanitizer's runtime:
# harmless here, but ASan refuses to start unless told so.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:verify_asan_link_order=0"
at_golden_now() {
    LD_PRELOAD="$FAKETIME_LIB" FAKETIME="$GOLDEN_NOW" FAKETIME_DONT_FAKE_MONOTONIC=1 \
        FAKETIME_NO_CACHE=1 "$@"
}
K() { at_golden_now "$BIN/kioskctl" --config "$TMP/kiosk.conf" "$@"; }
kiosk_script() {
    local db="$1" text="$2"; shift 2
    printf '%s\n' "$text" > "$TMP/script.txt"
    at_golden_now "$BIN/kiosk" --config "$TMP/kiosk.conf" --headless --db "$db" \
        --script "$TMP/script.txt" --shots "$SHOTS" "$@" > "$TMP/out" 2>&1
    RC=$?
}
: > "$TMP/nowhere"   # jobs_dir under a file: no production files to draw (see resting.sh)
printf '[kiosk]\njobs_dir = %s/nowhere/jobs\nopening_hours = 10:00-19:00\nslot_minutes = 30\nstations = 2\n' \
    "$TMP" > "$TMP/kiosk.conf"

# The clock really is pinned: kioskctl stamps an order with the frozen time.
K --db "$TMP/clock.db" init >/dev/null
echo 246813 | K --db "$TMP/clock.db" staff add Camille >/dev/null
check golden_clock_is_frozen bash -c "
    LD_PRELOAD='$FAKETIME_LIB' FAKETIME='$GOLDEN_NOW' date -u '+%F %T' | grep -qx '$GOLDEN_NOW'"

# The customer flow, once per language.
for lang in en fr; do
    locale=en_US; [ $lang = fr ] && locale=fr_FR
    K --db "$TMP/$lang.db" init >/dev/null
    kiosk_script "$TMP/$lang.db" "
expect-screen attract
shot attract-$lang
press start
press charm:heart
expect-screen charm
shot charm-$lang
press next
press finish:rose-gold
expect-screen finish
shot finish-$lang
press next
type Léa & Max
expect-screen engraving
shot engraving-$lang
press next
expect-screen review
shot review-$lang
press confirm
expect-screen done
shot done-$lang" --locale $locale
    check "golden_customer_flow_runs_$lang" test "$RC" -eq 0 || cat "$TMP/out"
done

# Resting: a database whose quick check finds a damaged page (resting.sh).
K --db "$TMP/rest.db" init >/dev/null
K --db "$TMP/rest.db" demo-orders 200 >/dev/null
sqlite3 "$TMP/rest.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
page=$(sqlite3 "$TMP/rest.db" "SELECT pageno FROM dbstat WHERE name = 'orders' AND pagetype = 'leaf' LIMIT 1 OFFSET 2")
for lang in en fr; do
    locale=en_US; [ $lang = fr ] && locale=fr_FR
    cp "$TMP/rest.db" "$TMP/rest-$lang.db"
    dd if=/dev/zero of="$TMP/rest-$lang.db" bs=4096 seek=$((page - 1)) count=1 conv=notrunc 2>/dev/null
    kiosk_script "$TMP/rest-$lang.db" "expect-screen resting
shot resting-$lang" --locale $locale
    check "golden_resting_runs_$lang" test "$RC" -eq 0 || cat "$TMP/out"
done

# Staff, on the English database (order 1001 in the queue): two bookings
# today, one of them checked in, then each staff screen.
echo 246813 | K --db "$TMP/en.db" staff add Camille >/dev/null
K --db "$TMP/en.db" book --name "Claire Dubois" --contact claire@example.com \
    --slot "2030-03-14 11:00" --party "Claire + Margot" --notes "Birthday" >/dev/null &&
K --db "$TMP/en.db" book --name "Hugo Martin" --contact "+33 6 12 34 56 78" \
    --slot "2030-03-14 15:30" --station 2 >/dev/null
check golden_appointments_booked test $? -eq 0
kiosk_script "$TMP/en.db" "
hold staff 2100
expect-screen staff-pin
shot staff-pin
press pin:2
press pin:4
press pin:6
press pin:8
press pin:1
press pin:3
press pin:ok
expect-screen staff-today
shot staff-today
press staff:walkin
expect-screen staff-walkin
shot staff-walkin
press staff:orders
expect-screen staff-orders
shot staff-orders" --locale en_US
check golden_staff_screens_run test "$RC" -eq 0 || cat "$TMP/out"

NAMES="attract-en charm-en finish-en engraving-en review-en done-en resting-en
attract-fr charm-fr finish-fr engraving-fr review-fr done-fr resting-fr
staff-pin staff-today staff-walkin staff-orders"

if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
    mkdir -p "$GOLDEN"
    for n in $NAMES; do
        check "golden_written_$n" "$COMPARE" --reduce 2 "$SHOTS/$n.png" "$GOLDEN/$n.png"
    done
    echo "golden: wrote $(echo $NAMES | wc -w) images in $GOLDEN/: look at each before committing them"
    exit 0
fi

mkdir -p "${GOLDEN_DIFFS:=/tmp/kiosk-golden-diffs}"
for n in $NAMES; do
    if [ ! -e "$GOLDEN/$n.png" ]; then
        fail "golden_$n" "$GOLDEN/$n.png is missing (make golden writes it)"
        continue
    fi
    if "$COMPARE" --diff "$GOLDEN_DIFFS/$n-diff.png" "$SHOTS/$n.png" "$GOLDEN/$n.png" > "$TMP/cmp" 2>&1; then
        pass "golden_$n"
    else
        cp "$SHOTS/$n.png" "$GOLDEN_DIFFS/$n.png" 2>/dev/null
        fail "golden_$n" "$(cat "$TMP/cmp"); this run's shot and a diff (red) in $GOLDEN_DIFFS/"
    fi
done
