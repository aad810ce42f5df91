# app/ — the kiosk program and kioskctl.
#   libkioskcore.a  model + store + config + i18n (no SDL): shared by kiosk, kioskctl, tests
#   libkiosksync.a  upstream sync (app/sync/): protocol, signatures, backoff,
#                   libcurl client. Linked into kioskctl (the sync daemon) and
#                   tests only, never into kiosk: the touch UI has no network
#                   code at all (tests/sync/privsep.sh checks it).
#   kiosk           app/kiosk/ (main, the store behind the UI, the PIN check)
#                   + app/ui/ (SDL) + jobs + core + engraving
#   kioskctl        app/ctl/ + sync + jobs + core + engraving

CORE_SRCS := $(wildcard app/model/*.c app/store/*.c app/config/*.c app/i18n/*.c)
CORE_OBJS := $(CORE_SRCS:%.c=$(BUILD)/obj/%.o)
APP_LIB   := $(BUILD)/libkioskcore.a
CORE_LIBS  = $(shell pkg-config --libs sqlite3 libsodium libcjson inih 2>/dev/null) -lm

SYNC_SRCS := $(wildcard app/sync/*.c)
SYNC_OBJS := $(SYNC_SRCS:%.c=$(BUILD)/obj/%.o)
SYNC_LIB  := $(BUILD)/libkiosksync.a
SYNC_LIBS  = $(shell pkg-config --libs libcurl libsodium libcjson 2>/dev/null)

# libkioskjobs.a: production files (app/jobs/): the engraving SVG, the job
# sheet PNG, and the kiosk's writer of them off the UI thread. Apart from
# core, which must stay free of the engraving library.
JOBS_SRCS := $(wildcard app/jobs/*.c)
JOBS_OBJS := $(JOBS_SRCS:%.c=$(BUILD)/obj/%.o)
JOBS_LIB  := $(BUILD)/libkioskjobs.a

UI_SRCS   := $(wildcard app/ui/*.c app/ui/kit/*.c app/ui/screens/*.c app/headless/*.c)
UI_OBJS   := $(UI_SRCS:%.c=$(BUILD)/obj/%.o)
KIOSK_SRCS := $(wildcard app/kiosk/*.c)
KIOSK_OBJS := $(KIOSK_SRCS:%.c=$(BUILD)/obj/%.o)
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

$(BUILD)/kiosk: $(KIOSK_OBJS) $(UI_OBJS) $(JOBS_LIB) $(APP_LIB) $(ENG_LIB)
	$(CC) $(ALL_LDFLAGS) $^ $(APP_LIBS) $(ENG_LIBS) -o $@

$(BUILD)/kioskctl: $(CTL_OBJS) $(SYNC_LIB) $(JOBS_LIB) $(APP_LIB) $(ENG_LIB)
	$(CC) $(ALL_LDFLAGS) $^ $(SYNC_LIBS) $(CORE_LIBS) $(ENG_LIBS) -o $@
