# app/ — the kiosk program and kioskctl.
#   libkioskcore.a  model + store + config (no SDL): shared by kiosk, kioskctl, tests
#   kiosk           app/main.c + app/ui/ (SDL) + core + engraving
#   kioskctl        app/ctl/ + core

CORE_SRCS := $(wildcard app/model/*.c app/store/*.c app/config/*.c)
CORE_OBJS := $(CORE_SRCS:%.c=$(BUILD)/obj/%.o)
APP_LIB   := $(BUILD)/libkioskcore.a
CORE_LIBS  = $(shell pkg-config --libs sqlite3 libsodium libcjson inih 2>/dev/null) -lm

UI_SRCS   := $(wildcard app/ui/*.c app/headless/*.c)
UI_OBJS   := $(UI_SRCS:%.c=$(BUILD)/obj/%.o)
CTL_SRCS  := $(wildcard app/ctl/*.c)
CTL_OBJS  := $(CTL_SRCS:%.c=$(BUILD)/obj/%.o)

$(APP_LIB): $(CORE_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

BINS += $(BUILD)/kiosk $(BUILD)/kioskctl

$(BUILD)/kiosk: $(BUILD)/obj/app/main.o $(UI_OBJS) $(APP_LIB) $(ENG_LIB)
	$(CC) $(ALL_LDFLAGS) $^ $(APP_LIBS) $(ENG_LIBS) -o $@

$(BUILD)/kioskctl: $(CTL_OBJS) $(APP_LIB) $(ENG_LIB)
	$(CC) $(ALL_LDFLAGS) $^ $(CORE_LIBS) $(ENG_LIBS) -o $@
