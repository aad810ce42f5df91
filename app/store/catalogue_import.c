/* catalogue_import.c — assets/catalogue.json into the catalogue tables.
 *
 * Two phases: the whole file is parsed and validated into a model_Catalogue
 * first, touching nothing; only a fully valid catalogue is written, in one
 * transaction. So a bad file changes nothing, and its message names the
 * first field at fault ("catalogue.json: charms[2].price_minor: expected a
 * whole number >= 0"). Keys the format does not know are ignored, so that a
 * newer upstream may add fields without breaking older kiosks; a key given
 * twice is refused (which copy is meant?). Validation ends by opening every
 * font through the program's hook (store_set_font_check), before the write
 * transaction begins: a catalogue the kiosk could not draw changes nothing.
 *
 * Replace = upsert + deactivate: orders reference catalogue ids by foreign
 * key, so rows are never deleted (see migrate.c).
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "store/store_int.h"

#define CATALOGUE_FORMAT      1
#define MONEY_MAX             1000000000000LL /* minor units; exact in a double */
#define CHARM_MAX_MM          200.0
#define FONT_MAX_HEIGHT_MM    20.0
#define FONT_MAX_FACE         255
#define EDITION_MAX_SIZE      10000   /* the schema's CHECK on editions.size */
/* A charm's longest engraving must fit model_Order.text in UTF-8 (4 bytes
 * per character at worst). */
#define CHARM_MAX_CHARS       ((MODEL_TEXT_MAX - 1) / 4)

typedef enum { STR_ID, STR_TEXT, STR_PATH } StrKind;

/* The JSON file's path and the current item ("charms[2]") for messages. */
typedef struct {
    store_Db *db;
    const char *file;
    char where[32];
} Ctx;

/* Sets "<file>: <where>.<key>: [missing; ]<fmt with detail>". */
static store_Status bad(Ctx *c, const char *key, int missing, const char *fmt,
                        const char *detail)
{
    char field[96], what[256];
    if (c->where[0] && key)
        snprintf(field, sizeof field, "%s.%s", c->where, key);
    else
        snprintf(field, sizeof field, "%s", key ? key : c->where);
    snprintf(what, sizeof what, fmt, detail ? detail : "");
    return store_fail(c->db, STORE_ERR_INPUT, "%s: %s: %s%s", c->file, field,
                      missing ? "missing; " : "", what);
}

static int id_ok(const char *s)
{
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return 0;
    return 1;
}

static int path_ok(const char *s)
{
    if (s[0] == '/')
        return 0;
    for (const char *p = s; *p; p++)     /* no ".." component */
        if (p[0] == '.' && p[1] == '.' && (p == s || p[-1] == '/') &&
            (p[2] == '/' || p[2] == '\0'))
            return 0;
    return 1;
}

static int currency_ok(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return 0;
    return s[3] == '\0';
}

static store_Status get_string(Ctx *c, const cJSON *obj, const char *key,
                               StrKind kind, char *dst, size_t cap)
{
    static const char *const expect[] = {
        [STR_ID]   = "expected an id of 1 to %s lowercase letters, digits or '-'",
        [STR_TEXT] = "expected a UTF-8 string of 1 to %s bytes",
        [STR_PATH] = "expected a relative file path of 1 to %s bytes, without '..'",
    };
    char max[16];
    snprintf(max, sizeof max, "%zu", cap - 1);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    const char *s = cJSON_GetStringValue(v);
    size_t len = s ? strlen(s) : 0;
    if (!s || len == 0 || len >= cap || !store_utf8_valid(s) ||
        (kind == STR_ID && !id_ok(s)) || (kind == STR_PATH && !path_ok(s)))
        return bad(c, key, !v, expect[kind], max);
    /* A name shown to customers and printed for the atelier must read as
     * written: no control reordering it behind the reader's back. */
    int bidi = store_text_bidi_control(s);
    if (bidi) {
        char cp[16];
        snprintf(cp, sizeof cp, "U+%04X", (unsigned)bidi);
        return bad(c, key, 0, "holds the bidirectional control %s, which would reorder the text",
                   cp);
    }
    memcpy(dst, s, len + 1);
    return STORE_OK;
}

