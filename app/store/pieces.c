/* pieces.c — the matching pieces of a set (an order's pieces after the
 * first), kept in order_pieces and written in the order's own transaction.
 *
 * A matching piece has its own charm, font, layout and text and shares the
 * order's finish. It may not be a numbered piece: an order carries at most
 * one edition serial (edition_serials.order_id is unique), so a set's
 * limited piece must be its first.
 */
#include "store/store_int.h"

#include <cJSON.h>

#include <stdio.h>
#include <string.h>

store_Status store_pieces_check(store_Db *db, const model_Order *o)
{
    if (o->n_extra < 0 || o->n_extra > MODEL_MAX_PIECES - 1)
        return store_fail(db, STORE_ERR_INPUT, "order: %d matching pieces, at most %d",
                          o->n_extra, MODEL_MAX_PIECES - 1);
    for (int i = 0; i < o->n_extra; i++) {
        const model_Piece *p = &o->extra[i];
        sqlite3_stmt *st;
        store_Status status = STORE_OK;
        if (!memchr(p->charm_id, '\0', sizeof p->charm_id) || !memchr(p->font_id, '\0', sizeof p->font_id) ||
            !memchr(p->layout, '\0', sizeof p->layout) || !memchr(p->text, '\0', sizeof p->text) ||
            !p->text[0] || !store_utf8_valid(p->text))
            return store_fail(db, STORE_ERR_INPUT, "order: piece %d: a field is empty or not text", i + 2);
        for (const unsigned char *c = (const unsigned char *)p->text; *c; c++)
            if ((*c < 0x20 && *c != '\n') || *c == 0x7F)
                return store_fail(db, STORE_ERR_INPUT, "order: piece %d: the text holds a control character", i + 2);
        const char *why = store_text_engravable(p->text);
        if (why)
            return store_fail(db, STORE_ERR_INPUT, "order: piece %d: the text %s", i + 2, why);
        if (!store_layout_known(p->layout))
            return store_fail(db, STORE_ERR_INPUT, "order: piece %d: unknown layout '%s'", i + 2, p->layout);
        st = store_prepare(db,
            "SELECT (SELECT active FROM charms WHERE id = ?1), (SELECT active FROM fonts WHERE id = ?2),"
            "       EXISTS (SELECT 1 FROM editions WHERE charm_id = ?1)");
        if (!st)
            return STORE_ERR;
        sqlite3_bind_text(st, 1, p->charm_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, p->font_id, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_ROW)
            status = store_fail_sql(db, "cannot read the catalogue");
        else if (sqlite3_column_type(st, 0) == SQLITE_NULL || sqlite3_column_int(st, 0) == 0)
            status = store_fail(db, STORE_ERR_INPUT, "order: piece %d: the charm '%s' is not sold",
                                i + 2, p->charm_id);
        else if (sqlite3_column_type(st, 1) == SQLITE_NULL || sqlite3_column_int(st, 1) == 0)
            status = store_fail(db, STORE_ERR_INPUT, "order: piece %d: the font '%s' is not available",
                                i + 2, p->font_id);
        else if (sqlite3_column_int(st, 2))
            status = store_fail(db, STORE_ERR_INPUT,
                                "order: piece %d: a numbered charm ('%s') can only be a set's first piece",
                                i + 2, p->charm_id);
        sqlite3_finalize(st);
        if (status != STORE_OK)
            return status;
    }
    return STORE_OK;
}

store_Status store_pieces_insert(store_Db *db, const model_Order *o)
{
    for (int i = 0; i < o->n_extra; i++) {
        const model_Piece *p = &o->extra[i];
        sqlite3_stmt *st = store_prepare(db,
            "INSERT INTO order_pieces (order_id, idx, charm_id, font_id, layout, text)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        int rc;
        if (!st)
            return STORE_ERR;
        sqlite3_bind_int64(st, 1, o->number);
        sqlite3_bind_int(st, 2, i + 2);
        sqlite3_bind_text(st, 3, p->charm_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, p->font_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, p->layout, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, p->text, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return store_fail_sql(db, "cannot store a matching piece");
    }
    return STORE_OK;
}

store_Status store_order_pieces(store_Db *db, model_Order *o)
{
    sqlite3_stmt *st = store_prepare(db,
        "SELECT charm_id, font_id, layout, text FROM order_pieces WHERE order_id = ?1 ORDER BY idx");
    int rc;
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int64(st, 1, o->number);
    o->n_extra = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && o->n_extra < MODEL_MAX_PIECES - 1) {
        model_Piece *p = &o->extra[o->n_extra++];
        snprintf(p->charm_id, sizeof p->charm_id, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(p->font_id, sizeof p->font_id, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(p->layout, sizeof p->layout, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(p->text, sizeof p->text, "%s", (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return store_fail_sql(db, "cannot read the matching pieces");
    return STORE_OK;
}

int store_pieces_json(const model_Order *o, struct cJSON *obj)
{
    cJSON *arr;
    if (o->n_extra == 0)
        return 0;
    arr = cJSON_AddArrayToObject(obj, "pieces");
    if (!arr)
        return -1;
    for (int i = 0; i < o->n_extra; i++) {
        const model_Piece *p = &o->extra[i];
        cJSON *it = cJSON_CreateObject();
        if (!it)
            return -1;
        cJSON_AddItemToArray(arr, it);
        if (!cJSON_AddStringToObject(it, "charm", p->charm_id) ||
            !cJSON_AddStringToObject(it, "font", p->font_id) ||
            !cJSON_AddStringToObject(it, "layout", p->layout) ||
            !cJSON_AddStringToObject(it, "text", p->text))
            return -1;
    }
    return 0;
}
