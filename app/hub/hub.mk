# app/hub/ — kiosk-hub, the brand's hub on PostgreSQL (docs/protocol-v1.md).
# Links the kiosk's signature code (libkiosksync) and, for the catalogue
# check of `admin publish-catalogue`, the kiosk store (libkioskcore).

HUB_SRCS := $(wildcard app/hub/*.c)
HUB_OBJS := $(HUB_SRCS:%.c=$(BUILD)/obj/%.o)
HUB_LIBS  = $(shell pkg-config --libs libmicrohttpd libpq libsodium libcjson 2>/dev/null) -lpthread

BINS += $(BUILD)/kiosk-hub

$(BUILD)/kiosk-hub: $(HUB_OBJS) $(SYNC_LIB) $(APP_LIB)
	$(CC) $(ALL_LDFLAGS) $^ $(SYNC_LIBS) $(CORE_LIBS) $(HUB_LIBS) -o $@
