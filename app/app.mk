# app/ — the kiosk program and kioskctl.
#   libkioskcore.a  model + store + config (no SDL): shared by kiosk, kioskctl, tests
#   libkiosksync.a  upstream sync (app/sync/): protocol, signatures, backoff,
#                   libcurl client. Linked into kioskctl (the sync daemon) and
#                   tests only, never into kiosk: the touch UI has no network
#                   code at all (tests/sync/privsep.sh checks it).
#   kiosk           app/main.c + app/ui/ (SDL) + core + engraving
#   kioskctl        app/ctl/ + sync + jobs + core + engraving

CORE_SRCS := $(wildcard app/model/*.c app/store/*.c app/config/*.c)
CORE_OBJS := $(CORE_SRCS:%.c=$(BUILD)/obj/%.o)
APP_LIB   := $(BUILD)/libkioskcore.a
CORE_LIBS  = $(shell pkg-config --libs sqlite3 libsodium libcjson inih 2>/dev/null) -lm

SYNC_SRCS := $(wildcard app/sync/*.c)
SYNC_OBJS := $(SYNC_SRCS:%.c=$(BUILD)/obj/%.o)
SYNC_LIB  := $(BUILD)/libkiosksync.a
SYNC_LIBS  = $(shell pkg-config --libs libcurl libsodium libcjson 2>/dev/null)

# libkioskjobs.a: production files (app/jobs/): the engraving SVG and the job
# sheet PNG. Apart from core, which must stay free of the engraving library.
JOBS_SRCS := $(wildcard app/jobs/*.c)
JOBS_OBJS := $(JOBS_SRCS:%.c=$(BUILD)/obj/%.o)
JOBS_LIB  := $(BUILD)/libkioskjobs.a

UI_SRCS   := $(wildcard app/ui/*.c app/ui/kit/*.c app/ui/screens/*.c app/headless/*.c)
UI_OBJS   := $(UI_SRCS:%.c=$(BUILD)/obj/%.o)
CTL_SRCS  := $(wildcard app/ctl/*.c)
CTL_OBJS  := $(CTL_SRCS:%.c=$(BUILD)/obj/%.o)

$(APP_LIB): $(CORE_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

$(SYNC_LIB): $(SYNC_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

$(JOBS_LIB): $(JOBS_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

BINS += $(BUILD)/kiosk $(BUILD)/kioskctl

$(BUILD)/kiosk: $(BUILD)/obj/app/main.o $(BUILD)/obj/app/backend.o $(BUILD)/obj/app/job_writer.o $(BUILD)/obj/app/pin_check.o $(UI_OBJS) $(JOBS_LIB) $(APP_LIB) $(ENG_LIB)
	$(CC) $(ALL_LDFLAGS) $^ $(APP_LIBS) $(ENG_LIBS) -o $@

$(BUILD)/kioskctl: $(CTL_OBJS) $(SYNC_LIB) $(JOBS_LIB) $(APP_LIB) $(ENG_LIB)
	$(CC) $(ALL_LDFLAGS) $^ $(SYNC_LIBS) $(CORE_LIBS) $(ENG_LIBS) -o $@
