# Atelier Kiosk — the two commands are `make run` and `make test` (see README.md).
#
# Non-recursive make: each part contributes a fragment (engraving/engraving.mk,
# app/app.mk, tests/tests.mk, tests/cross.mk for the aarch64 build) that
# appends to the lists below. Objects go under $(BUILD)/obj, mirroring the
# source tree.
#
#   make run      install missing Debian packages, build (-O2), start the kiosk
#   make test     install, build with ASan+UBSan into build/san, run every test
#   make bench    build (-O2) and print the benchmark figures
#   make fuzz     build the libFuzzer targets (clang) and run each for FUZZ_SECONDS
#   make crash    the kill test at scale: CRASH_KILLS (1000) SIGKILLs, ASan+UBSan
#   make cross-test  the engraving library's unit tests built for aarch64, run
#                 under qemu-aarch64 (make test runs them too)
#   make golden   rewrite tests/golden/*.png after an intended change of a screen
#   make install  PREFIX=/usr DESTDIR=...

BUILD    ?= build
SAN      ?= 0
PREFIX   ?= /usr/local
DESTDIR  ?=

# Debian 12 packages the project needs to build, run and test.
DEBS := make gcc clang libc6-dev pkg-config \
        libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev \
        libsqlite3-dev sqlite3 libfreetype-dev libharfbuzz-dev libsodium-dev \
        libqrencode-dev libcjson-dev libinih-dev gettext libcurl4-openssl-dev \
        libmicrohttpd-dev libstb-dev openssl \
        postgresql libpq-dev python3-jsonschema curl \
        xvfb xauth xdotool procps binutils systemd faketime \
        fonts-dejavu-core fonts-ebgaramond fonts-noto-cjk

PKGS := sdl2 SDL2_ttf SDL2_image sqlite3 freetype2 harfbuzz libsodium \
        libcjson inih libqrencode libcurl libmicrohttpd libpq

# Evaluated lazily (`=`): pkg-config may only exist after `make deps`.
# PKG_CONFIG is the cross build's aarch64-linux-gnu-pkg-config (tests/cross.mk).
PKG_CONFIG ?= pkg-config
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
ENG_LIBS   = $(shell $(PKG_CONFIG) --libs freetype2 harfbuzz 2>/dev/null) -lm
APP_LIBS   = $(shell pkg-config --libs sdl2 SDL2_ttf SDL2_image sqlite3 libsodium libcjson inih 2>/dev/null) -lm

CSTD     := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
ifeq ($(SAN),1)
  OPT    := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
  LDSAN  := -fsanitize=address,undefined
else
  OPT    := -O2 -g
  LDSAN  :=
endif
CFLAGS   ?=
LDFLAGS  ?=
ALL_CFLAGS  = $(CSTD) $(WARN) $(OPT) -I. -Iengraving -Iapp -Itests $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDSAN) $(LDFLAGS)

# Lists the fragments append to.
BINS  :=
TESTS :=
BENCHES :=
FUZZERS :=

.PHONY: all run test bench fuzz crash golden deps install clean pot
all: bins

include engraving/engraving.mk
include app/app.mk
include app/hub/hub.mk
include tests/tests.mk
include tests/upstream/upstream.mk
include tests/cross.mk

# After every fragment: a rule's prerequisites are expanded when it is read,
# so a list the fragments still append to must be used below them.
.PHONY: fuzz-bins
fuzz-bins: $(FUZZERS)

