# tests/upstream/ — the test upstream (a real HTTP/HTTPS server implementing
# the sync protocol, with fault injection), the sync unit tests' link line,
# and the sync response parser's libFuzzer target.

UPSTREAM_SRCS := $(wildcard tests/upstream/*.c)
UPSTREAM_OBJS := $(UPSTREAM_SRCS:%.c=$(BUILD)/obj/%.o)
UPSTREAM_LIBS  = $(shell pkg-config --libs libmicrohttpd sqlite3 libsodium libcjson 2>/dev/null)

# It bounds request bodies with the hub's own code (app/hub/http_body.c).
$(BUILD)/upstream: $(UPSTREAM_OBJS) $(BUILD)/obj/app/hub/http_body.o $(SYNC_LIB) $(APP_LIB)
	$(CC) $(ALL_LDFLAGS) $^ $(SYNC_LIBS) $(UPSTREAM_LIBS) -o $@

# tests/app/test_sync_*.c also link the sync library (after the core, which
# tests/tests.mk puts first, so the core is named again after it).
SYNC_UNIT_TESTS := $(patsubst %.c,$(BUILD)/%,$(wildcard tests/app/test_sync_*.c))
$(SYNC_UNIT_TESTS): $(SYNC_LIB)
$(SYNC_UNIT_TESTS): APP_LIBS += $(SYNC_LIB) $(APP_LIB) $(SYNC_LIBS)

test-bins: $(BUILD)/upstream
bench-bins: $(BUILD)/upstream

# libFuzzer target: arbitrary bytes as the answers to a batch and to a
# changes request (the parsers the network feeds).
FUZZERS += $(BUILD)/fuzz/fuzz_sync_response
$(BUILD)/fuzz/fuzz_sync_response: $(BUILD)/obj/tests/fuzz/fuzz_sync_response.o $(SYNC_LIB) $(APP_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer $^ $(SYNC_LIBS) $(CORE_LIBS) -o $@
