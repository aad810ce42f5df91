# hub.sh — the brand's hub under load (make bench): 50 kiosks, each with
# 1,000 orders and a lease of 10 of one 500-piece edition, drain at the same
# moment with the real sync code through two kiosk-hub processes on one
# PostgreSQL 15 (durable: fsync and synchronous_commit on, PostgreSQL's
# defaults). Prints orders/s and the hub's p99 request time, and checks
# exactly 50,000 orders stored, no serial twice, every outbox empty.
# Target: >= 3,000 orders/s.
cd "$(dirname "$0")/../.."
out=$(BIN="${BIN:-build}" KIOSKS=50 ORDERS=1000 EDITION=500 LEASE=10 PG_DURABLE=1 \
      bash tests/hub/load.sh 2>&1)
echo "$out" | grep -E '^(FAIL|hub load)'
rate=$(echo "$out" | sed -n 's/.*: \([0-9]*\) orders\/s.*/\1/p')
fails=$(echo "$out" | grep -c '^FAIL')
if [ "$fails" = 0 ] && [ "${rate:-0}" -ge 3000 ]; then
    echo "hub: target >= 3,000 orders/s met ($rate), every check passed"
else
    echo "hub: MISSED: $rate orders/s (target >= 3,000), $fails checks failed"
fi
