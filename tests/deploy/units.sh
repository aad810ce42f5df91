# units.sh — the systemd units as deployed: the kiosk's sandbox is rated SAFE
# by systemd-analyze (below 2.0) and it has no network; so is the hub's
# (kiosk-hub.service, below 2.0); `make install` lays
# out what the units start.
source "$(dirname "$0")/../lib.sh"

exposure=$(systemd-analyze security --offline=yes kiosk.service 2>/dev/null |
           sed -n 's/.*exposure level for kiosk.service: \([0-9.]*\).*/\1/p')
check kiosk_unit_sandbox_rated_safe awk -v e="${exposure:-99}" 'BEGIN { exit !(e < 2.0) }'
check kiosk_unit_has_no_network grep -q '^PrivateNetwork=yes' kiosk.service
check kiosk_unit_cannot_read_the_sync_secret grep -q 'InaccessiblePaths=-/run/credentials/kiosk-sync.service' kiosk.service

san=""; case "$BIN" in *san*) san="SAN=1" ;; esac
make -s install BUILD="$BIN" $san PREFIX=/usr DESTDIR="$TMP/root" >/dev/null 2>&1
check install_lays_out_programs bash -c "[ -x '$TMP/root/usr/bin/kiosk' ] && [ -x '$TMP/root/usr/bin/kioskctl' ]"
check install_lays_out_assets_and_units bash -c "[ -s '$TMP/root/usr/share/atelier-kiosk/assets/catalogue.json' ] &&
    [ -s '$TMP/root/lib/systemd/system/kiosk.service' ] && [ -s '$TMP/root/lib/systemd/system/kiosk-sync.service' ]"
check installed_unit_starts_the_installed_program grep -q '^ExecStart=/usr/bin/kiosk ' "$TMP/root/lib/systemd/system/kiosk.service"
check install_writes_a_starting_config grep -q '^data_dir = /usr/share/atelier-kiosk' "$TMP/root/etc/kiosk/kiosk.conf"

# The brand's hub: installed with its unit, sandboxed (rated 1.2 here).
check install_lays_out_the_hub_and_its_unit bash -c "[ -x '$TMP/root/usr/bin/kiosk-hub' ] &&
    grep -q '^ExecStart=/usr/bin/kiosk-hub serve' '$TMP/root/lib/systemd/system/kiosk-hub.service'"
hub_exposure=$(systemd-analyze security --offline=yes kiosk-hub.service 2>/dev/null |
               sed -n 's/.*exposure level for kiosk-hub.service: \([0-9.]*\).*/\1/p')
check hub_unit_sandbox_rated_below_2 awk -v e="${hub_exposure:-99}" 'BEGIN { exit !(e < 2.0) }'
