#!/usr/bin/env bash
# tls.sh — HTTPS for real: a throwaway CA and server certificate made with
# the openssl command; the kiosk verifies the upstream against ca_file, and
# refuses an untrusted certificate, a certificate for another name, and a
# public key that does not match pinned_public_key.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/lib.sh"
K="$BIN/kioskctl"
DB="$TMP/kiosk.db"
CONF="$TMP/kiosk.conf"

# make_ca NAME: a self-signed CA (EC P-256) in $TMP/NAME-ca.{key,pem}.
make_ca() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
        -subj "/CN=Atelier test CA $1" -keyout "$TMP/$1-ca.key" -out "$TMP/$1-ca.pem" 2>/dev/null
}
# make_cert NAME CA SAN: a server certificate signed by CA for SAN.
make_cert() {
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$3" \
        -keyout "$TMP/$1.key" -out "$TMP/$1.csr" 2>/dev/null &&
    printf 'subjectAltName=%s\n' "$3" >"$TMP/$1.ext" &&
    openssl x509 -req -in "$TMP/$1.csr" -CA "$TMP/$2-ca.pem" -CAkey "$TMP/$2-ca.key" \
        -CAcreateserial -days 2 -extfile "$TMP/$1.ext" -out "$TMP/$1.pem" 2>/dev/null
}
# pin_of CERT: curl's sha256//BASE64 of the certificate's public key.
pin_of() {
    printf 'sha256//%s' "$(openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform der |
                            openssl dgst -sha256 -binary | openssl enc -base64)"
}

if ! { make_ca good && make_ca evil && make_cert server good IP:127.0.0.1 &&
       make_cert rogue evil IP:127.0.0.1 && make_cert othername good DNS:orders.example; }; then
    fail tls_fixtures "openssl could not make the certificates"; exit 1
fi
new_kiosk "$DB" 30

# sync_once NAME CERT [extra INI lines]: an HTTPS upstream with CERT; runs
# sync-now with the kiosk's config plus the lines; output in $TMP/NAME.{out,err}.
sync_once() {
    local name="$1" cert="$2"; shift 2
    start_upstream "$name" --tls-cert "$TMP/$cert.pem" --tls-key "$TMP/$cert.key" || return 1
    write_conf "$CONF" "https://127.0.0.1:$UP_PORT/" "db = $DB" "allow_insecure_http = no" "$@"
    "$K" --config "$CONF" sync-now >"$TMP/$name.out" 2>"$TMP/$name.err"
    RC=$?
    stop "$UP_PID"
}

sync_once untrusted rogue "ca_file = $TMP/good-ca.pem"
if [ "$RC" -eq 1 ] && grep -q "TLS certificate is not trusted" "$TMP/untrusted.err" &&
   [ "$(up_count untrusted)" = 0 ]; then
    pass certificate_from_another_ca_is_refused
else
    fail certificate_from_another_ca_is_refused "rc $RC: $(cat "$TMP/untrusted.err")"
fi

sync_once wrongname othername "ca_file = $TMP/good-ca.pem"
if [ "$RC" -eq 1 ] && grep -q "not trusted" "$TMP/wrongname.err" && [ "$(up_count wrongname)" = 0 ]; then
    pass certificate_for_another_name_is_refused
else
    fail certificate_for_another_name_is_refused "rc $RC: $(cat "$TMP/wrongname.err")"
fi

sync_once nopin server "ca_file = $TMP/good-ca.pem" "pinned_public_key = $(pin_of "$TMP/rogue.pem")"
if [ "$RC" -eq 1 ] && grep -q "does not match pinned_public_key" "$TMP/nopin.err" &&
   [ "$(up_count nopin)" = 0 ]; then
    pass public_key_pin_mismatch_is_refused
else
    fail public_key_pin_mismatch_is_refused "rc $RC: $(cat "$TMP/nopin.err")"
fi

sync_once nocafile server
if [ "$RC" -eq 1 ] && grep -q "not trusted" "$TMP/nocafile.err"; then
    pass system_cas_do_not_trust_a_private_ca
else
    fail system_cas_do_not_trust_a_private_ca "rc $RC: $(cat "$TMP/nocafile.err")"
fi

sync_once good server "ca_file = $TMP/good-ca.pem" "pinned_public_key = $(pin_of "$TMP/server.pem")"
if [ "$RC" -eq 0 ] && [ "$(up_count good)" = 30 ] && same_orders good "$DB"; then
    pass verified_and_pinned_https_drains
else
    fail verified_and_pinned_https_drains "rc $RC: $(cat "$TMP/good.err")"
fi

# Plain http is refused unless loopback is allowed explicitly.
start_upstream plain || exit 1
write_conf "$CONF" "http://127.0.0.1:$UP_PORT/" "db = $DB" "allow_insecure_http = no"
"$K" --config "$CONF" sync-now >/dev/null 2>"$TMP/plain.err"; rc=$?
if [ "$rc" -eq 1 ] && grep -q "plain http is allowed only" "$TMP/plain.err"; then
    pass plain_http_refused_without_allow_insecure_http
else
    fail plain_http_refused_without_allow_insecure_http "rc $rc: $(cat "$TMP/plain.err")"
fi
