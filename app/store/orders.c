/* orders.c — confirmed orders: insert (the one write that must never be
 * lost) and the walk over them.
 *
 * An order is validated twice: here, with messages for people (unknown or
 * withdrawn charm, bad layout), and by the schema's foreign keys and checks,
 * which hold whoever writes. Its UUID is born here and is its idempotency
 * key upstream; its number is the AUTOINCREMENT id (first 1001, migrate.c).
 * Its outbox row (outbox.c) is written in the same transaction: an order
 * the kiosk shows a number for is always on its way upstream.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "store/store_int.h"

/* Lowercase 8-4-4-4-12 UUID version 4 (RFC 4122 §4.4) into out[37]. */
static void uuid_v4(char out[37])
{
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);   /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);   /* variant 10xx */
    static const char hex[] = "0123456789abcdef";
    char *p = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        *p++ = hex[b[i] >> 4];
        *p++ = hex[b[i] & 0x0F];
    }
    *p = '\0';
}

/* 1 when the fixed-size field holds a NUL-terminated string. */
static int terminated(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL;
}

static store_Status check_fields(store_Db *db, const model_Order *o)
{
    if (!terminated(o->charm_id, sizeof o->charm_id) ||
        !terminated(o->finish_id, sizeof o->finish_id) ||
        !terminated(o->font_id, sizeof o->font_id) ||
        !terminated(o->layout, sizeof o->layout) ||
        !terminated(o->hold_token, sizeof o->hold_token) ||
        !terminated(o->currency, sizeof o->currency))
        return store_fail(db, STORE_ERR_INPUT, "order: a field is not terminated");
    if (!terminated(o->text, sizeof o->text) || !store_utf8_valid(o->text))
        return store_fail(db, STORE_ERR_INPUT, "order: the engraving text is not valid UTF-8");
    for (const unsigned char *p = (const unsigned char *)o->text; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p == 0x7F)
            return store_fail(db, STORE_ERR_INPUT,
                              "order: the engraving text holds a control character");
    const char *why = store_text_engravable(o->text);
    if (why)
        return store_fail(db, STORE_ERR_INPUT, "order: the engraving text %s", why);
    if (!store_layout_known(o->layout))
        return store_fail(db, STORE_ERR_INPUT, "order: unknown layout '%s'", o->layout);
    if (o->price_minor < 0)
        return store_fail(db, STORE_ERR_INPUT, "order: negative price %lld",
                          (long long)o->price_minor);
    int cur_ok = strlen(o->currency) == 3;
    for (int i = 0; cur_ok && i < 3; i++)
        cur_ok = o->currency[i] >= 'A' && o->currency[i] <= 'Z';
    if (!cur_ok)
        return store_fail(db, STORE_ERR_INPUT, "order: currency '%s' is not a 3-letter code",
                          o->currency);
    return STORE_OK;
}

/* Inside the write transaction: the charm, finish and font must exist and
 * be active (withdrawn items stay for old orders but take no new ones). */
static store_Status check_catalogue(store_Db *db, const model_Order *o)
{
    sqlite3_stmt *st = store_prepare(db,
        "SELECT (SELECT active FROM charms WHERE id = ?1),"
        "       (SELECT active FROM finishes WHERE id = ?2),"
        "       (SELECT active FROM fonts WHERE id = ?3)");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, o->charm_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, o->finish_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, o->font_id, -1, SQLITE_STATIC);
    store_Status status = STORE_OK;
    if (sqlite3_step(st) != SQLITE_ROW) {
        status = store_fail_sql(db, "cannot read the catalogue");
        goto done;
    }
    static const char *const kinds[] = { "charm", "finish", "font" };
    const char *ids[] = { o->charm_id, o->finish_id, o->font_id };
    for (int i = 0; i < 3; i++) {
        if (sqlite3_column_type(st, i) == SQLITE_NULL) {
            status = store_fail(db, STORE_ERR_INPUT, "order: unknown %s '%s'", kinds[i], ids[i]);
            goto done;
        }
        if (sqlite3_column_int(st, i) == 0) {
            status = store_fail(db, STORE_ERR_INPUT,
                                "order: the %s '%s' is no longer in the catalogue", kinds[i], ids[i]);
            goto done;
        }
    }
done:
    sqlite3_finalize(st);
    return status;
}

/* An order placed in a staff session names its appointment; the foreign
 * key would refuse a bad one too, but in words no one can act on. */
static store_Status check_appointment(store_Db *db, const model_Order *o)
{
    if (o->appointment_id == 0)
        return STORE_OK;
    sqlite3_stmt *st = store_prepare(db, "SELECT 1 FROM appointments WHERE id = ?1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int64(st, 1, o->appointment_id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return store_fail(db, STORE_ERR_INPUT, "order: unknown appointment %lld",
                          (long long)o->appointment_id);
    if (rc != SQLITE_ROW)
        return store_fail_sql(db, "cannot read the appointment");
    return STORE_OK;
}

