# catalogue_checks.sh — a catalogue the kiosk cannot use never replaces one it
# can. `kioskctl init --catalogue` opens every font (file and face) before it
# writes, and refuses the whole file naming the field at fault; a repeated
# JSON key and a bidirectional control in a name are refused too. A font
# file removed after import hides that font (said in the log) and the kiosk
# still takes orders; with no usable font at all it says it cannot serve and
# exits with status 3, which kiosk.service does not restart.
source "$(dirname "$0")/../lib.sh"
K="$BIN/kioskctl"

# A data directory of our own, so that fonts can go missing.
DATA="$TMP/data"
mkdir -p "$DATA/assets/fonts"
ln -s "$ROOT/themes" "$DATA/themes"
ln -s "$ROOT/assets/locale" "$DATA/assets/locale"
cp assets/catalogue.json "$DATA/assets/catalogue.json"
for f in assets/fonts/*.ttf assets/fonts/*.otf assets/fonts/*.ttc; do
    ln -s "$ROOT/$f" "$DATA/$f"
done
printf 'not a font, only words\n' >"$DATA/assets/fonts/Notes.otf"
DB="$TMP/kiosk.db"
CONF="$TMP/kiosk.conf"
printf '[kiosk]\ndb = %s\ndata_dir = %s\n' "$DB" "$DATA" >"$CONF"

"$K" --config "$CONF" init >"$TMP/init.out" 2>&1
check init_imports_the_shipped_catalogue grep -q '4 fonts' "$TMP/init.out" || cat "$TMP/init.out"
"$K" --config "$CONF" catalogue --json >"$TMP/before.json"

# variant NAME SED-EXPRESSION: a copy of the catalogue with the heart's price
# changed too, so that a half-applied import would show.
variant() {
    sed -e 's/"price_minor": 21000/"price_minor": 99900/' -e "$2" assets/catalogue.json >"$TMP/$1.json"
}

# refused NAME FILE MESSAGE: init --catalogue FILE exits 1 with MESSAGE (a
# fixed string) on stderr, and the stored catalogue is exactly as before.
refused() {
    "$K" --config "$CONF" init --catalogue "$2" >"$TMP/$1.out" 2>"$TMP/$1.err"
    local rc=$?
    "$K" --config "$CONF" catalogue --json >"$TMP/$1.after"
    check "$1" bash -c "[ $rc -eq 1 ] && grep -qF -- '$3' '$TMP/$1.err' && cmp -s '$TMP/before.json' '$TMP/$1.after'" ||
        { echo "status $rc"; cat "$TMP/$1.err"; }
}

variant missing 's|"file": "assets/fonts/DejaVuSans.ttf"|"file": "assets/fonts/Gone.ttf"|'
refused refuses_a_font_file_that_does_not_exist "$TMP/missing.json" \
    'fonts[2].file: "assets/fonts/Gone.ttf" does not exist'
variant directory 's|"file": "assets/fonts/DejaVuSans.ttf"|"file": "assets/fonts"|'
refused refuses_a_directory_as_font_file "$TMP/directory.json" \
    'fonts[2].file: "assets/fonts" is a directory, not a font file'
variant notfont 's|"file": "assets/fonts/DejaVuSans.ttf"|"file": "assets/fonts/Notes.otf"|'
refused refuses_a_file_that_is_not_a_font "$TMP/notfont.json" \
    'fonts[2].file: "assets/fonts/Notes.otf" is not a font file'
variant face 's|"file": "assets/fonts/DejaVuSans.ttf", "face": 0|"file": "assets/fonts/DejaVuSans.ttf", "face": 3|'
refused refuses_a_face_the_font_file_lacks "$TMP/face.json" \
    'fonts[2].face: face 3, but "assets/fonts/DejaVuSans.ttf" has 1 face'
variant ttcface 's|"file": "assets/fonts/NotoSansCJK-Regular.ttc", "face": 0|"file": "assets/fonts/NotoSansCJK-Regular.ttc", "face": 200|'
refused refuses_a_face_past_the_collection "$TMP/ttcface.json" \
    'fonts[3].face: face 200, but "assets/fonts/NotoSansCJK-Regular.ttc" has'
# A repeated key: which price is meant? cJSON would keep both silently.
variant dupkey 's|"price_minor": 16000|"price_minor": 16000, "price_minor": 0|'
refused refuses_a_repeated_json_key "$TMP/dupkey.json" \
    'charms[2]: duplicate key "price_minor"'
variant dupkey_top 's|"version": 1,|"version": 1, "currency": "USD",|'
refused refuses_a_repeated_top_level_key "$TMP/dupkey_top.json" 'duplicate key "currency"'
# A right-to-left override in a name reorders what customers and the atelier read.
variant bidi "s|\"name\": \"Heart\"|\"name\": \"$(printf '\xe2\x80\xae')traeH\"|"
refused refuses_a_bidi_control_in_a_name "$TMP/bidi.json" \
    'charms[1].name: holds the bidirectional control U+202E'

# A good file is still taken (the checks open the real fonts).
variant good 's|"face": 0, "min_height_mm": 1.8|"face": 1, "min_height_mm": 1.8|'
"$K" --config "$CONF" init --catalogue "$TMP/good.json" >"$TMP/good.out" 2>&1
check accepts_a_good_catalogue_with_another_collection_face \
    bash -c "\"$K\" --config '$CONF' catalogue --json | grep -q 99900" || cat "$TMP/good.out"
"$K" --config "$CONF" init --catalogue "$DATA/assets/catalogue.json" >/dev/null 2>&1

# A font file removed after import: the kiosk hides that font, says so in
# its log, starts and takes an order in another font. (DejaVu Sans is the
# one catalogue font the theme does not draw the screens with.)
rm "$DATA/assets/fonts/DejaVuSans.ttf"
kiosk_script "$DB" "press start
press charm:heart
press next
press finish:yellow-gold
press next
expect font:garamond
expect-not font:sans
type Ana
press next
press confirm
expect-screen done" --data-dir "$DATA"
check kiosk_starts_after_a_font_file_vanished test "$RC" -eq 0 || cat "$TMP/out"
check kiosk_log_names_the_hidden_font \
    grep -q "hiding the font 'sans' (Sans): \"assets/fonts/DejaVuSans.ttf\" does not exist" "$TMP/out"
check the_order_is_stored bash -c "\"$K\" --config '$CONF' orders --json | grep -q '\"text\":\"Ana\"'"

# No usable font at all: the kiosk says it cannot serve and why, exit 3
# (kiosk.service: RestartPreventExitStatus=3), no crash, nothing changed.
rm "$DATA"/assets/fonts/*.otf "$DATA"/assets/fonts/*.ttf "$DATA"/assets/fonts/*.ttc
kiosk_script "$DB" "press start" --data-dir "$DATA"
check kiosk_without_any_font_says_it_cannot_serve bash -c "
    [ $RC -eq 3 ] && grep -q 'cannot serve customers' '$TMP/out' &&
    grep -q \"hiding the font 'garamond'\" '$TMP/out'" || { echo "status $RC"; cat "$TMP/out"; }
check kiosk_service_does_not_restart_that grep -q '^RestartPreventExitStatus=3' kiosk.service