/* A number in [min, max] (or (min, max] when min_open). */
static store_Status get_number(Ctx *c, const cJSON *obj, const char *key,
                               double min, int min_open, double max, double *out)
{
    char expect[96];
    snprintf(expect, sizeof expect, "expected a number %s %g and <= %g",
             min_open ? ">" : ">=", min, max);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < min ||
        (min_open && v->valuedouble == min) || v->valuedouble > max)
        return bad(c, key, !v, "%s", expect);
    *out = v->valuedouble;
    return STORE_OK;
}

/* A whole number in [min, max]; `expect` describes it for the message. */
static store_Status get_whole(Ctx *c, const cJSON *obj, const char *key,
                              int64_t min, int64_t max, const char *expect, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) ||
        v->valuedouble != floor(v->valuedouble) ||
        v->valuedouble < (double)min || v->valuedouble > (double)max)
        return bad(c, key, !v, "expected %s", expect);
    *out = (int64_t)v->valuedouble;
    return STORE_OK;
}

static store_Status get_int(Ctx *c, const cJSON *obj, const char *key,
                            int min, int max, const char *expect, int *out)
{
    int64_t v = 0;
    store_Status st = get_whole(c, obj, key, min, max, expect, &v);
    *out = (int)v;
    return st;
}

static store_Status get_object(Ctx *c, const cJSON *obj, const char *key, const cJSON **out)
{
    *out = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsObject(*out))
        return bad(c, key, !*out, "expected an object", NULL);
    return STORE_OK;
}

static store_Status get_colour(Ctx *c, const cJSON *obj, const char *key, uint32_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    const char *s = cJSON_GetStringValue(v);
    int ok = s && s[0] == '#' && strlen(s) == 7;
    for (int i = 1; ok && i < 7; i++)
        ok = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
             (s[i] >= 'A' && s[i] <= 'F');
    if (!ok)
        return bad(c, key, !v, "expected a colour \"#RRGGBB\"", NULL);
    *out = (uint32_t)strtoul(s + 1, NULL, 16);
    return STORE_OK;
}

/* The array `key` of 1..max items; *n its length. */
static store_Status get_array(Ctx *c, const cJSON *root, const char *key, int max,
                              const cJSON **out, int *n)
{
    char expect[64];
    snprintf(expect, sizeof expect, "expected an array of 1 to %d items", max);
    *out = cJSON_GetObjectItemCaseSensitive(root, key);
    *n = cJSON_GetArraySize(*out);
    if (!cJSON_IsArray(*out) || *n < 1 || *n > max)
        return bad(c, key, !*out, "%s", expect);
    return STORE_OK;
}

/* Sets c->where to "<key>[i]" and checks the item is an object whose id is
 * not among the ids of items 0..i-1 (ids: the first id; stride: bytes from
 * one item to the next). */
static store_Status begin_item(Ctx *c, const char *key, int i, const cJSON *item,
                               char *id, const char *ids, size_t stride)
{
    snprintf(c->where, sizeof c->where, "%s[%d]", key, i);
    if (!cJSON_IsObject(item))
        return bad(c, NULL, 0, "expected an object", NULL);
    store_Status st = get_string(c, item, "id", STR_ID, id, MODEL_ID_MAX);
    for (int j = 0; st == STORE_OK && j < i; j++)
        if (strcmp(ids + (size_t)j * stride, id) == 0)
            return bad(c, "id", 0, "duplicate id '%s'", id);
    return st;
}

