/* engine.c — the two exchanges: push the outbox, pull the changes.
 *
 * Exactly once, kiosk side: a batch's rows leave `pending` only in the
 * transaction that records the upstream's answer for them. Whatever fails
 * before that (no answer, a reset after the upstream stored the batch, a
 * crash of this process) leaves them pending, and the next attempt sends
 * the same UUIDs, which the upstream answers as `duplicate`. Upstream side,
 * the UUID is a unique key. Together: every order stored once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "sync/sync_int.h"

#define CHANGES_PATH "/v1/changes?since="

static sync_Status db_failed(sync_Client *c, const store_Db *db)
{
    return sync_client_fail(c, SYNC_ERR, "the database: %s", store_errmsg(db));
}

/* Counts an attempt for every row of a batch that got no usable answer. */
static void all_retry(store_Db *db, const store_OrderRow *rows, store_OutboxResult *res, int n)
{
    int64_t now = (int64_t)time(NULL);
    for (int i = 0; i < n; i++) {
        memset(&res[i], 0, sizeof res[i]);
        snprintf(res[i].uuid, sizeof res[i].uuid, "%s", rows[i].order.uuid);
        res[i].outcome = STORE_OUTBOX_RETRY;
    }
    store_outbox_settle(db, res, n, now, now);   /* bookkeeping only: best effort */
}

/* One batch: *n rows sent and settled; 0 rows when none is due. */
static sync_Status push_batch(sync_Client *c, store_Db *db, int64_t due, store_OrderRow *rows,
                              store_OutboxResult *res, sync_Report *rep, int *n)
{
    char why[SYNC_ERRMSG_MAX];
    size_t len = 0;
    if (store_outbox_pending(db, due, rows, SYNC_BATCH_MAX, n) != STORE_OK)
        return db_failed(c, db);
    if (*n == 0)
        return SYNC_OK;
    char *body = sync_orders_body(sync_client_kiosk_id(c), rows, *n);
    if (!body)
        return sync_client_fail(c, SYNC_ERR, "out of memory");
    sync_Status status = sync_client_request(c, "POST", "/v1/orders", body, strlen(body));
    free(body);
    if (status != SYNC_OK) {
        all_retry(db, rows, res, *n);
        return status;
    }
    const char *answer = sync_client_body(c, &len);
    status = sync_orders_parse(answer, len, rows, *n, res, rep, why, sizeof why);
    if (status != SYNC_OK) {
        all_retry(db, rows, res, *n);
        return sync_client_fail(c, status, "%s", why);
    }
    int64_t now = (int64_t)time(NULL);
    if (store_outbox_settle(db, res, *n, now, now) != STORE_OK)
        return db_failed(c, db);
    rep->batches++;
    int missing = 0;
    for (int i = 0; i < *n; i++)
        missing += res[i].outcome == STORE_OUTBOX_RETRY;
    if (missing)
        return sync_client_fail(c, SYNC_ERR_PROTO, "the upstream did not answer for %d of the "
                                "%d orders sent", missing, *n);
    return SYNC_OK;
}

sync_Status sync_push(sync_Client *c, store_Db *db, int64_t due, sync_Report *rep)
{
    sync_Status status = SYNC_ERR;
    store_OrderRow *rows = calloc(SYNC_BATCH_MAX, sizeof *rows);
    store_OutboxResult *res = calloc(SYNC_BATCH_MAX, sizeof *res);
    if (!rows || !res) {
        sync_client_fail(c, SYNC_ERR, "out of memory");
        goto fail;
    }
    for (;;) {
        int n = 0;
        status = push_batch(c, db, due, rows, res, rep, &n);
        if (status != SYNC_OK || n == 0)
            break;
        if (sync_client_stopping(c))
            break;
    }
fail:
    free(rows);
    free(res);
    return status;
}

