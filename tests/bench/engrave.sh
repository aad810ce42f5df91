#!/usr/bin/env bash
# The engraving rasterizer against FreeType and stb_truetype, and the kiosk's
# preview path (see engraving/README.md for the targets).
set -u
"${BIN:-build}/engrave-bench"
