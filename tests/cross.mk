# tests/cross.mk — the engraving library and its unit tests for aarch64 (the
# ARM boards a boutique buys), cross-built with Debian's gcc-aarch64-linux-gnu
# against Debian's arm64 FreeType and HarfBuzz (multiarch) into
# $(CROSS_BUILD), and run under qemu-aarch64 by tests/engraving/aarch64.sh,
# which `make test` runs with every other test.
#
#   make cross-bins   build them (ASan+UBSan, as the native tests)
#   make cross-test   install what is missing, build, run them under qemu

CROSS_BUILD ?= build/aarch64
CROSS_CC    ?= aarch64-linux-gnu-gcc
CROSS_PKG_CONFIG ?= aarch64-linux-gnu-pkg-config
CROSS_DPKG_ARCH := arm64

# What make deps adds for it, on an amd64 machine only (an arm64 board runs
# the native tests natively). The :arm64 packages need the architecture
# added to dpkg first: the deps target does that.
ifeq ($(shell dpkg --print-architecture 2>/dev/null),amd64)
CROSS_DEBS := gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user \
              libfreetype-dev:arm64 libharfbuzz-dev:arm64
else
CROSS_DEBS :=
endif

.PHONY: eng-test-bins cross-bins cross-test
eng-test-bins: $(ENG_TESTS)

# Only freetype2 and harfbuzz exist for arm64 here: PKGS names just them.
cross-bins:
	@$(MAKE) --no-print-directory BUILD=$(CROSS_BUILD) SAN=1 CC=$(CROSS_CC) \
	    PKG_CONFIG=$(CROSS_PKG_CONFIG) PKGS="freetype2 harfbuzz" eng-test-bins

cross-test: deps
	@BIN=build/san tests/run engraving/aarch64