sync_Status sync_report_quarantine(sync_Client *c, store_Db *db, sync_Report *rep)
{
    char why[SYNC_ERRMSG_MAX];
    int64_t ids[STORE_QUARANTINE_REPORT_MAX];
    sync_Status status = SYNC_OK;
    store_QuarantineItem *items = calloc(STORE_QUARANTINE_REPORT_MAX, sizeof *items);
    if (!items)
        return sync_client_fail(c, SYNC_ERR, "out of memory");
    while (status == SYNC_OK && !sync_client_stopping(c)) {
        int n = 0, acked = 0;
        if (store_quarantine_list(db, STORE_QUARANTINE_UNREPORTED, items,
                                  STORE_QUARANTINE_REPORT_MAX, &n) != STORE_OK) {
            status = db_failed(c, db);
            break;
        }
        if (n == 0)
            break;
        char *body = sync_quarantine_body(sync_client_kiosk_id(c), items, n);
        if (!body) {
            status = sync_client_fail(c, SYNC_ERR, "out of memory");
            break;
        }
        status = sync_client_request(c, "POST", "/v1/quarantine", body, strlen(body));
        free(body);
        if (status != SYNC_OK)
            break;
        size_t len = 0;
        const char *answer = sync_client_body(c, &len);
        for (int i = 0; i < n; i++)
            ids[i] = items[i].id;
        status = sync_quarantine_parse(answer, len, ids, n, &acked, why, sizeof why);
        if (status != SYNC_OK) {
            status = sync_client_fail(c, status, "%s", why);
            break;
        }
        if (store_quarantine_reported(db, ids, acked, (int64_t)time(NULL)) != STORE_OK) {
            status = db_failed(c, db);
            break;
        }
        rep->reported += acked;
        if (acked < n)
            status = sync_client_fail(c, SYNC_ERR_PROTO, "the upstream acknowledged %d of the "
                                      "%d refused changes reported", acked, n);
    }
    free(items);
    return status;
}

static int64_t count_items(const store_Changes *ch)
{
    return cJSON_GetArraySize(ch->appointments) + cJSON_GetArraySize(ch->editions) +
           cJSON_GetArraySize(ch->orders);
}

sync_Status sync_pull(sync_Client *c, store_Db *db, sync_Report *rep)
{
    char why[SYNC_ERRMSG_MAX];
    char path[sizeof CHANGES_PATH + STORE_CURSOR_MAX * 3];
    store_SyncStatus s;
    sync_Status status = SYNC_OK;
    for (int page = 0; page < SYNC_PULL_PAGES_MAX && !sync_client_stopping(c); page++) {
        if (store_sync_status(db, &s) != STORE_OK)
            return db_failed(c, db);
        /* What an earlier page (or pass) refused goes up first: the next
         * request after a refusal tells the upstream. */
        if (s.quarantine_unreported && (status = sync_report_quarantine(c, db, rep)) != SYNC_OK)
            return status;
        char *cursor = sync_client_escape(c, s.cursor);
        if (!cursor)
            return sync_client_fail(c, SYNC_ERR, "out of memory");
        snprintf(path, sizeof path, "%s%s", CHANGES_PATH, cursor);
        free(cursor);
        status = sync_client_request(c, "GET", path, NULL, 0);
        if (status != SYNC_OK)
            return status;
        size_t len = 0;
        const char *answer = sync_client_body(c, &len);
        cJSON *root = NULL;
        store_Changes ch;
        int more = 0;
        status = sync_changes_parse(answer, len, &root, &ch, &more, why, sizeof why);
        if (status != SYNC_OK)
            return sync_client_fail(c, status, "%s", why);
        int unplaced = 0, cancelled = 0, quarantined = 0;
        ch.stations = sync_client_stations(c);
        ch.slot_minutes = sync_client_slot_minutes(c);
        sync_client_hours(c, &ch.open_minute, &ch.close_minute);
        ch.unplaced = &unplaced;
        ch.cancelled = &cancelled;
        ch.quarantined = &quarantined;
        store_Status st = store_changes_apply(db, &ch, (int64_t)time(NULL));
        if (st == STORE_OK) {
            rep->change_pages++;
            rep->catalogues += ch.catalogue != NULL;
            rep->items += count_items(&ch);
            rep->unplaced += unplaced;
            rep->cancelled += cancelled;
            rep->quarantined += quarantined;
        }
        sync_json_free(root);
        if (st == STORE_ERR_INPUT)
            return sync_client_fail(c, SYNC_ERR_PROTO, "the upstream's changes were refused: %s",
                                    store_errmsg(db));
        if (st != STORE_OK)
            return db_failed(c, db);
        if (quarantined && (status = sync_report_quarantine(c, db, rep)) != SYNC_OK)
            return status;
        if (!more)
            break;
    }
    return status;
}
