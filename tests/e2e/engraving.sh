# engraving.sh — the engraving screen through the real kiosk: fonts and
# layouts as widgets, refusals said inline, what is typed never lost.
source "$(dirname "$0")/../lib.sh"
DB="$TMP/kiosk.db"

to_engraving() {  # charm finish
    printf 'press start\npress charm:%s\npress next\npress finish:%s\npress next\n' "$1" "$2"
}

# Layouts offered suit the charm.
kiosk_script "$DB" "$(to_engraving disc yellow-gold)
expect layout:line
expect layout:arc-top
expect layout:arc-bottom
expect layout:monogram
expect-not layout:vertical
press back
press back
press charm:tag
press next
press next
expect layout:vertical
expect-not layout:arc-top
expect font:garamond
expect font:japanese"
check layouts_offered_suit_the_charm test "$RC" -eq 0 || cat "$TMP/out"

# A character the font lacks is refused inline, Review waits; the Japanese
# font accepts it, and the text was kept all along.
kiosk_script "$DB" "$(to_engraving tag platinum)
input 永遠
expect message
expect-disabled next
press font:japanese
press layout:vertical
expect-not message
expect-enabled next
press next
expect-screen review
press confirm
expect-screen done" --trace "$TMP/glyph.jsonl"
check missing_glyph_is_refused_then_font_change_accepts test "$RC" -eq 0 || cat "$TMP/out"
check refusal_names_the_character_and_font \
    grep -q '"widget":"message","text":"“永” is not in Garamond: choose another font."' "$TMP/glyph.jsonl"

# A monogram takes at most three initials.
kiosk_script "$DB" "$(to_engraving disc rose-gold)
type ABCD
press layout:monogram
expect message
expect-disabled next
press key:backspace
expect-not message
expect-enabled next
press next
press confirm" --trace "$TMP/mono.jsonl"
check monogram_refuses_four_initials test "$RC" -eq 0 || cat "$TMP/out"
check monogram_refusal_in_words grep -q '"widget":"message","text":"A monogram takes three initials at most."' "$TMP/mono.jsonl"

# Refusals are said in the kiosk's language (the library's own messages are
# English, for logs): too long to stay legible, a character the font lacks.
kiosk_script "$DB" "$(to_engraving heart yellow-gold)
type WWWWWWWWW
expect message
expect-disabled next
press key:backspace
press key:backspace
press key:backspace
expect-not message
input 永
expect message" --locale fr_FR --trace "$TMP/fr.jsonl"
check french_refusals_run test "$RC" -eq 0 || cat "$TMP/out"
check french_refusal_says_how_many_fit \
    grep -q '"widget":"message","text":"Trop long pour rester lisible : [0-9] caractères au plus."' "$TMP/fr.jsonl"
check french_refusal_names_the_character \
    grep -q '"widget":"message","text":"« 永 » n’existe pas en Garamond : changez de police."' "$TMP/fr.jsonl"

# An arc engraving is stored with its layout and font.
kiosk_script "$DB" "$(to_engraving disc vermeil)
press font:italic
press layout:arc-top
type Forever
press next
press confirm"
check arc_order_runs test "$RC" -eq 0 || cat "$TMP/out"
"$BIN/kioskctl" --db "$DB" orders --json > "$TMP/orders.json"
check orders_keep_layout_and_font bash -c "
    grep -q '\"font\":\"japanese\",\"layout\":\"vertical\",\"text\":\"永遠\"' '$TMP/orders.json' &&
    grep -q '\"layout\":\"monogram\",\"text\":\"ABC\"' '$TMP/orders.json' &&
    grep -q '\"font\":\"italic\",\"layout\":\"arc-top\",\"text\":\"Forever\"' '$TMP/orders.json'" \
    || cat "$TMP/orders.json"

# Changing to a charm the layout does not suit falls back to a centred line.
kiosk_script "$DB" "$(to_engraving disc vermeil)
press layout:arc-top
press back
press back
press charm:heart
press next
press next
expect-not layout:arc-top
type Zoé
press next
press confirm"
check unsuited_layout_falls_back_to_line test "$RC" -eq 0 || cat "$TMP/out"
"$BIN/kioskctl" --db "$DB" orders --json | grep '"text":"Zoé"' > "$TMP/zoe.json"
check fallback_order_is_a_line grep -q '"layout":"line"' "$TMP/zoe.json"
