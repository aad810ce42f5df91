# jobs_backlog.sh — production files owed from the database never hold the
# screen: with 200 and 1000 orders missing their files the first frame
# comes in under 300 ms, as with none owed (the writer's thread catches
# up), an order placed during the backlog gets
# its files, and every file owed is written in the end. Before, more than
# 64 missing were written on the UI thread before the first frame (18 s
# for 200).
source "$(dirname "$0")/../lib.sh"

# first_frame DB: runs the kiosk headless on DB until it has printed its
# frame statistics (the script is one look at the attract screen), then
# kills it: the catch-up it leaves is not what is measured here. Prints
# first_frame_ms.
first_frame() {
    local db="$1" out="$TMP/stats.$RANDOM"
    : > "$out"
    printf 'expect-screen attract\n' > "$TMP/look.txt"
    "$BIN/kiosk" --headless --db "$db" --script "$TMP/look.txt" --frame-stats > "$out" 2>"$out.err" &
    local pid=$! i
    for i in $(seq 1 600); do
        grep -q '^frames screen=all' "$out" && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    sed -n 's/^first_frame_ms=\([0-9.]*\)$/\1/p' "$out"
}

# best_first_frame DB: the best of three starts. Other work on the machine
# only ever adds to a start-up time; a backlog written before the first
# frame would be in all three (seconds for 200 under sanitizers, minutes
# for 1000).
best_first_frame() {
    local best="" ms
    for _ in 1 2 3; do
        ms=$(first_frame "$1")
        if [ -n "$ms" ] && { [ -z "$best" ] || awk -v a="$ms" -v b="$best" 'BEGIN { exit !(a < b) }'; }; then
            best=$ms
        fi
    done
    echo "${best:-999999}"
}

# The target is 300 ms; on a machine too busy to start even an empty
# counter that fast, the backlog must add nothing beyond the noise (the
# writer's thread starts on the backlog at once and competes for a core
# with the first frame: twice the empty start plus 150 ms still tells
# noise from a backlog written first, which costs seconds).
"$BIN/kioskctl" --db "$TMP/empty.db" init >/dev/null
base=$(best_first_frame "$TMP/empty.db")
limit=$(awk -v b="$base" 'BEGIN { l = b * 2 + 150; print (l > 300 ? l : 300) }')
echo "    first frame with nothing owed: $base ms (best of 3); limit $limit ms"
for n in 200 1000; do
    DB="$TMP/backlog$n.db"
    "$BIN/kioskctl" --db "$DB" init >/dev/null
    "$BIN/kioskctl" --db "$DB" demo-orders "$n" >/dev/null
    ms=$(best_first_frame "$DB")
    echo "    first frame with $n orders missing their production files: $ms ms (best of 3)"
    check "first_frame_not_held_by_${n}_files_owed" \
        awk -v ms="$ms" -v l="$limit" 'BEGIN { exit !(ms < l) }'
done

# Every file owed is written in the end, and a customer's order placed
# while the writer works through the backlog gets its files too. 66
# orders: more than the queue holds (64), few enough to wait for under
# sanitizers (a job sheet takes the best part of a second there).
DB="$TMP/owed.db"
"$BIN/kioskctl" --db "$DB" init >/dev/null
"$BIN/kioskctl" --db "$DB" demo-orders 66 >/dev/null
kiosk_script "$DB" "press start
press charm:heart
press next
press finish:platinum
press next
type Owed
press next
press confirm
expect-screen done" --frame-stats
check order_during_the_backlog_is_placed test "$RC" -eq 0 || cat "$TMP/out"
echo "    first frame with 66 owed: $(sed -n 's/^first_frame_ms=//p' "$TMP/out") ms"
sqlite3 "$DB" "SELECT uuid FROM orders" > "$TMP/uuids"
missing=0
while read -r u; do
    [ -s "$TMP/jobs/$u/jobsheet.png" ] && [ -s "$TMP/jobs/$u/engraving.svg" ] || missing=$((missing + 1))
done < "$TMP/uuids"
check every_owed_production_file_is_written_in_the_end \
    bash -c "[ $(wc -l < "$TMP/uuids") -eq 67 ] && [ $missing -eq 0 ]" || echo "    $missing of 67 missing"
