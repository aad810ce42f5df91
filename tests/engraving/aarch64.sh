#!/usr/bin/env bash
# The engraving library on aarch64: its unit tests (tests/engraving/test_eng_*.c)
# cross-built by `make cross-bins` (gcc-aarch64-linux-gnu, Debian's arm64
# FreeType and HarfBuzz, ASan+UBSan) into build/aarch64 and run under
# qemu-aarch64. Each test's PASS/FAIL line is repeated as "aarch64 NAME";
# a binary that dies without a FAIL line (a crash, a sanitizer report) fails
# as a whole. The build and qemu times are printed for the README's figures.
. "$(dirname "$0")/../lib.sh"

CROSS_BUILD="${CROSS_BUILD:-build/aarch64}"
QEMU_LD_PREFIX="${QEMU_LD_PREFIX:-/usr/aarch64-linux-gnu}"

if [ "$(uname -m)" = aarch64 ]; then
    # On an arm64 board the same tests ran natively from $BIN/tests.
    if [ -x "$BIN/tests/engraving/test_eng_raster" ]; then
        pass "aarch64_host_runs_the_engraving_tests_natively"
    else
        fail "aarch64_host_runs_the_engraving_tests_natively" "no $BIN/tests/engraving/test_eng_raster"
    fi
    exit 0
fi
for tool in aarch64-linux-gnu-gcc aarch64-linux-gnu-pkg-config qemu-aarch64; do
    if ! command -v "$tool" >/dev/null; then
        fail "aarch64_cross_build" "$tool is missing: run make deps (it installs the cross compiler, qemu-user and the arm64 libraries)"
        exit 1
    fi
done

start=$SECONDS
if ! make --no-print-directory cross-bins CROSS_BUILD="$CROSS_BUILD" > "$TMP/build.log" 2>&1; then
    fail "aarch64_cross_build" "make cross-bins failed; last lines:"
    tail -n 20 "$TMP/build.log" | sed 's/^/    /'
    exit 1
fi
built=$((SECONDS - start))
# e_machine of the ELF header (offset 18, little-endian): 183 is EM_AARCH64.
machine=$(od -An -tu2 -j18 -N2 "$CROSS_BUILD/tests/engraving/test_eng_raster" 2>/dev/null | tr -d ' ')
[ "$machine" = 183 ] ||
    { fail "aarch64_cross_build" "$CROSS_BUILD/tests/engraving/test_eng_raster is not an aarch64 binary (ELF machine '$machine')"; exit 1; }
pass "aarch64_cross_build"

# LeakSanitizer cannot run under qemu-user (it stops the process as a
# debugger would); leaks are checked by the native run of the same tests.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0"
start=$SECONDS
ntests=0
for t in "$CROSS_BUILD"/tests/engraving/test_eng_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    ntests=$((ntests + 1))
    qemu-aarch64 -L "$QEMU_LD_PREFIX" "$t" > "$TMP/$name.out" 2>&1
    rc=$?
    sed -n -e "s/^PASS /PASS aarch64 /p" -e "s/^FAIL /FAIL aarch64 /p" "$TMP/$name.out"
    if [ "$rc" -ne 0 ] && ! grep -q '^FAIL ' "$TMP/$name.out"; then
        fail "aarch64 $name" "exited with status $rc under qemu-aarch64; last lines:"
        tail -n 20 "$TMP/$name.out" | sed 's/^/    /'
    fi
done
if [ "$ntests" -eq 0 ]; then
    fail "aarch64_unit_tests" "no test binary in $CROSS_BUILD/tests/engraving"
fi
echo "aarch64: cross build ${built} s, ${ntests} test programs under qemu-aarch64 in $((SECONDS - start)) s"