# Message catalogues: assets/locale/<lang>.po -> <lang>/LC_MESSAGES/kiosk.mo
# (built next to the assets, where the programs look for them).
MOS := $(patsubst assets/locale/%.po,assets/locale/%/LC_MESSAGES/kiosk.mo,$(wildcard assets/locale/*.po))
assets/locale/%/LC_MESSAGES/kiosk.mo: assets/locale/%.po
	@mkdir -p $(dir $@)
	$(Q)msgfmt --check -o $@ $<

bins: $(BINS) $(MOS)

# Refreshes the template translators start from (catalogue names are data:
# each .po lists them by hand, see assets/locale/fr.po).
pot:
	xgettext -k_ -kN_ -kngettext:1,2 --from-code=UTF-8 --package-name=atelier-kiosk -o assets/locale/kiosk.pot \
	    $$(ls app/*/*.c app/*/*/*.c)

# Quiet by default; `make V=1` shows the commands.
Q := $(if $(V),,@)
$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC    $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# Installs whatever Debian package is missing; a no-op when all are present.
# CROSS_DEBS (tests/cross.mk) are arm64 packages: their architecture is added
# to dpkg first, and apt-get update then fetches its package lists too.
deps:
	@missing=""; \
	for p in $(DEBS) $(CROSS_DEBS); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  case "$$missing" in *:$(CROSS_DPKG_ARCH)*) \
	    dpkg --print-foreign-architectures | grep -qx '$(CROSS_DPKG_ARCH)' || { \
	      echo "Adding the $(CROSS_DPKG_ARCH) architecture to dpkg (multiarch, for the cross build)"; \
	      $$sudo dpkg --add-architecture $(CROSS_DPKG_ARCH) || exit 1; } ;; \
	  esac; \
	  echo "Installing missing Debian packages:$$missing"; \
	  $$sudo apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y --no-install-recommends $$missing; \
	fi

KIOSK_ARGS ?=
run: deps
	@$(MAKE) --no-print-directory bins
	./$(BUILD)/kiosk --db var/kiosk.db $(KIOSK_ARGS)

test: deps
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 bins test-bins
	@BIN=build/san tests/run

# The crash test of `make test` (60 kills) at scale, on the same build.
CRASH_KILLS ?= 1000
crash: deps
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 bins
	@BIN=build/san KILLS=$(CRASH_KILLS) bash tests/crash/kill_kiosk.sh

# The golden screenshots (tests/e2e/golden.sh), rewritten from this build:
# look at every new PNG before committing it (README, "Tests").
golden: deps
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 bins test-bins
	@BIN=build/san GOLDEN_UPDATE=1 bash tests/e2e/golden.sh

bench: deps
	@$(MAKE) --no-print-directory bins bench-bins
	@BIN=$(BUILD) tests/bench/run

# libFuzzer targets: everything is rebuilt by clang with ASan+UBSan and
# -fsanitize=fuzzer-no-link into build/fuzz; a fragment adds each fuzzer
# binary to FUZZERS and links it with -fsanitize=fuzzer. Seed inputs in
# tests/fuzz/seeds/<fuzzer>/ (read, never written) start it deep in the format.
FUZZ_SECONDS ?= 60
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang SAN=1 CFLAGS=-fsanitize=fuzzer-no-link fuzz-bins
	@failed=""; \
	for f in $(subst $(BUILD),build/fuzz,$(FUZZERS)); do \
	  name=$$(basename $$f); echo "== $$name for $(FUZZ_SECONDS) s"; mkdir -p build/fuzz/corpus/$$name; \
	  seeds=tests/fuzz/seeds/$$name; [ -d $$seeds ] || seeds=; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -artifact_prefix=build/fuzz/$$name- \
	      build/fuzz/corpus/$$name $$seeds || failed="$$failed $$name"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: findings in$$failed (inputs in build/fuzz/)"; exit 1; fi; \
	echo "fuzz: every fuzzer ran $(FUZZ_SECONDS) s clean"

# Programs, data, both systemd units (pointed at PREFIX) and, unless one is
# there already, a starting /etc/kiosk/kiosk.conf.
install: bins
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/atelier-kiosk
	install -m 0755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	cp -r assets themes $(DESTDIR)$(PREFIX)/share/atelier-kiosk/
	install -d $(DESTDIR)/lib/systemd/system
	for u in kiosk.service kiosk-sync.service kiosk-hub.service; do \
	  sed 's|/usr/local/bin/|$(PREFIX)/bin/|g' $$u > $(DESTDIR)/lib/systemd/system/$$u; done
	install -d $(DESTDIR)/etc/kiosk
	[ -e $(DESTDIR)/etc/kiosk/kiosk.conf ] || printf '[kiosk]\ndb = /var/lib/kiosk/kiosk.db\ndata_dir = %s\nfullscreen = true\n' \
	  $(PREFIX)/share/atelier-kiosk > $(DESTDIR)/etc/kiosk/kiosk.conf

clean:
	rm -rf build
