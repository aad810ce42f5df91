# make_targets.sh — the opt-in targets do what README says: `make fuzz`
# builds every fuzzer under tests/fuzz/ (a fragment read after the rule once
# left three out), `make crash` runs the kill test with CRASH_KILLS, and
# `make golden` rewrites the golden screenshots.
source "$(dirname "$0")/../lib.sh"

make -n BUILD="$TMP/b" SAN=1 fuzz-bins > "$TMP/fuzz.n" 2>&1
missing=""
for src in tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    grep -q -- "-o $TMP/b/fuzz/$name\$" "$TMP/fuzz.n" || missing="$missing $name"
done
check fuzz_bins_builds_every_fuzzer [ -z "$missing" ] || echo "    not built:$missing"

make -n crash CRASH_KILLS=7 > "$TMP/crash.n" 2>&1
check crash_target_runs_the_kill_test_at_the_given_scale \
    grep -q 'KILLS=7 bash tests/crash/kill_kiosk.sh' "$TMP/crash.n"

make -n golden > "$TMP/golden.n" 2>&1
check golden_target_rewrites_the_golden_images \
    grep -q 'GOLDEN_UPDATE=1 bash tests/e2e/golden.sh' "$TMP/golden.n"
