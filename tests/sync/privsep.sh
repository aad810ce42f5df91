#!/usr/bin/env bash
# privsep.sh — privilege separation: the touch UI (kiosk) is built without
# any network code; only kioskctl (the sync daemon) links libcurl.
source "$(dirname "$0")/../lib.sh"

needed() { readelf -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }

if [ -x "$BIN/kiosk" ] && ! needed "$BIN/kiosk" | grep -q curl &&
   ! nm -D --undefined-only "$BIN/kiosk" | grep -qwE 'curl_[a-z_]+|socket|connect|getaddrinfo'; then
    pass kiosk_links_no_libcurl_and_opens_no_socket
else
    fail kiosk_links_no_libcurl_and_opens_no_socket "$(needed "$BIN/kiosk" | tr '\n' ' ')"
fi

check kioskctl_links_libcurl bash -c "readelf -d '$BIN/kioskctl' | grep -q 'libcurl'"

if grep -q 'PrivateNetwork=yes' kiosk.service && ! grep -q 'PrivateNetwork=yes' kiosk-sync.service &&
   grep -q 'kioskctl.* sync --daemon' kiosk-sync.service &&
   grep -qE '^(LoadCredential|LoadCredentialEncrypted)=' kiosk-sync.service &&
   grep -q 'DevicePolicy=closed' kiosk-sync.service && grep -q 'PrivateDevices=yes' kiosk-sync.service; then
    pass sync_unit_has_network_secret_and_no_devices
else
    fail sync_unit_has_network_secret_and_no_devices "kiosk-sync.service lacks a setting"
fi

if command -v systemd-analyze >/dev/null 2>&1; then
    # Parses the unit and rates its sandbox: SAFE is below 2.0, OK below 5.
    exposure=$(systemd-analyze security --offline=yes kiosk-sync.service 2>/dev/null |
               sed -n 's/.*exposure level for kiosk-sync.service: \([0-9.]*\).*/\1/p')
    if [ -n "$exposure" ] && awk -v e="$exposure" 'BEGIN { exit !(e < 2.0) }'; then
        pass sync_unit_sandbox_rated_below_2
    else
        fail sync_unit_sandbox_rated_below_2 "exposure '${exposure:-unparsed}'"
    fi
fi
