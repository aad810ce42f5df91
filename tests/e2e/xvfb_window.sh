# xvfb_window.sh — the kiosk in a real X window (Xvfb): a customer places an
# order by clicking (xdotool), and kioskctl finds it in the store.
source "$(dirname "$0")/../lib.sh"
DB="$TMP/kiosk.db"
TRACE="$TMP/trace.jsonl"
# X11 client libraries keep allocations until exit: not our leaks.
export ASAN_OPTIONS="detect_leaks=0"

for tool in Xvfb xdotool; do
    command -v "$tool" >/dev/null || { fail xvfb_tools_present "$tool is not installed (make deps)"; exit 1; }
done

# Xvfb picks a free display itself and writes its number once it accepts
# connections (-displayfd): choosing one here raced with any other X server
# starting meanwhile (another test run). -noreset: by default the server
# resets when its last client leaves, and the kiosk connecting just after
# the readiness probe below left was refused ("x11 not available").
: >"$TMP/display"
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset 3>"$TMP/display" >"$TMP/xvfb.log" 2>&1 &
XVFB=$!
# The server may take a while on a loaded machine: the kiosk must not start
# before it answers (SDL would fall back to its offscreen driver).
x_ready=0
for _ in $(seq 200); do
    if [ -s "$TMP/display" ]; then
        export DISPLAY=":$(head -n 1 "$TMP/display")"
        if xdotool getmouselocation >/dev/null 2>&1; then x_ready=1; break; fi
    fi
    sleep 0.1
done
check xvfb_answers test "$x_ready" -eq 1 || { cat "$TMP/xvfb.log"; exit 1; }

# 540x960 is the 1080x1920 canvas at exactly one half.
# The software renderer: Mesa's GL under ASan takes seconds to start.
SDL_VIDEODRIVER=x11 SDL_RENDER_DRIVER=software "$BIN/kiosk" --db "$DB" --window 540x960 --trace "$TRACE" >"$TMP/kiosk.log" 2>&1 &
KIOSK=$!
cleanup() { kill "$KIOSK" 2>/dev/null; wait "$KIOSK" 2>/dev/null; kill "$XVFB" 2>/dev/null; wait "$XVFB" 2>/dev/null; }
trap 'cleanup; rm -rf "$TMP"' EXIT

WIN=""
for _ in $(seq 300); do
    # Without a window manager, search --name misses SDL's UTF-8 title: look
    # at every window's name instead.
    for w in $(xdotool search --class '.*' 2>/dev/null); do
        [ "$(xdotool getwindowname "$w" 2>/dev/null)" = Atelier ] && WIN=$w
    done
    [ -n "$WIN" ] && break
    sleep 0.1
done
check window_opens test -n "$WIN"
[ -n "$WIN" ] || { cat "$TMP/kiosk.log"; exit 1; }
geometry=$(xdotool getwindowgeometry "$WIN")
check window_is_portrait_540x960 grep -q 'Geometry: 540x960' <<<"$geometry"

# click WIDGET: waits until the widget's text is drawn, then clicks its centre.
click() {
    local widget="$1" line rect x y w h
    for _ in $(seq 60); do
        line=$(grep "\"widget\":\"$widget\".*\"rect\"" "$TRACE" 2>/dev/null | tail -n 1)
        [ -n "$line" ] && break
        sleep 0.1
    done
    [ -n "$line" ] || { echo "no widget $widget drawn"; return 1; }
    rect=$(sed 's/.*"rect":\[\([0-9-]*\),\([0-9-]*\),\([0-9]*\),\([0-9]*\)\].*/\1 \2 \3 \4/' <<<"$line")
    read -r x y w h <<<"$rect"
    xdotool mousemove --window "$WIN" $(((x + w / 2) / 2)) $(((y + h / 2) / 2)) click 1
    sleep 0.35
}

steps_ok=1
for w in start charm:oval next finish:yellow-gold next key:A key:n key:n key:e next confirm; do
    click "$w" || { steps_ok=0; break; }
done
check customer_clicks_through_the_flow test "$steps_ok" -eq 1
for _ in $(seq 30); do grep -q '"widget":"order-number"' "$TRACE" && break; sleep 0.1; done
check thank_you_screen_shows_the_order_number grep -q '"widget":"order-number"' "$TRACE"

"$BIN/kioskctl" --db "$DB" orders --json > "$TMP/orders.json"
check clicked_order_is_stored grep -q '"charm":"oval".*"finish":"yellow-gold".*"text":"Anne"' "$TMP/orders.json" \
    || cat "$TMP/orders.json"

kill -TERM "$KIOSK"
wait "$KIOSK"
check kiosk_exits_cleanly_on_sigterm test $? -eq 0
