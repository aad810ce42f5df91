/* fuzz_sync_response.c — libFuzzer target for what the network hands the
 * sync daemon: the first byte picks the parser, the rest is the body.
 *   odd:  a changes answer (sync_changes_parse), then, when it parses,
 *         store_changes_apply on an in-memory store with two stations and
 *         opening hours 10:00-19:00 (catalogue validation, items refused one
 *         by one into the quarantine, overlaps, the slot grid, cursor);
 *   2 (mod 8): the answer to a quarantine report of 3 items
 *         (sync_quarantine_parse): what it acknowledges must be items sent,
 *         once each;
 *   4 (mod 8): a 401 body (sync_auth_reason);
 *   other even: the answer to a batch of 3 orders (sync_orders_parse); the
 *         outcomes must be consistent with the counts it reports.
 * Run: make fuzz (build/fuzz/fuzz_sync_response). Seeds in
 * tests/fuzz/seeds/fuzz_sync_response/ (an orders answer, a changes answer
 * with appointments, a cancellation and edition leases; a page of items to
 * set aside with a catalogue, overlapping and off-grid appointments and bad
 * leases; a refused catalogue; a quarantine answer; two 401 bodies) start
 * it inside the format: from nothing it finds little in minutes. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "sync/sync.h"

static store_Db *db;

static void rows_init(store_OrderRow *rows, int n)
{
    memset(rows, 0, sizeof *rows * (size_t)n);
    for (int i = 0; i < n; i++)
        snprintf(rows[i].order.uuid, sizeof rows[i].order.uuid,
                 "00000000-0000-4000-8000-00000000000%d", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[SYNC_ERRMSG_MAX];
    if (size < 1)
        return 0;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    if ((data[0] & 7) == 2) {
        int64_t ids[3] = { 7, 8, 9 };
        int acked = -1;
        sync_Status st = sync_quarantine_parse(body, len, ids, 3, &acked, err, sizeof err);
        if (acked < 0 || acked > 3 || (st != SYNC_OK && acked != 0))
            abort();
        /* A permutation of what was sent: each once. */
        if (ids[0] + ids[1] + ids[2] != 24 || ids[0] == ids[1] || ids[1] == ids[2] ||
            ids[0] == ids[2])
            abort();
        return 0;
    }
    if ((data[0] & 7) == 4) {
        sync_AuthReason why = sync_auth_reason(body, len);
        if (why < SYNC_AUTH_UNKNOWN || why > SYNC_AUTH_KIOSK)
            abort();
        return 0;
    }
    if ((data[0] & 1) == 0) {
        store_OrderRow rows[3];
        store_OutboxResult res[3];
        sync_Report rep = { 0 };
        rows_init(rows, 3);
        sync_Status st = sync_orders_parse(body, len, rows, 3, res, &rep, err, sizeof err);
        int64_t sent = 0, rejected = 0;
        for (int i = 0; i < 3; i++) {
            sent += res[i].outcome == STORE_OUTBOX_SENT;
            rejected += res[i].outcome == STORE_OUTBOX_REJECTED;
            if (strcmp(res[i].uuid, rows[i].order.uuid) != 0)
                abort();
        }
        if (st == SYNC_OK && (sent != rep.accepted + rep.duplicate || rejected != rep.rejected))
            abort();
        if (st != SYNC_OK && (sent || rejected))
            abort();
        return 0;
    }
    struct cJSON *root = NULL;
    store_Changes ch;
    int more = 0;
    if (sync_changes_parse(body, len, &root, &ch, &more, err, sizeof err) == SYNC_OK) {
        if (!db && store_open(":memory:", &db) != STORE_OK)
            abort();
        int quarantined = 0;
        ch.stations = 2;
        ch.slot_minutes = 30;
        ch.open_minute = 600;
        ch.close_minute = 1140;
        ch.quarantined = &quarantined;
        if (store_changes_apply(db, &ch, 1700000000) == STORE_OK &&
            (quarantined < 0 || quarantined > STORE_CHANGES_ITEMS_MAX + 1))
            abort();
    }
    sync_json_free(root);
    return 0;
}
