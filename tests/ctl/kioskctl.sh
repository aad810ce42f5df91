#!/usr/bin/env bash
# kioskctl end to end on a temporary database: init, orders (table and
# JSON lines), demo-orders, catalogue round trip, and the exit codes
# (0 ok, 1 runtime error, 2 usage error). Run from the repository root
# (tests/run does); BIN is the build directory (build/san under make test).
set -u
BIN="${BIN:-build/san}"
K="$BIN/kioskctl"
T=$(mktemp -d /tmp/kioskctl-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
DB="$T/var/kiosk.db"      # var/ does not exist yet: kioskctl creates it

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# run NAME EXPECTED_STATUS CMD...: runs CMD with stdout in $T/out and
# stderr in $T/err; fails NAME unless it exits with EXPECTED_STATUS.
run() {
    local name="$1" want="$2"; shift 2
    "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ "$rc" -ne "$want" ]; then
        fail "$name" "exit status $rc, expected $want; stderr: $(head -c 400 "$T/err")"
        return 1
    fi
    return 0
}

if [ ! -x "$K" ]; then
    fail kioskctl_is_built "$K is missing"; exit 1
fi

if run help_prints_usage 0 "$K" --help && grep -q '^Usage: kioskctl' "$T/out" &&
   grep -q 'demo-orders N' "$T/out"; then
    pass help_prints_usage
else
    fail help_prints_usage "no usage text"
fi

if run init_creates_database_and_imports_catalogue 0 "$K" --db "$DB" init &&
   [ -f "$DB" ] && grep -q '6 charms, 4 finishes, 4 fonts' "$T/out"; then
    pass init_creates_database_and_imports_catalogue
else
    fail init_creates_database_and_imports_catalogue "$(cat "$T/out" "$T/err")"
fi

if run init_again_keeps_catalogue 0 "$K" --db "$DB" init && grep -q 'already present' "$T/out"; then
    pass init_again_keeps_catalogue
else
    fail init_again_keeps_catalogue "$(cat "$T/out")"
fi

if run orders_on_empty_database 0 "$K" --db "$DB" orders && grep -q 'No orders yet' "$T/out" &&
   run orders_on_empty_database 0 "$K" --db "$DB" orders --json && [ ! -s "$T/out" ]; then
    pass orders_on_empty_database
else
    fail orders_on_empty_database "unexpected output: $(head -c 300 "$T/out")"
fi

if run demo_orders_adds_n_orders 0 "$K" --db "$DB" demo-orders 12 &&
   grep -q '1001 to 1012' "$T/out"; then
    pass demo_orders_adds_n_orders
else
    fail demo_orders_adds_n_orders "$(cat "$T/out")"
fi

# Every JSON line has every key, with the right shape of value.
check_json_lines() {
    local n=0 line key
    while IFS= read -r line; do
        n=$((n + 1))
        for key in '"number":10[0-9][0-9]' \
                   '"uuid":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"' \
                   '"created_at":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"' \
                   '"charm":"[a-z0-9-]+"' '"finish":"[a-z0-9-]+"' '"font":"[a-z0-9-]+"' \
                   '"layout":"(line|arc-top|arc-bottom|monogram|vertical)"' '"text":"[^"]+' \
                   '"price_minor":[0-9]+' '"currency":"EUR"' '"status":"queued"'; do
            if ! echo "$line" | grep -Eq "$key"; then
                echo "line $n lacks $key: $line"; return 1
            fi
        done
        case "$line" in '{'*'}') ;; *) echo "line $n is not one object: $line"; return 1 ;; esac
    done <"$T/out"
    [ "$n" -eq 12 ] || { echo "$n lines, expected 12"; return 1; }
}
if run orders_json_lines_have_every_field 0 "$K" --db "$DB" orders --json &&
   why=$(check_json_lines); then
    pass orders_json_lines_have_every_field
else
    fail orders_json_lines_have_every_field "${why:-see above}"
fi