static store_Status insert_row(store_Db *db, model_Order *o)
{
    sqlite3_stmt *st = store_prepare(db,
        "INSERT INTO orders (uuid, charm_id, finish_id, text, font_id, layout, price_minor,"
        "  currency, created_at, appointment_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, o->uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, o->charm_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, o->finish_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, o->text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, o->font_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, o->layout, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, o->price_minor);
    sqlite3_bind_text(st, 8, o->currency, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, o->created_at);
    if (o->appointment_id > 0)
        sqlite3_bind_int64(st, 10, o->appointment_id);     /* else NULL: no session */
    store_Status status = STORE_OK;
    if (sqlite3_step(st) != SQLITE_DONE)
        status = store_fail_sql(db, "cannot save the order");
    else
        o->number = sqlite3_last_insert_rowid(db->sql);
    sqlite3_finalize(st);
    return status;
}

store_Status store_order_insert(store_Db *db, model_Order *order)
{
    return store_order_insert_at(db, order, (int64_t)time(NULL));
}

store_Status store_order_insert_at(store_Db *db, model_Order *order, int64_t now)
{
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    store_Status status = check_fields(db, order);
    if (status != STORE_OK)
        return status;

    model_Order o = *order;         /* *order changes only on success */
    uuid_v4(o.uuid);
    o.created_at = now;

    /* FULL: the commit is on disk before the customer sees the number. Set
     * outside the transaction, where SQLite allows it. */
    status = store_exec(db, "PRAGMA synchronous=FULL", "cannot set synchronous");
    if (status != STORE_OK)
        return status;
    status = store_begin(db);
    if (status == STORE_OK) {
        status = check_catalogue(db, &o);
        if (status == STORE_OK)
            status = check_appointment(db, &o);
        if (status == STORE_OK)
            status = store_pieces_check(db, &o);
        if (status == STORE_OK)
            status = insert_row(db, &o);
        if (status == STORE_OK)
            status = store_pieces_insert(db, &o);
        /* The edition serial in the order's own transaction: a number the
         * customer sees always has its serial, and a serial is never sold
         * without its order (editions.c). */
        if (status == STORE_OK)
            status = store_edition_take(db, o.charm_id, o.hold_token, o.number, now, &o.serial);
        if (status == STORE_OK)
            status = store_outbox_add(db, o.uuid);
        status = store_end(db, status);
    }
    sqlite3_exec(db->sql, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
    o.hold_token[0] = '\0';   /* sold: the token means nothing any more */
    if (status == STORE_OK)
        *order = o;
    return status;
}

store_Status store_order_rows_each(store_Db *db, store_OrderRowFn fn, void *user)
{
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    sqlite3_stmt *st = store_prepare(db,
        "SELECT " STORE_ORDER_COLUMNS ", o.appointment_id, s.serial"
        " FROM orders o LEFT JOIN edition_serials s ON s.order_id = o.id ORDER BY o.id");
    if (!st)
        return STORE_ERR;
    store_OrderRow row;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        model_Order *o = &row.order;
        store_order_from_row(st, o, row.status);
        o->appointment_id = sqlite3_column_int64(st, 11);
        o->serial = sqlite3_column_int(st, 12);
        if (store_order_pieces(db, o) != STORE_OK) {
            sqlite3_finalize(st);
            return STORE_ERR;
        }
        if (fn(&row, user) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    store_Status status = STORE_OK;
    if (rc != SQLITE_DONE)
        status = store_fail_sql(db, "cannot read the orders");
    sqlite3_finalize(st);
    return status;
}

typedef struct {
    store_OrderFn fn;
    void *user;
} Adapter;

static int adapt(const store_OrderRow *row, void *user)
{
    const Adapter *a = user;
    return a->fn(&row->order, a->user);
}

store_Status store_orders_each(store_Db *db, store_OrderFn fn, void *user)
{
    Adapter a = { fn, user };
    return store_order_rows_each(db, adapt, &a);
}

void store_order_from_row(sqlite3_stmt *st, model_Order *o, char *status)
{
    memset(o, 0, sizeof *o);
    o->number = sqlite3_column_int64(st, 0);
    store_column_text(st, 1, o->uuid, sizeof o->uuid);
    store_column_text(st, 2, o->charm_id, sizeof o->charm_id);
    store_column_text(st, 3, o->finish_id, sizeof o->finish_id);
    store_column_text(st, 4, o->text, sizeof o->text);
    store_column_text(st, 5, o->font_id, sizeof o->font_id);
    store_column_text(st, 6, o->layout, sizeof o->layout);
    o->price_minor = sqlite3_column_int64(st, 7);
    store_column_text(st, 8, o->currency, sizeof o->currency);
    o->created_at = sqlite3_column_int64(st, 9);
    store_column_text(st, 10, status, STORE_STATUS_MAX);
}
