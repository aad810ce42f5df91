/* queue.c — the staff's order queue: queued -> engraving -> ready ->
 * collected, one step forward at a time.
 *
 * The rule lives in the schema too (trigger orders_status_forward, migrate.c
 * step 2->3): any UPDATE of an order's status that is not the next step
 * fails, whoever writes. Here the staff's touch says which status it saw
 * (`from`), so a double tap or a second screen cannot skip a step.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

static const char *const statuses[STORE_ORDER_STATUSES] = {
    "queued", "engraving", "ready", "collected",
};

const char *store_order_status_next(const char *status)
{
    for (int i = 0; status && i + 1 < STORE_ORDER_STATUSES; i++)
        if (strcmp(status, statuses[i]) == 0)
            return statuses[i + 1];
    return NULL;
}

#define STR_(x) #x
#define STR(x) STR_(x)
#define ITEM_SQL \
    "SELECT " STORE_ORDER_COLUMNS ", o.appointment_id," \
    "  s.serial, e.size, a.slot_start," \
    "  (SELECT max(p.id) FROM orders p" \
    "    WHERE p.id < o.id AND p.id >= o.id - " STR(STORE_REPEAT_LOOKBACK) \
    "      AND p.charm_id = o.charm_id AND p.text = o.text AND o.text <> ''" \
    "      AND p.created_at >= o.created_at - " STR(STORE_REPEAT_WINDOW_S) ")" \
    " FROM orders o LEFT JOIN edition_serials s ON s.order_id = o.id" \
    " LEFT JOIN editions e ON e.id = s.edition_id" \
    " LEFT JOIN appointments a ON a.id = o.appointment_id"

static void read_item(sqlite3_stmt *st, store_QueueItem *it)
{
    memset(it, 0, sizeof *it);
    model_Order *o = &it->row.order;
    store_order_from_row(st, o, it->row.status);
    o->appointment_id = sqlite3_column_int64(st, 11);
    o->serial = sqlite3_column_int(st, 12);
    it->edition_size = sqlite3_column_int(st, 13);
    store_column_text(st, 14, it->slot, sizeof it->slot);
    it->repeat_of = sqlite3_column_int64(st, 15);
}

store_Status store_order_get(store_Db *db, int64_t number, store_QueueItem *out)
{
    memset(out, 0, sizeof *out);
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    sqlite3_stmt *st = store_prepare(db, ITEM_SQL " WHERE o.id = ?1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int64(st, 1, number);
    store_Status status = STORE_OK;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_item(st, out);
        status = store_order_pieces(db, &out->row.order);
    } else if (rc == SQLITE_DONE)
        status = store_fail(db, STORE_NOTFOUND, "no order number %lld", (long long)number);
    else
        status = store_fail_sql(db, "cannot read the order");
    sqlite3_finalize(st);
    return status;
}

store_Status store_queue_each(store_Db *db, store_QueueFn fn, void *user)
{
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    sqlite3_stmt *st = store_prepare(db, ITEM_SQL " WHERE o.status <> 'collected' ORDER BY o.id");
    if (!st)
        return STORE_ERR;
    store_QueueItem it;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_item(st, &it);
        store_order_pieces(db, &it.row.order);
        if (fn(&it, user) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    store_Status status = STORE_OK;
    if (rc != SQLITE_DONE)
        status = store_fail_sql(db, "cannot read the order queue");
    sqlite3_finalize(st);
    return status;
}

store_Status store_order_advance(store_Db *db, int64_t number, const char *from,
                                 char to[STORE_STATUS_MAX])
{
    char cur[STORE_STATUS_MAX] = "";
    if (to)
        to[0] = '\0';
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    store_Status status = store_begin(db);
    if (status != STORE_OK)
        return status;
    sqlite3_stmt *st = store_prepare(db, "SELECT status FROM orders WHERE id = ?1");
    if (!st) {
        status = STORE_ERR;
        goto done;
    }
    sqlite3_bind_int64(st, 1, number);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        store_column_text(st, 0, cur, sizeof cur);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) {
        status = store_fail(db, STORE_NOTFOUND, "no order number %lld", (long long)number);
        goto done;
    }
    if (rc != SQLITE_ROW) {
        status = store_fail_sql(db, "cannot read the order");
        goto done;
    }
    const char *next = store_order_status_next(cur);
    if (from && strcmp(from, cur) != 0) {
        status = store_fail(db, STORE_ERR_STATE, "order %lld is %s now, not %s",
                            (long long)number, cur, from);
        goto done;
    }
    if (!next) {
        status = store_fail(db, STORE_ERR_STATE, "order %lld is %s: it has no next step",
                            (long long)number, cur);
        goto done;
    }
    st = store_prepare(db, "UPDATE orders SET status = ?2 WHERE id = ?1 AND status = ?3");
    if (!st) {
        status = STORE_ERR;
        goto done;
    }
    sqlite3_bind_int64(st, 1, number);
    sqlite3_bind_text(st, 2, next, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, cur, -1, SQLITE_STATIC);
    status = store_step_done(db, st, "cannot advance the order");
    if (status == STORE_OK && to)
        snprintf(to, STORE_STATUS_MAX, "%s", next);
done:
    return store_end(db, status);
}
