# tests/ — unit test binaries, one per tests/<part>/test_*.c, linked against
# that part. Shell tests (tests/<part>/*.sh) need no build. tests/run runs all.

ENG_TESTS := $(patsubst %.c,$(BUILD)/%,$(wildcard tests/engraving/test_*.c))
APP_TESTS := $(patsubst %.c,$(BUILD)/%,$(wildcard tests/app/test_*.c))

$(ENG_TESTS): $(BUILD)/tests/engraving/%: $(BUILD)/obj/tests/engraving/%.o $(ENG_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) $^ $(ENG_LIBS) -o $@

$(filter-out $(BUILD)/tests/app/test_job_writer,$(APP_TESTS)): $(BUILD)/tests/app/%: $(BUILD)/obj/tests/app/%.o $(APP_LIB) $(ENG_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) $^ $(APP_LIBS) $(ENG_LIBS) -o $@

# The production-file writer (it includes app/jobs/job_writer.c) draws job sheets.
$(BUILD)/tests/app/test_job_writer: $(BUILD)/obj/tests/app/test_job_writer.o $(JOBS_LIB) $(APP_LIB) $(ENG_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) $^ $(APP_LIBS) $(ENG_LIBS) -o $@

# The golden-screenshot comparer (tests/e2e/golden.sh, make golden): PNGs
# through Debian's libstb (stb_image, stb_image_write, stb_image_resize).
PNG_COMPARE := $(BUILD)/tests/png_compare
$(BUILD)/obj/tests/png_compare.o: CFLAGS += $(shell pkg-config --cflags stb 2>/dev/null)
$(PNG_COMPARE): $(BUILD)/obj/tests/png_compare.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) $^ $(shell pkg-config --libs stb 2>/dev/null) -lm -o $@

.PHONY: test-bins bench-bins
test-bins: $(ENG_TESTS) $(APP_TESTS) $(PNG_COMPARE)
bench-bins: $(BENCHES)

# libFuzzer targets of the kiosk's own parsers: headless scripts, catalogues.
FUZZERS += $(BUILD)/fuzz/fuzz_script $(BUILD)/fuzz/fuzz_catalogue
$(BUILD)/fuzz/fuzz_script: $(BUILD)/obj/tests/fuzz/fuzz_script.o $(BUILD)/obj/app/headless/script.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer $^ -o $@
# fuzz_catalogue opens the fonts a catalogue names (the programs' font check,
# from libkioskjobs.a, through the engraving library).
$(BUILD)/fuzz/fuzz_catalogue: $(BUILD)/obj/tests/fuzz/fuzz_catalogue.o $(JOBS_LIB) $(APP_LIB) $(ENG_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer $^ $(CORE_LIBS) $(ENG_LIBS) -o $@
