# sets.sh — matching sets through the real kiosk: "add a matching piece" on
# Review, the pet's tag in the owner's finish, one order with every piece,
# priced, listed and with production files for each.
source "$(dirname "$0")/../lib.sh"
DB="$TMP/kiosk.db"

kiosk_script "$DB" "
press start
press charm:heart
press next
press finish:rose-gold
press next
type Léa
press next
expect-screen review
press add-piece
expect-screen charm
expect-disabled charm:oval
press back
expect-screen review
expect-not piece:1
press add-piece
press charm:dogtag
press next
expect-screen engraving
type Biscuit
press next
expect piece:1
expect piece:2
press confirm
expect-screen done" --trace "$TMP/t.jsonl"
check set_order_runs test "$RC" -eq 0 || cat "$TMP/out"
check review_lists_each_piece bash -c "grep -q '\"widget\":\"piece:2\",\"text\":\"Dog Tag\"' '$TMP/t.jsonl' &&
    grep -q '\"widget\":\"piece:1\",\"text\":\"Heart\"' '$TMP/t.jsonl'"
check set_total_is_every_piece_in_the_finish grep -q '"widget":"total","text":"€1,300"' "$TMP/t.jsonl"

"$BIN/kioskctl" --db "$DB" orders --json > "$TMP/orders.json"
check one_order_for_the_set test "$(grep -c uuid "$TMP/orders.json")" -eq 1
check order_has_first_piece_and_matching_piece \
    grep -q '"charm":"heart","finish":"rose-gold".*"text":"Léa".*"price_minor":130000.*"pieces":\[{"charm":"dogtag","font":"garamond","layout":"line","text":"Biscuit"}\]' \
    "$TMP/orders.json" || cat "$TMP/orders.json"
UUID=$(sed -n 's/.*"uuid":"\([0-9a-f-]*\)".*/\1/p' "$TMP/orders.json")
for _ in $(seq 100); do [ -s "$TMP/jobs/$UUID/jobsheet-2.png" ] && break; sleep 0.1; done
check production_files_for_every_piece bash -c "[ -s '$TMP/jobs/$UUID/engraving.svg' ] && [ -s '$TMP/jobs/$UUID/engraving-2.svg' ] &&
    [ -s '$TMP/jobs/$UUID/jobsheet.png' ] && [ -s '$TMP/jobs/$UUID/jobsheet-2.png' ]"
check matching_piece_svg_has_its_text_paths grep -q '<path' "$TMP/jobs/$UUID/engraving-2.svg"
