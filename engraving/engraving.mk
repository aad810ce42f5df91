# engraving/ — the engraving library (libengrave.a) and its tools.
# Links FreeType + HarfBuzz only: no SDL, no SQLite.

ENG_SRCS := $(wildcard engraving/src/*.c)
ENG_OBJS := $(ENG_SRCS:%.c=$(BUILD)/obj/%.o)
ENG_LIB  := $(BUILD)/libengrave.a

# The rasterizer's code paths must compute the same floats: never a fused
# multiply-add in place of a multiply and an add (GCC's -std=c11 already
# says so; clang contracts by default, and aarch64 has the instruction).
$(ENG_OBJS): ALL_CFLAGS += -ffp-contract=off

$(ENG_LIB): $(ENG_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

BINS += $(BUILD)/engrave
# The tool (not the library) reads the catalogue with cJSON.
$(BUILD)/engrave: $(BUILD)/obj/engraving/tools/engrave.o $(ENG_LIB)
	$(CC) $(ALL_LDFLAGS) $^ $(ENG_LIBS) $(shell pkg-config --libs libcjson) -o $@

# engrave-bench: ours vs FreeType vs stb_truetype (header from libstb-dev).
BENCHES += $(BUILD)/engrave-bench
$(BUILD)/engrave-bench: $(BUILD)/obj/engraving/tools/engrave_bench.o $(ENG_LIB)
	$(CC) $(ALL_LDFLAGS) $^ $(ENG_LIBS) -o $@

# libFuzzer target: arbitrary bytes as text and layout parameters through
# shaping, layout, rasterizing, rendering and SVG export.
FUZZERS += $(BUILD)/fuzz/fuzz_engrave
$(BUILD)/fuzz/fuzz_engrave: $(BUILD)/obj/tests/fuzz/fuzz_engrave.o $(ENG_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer $^ $(ENG_LIBS) -o $@
