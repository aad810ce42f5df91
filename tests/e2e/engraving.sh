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

# Text that would surprise the atelier is refused inline and Review waits:
# only invisible or blank characters (zero-width space, no-break space,
# byte-order mark), a bidirectional override (U+202E: "esiotrot" would read
# "tortoise"), accents stacked on one letter. Typing more fixes it; nothing
# refused is ever stored.
kiosk_script "$DB" "$(to_engraving disc platinum)
input $(printf '\xe2\x80\x8b\xc2\xa0\xef\xbb\xbf')
expect message
expect-disabled next
press key:backspace
press key:backspace
press key:backspace
input Ab$(printf '\xe2\x80\xae')cd
expect message
expect-disabled next
press key:backspace
press key:backspace
press key:backspace
press key:backspace
press key:backspace
input Z$(printf '\xcc\x81\xcc\x81\xcc\x81')oe
expect message
expect-disabled next
press key:backspace
press key:backspace
press key:backspace
press key:backspace
press key:backspace
input oe
expect-not message
expect-enabled next
press next
press confirm
expect-screen done" --trace "$TMP/surprise.jsonl"
check surprising_text_is_refused_then_fixed test "$RC" -eq 0 || cat "$TMP/out"
check invisible_only_text_refused_in_words \
    grep -q '"widget":"message","text":"Only spaces or invisible signs: nothing to engrave."' "$TMP/surprise.jsonl"
check bidi_override_refused_naming_the_position \
    grep -q '"widget":"message","text":"Character 3 is an invisible sign that cannot be engraved."' "$TMP/surprise.jsonl"
check stacked_accents_refused_naming_the_letter \
    grep -q '"widget":"message","text":"Too many accents stacked on “Z”."' "$TMP/surprise.jsonl"
"$BIN/kioskctl" --db "$DB" orders --json > "$TMP/orders2.json"
check only_the_fixed_text_is_stored bash -c "
    grep -q '\"text\":\"Zoe\"' '$TMP/orders2.json' &&
    ! grep -q \"\$(printf '\\xe2\\x80\\xae')\" '$TMP/orders2.json' &&
    ! grep -q \"\$(printf '\\xe2\\x80\\x8b')\" '$TMP/orders2.json'" || cat "$TMP/orders2.json"

# The same refusals in French.
kiosk_script "$DB" "$(to_engraving heart rose-gold)
input $(printf '\xc2\xa0\xc2\xa0')
expect message
press key:backspace
press key:backspace
input A$(printf '\xe2\x81\xa6')B
expect message
press key:backspace
press key:backspace
press key:backspace
input E$(printf '\xcc\x80\xcc\x80\xcc\x80')
expect message" --locale fr_FR --trace "$TMP/surprise-fr.jsonl"
check french_surprising_text_refusals_run test "$RC" -eq 0 || cat "$TMP/out"
check french_invisible_only_refusal \
    grep -q '"widget":"message","text":"Seulement des espaces ou des signes invisibles : rien à graver."' "$TMP/surprise-fr.jsonl"
check french_bidi_refusal \
    grep -q '"widget":"message","text":"Le caractère 2 est un signe invisible qui ne peut pas être gravé."' "$TMP/surprise-fr.jsonl"
check french_stacked_accents_refusal \
    grep -q '"widget":"message","text":"Trop d’accents superposés sur « E »."' "$TMP/surprise-fr.jsonl"
