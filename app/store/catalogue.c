/* catalogue.c — reading the catalogue back: the active items, in order. */
#include <string.h>

#include "store/store_int.h"

int store_catalogue_present(store_Db *db)
{
    if (!db->sql) {
        store_fail(db, STORE_ERR, "the database is not open");
        return -1;
    }
    sqlite3_stmt *st = store_prepare(db,
        "SELECT EXISTS (SELECT 1 FROM charms WHERE active)"
        "   AND EXISTS (SELECT 1 FROM settings WHERE key = 'currency')");
    if (!st)
        return -1;
    int present = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        present = sqlite3_column_int(st, 0) != 0;
    else
        store_fail_sql(db, "cannot read the catalogue");
    sqlite3_finalize(st);
    return present;
}

static store_Status load_settings(store_Db *db, model_Catalogue *out)
{
    sqlite3_stmt *st = store_prepare(db, "SELECT key, value FROM settings");
    if (!st)
        return STORE_ERR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        if (key && strcmp(key, "currency") == 0)
            store_column_text(st, 1, out->currency, sizeof out->currency);
        else if (key && strcmp(key, "engraving_fee_minor") == 0)
            out->engraving_fee_minor = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_fail_sql(db, "cannot read the catalogue settings");
    return STORE_OK;
}

/* Runs a SELECT over one catalogue table; row(st, out, i) fills item i.
 * More rows than `max` is an error rather than a silent truncation. */
static store_Status load_table(store_Db *db, const char *sql, const char *what, int max,
                               void (*row)(sqlite3_stmt *, model_Catalogue *, int),
                               model_Catalogue *out, int *n)
{
    sqlite3_stmt *st = store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    store_Status status = STORE_OK;
    int rc;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == max) {
            status = store_fail(db, STORE_ERR, "the catalogue has more than %d %s", max, what);
            break;
        }
        row(st, out, (*n)++);
    }
    if (status == STORE_OK && rc != SQLITE_DONE)
        status = store_fail_sql(db, "cannot read the catalogue");
    sqlite3_finalize(st);
    return status;
}

static void charm_row(sqlite3_stmt *st, model_Catalogue *out, int i)
{
    model_Charm *c = &out->charms[i];
    store_column_text(st, 0, c->id, sizeof c->id);
    store_column_text(st, 1, c->name, sizeof c->name);
    store_column_text(st, 2, c->shape, sizeof c->shape);
    c->width_mm = sqlite3_column_double(st, 3);
    c->height_mm = sqlite3_column_double(st, 4);
    c->area_x_mm = sqlite3_column_double(st, 5);
    c->area_y_mm = sqlite3_column_double(st, 6);
    c->area_w_mm = sqlite3_column_double(st, 7);
    c->area_h_mm = sqlite3_column_double(st, 8);
    c->max_chars = sqlite3_column_int(st, 9);
    c->price_minor = sqlite3_column_int64(st, 10);
    c->sort = sqlite3_column_int(st, 11);
    c->edition_size = sqlite3_column_int(st, 12);
}

static void finish_row(sqlite3_stmt *st, model_Catalogue *out, int i)
{
    model_Finish *f = &out->finishes[i];
    store_column_text(st, 0, f->id, sizeof f->id);
    store_column_text(st, 1, f->name, sizeof f->name);
    store_column_text(st, 2, f->hallmark, sizeof f->hallmark);
    f->surcharge_minor = sqlite3_column_int64(st, 3);
    f->base_rgb = (uint32_t)sqlite3_column_int64(st, 4);
    f->light_rgb = (uint32_t)sqlite3_column_int64(st, 5);
    f->shade_rgb = (uint32_t)sqlite3_column_int64(st, 6);
    f->sort = sqlite3_column_int(st, 7);
}

static void font_row(sqlite3_stmt *st, model_Catalogue *out, int i)
{
    model_Font *f = &out->fonts[i];
    store_column_text(st, 0, f->id, sizeof f->id);
    store_column_text(st, 1, f->name, sizeof f->name);
    store_column_text(st, 2, f->file, sizeof f->file);
    f->face_index = sqlite3_column_int(st, 3);
    f->min_height_mm = sqlite3_column_double(st, 4);
    f->sort = sqlite3_column_int(st, 5);
}

store_Status store_catalogue_load(store_Db *db, model_Catalogue *out)
{
    memset(out, 0, sizeof *out);
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    /* One read transaction: the sync daemon may import meanwhile, and the
     * three tables must come from the same catalogue. */
    store_Status status = store_exec(db, "BEGIN", "cannot read the catalogue");
    if (status != STORE_OK)
        return status;
    status = load_settings(db, out);
    if (status == STORE_OK)
        status = load_table(db,
            "SELECT c.id, c.name, c.shape, c.width_mm, c.height_mm, c.area_x_mm, c.area_y_mm,"
            " c.area_w_mm, c.area_h_mm, c.max_chars, c.price_minor, c.sort, coalesce(e.size, 0)"
            " FROM charms c LEFT JOIN editions e ON e.charm_id = c.id"
            " WHERE c.active ORDER BY c.sort, c.id",
            "charms", MODEL_MAX_CHARMS, charm_row, out, &out->n_charms);
    if (status == STORE_OK)
        status = load_table(db,
            "SELECT id, name, hallmark, surcharge_minor, base_rgb, light_rgb, shade_rgb, sort"
            " FROM finishes WHERE active ORDER BY sort, id",
            "finishes", MODEL_MAX_FINISHES, finish_row, out, &out->n_finishes);
    if (status == STORE_OK)
        status = load_table(db,
            "SELECT id, name, file, face_index, min_height_mm, sort"
            " FROM fonts WHERE active ORDER BY sort, id",
            "fonts", MODEL_MAX_FONTS, font_row, out, &out->n_fonts);
    store_rollback(db);     /* ends the read transaction; nothing was written */
    if (status == STORE_OK && out->n_charms == 0)
        status = store_fail(db, STORE_NOTFOUND, "the database holds no catalogue yet");
    return status;
}