static store_Status parse_charm(Ctx *c, int i, const cJSON *it, model_Charm *ch, model_Charm *all)
{
    const cJSON *area;
    store_Status st = begin_item(c, "charms", i, it, ch->id, all[0].id, sizeof *ch);
    if (!st) st = get_string(c, it, "name", STR_TEXT, ch->name, sizeof ch->name);
    if (!st) st = get_string(c, it, "shape", STR_ID, ch->shape, sizeof ch->shape);
    if (!st && !store_shape_known(ch->shape))
        st = bad(c, "shape", 0, "expected one of disc, heart, bar, tag, oval, dogtag", NULL);
    if (!st) st = get_number(c, it, "width_mm", 0, 1, CHARM_MAX_MM, &ch->width_mm);
    if (!st) st = get_number(c, it, "height_mm", 0, 1, CHARM_MAX_MM, &ch->height_mm);
    if (!st) st = get_object(c, it, "area", &area);
    if (st)
        return st;
    snprintf(c->where, sizeof c->where, "charms[%d].area", i);
    if (!st) st = get_number(c, area, "x_mm", 0, 0, ch->width_mm, &ch->area_x_mm);
    if (!st) st = get_number(c, area, "y_mm", 0, 0, ch->height_mm, &ch->area_y_mm);
    if (!st) st = get_number(c, area, "w_mm", 0, 1, ch->width_mm - ch->area_x_mm, &ch->area_w_mm);
    if (!st) st = get_number(c, area, "h_mm", 0, 1, ch->height_mm - ch->area_y_mm, &ch->area_h_mm);
    if (st)
        return st;
    snprintf(c->where, sizeof c->where, "charms[%d]", i);
    char expect[64];
    snprintf(expect, sizeof expect, "a whole number from 1 to %d", CHARM_MAX_CHARS);
    if (!st) st = get_int(c, it, "max_chars", 1, CHARM_MAX_CHARS, expect, &ch->max_chars);
    if (!st) st = get_whole(c, it, "price_minor", 0, MONEY_MAX, "a whole number >= 0", &ch->price_minor);
    /* Optional: a limited edition of `size` numbered pieces (editions.c). */
    const cJSON *ed = cJSON_GetObjectItemCaseSensitive(it, "edition");
    if (!st && ed) {
        if (!cJSON_IsObject(ed))
            return bad(c, "edition", 0, "expected an object such as {\"size\": 50}", NULL);
        snprintf(c->where, sizeof c->where, "charms[%d].edition", i);
        st = get_int(c, ed, "size", 1, EDITION_MAX_SIZE, "a whole number from 1 to 10000",
                     &ch->edition_size);
        snprintf(c->where, sizeof c->where, "charms[%d]", i);
    }
    ch->sort = i;
    return st;
}

static store_Status parse_finish(Ctx *c, int i, const cJSON *it, model_Finish *f, model_Finish *all)
{
    const cJSON *col;
    store_Status st = begin_item(c, "finishes", i, it, f->id, all[0].id, sizeof *f);
    if (!st) st = get_string(c, it, "name", STR_TEXT, f->name, sizeof f->name);
    if (!st) st = get_string(c, it, "hallmark", STR_TEXT, f->hallmark, sizeof f->hallmark);
    if (!st) st = get_whole(c, it, "surcharge_minor", 0, MONEY_MAX, "a whole number >= 0",
                            &f->surcharge_minor);
    if (!st) st = get_object(c, it, "colors", &col);
    if (st)
        return st;
    snprintf(c->where, sizeof c->where, "finishes[%d].colors", i);
    if (!st) st = get_colour(c, col, "base", &f->base_rgb);
    if (!st) st = get_colour(c, col, "light", &f->light_rgb);
    if (!st) st = get_colour(c, col, "shade", &f->shade_rgb);
    f->sort = i;
    return st;
}

