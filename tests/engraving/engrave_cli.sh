#!/usr/bin/env bash
# The engrave tool: exit codes (0 done, 2 refused, 1 usage), the SVG and PNG
# it writes. Prints PASS/FAIL lines for tests/run.
set -u
E="${BIN:-build/san}/engrave"
tmp=$(mktemp -d /tmp/engrave-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

check() {   # name expected-status command...
    local name="$1" want="$2"; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" -eq "$want" ]; then echo "PASS $name"
    else echo "FAIL $name: exit $rc, wanted $want: $(head -c 300 "$tmp/err")"; fi
}

check writes_svg_and_png 0 "$E" --font garamond --charm disc --layout line --text "Léa" \
    --svg "$tmp/a.svg" --png "$tmp/a.png" --px 200
if grep -q 'viewBox="0 0 20 20"' "$tmp/a.svg" && [ "$(grep -c '<path id="glyph-' "$tmp/a.svg")" -eq 3 ]; then
    echo "PASS svg_has_mm_viewbox_and_three_glyphs"
else
    echo "FAIL svg_has_mm_viewbox_and_three_glyphs: $(head -c 300 "$tmp/a.svg")"
fi
if [ "$(head -c 8 "$tmp/a.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; then
    echo "PASS png_signature"
else
    echo "FAIL png_signature: not a PNG"
fi
check refuses_too_long_with_2 2 "$E" --font garamond --charm heart --text "Alexandrine Beaumont"
grep -q "too long for the Heart charm" "$tmp/err" && echo "PASS too_long_message" \
    || echo "FAIL too_long_message: $(cat "$tmp/err")"
check refuses_control_with_2 2 "$E" --font garamond --charm disc --text $'A\x07b'
check refuses_bad_utf8_with_2 2 "$E" --font garamond --charm disc --text $'A\xffb'
check refuses_missing_glyph_with_2 2 "$E" --font garamond --charm disc --text "愛"
grep -q '"愛" (character 1)' "$tmp/err" && echo "PASS missing_glyph_message" \
    || echo "FAIL missing_glyph_message: $(cat "$tmp/err")"
check every_layout_works 0 "$E" --font japanese --charm dogtag --layout vertical --text "愛と光"
check arc_works 0 "$E" --font sans --charm disc --layout arc-bottom --text "Forever Love"
check monogram_works 0 "$E" --font italic --charm oval --layout monogram --text "AMB" --metal rose-gold
check usage_is_1 1 "$E" --font garamond
check unknown_charm_is_1 1 "$E" --font garamond --charm star --text a
check missing_font_file_is_1 1 "$E" --font /nonexistent.ttf --charm disc --text a
check unwritable_svg_is_1 1 "$E" --font garamond --charm disc --text a --svg /nonexistent/dir/x.svg

# The charms, fonts and finishes come from the catalogue JSON, not a copy:
# a catalogue of our own, with a charm, font and finish the real one lacks.
cat >"$tmp/cat.json" <<'JSON'
{ "charms": [ { "id": "medal", "name": "Test Medal", "shape": "disc", "width_mm": 20,
                "height_mm": 20, "area": { "x_mm": 3, "y_mm": 5, "w_mm": 14, "h_mm": 10 },
                "max_chars": 3 } ],
  "fonts": [ { "id": "plain", "file": "assets/fonts/DejaVuSans.ttf", "face": 0,
               "min_height_mm": 1.0 } ],
  "finishes": [ { "id": "steel", "colors": { "base": "#A0A4A8", "light": "#F0F2F4",
                                             "shade": "#50545A" } } ] }
JSON
check reads_charm_from_catalogue 2 "$E" --catalogue "$tmp/cat.json" --font plain --charm medal \
    --metal steel --text "Love"
grep -q "too long for the Test Medal charm: at most 3 characters" "$tmp/err" \
    && echo "PASS charm_name_and_limit_from_catalogue" \
    || echo "FAIL charm_name_and_limit_from_catalogue: $(cat "$tmp/err")"
check catalogue_font_and_finish_work 0 "$E" --catalogue "$tmp/cat.json" --font plain \
    --charm medal --metal steel --text "Zoé" --png "$tmp/m.png" --px 64
check charm_not_in_catalogue_is_1 1 "$E" --catalogue "$tmp/cat.json" --font plain --charm disc \
    --text a
check missing_catalogue_is_1 1 "$E" --catalogue /nonexistent.json --font garamond --charm disc --text a
echo '{"charms": [' >"$tmp/bad.json"
check malformed_catalogue_is_1 1 "$E" --catalogue "$tmp/bad.json" --font garamond --charm disc --text a
check unknown_metal_is_1 1 "$E" --font garamond --charm disc --text a --metal tin

# --simd chooses the rasterizer's code path: the portable one draws the same
# PNG as the default (the best the CPU has); a path this build lacks or an
# unknown name is refused with 1, naming it.
check simd_portable_works 0 "$E" --font garamond --charm heart --layout arc-top --text "Léa" \
    --png "$tmp/p.png" --px 301 --simd portable
check simd_auto_works 0 "$E" --font garamond --charm heart --layout arc-top --text "Léa" \
    --png "$tmp/d.png" --px 301 --simd auto
if cmp -s "$tmp/p.png" "$tmp/d.png"; then echo "PASS simd_portable_draws_the_same_png"
else echo "FAIL simd_portable_draws_the_same_png: $tmp/p.png differs from the default path's"; fi
case "$(uname -m)" in
    x86_64) absent=neon ;;
    *) absent=sse2 ;;
esac
check simd_absent_path_is_1 1 "$E" --font garamond --charm disc --text a --simd "$absent"
grep -q "$absent rasterizer path is not available" "$tmp/err" && echo "PASS simd_absent_path_named" \
    || echo "FAIL simd_absent_path_named: $(cat "$tmp/err")"
check simd_unknown_name_is_1 1 "$E" --font garamond --charm disc --text a --simd mmx