if [ "$(grep -o '"uuid":"[^"]*"' "$T/out" | sort -u | wc -l)" -eq 12 ] &&
   [ "$(grep -o '"charm":"[^"]*"' "$T/out" | sort -u | wc -l)" -ge 5 ] &&
   [ "$(grep -o '"finish":"[^"]*"' "$T/out" | sort -u | wc -l)" -eq 4 ] &&
   grep -q '"layout":"monogram"' "$T/out"; then
    pass demo_orders_are_varied_with_unique_uuids
else
    fail demo_orders_are_varied_with_unique_uuids "$(cat "$T/out")"
fi

if run orders_table_lists_every_order 0 "$K" --db "$DB" orders &&
   [ "$(grep -cE '^ +10[0-9][0-9]  ' "$T/out")" -eq 12 ] && grep -q 'queued' "$T/out"; then
    pass orders_table_lists_every_order
else
    fail orders_table_lists_every_order "$(head -c 600 "$T/out")"
fi

if run catalogue_json_round_trips 0 "$K" --db "$DB" catalogue --json &&
   cp "$T/out" "$T/cat.json" &&
   run catalogue_json_round_trips 0 "$K" --db "$DB" init --catalogue "$T/cat.json" &&
   run catalogue_json_round_trips 0 "$K" --db "$DB" catalogue --json &&
   cmp -s "$T/out" "$T/cat.json" && grep -Eq '"base":[[:space:]]*"#D2AC4E"' "$T/cat.json"; then
    pass catalogue_json_round_trips
else
    fail catalogue_json_round_trips "$(diff "$T/out" "$T/cat.json" | head -20)"
fi

if run catalogue_prints_table 0 "$K" --db "$DB" catalogue && grep -q 'Round Disc' "$T/out" &&
   grep -q 'Pt950' "$T/out"; then
    pass catalogue_prints_table
else
    fail catalogue_prints_table "$(head -c 300 "$T/out")"
fi

sed 's/"max_chars": 9/"max_chars": "nine"/' assets/catalogue.json >"$T/bad.json"
if run bad_catalogue_is_refused_with_field 1 "$K" --db "$DB" init --catalogue "$T/bad.json" &&
   grep -q 'bad.json: charms\[1\].max_chars' "$T/err" && grep -q "$DB" "$T/err"; then
    pass bad_catalogue_is_refused_with_field
else
    fail bad_catalogue_is_refused_with_field "$(cat "$T/err")"
fi

echo "not a database, just some words to fill the header of the file......" >"$T/notdb.db"
if run file_that_is_not_a_database_is_runtime_error 1 "$K" --db "$T/notdb.db" orders &&
   grep -q "$T/notdb.db" "$T/err" && grep -q 'not a database' "$T/err"; then
    pass file_that_is_not_a_database_is_runtime_error
else
    fail file_that_is_not_a_database_is_runtime_error "$(cat "$T/err")"
fi

usage_ok=1
for args in "" "frob" "--bogus orders" "orders --bogus" "catalogue extra" "--db" \
            "demo-orders" "demo-orders 0" "demo-orders 10001" "demo-orders 3x" "init --catalogue"; do
    # shellcheck disable=SC2086  # word splitting of $args is the point
    if ! run usage_errors_exit_2 2 "$K" --db "$DB" $args || [ ! -s "$T/err" ]; then
        usage_ok=0; echo "    (args: '$args')"
    fi
done
[ "$usage_ok" -eq 1 ] && pass usage_errors_exit_2

printf '[kiosk]\ndb = %s\n\nidle_timeout = soon\n' "$DB" >"$T/bad.conf"
if run bad_config_file_exits_2_naming_line 2 "$K" --config "$T/bad.conf" orders &&
   grep -q "bad.conf:4: idle_timeout" "$T/err"; then
    pass bad_config_file_exits_2_naming_line
else
    fail bad_config_file_exits_2_naming_line "$(cat "$T/err")"
fi

if run missing_config_file_exits_2 2 "$K" --config "$T/none.conf" orders &&
   grep -q "none.conf" "$T/err"; then
    pass missing_config_file_exits_2
else
    fail missing_config_file_exits_2 "$(cat "$T/err")"
fi

printf '[kiosk]\ndb = %s\n' "$T/from-config.db" >"$T/good.conf"
if run config_file_chooses_database 0 "$K" --config "$T/good.conf" init &&
   [ -f "$T/from-config.db" ] &&
   run config_file_chooses_database 0 "$K" --config "$T/good.conf" --db "$DB" orders --json &&
   [ "$(wc -l <"$T/out")" -eq 12 ]; then
    pass config_file_chooses_database
else
    fail config_file_chooses_database "db flag or config key ignored"
fi