static store_Status parse_font(Ctx *c, int i, const cJSON *it, model_Font *f, model_Font *all)
{
    store_Status st = begin_item(c, "fonts", i, it, f->id, all[0].id, sizeof *f);
    if (!st) st = get_string(c, it, "name", STR_TEXT, f->name, sizeof f->name);
    if (!st) st = get_string(c, it, "file", STR_PATH, f->file, sizeof f->file);
    if (!st) st = get_int(c, it, "face", 0, FONT_MAX_FACE, "a whole number from 0 to 255",
                          &f->face_index);
    if (!st) st = get_number(c, it, "min_height_mm", 0, 1, FONT_MAX_HEIGHT_MM, &f->min_height_mm);
    f->sort = i;
    return st;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* cJSON keeps every copy of a repeated key and lookups find the first, so
 * {"price_minor": 100, "price_minor": 0} would be read as 100 where another
 * reader sees 0: a repeated key anywhere in the document is refused, named
 * with where it stands ("charms[2]: duplicate key \"price_minor\""). Keys
 * are sorted to compare, so a huge object costs n log n, not n^2. */
static store_Status no_duplicate_keys(Ctx *c, const cJSON *node, const char *path)
{
    const cJSON *it;
    const char **keys = NULL;
    store_Status st = STORE_OK;
    int n = 0, i = 0;
    if (cJSON_IsObject(node)) {
        cJSON_ArrayForEach(it, node)
            n++;
        keys = n > 1 ? malloc((size_t)n * sizeof *keys) : NULL;
        if (n > 1 && !keys)
            return store_fail(c->db, STORE_ERR, "out of memory");
        cJSON_ArrayForEach(it, node)
            if (keys)
                keys[i++] = it->string ? it->string : "";
        if (keys)
            qsort(keys, (size_t)n, sizeof *keys, cmp_key);
        for (i = 1; i < n; i++)
            if (strcmp(keys[i - 1], keys[i]) == 0) {
                st = store_fail(c->db, STORE_ERR_INPUT, "%s: %s%sduplicate key \"%.64s\"",
                                c->file, path, path[0] ? ": " : "", keys[i]);
                break;
            }
        free(keys);
    } else if (!cJSON_IsArray(node)) {
        return STORE_OK;
    }
    i = 0;
    cJSON_ArrayForEach(it, node) {
        char sub[160];
        if (st)
            break;
        if (!cJSON_IsObject(it) && !cJSON_IsArray(it)) {
            i++;
            continue;
        }
        if (cJSON_IsObject(node))
            snprintf(sub, sizeof sub, "%s%s%.64s", path, path[0] ? "." : "",
                     it->string ? it->string : "");
        else
            snprintf(sub, sizeof sub, "%s[%d]", path, i);
        i++;
        st = no_duplicate_keys(c, it, sub);
    }
    return st;
}

/* Each font must open (the hook of store_set_font_check): a catalogue the
 * kiosk could not draw must never replace one it can. */
static store_Status check_fonts(Ctx *c, const model_Catalogue *cat)
{
    for (int i = 0; c->db->font_check && i < cat->n_fonts; i++) {
        char why[200];
        why[0] = '\0';
        store_FontCheck r = c->db->font_check(c->db->font_check_user, cat->fonts[i].file,
                                              cat->fonts[i].face_index, why, sizeof why);
        if (r == STORE_FONT_OK)
            continue;
        why[sizeof why - 1] = '\0';
        snprintf(c->where, sizeof c->where, "fonts[%d]", i);
        return bad(c, r == STORE_FONT_BAD_FACE ? "face" : "file", 0, "%s",
                   why[0] ? why : "cannot be opened");
    }
    return STORE_OK;
}

static store_Status parse_catalogue(Ctx *c, const cJSON *root, model_Catalogue *cat)
{
    const cJSON *arr = NULL, *it;
    int64_t version = 0;
    int i = 0;
    if (!cJSON_IsObject(root))
        return store_fail(c->db, STORE_ERR_INPUT, "%s: expected a JSON object at the top", c->file);
    store_Status st = no_duplicate_keys(c, root, "");
    if (st)
        return st;
    st = get_whole(c, root, "version", CATALOGUE_FORMAT, CATALOGUE_FORMAT,
                                "1 (the catalogue format this program reads)", &version);
    if (!st) {
        st = get_string(c, root, "currency", STR_TEXT, cat->currency, sizeof cat->currency);
        if (st || !currency_ok(cat->currency))
            st = bad(c, "currency", 0, "expected a 3-letter ISO 4217 code such as \"EUR\"", NULL);
    }
    if (!st) st = get_whole(c, root, "engraving_fee_minor", 0, MONEY_MAX, "a whole number >= 0",
                            &cat->engraving_fee_minor);

    if (!st) st = get_array(c, root, "charms", MODEL_MAX_CHARMS, &arr, &cat->n_charms);
    i = 0;
    cJSON_ArrayForEach(it, arr) {
        if (st) break;
        st = parse_charm(c, i, it, &cat->charms[i], cat->charms);
        i++;
    }
    c->where[0] = '\0';
    if (!st) st = get_array(c, root, "finishes", MODEL_MAX_FINISHES, &arr, &cat->n_finishes);
    i = 0;
    cJSON_ArrayForEach(it, arr) {
        if (st) break;
        st = parse_finish(c, i, it, &cat->finishes[i], cat->finishes);
        i++;
    }
    c->where[0] = '\0';
    if (!st) st = get_array(c, root, "fonts", MODEL_MAX_FONTS, &arr, &cat->n_fonts);
    i = 0;
    cJSON_ArrayForEach(it, arr) {
        if (st) break;
        st = parse_font(c, i, it, &cat->fonts[i], cat->fonts);
        i++;
    }
    if (!st)
        st = check_fonts(c, cat);
    return st;
}

/* Reads the whole file (at most STORE_CATALOGUE_MAX_BYTES) into *out. */
static store_Status read_file(store_Db *db, const char *path, char **out, size_t *len)
{
    store_Status status = STORE_ERR;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return store_fail(db, STORE_ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
    buf = malloc(STORE_CATALOGUE_MAX_BYTES + 1);
    if (!buf) {
        store_fail(db, STORE_ERR, "%s: out of memory", path);
        goto fail;
    }
    *len = fread(buf, 1, STORE_CATALOGUE_MAX_BYTES + 1, f);
    if (ferror(f)) {
        status = store_fail(db, STORE_ERR_INPUT, "%s: cannot read: %s", path, strerror(errno));
        goto fail;
    }
    if (*len > STORE_CATALOGUE_MAX_BYTES) {
        status = store_fail(db, STORE_ERR_INPUT, "%s: larger than %d bytes", path,
                            STORE_CATALOGUE_MAX_BYTES);
        goto fail;
    }
    buf[*len] = '\0';
    fclose(f);
    *out = buf;
    return STORE_OK;
fail:
    free(buf);
    fclose(f);
    return status;
}

static store_Status bind_step(store_Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return store_fail_sql(db, "cannot write the catalogue");
    return STORE_OK;
}

/* The three catalogue tables are written alike: every row inactive, then
 * each item upserted by id and made active again (a row an order points at
 * is never deleted). A table is described once below: its columns, in the
 * order the INSERT binds them, with where each sits in the model struct. */
typedef enum { COL_TEXT, COL_DOUBLE, COL_INT, COL_INT64, COL_RGB } ColKind;

typedef struct {
    const char *name;
    ColKind kind;
    size_t offset;              /* into the item struct */
} Column;

#define CATALOGUE_COLUMNS_MAX 12

typedef struct {
    const char *table;
    size_t items_offset, count_offset, item_size;   /* within model_Catalogue */
    Column columns[CATALOGUE_COLUMNS_MAX];          /* ends at the first without a name */
} Table;

#define COL(type, field, kind) { #field, kind, offsetof(type, field) }
#define ITEMS(field, n_field, type) \
    offsetof(model_Catalogue, field), offsetof(model_Catalogue, n_field), sizeof(type)

static const Table TABLES[] = {
    { "charms", ITEMS(charms, n_charms, model_Charm), {
        COL(model_Charm, id, COL_TEXT), COL(model_Charm, name, COL_TEXT),
        COL(model_Charm, shape, COL_TEXT), COL(model_Charm, width_mm, COL_DOUBLE),
        COL(model_Charm, height_mm, COL_DOUBLE), COL(model_Charm, area_x_mm, COL_DOUBLE),
        COL(model_Charm, area_y_mm, COL_DOUBLE), COL(model_Charm, area_w_mm, COL_DOUBLE),
        COL(model_Charm, area_h_mm, COL_DOUBLE), COL(model_Charm, max_chars, COL_INT),
        COL(model_Charm, price_minor, COL_INT64), COL(model_Charm, sort, COL_INT) } },
    { "finishes", ITEMS(finishes, n_finishes, model_Finish), {
        COL(model_Finish, id, COL_TEXT), COL(model_Finish, name, COL_TEXT),
        COL(model_Finish, hallmark, COL_TEXT), COL(model_Finish, surcharge_minor, COL_INT64),
        COL(model_Finish, base_rgb, COL_RGB), COL(model_Finish, light_rgb, COL_RGB),
        COL(model_Finish, shade_rgb, COL_RGB), COL(model_Finish, sort, COL_INT) } },
    { "fonts", ITEMS(fonts, n_fonts, model_Font), {
        COL(model_Font, id, COL_TEXT), COL(model_Font, name, COL_TEXT),
        COL(model_Font, file, COL_TEXT), COL(model_Font, face_index, COL_INT),
        COL(model_Font, min_height_mm, COL_DOUBLE), COL(model_Font, sort, COL_INT) } },
};

/* "INSERT INTO t (id, a, b, active) VALUES (?1, ?2, ?3, 1) ON CONFLICT (id)
 * DO UPDATE SET a = excluded.a, b = excluded.b, active = 1"; the first
 * column is the id. Returns 0 when sql is too small (a programming error). */
static int upsert_sql(const Table *t, char *sql, size_t cap)
{
    char cols[512] = "", vals[128] = "", sets[1024] = "";
    size_t nc = 0, nv = 0, ns = 0;
    for (int i = 0; i < CATALOGUE_COLUMNS_MAX && t->columns[i].name; i++) {
        const char *name = t->columns[i].name;
        nc += (size_t)snprintf(cols + nc, sizeof cols - nc, "%s, ", name);
        nv += (size_t)snprintf(vals + nv, sizeof vals - nv, "?%d, ", i + 1);
        if (i > 0)
            ns += (size_t)snprintf(sets + ns, sizeof sets - ns, "%s = excluded.%s, ", name, name);
        if (nc >= sizeof cols || nv >= sizeof vals || ns >= sizeof sets)
            return 0;
    }
    int n = snprintf(sql, cap,
                     "INSERT INTO %s (%sactive) VALUES (%s1)"
                     " ON CONFLICT (id) DO UPDATE SET %sactive = 1",
                     t->table, cols, vals, sets);
    return n > 0 && (size_t)n < cap;
}

static void bind_column(sqlite3_stmt *st, int i, const Column *col, const char *item)
{
    const void *p = item + col->offset;
    switch (col->kind) {
    case COL_TEXT:   sqlite3_bind_text(st, i, (const char *)p, -1, SQLITE_STATIC); break;
    case COL_DOUBLE: sqlite3_bind_double(st, i, *(const double *)p); break;
    case COL_INT:    sqlite3_bind_int(st, i, *(const int *)p); break;
    case COL_INT64:  sqlite3_bind_int64(st, i, *(const int64_t *)p); break;
    case COL_RGB:    sqlite3_bind_int64(st, i, *(const uint32_t *)p); break;
    }
}

static store_Status write_table(store_Db *db, const model_Catalogue *cat, const Table *t)
{
    char sql[2048], deactivate[64];
    if (!upsert_sql(t, sql, sizeof sql))
        return store_fail(db, STORE_ERR, "cannot write the catalogue: %s: query too long", t->table);
    snprintf(deactivate, sizeof deactivate, "UPDATE %s SET active = 0", t->table);
    store_Status status = store_exec(db, deactivate, "cannot write the catalogue");
    sqlite3_stmt *st = status ? NULL : store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    const char *items = (const char *)cat + t->items_offset;
    int n = *(const int *)((const char *)cat + t->count_offset);
    for (int i = 0; status == STORE_OK && i < n; i++) {
        const char *item = items + (size_t)i * t->item_size;
        for (int c = 0; c < CATALOGUE_COLUMNS_MAX && t->columns[c].name; c++)
            bind_column(st, c + 1, &t->columns[c], item);
        status = bind_step(db, st);
    }
    sqlite3_finalize(st);
    return status;
}

static store_Status write_settings(store_Db *db, const model_Catalogue *cat)
{
    sqlite3_stmt *st = store_prepare(db,
        "INSERT INTO settings (key, value) VALUES ('currency', ?1), ('engraving_fee_minor', ?2)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, cat->currency, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, cat->engraving_fee_minor);
    store_Status status = bind_step(db, st);
    sqlite3_finalize(st);
    return status;
}

void store_set_font_check(store_Db *db, store_FontCheckFn fn, void *user)
{
    if (!db)
        return;
    db->font_check = fn;
    db->font_check_user = fn ? user : NULL;
}

store_Status store_catalogue_parse(store_Db *db, const cJSON *root, const char *source,
                                   model_Catalogue *cat)
{
    memset(cat, 0, sizeof *cat);
    Ctx ctx = { .db = db, .file = source };
    return parse_catalogue(&ctx, root, cat);
}

store_Status store_catalogue_write(store_Db *db, const model_Catalogue *cat)
{
    store_Status status = STORE_OK;
    for (size_t i = 0; status == STORE_OK && i < sizeof TABLES / sizeof TABLES[0]; i++) {
        status = write_table(db, cat, &TABLES[i]);
        /* Editions right after the charms they number (editions.c). */
        if (status == STORE_OK && i == 0)   /* TABLES[0] is the charms */
            status = store_editions_write(db, cat);
    }
    if (status == STORE_OK)
        status = write_settings(db, cat);
    return status;
}

store_Status store_catalogue_import_json(store_Db *db, const cJSON *root, const char *source)
{
    store_Status status = STORE_ERR;
    model_Catalogue *cat = NULL;

    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    cat = calloc(1, sizeof *cat);
    if (!cat) {
        status = store_fail(db, STORE_ERR, "out of memory");
        goto fail;
    }
    status = store_catalogue_parse(db, root, source, cat);
    if (status != STORE_OK)
        goto fail;
    status = store_begin(db);
    if (status != STORE_OK)
        goto fail;
    status = store_end(db, store_catalogue_write(db, cat));
fail:
    free(cat);
    return status;
}

store_Status store_catalogue_import_text(store_Db *db, const char *text, size_t len,
                                         const char *source)
{
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    if (len == 0)
        return store_fail(db, STORE_ERR_INPUT, "%s: empty file; expected a JSON object", source);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    /* Only whitespace may follow the document. */
    for (const char *p = end; root && p < text + len; p++)
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') {
            cJSON_Delete(root);
            root = NULL;
            end = p;
        }
    if (!root) {
        int line = 1;
        for (const char *p = text; end && p < end && p < text + len; p++)
            line += *p == '\n';
        return store_fail(db, STORE_ERR_INPUT, "%s:%d: not valid JSON", source, line);
    }
    store_Status status = store_catalogue_import_json(db, root, source);
    cJSON_Delete(root);
    return status;
}

store_Status store_catalogue_import(store_Db *db, const char *json_path)
{
    char *text = NULL;
    size_t len = 0;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    store_Status status = read_file(db, json_path, &text, &len);
    if (status == STORE_OK)
        status = store_catalogue_import_text(db, text, len, json_path);
    free(text);
    return status;
}
