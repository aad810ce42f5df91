# editions.sh — a limited edition on the customer screens: the live count on
# the tile, the number held during Review, sold in the order's transaction,
# released on Back, and a sold-out piece that cannot be chosen.
source "$(dirname "$0")/../lib.sh"
DB="$TMP/kiosk.db"
"$BIN/kioskctl" --db "$DB" init >/dev/null

to_review() {  # charm
    printf 'press start\npress charm:%s\npress next\npress finish:yellow-gold\npress next\ntype AB\npress next\nexpect-screen review\n' "$1"
}

kiosk_script "$DB" "$(to_review oval)
press back
press next
press confirm
expect-screen done" --trace "$TMP/t.jsonl"
check edition_order_runs test "$RC" -eq 0 || cat "$TMP/out"
check tile_shows_the_live_count grep -q '"widget":"charm:oval","text":"50 OF 50 LEFT"' "$TMP/t.jsonl"
check review_shows_the_held_number grep -q '"widget":"serial","text":"Limited edition, No. 01 / 50"' "$TMP/t.jsonl"
"$BIN/kioskctl" --db "$DB" editions --json > "$TMP/ed.json"
check back_released_and_one_sold grep -q '"size":50,"sold":1,"held":0,"remaining":49' "$TMP/ed.json" \
    || cat "$TMP/ed.json"
"$BIN/kioskctl" --db "$DB" queue --json > "$TMP/queue.json"
check order_has_serial_one grep -q '"serial":1,"edition_size":50' "$TMP/queue.json" || cat "$TMP/queue.json"

kiosk_script "$DB" "press start
expect charm:oval" --trace "$TMP/t2.jsonl"
check tile_count_follows_sales grep -q '"text":"49 OF 50 LEFT"' "$TMP/t2.jsonl"

# An edition of one: after its sale the tile says so and refuses a touch.
sed 's/"edition": { "size": 50 }/"edition": { "size": 1 }/' assets/catalogue.json > "$TMP/one.json"
DB1="$TMP/one.db"
"$BIN/kioskctl" --db "$DB1" init --catalogue "$TMP/one.json" >/dev/null
kiosk_script "$DB1" "$(to_review oval)
press confirm
press done
press start
expect-disabled charm:oval
press charm:oval
expect-disabled next" --trace "$TMP/t3.jsonl"
check sold_out_tile_cannot_be_chosen test "$RC" -eq 0 || cat "$TMP/out"
check sold_out_is_said grep -q '"widget":"charm:oval","text":"SOLD OUT"' "$TMP/t3.jsonl"
