# flow.sh — the whole customer flow through the real kiosk binary, headless,
# checked against the store with the real kioskctl.
source "$(dirname "$0")/../lib.sh"
DB="$TMP/kiosk.db"
SHOTS="$TMP/shots"

# 1. Choose, go back and change the finish, keep the text, confirm.
kiosk_script "$DB" "
expect-screen attract
shot attract
press start
expect-screen charm
expect-disabled next
press charm:disc
press charm:heart
expect-enabled next
shot charm
press next
expect-screen finish
press finish:rose-gold
shot finish
press next
expect-screen engraving
expect-disabled next
type Léa & Max
expect-enabled next
shot engraving
press next
expect-screen review
shot review
press back
expect-screen engraving
press back
expect-screen finish
press finish:platinum
press next
expect-screen engraving
expect-enabled next
press next
expect confirm
press confirm
expect-screen done
expect done
shot done
press done
expect-screen attract
" --shots "$SHOTS" --trace "$TMP/trace.jsonl"
check script_runs_the_whole_flow test "$RC" -eq 0 || cat "$TMP/out"
for s in attract charm finish engraving review done; do
    check "screenshot_$s" test -s "$SHOTS/$s.png"
done

"$BIN/kioskctl" --db "$DB" orders --json > "$TMP/orders.json" 2>&1
check kioskctl_lists_exactly_one_order test "$(grep -c uuid "$TMP/orders.json")" -eq 1
check order_has_changed_finish grep -q '"finish":"platinum"' "$TMP/orders.json"
check order_keeps_text_typed_before_going_back grep -q '"text":"Léa & Max"' "$TMP/orders.json"
# Each field on its own: one grep for several would pass when any one matched.
ORDER_FIELDS="$(json_field "$TMP/orders.json" charm) $(json_field "$TMP/orders.json" font) $(json_field "$TMP/orders.json" layout)"
check order_has_charm_font_layout test "$ORDER_FIELDS" = "heart garamond line" || echo "    got: $ORDER_FIELDS"
check order_price_is_charm_plus_platinum grep -q '"price_minor":89000' "$TMP/orders.json"
ORDER_CURRENCY=$(json_field "$TMP/orders.json" currency)
ORDER_UUID=$(json_field "$TMP/orders.json" uuid)
check order_has_currency_and_uuid bash -c "[ '$ORDER_CURRENCY' = EUR ] &&
    echo '$ORDER_UUID' | grep -Eqx '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}'"

# The trace: one JSON line per text run, with window, frame, widget, text.
check trace_names_window_frame_widget_text \
    grep -q '"window":"main","frame":[0-9]*,"widget":"charm:heart","text":"Heart"' "$TMP/trace.jsonl"
check trace_shows_the_typed_text grep -q '"widget":"text","text":"Léa & Max"' "$TMP/trace.jsonl"
check done_screen_shows_order_number grep -q '"widget":"order-number","text":"[0-9]' "$TMP/trace.jsonl"

# 2. Back from the first step returns to attract and keeps the draft.
kiosk_script "$DB" "
press start
press charm:bar
press back
expect-screen attract
press start
expect-enabled next
"
check back_from_charm_keeps_the_draft test "$RC" -eq 0

# 3. The idle timeout returns to attract and clears the draft.
kiosk_script "$DB" "
press start
press charm:bar
press next
wait 29000
expect-screen finish
wait 2000
expect-screen attract
press start
expect-disabled next
" --idle-timeout 30
check idle_timeout_clears_the_draft test "$RC" -eq 0 || cat "$TMP/out"

# 4. The charm's character limit: the keyboard refuses more, Review is kept.
kiosk_script "$DB" "
press start
press charm:heart
press next
press finish:vermeil
press next
type ABCDEFGHI
type J
expect-enabled next
" --trace "$TMP/limit.jsonl"
check keyboard_stops_at_the_charm_limit test "$RC" -eq 0
check limit_notice_is_shown grep -q 'holds up to 9 characters' "$TMP/limit.jsonl"

# 5. Failures name the script line.
kiosk_script "$DB" "
press start
press charm:no-such-charm
"
check missing_widget_fails_naming_the_line \
    bash -c "[ $RC -ne 0 ] && grep -q 'script.txt:3: press charm:no-such-charm' '$TMP/out'"
kiosk_script "$DB" "
press start
expect-screen review
"
check failed_expect_exits_nonzero bash -c "[ $RC -ne 0 ] && grep -q 'script.txt:3:' '$TMP/out'"
kiosk_script "$DB" "prss start"
check unknown_command_is_a_usage_error \
    bash -c "[ $RC -eq 2 ] && grep -q \"script.txt:1: unknown command 'prss'\" '$TMP/out'"

# 6. French: messages from assets/locale/fr.po, prices as Paris writes them.
# (Léa on a gold heart, to Review: sections 6 and 7 take the same path.)
TO_REVIEW="
press start
press charm:heart
press next
press finish:yellow-gold
press next
type Léa
press next"
kiosk_script "$TMP/fr.db" "$TO_REVIEW
expect confirm" --locale fr_FR --trace "$TMP/fr.jsonl"
check french_session_runs test "$RC" -eq 0 || cat "$TMP/out"
check french_titles grep -q '"text":"Choisissez votre breloque"' "$TMP/fr.jsonl"
check french_catalogue_names grep -q '"text":"Or jaune 18 carats"' "$TMP/fr.jsonl"
check french_price_format grep -q $'"widget":"total","text":"660\xc2\xa0\xe2\x82\xac"' "$TMP/fr.jsonl"
check french_quotes grep -q $'"text":"\xc2\xab\xc2\xa0Léa\xc2\xa0\xc2\xbb"' "$TMP/fr.jsonl"   # « Léa », no-break spaces

# 7. An order the store refuses (a trigger stands in for a failing disk):
# Review says so in the customer's language and keeps the piece; the
# store's English words go to the log only.
sqlite3 "$TMP/fr.db" "CREATE TRIGGER refuse_orders BEFORE INSERT ON orders
                      BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END"
kiosk_script "$TMP/fr.db" "$TO_REVIEW
press confirm
expect-screen review
expect message" --locale fr_FR --trace "$TMP/refused.jsonl"
check refused_order_stays_on_review test "$RC" -eq 0 || cat "$TMP/out"
check refused_order_is_said_in_french grep -q \
    $'"widget":"message","text":"Commande non enregistr\xc3\xa9e\xc2\xa0: adressez-vous \xc3\xa0 notre \xc3\xa9quipe\\."' \
    "$TMP/refused.jsonl"
check refused_order_store_words_only_in_the_log bash -c "
    grep -q 'kiosk: order not stored: cannot save the order: disk full (test)' '$TMP/out' &&
    ! grep -q 'disk full' '$TMP/refused.jsonl'"

check only_one_order_after_all_scripts test "$("$BIN/kioskctl" --db "$DB" orders --json | grep -c uuid)" -eq 1
