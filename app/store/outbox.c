/* outbox.c — the orders waiting to go upstream.
 *
 * Invariant: every order has exactly one outbox row, born in the order's own
 * transaction (orders.c), so the order and its promise to reach the brand's
 * systems commit together or not at all. The sync daemon takes pending rows
 * oldest first, and settles a whole batch in one transaction once the
 * upstream has answered for it. A crash between the answer and the settle
 * only means the batch is sent again: its UUIDs make the upstream answer
 * `duplicate`, which settles it (exactly once, upstream side).
 * The brand may change its decision later (a piece that cannot be made):
 * the changes page's `orders` list moves a settled row between sent and
 * rejected (store_changes_orders).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "store/store_int.h"

store_Status store_outbox_add(store_Db *db, const char *uuid)
{
    sqlite3_stmt *st = store_prepare(db, "INSERT INTO outbox (order_uuid) VALUES (?1)");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
    return store_step_done(db, st, "cannot queue the order for upstream");
}

store_Status store_outbox_pending(store_Db *db, int64_t now, store_OrderRow *rows, int max,
                                  int *n)
{
    *n = 0;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    sqlite3_stmt *st = store_prepare(db,
        "SELECT " STORE_ORDER_COLUMNS ","
        "  (SELECT s.serial FROM edition_serials s WHERE s.order_id = o.id)"
        " FROM outbox x JOIN orders o ON o.uuid = x.order_uuid"
        " WHERE x.state = 'pending' AND x.next_attempt <= ?1"
        " ORDER BY o.id LIMIT ?2");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int(st, 2, max);
    int rc = SQLITE_DONE;
    while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_OrderRow *row = &rows[*n];
        model_Order *o = &row->order;
        memset(row, 0, sizeof *row);
        store_order_from_row(st, o, row->status);
        o->serial = sqlite3_column_int(st, 11);     /* 0: not a limited edition */
        if (store_order_pieces(db, o) != STORE_OK) {
            sqlite3_finalize(st);
            return STORE_ERR;
        }
        (*n)++;
    }
    store_Status status = STORE_OK;
    if (*n < max && rc != SQLITE_DONE)
        status = store_fail_sql(db, "cannot read the outbox");
    sqlite3_finalize(st);
    return status;
}

store_Status store_outbox_settle(store_Db *db, const store_OutboxResult *results, int n,
                                 int64_t now, int64_t retry_at)
{
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    sqlite3_stmt *done = NULL, *retry = NULL;
    store_Status status = store_begin(db);
    if (status != STORE_OK)
        return status;
    done = store_prepare(db,
        "UPDATE outbox SET state = ?2, settled_at = ?3, reason = ?4, attempts = attempts + 1"
        " WHERE order_uuid = ?1 AND state = 'pending'");
    retry = done ? store_prepare(db,
        "UPDATE outbox SET attempts = attempts + 1, next_attempt = ?2"
        " WHERE order_uuid = ?1 AND state = 'pending'") : NULL;
    if (!retry) {
        status = STORE_ERR;
        goto fail;
    }
    for (int i = 0; i < n; i++) {
        const store_OutboxResult *r = &results[i];
        sqlite3_stmt *st = r->outcome == STORE_OUTBOX_RETRY ? retry : done;
        sqlite3_bind_text(st, 1, r->uuid, -1, SQLITE_STATIC);
        if (r->outcome == STORE_OUTBOX_RETRY) {
            sqlite3_bind_int64(st, 2, retry_at);
        } else {
            int rejected = r->outcome == STORE_OUTBOX_REJECTED;
            sqlite3_bind_text(st, 2, rejected ? "rejected" : "sent", -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 3, now);
            if (rejected)
                sqlite3_bind_text(st, 4, r->reason, -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(st, 4);
        }
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        if (rc != SQLITE_DONE) {
            status = store_fail_sql(db, "cannot update the outbox");
            goto fail;
        }
    }
fail:
    sqlite3_finalize(done);
    sqlite3_finalize(retry);
    return store_end(db, status);
}

/* One decision of the brand on an order it already answered for: the row
 * moves between sent and rejected (with the reason), settled again now. A
 * row still pending is left alone: its next send is answered with the
 * current decision. An order this kiosk does not have is refused. */
static store_Status order_decision(store_Db *db, const cJSON *o, int i, int64_t now)
{
    char where[64];
    snprintf(where, sizeof where, "upstream changes: orders[%d]", i);
    if (!cJSON_IsObject(o))
        return store_fail(db, STORE_ERR_INPUT, "%s: expected an object", where);
    const char *uuid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "uuid"));
    const char *status = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "status"));
    const cJSON *why = cJSON_GetObjectItemCaseSensitive(o, "reason");
    const char *reason = cJSON_GetStringValue(why);
    if (!uuid || strlen(uuid) != 36)
        return store_fail(db, STORE_ERR_INPUT, "%s.uuid: expected an order's UUID", where);
    int rejected = status && strcmp(status, "rejected") == 0;
    if (!status || (!rejected && strcmp(status, "accepted") != 0))
        return store_fail(db, STORE_ERR_INPUT, "%s.status: expected \"accepted\" or \"rejected\"",
                          where);
    if (why && !cJSON_IsNull(why) && !store_text_ok(reason, STORE_SYNC_ERROR_MAX, 0))
        return store_fail(db, STORE_ERR_INPUT, "%s.reason: expected 1 to %d bytes of text",
                          where, STORE_SYNC_ERROR_MAX - 1);
    if (rejected && !reason)
        return store_fail(db, STORE_ERR_INPUT, "%s.reason: a rejection says why", where);
    sqlite3_stmt *st = store_prepare(db,
        "UPDATE outbox SET state = ?2, reason = ?3, settled_at = ?4"
        " WHERE order_uuid = ?1 AND state IN ('sent', 'rejected')");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, rejected ? "rejected" : "sent", -1, SQLITE_STATIC);
    if (rejected)
        sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    store_Status s = store_step_done(db, st, "cannot record the brand's decision on an order");
    if (s != STORE_OK || sqlite3_changes(db->sql) > 0)
        return s;
    int64_t known = 0;
    st = store_prepare(db, "SELECT count(*) FROM outbox WHERE order_uuid = ?1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
    s = store_step_int(db, st, &known, "cannot read the outbox");
    if (s == STORE_OK && !known)
        s = store_fail(db, STORE_ERR_INPUT, "%s.uuid: no such order on this kiosk", where);
    return s;
}

static store_Status order_each(store_Db *db, const cJSON *o, int i, void *user)
{
    return order_decision(db, o, i, *(const int64_t *)user);
}

store_Status store_changes_orders(store_Db *db, const cJSON *arr, const char *cursor,
                                  int64_t now, int *quarantined)
{
    return store_change_items(db, arr, "order", "uuid", cursor, now, quarantined, order_each,
                              &now);
}
