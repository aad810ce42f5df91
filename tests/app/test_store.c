/* test_store.c — the store: schema and migrations, catalogue import and
 * validation, orders. Every test works in its own temporary directory
 * under /tmp; run from the repository root (assets/catalogue.json). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>
#include <sqlite3.h>
#include <stdint.h>

#include "store/store.h"
#include "../test.h"
#include "test_store_fixture.h"

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

/* Writes the shipped catalogue with the first `from` replaced by `to` into
 * <tmpdir>/<name>; returns its path (static buffer). 0 when `from` is absent. */
static const char *variant(const char *name, const char *from, const char *to)
{
    static char path[192];
    char *text = read_text(SHIPPED);
    char *at = text ? strstr(text, from) : NULL;
    if (!at) {
        free(text);
        return NULL;
    }
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    fwrite(text, 1, (size_t)(at - text), f);
    fputs(to, f);
    fputs(at + strlen(from), f);
    fclose(f);
    free(text);
    return path;
}

static model_Order order_for(const char *charm, const char *finish, const char *font)
{
    model_Order o;
    memset(&o, 0, sizeof o);
    snprintf(o.charm_id, sizeof o.charm_id, "%s", charm);
    snprintf(o.finish_id, sizeof o.finish_id, "%s", finish);
    snprintf(o.font_id, sizeof o.font_id, "%s", font);
    snprintf(o.text, sizeof o.text, "Léa");
    snprintf(o.layout, sizeof o.layout, "line");
    snprintf(o.currency, sizeof o.currency, "EUR");
    o.price_minor = 18000 + 45000;
    return o;
}

/* Opens a fresh database in a fresh directory with the shipped catalogue. */
static store_Db *open_with_catalogue(void)
{
    store_Db *db = NULL;
    fresh_dir();
    if (store_open(dbpath, &db) != STORE_OK || store_catalogue_import(db, SHIPPED) != STORE_OK) {
        printf("setup: %s\n", store_errmsg(db));
        store_close(db);
        return NULL;
    }
    return db;
}

static int uuid_v4_ok(const char *u)
{
    if (strlen(u) != 36)
        return 0;
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (u[i] != '-')
                return 0;
        } else if (!strchr("0123456789abcdef", u[i])) {
            return 0;
        }
    }
    return u[14] == '4' && strchr("89ab", u[19]) != NULL;
}

/* ---- schema ------------------------------------------------------------- */

TEST(creates_fresh_db_at_schema_version_in_wal_mode)
{
    store_Db *db = NULL;
    fresh_dir();
    store_Status st = store_open(dbpath, &db);
    CHECKF(st == STORE_OK, "%s", store_errmsg(db));
    CHECK(store_catalogue_present(db) == 0);
    store_close(db);
    CHECK(sql_int(dbpath, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
    sqlite3 *s = NULL;
    sqlite3_stmt *q = NULL;
    CHECK(sqlite3_open(dbpath, &s) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(s, "PRAGMA journal_mode", -1, &q, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    int wal = strcmp((const char *)sqlite3_column_text(q, 0), "wal") == 0;
    sqlite3_finalize(q);
    sqlite3_close(s);
    CHECK(wal);
    remove_dir();
}

TEST(creates_missing_parent_directory)
{
    store_Db *db = NULL;
    char nested[192];
    fresh_dir();
    snprintf(nested, sizeof nested, "%s/var/kiosk.db", tmpdir);
    CHECKF(store_open(nested, &db) == STORE_OK, "%s", store_errmsg(db));
    store_close(db);
    CHECK(access(nested, F_OK) == 0);
    unlink(nested);
    char var[160];
    snprintf(var, sizeof var, "%s/var", tmpdir);
    char p[200];
    snprintf(p, sizeof p, "%s-wal", nested); unlink(p);
    snprintf(p, sizeof p, "%s-shm", nested); unlink(p);
    rmdir(var);
    remove_dir();
}

TEST(migrates_empty_file_as_version_zero)
{
    store_Db *db = NULL;
    fresh_dir();
    write_text(dbpath, "");
    CHECKF(store_open(dbpath, &db) == STORE_OK, "%s", store_errmsg(db));
    store_close(db);
    CHECK(sql_int(dbpath, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sqlite_master WHERE name = 'orders'") == 1);
    remove_dir();
}

TEST(reopening_current_schema_keeps_data)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    store_close(db);
    db = NULL;
    CHECKF(store_open(dbpath, &db) == STORE_OK, "%s", store_errmsg(db));
    CHECK(store_catalogue_present(db) == 1);
    store_close(db);
    remove_dir();
}

TEST(refuses_database_newer_than_program)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(store_open(dbpath, &db) == STORE_OK);
    store_close(db);
    db = NULL;
    CHECK(sql_int(dbpath, "PRAGMA user_version = 99") == -999);  /* no row */
    CHECK(sql_int(dbpath, "PRAGMA user_version") == 99);
    CHECK(store_open(dbpath, &db) == STORE_ERR);
    CHECKF(strstr(store_errmsg(db), "newer"), "%s", store_errmsg(db));
    CHECK(store_catalogue_present(db) == -1);   /* no crash on a failed handle */
    store_close(db);
    remove_dir();
}

TEST(refuses_file_that_is_not_a_database)
{
    store_Db *db = NULL;
    fresh_dir();
    write_text(dbpath, "This is a shopping list, not a database.\nmilk\neggs\n"
                       "and quite a bit more text to fill a page............\n");
    CHECK(store_open(dbpath, &db) == STORE_ERR);
    CHECKF(strstr(store_errmsg(db), "not a database"), "%s", store_errmsg(db));
    model_Order o = order_for("disc", "vermeil", "sans");
    CHECK(store_order_insert(db, &o) == STORE_ERR);
    store_close(db);
    remove_dir();
}

/* ---- catalogue ---------------------------------------------------------- */

TEST(imports_shipped_catalogue_and_loads_it_back)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    CHECK(store_catalogue_present(db) == 1);
    model_Catalogue cat;
    CHECKF(store_catalogue_load(db, &cat) == STORE_OK, "%s", store_errmsg(db));
    CHECK(cat.n_charms == 6 && cat.n_finishes == 4 && cat.n_fonts == 4);
    CHECK(strcmp(cat.currency, "EUR") == 0);
    CHECK(cat.engraving_fee_minor == 0);
    /* Order is the file's order. */
    CHECK(strcmp(cat.charms[0].id, "disc") == 0 && strcmp(cat.charms[5].id, "dogtag") == 0);
    const model_Charm *heart = model_catalogue_charm(&cat, "heart");
    CHECK(heart && strcmp(heart->name, "Heart") == 0 && strcmp(heart->shape, "heart") == 0);
    CHECK(heart->width_mm == 20 && heart->height_mm == 18);
    CHECK(heart->area_x_mm == 4 && heart->area_y_mm == 3.5);
    CHECK(heart->area_w_mm == 12 && heart->area_h_mm == 7);
    CHECK(heart->max_chars == 9 && heart->price_minor == 21000);
    const model_Finish *pt = model_catalogue_finish(&cat, "platinum");
    CHECK(pt && strcmp(pt->hallmark, "Pt950") == 0 && pt->surcharge_minor == 68000);
    CHECK(pt->base_rgb == 0xC4C5C7 && pt->light_rgb == 0xF5F6F7 && pt->shade_rgb == 0x76787C);
    const model_Font *jp = model_catalogue_font(&cat, "japanese");
    CHECK(jp && strcmp(jp->file, "assets/fonts/NotoSansCJK-Regular.ttc") == 0);
    CHECK(jp->face_index == 0 && jp->min_height_mm == 1.8);
    store_close(db);
    remove_dir();
}

/* Imports a variant of the shipped catalogue over the shipped one and
 * checks it is refused with a message containing `field`, leaving the
 * catalogue exactly as it was. NULL from/to: write `raw` as the file. */
static int refused_unchanged(const char *from, const char *to, const char *raw,
                             const char *field)
{
    store_Db *db = open_with_catalogue();
    if (!db)
        return 0;
    model_Catalogue before, after;
    int ok = store_catalogue_load(db, &before) == STORE_OK;
    const char *path;
    if (raw) {
        static char p[192];
        snprintf(p, sizeof p, "%s/raw.json", tmpdir);
        write_text(p, raw);
        path = p;
    } else {
        path = variant("bad.json", from, to);
    }
    if (!path) {
        printf("variant: '%s' not found in %s\n", from, SHIPPED);
        ok = 0;
    }
    store_Status st = ok ? store_catalogue_import(db, path) : STORE_ERR;
    if (ok && st != STORE_ERR_INPUT) {
        printf("import returned %d: %s\n", st, store_errmsg(db));
        ok = 0;
    }
    if (ok && !strstr(store_errmsg(db), field)) {
        printf("message '%s' lacks '%s'\n", store_errmsg(db), field);
        ok = 0;
    }
    if (ok && (store_catalogue_load(db, &after) != STORE_OK ||
               memcmp(&before, &after, sizeof before) != 0)) {
        printf("catalogue changed\n");
        ok = 0;
    }
    store_close(db);
    remove_dir();
    return ok;
}

TEST(refuses_catalogue_with_missing_field)
{
    CHECK(refused_unchanged("\"price_minor\": 16000", "\"price_minr\": 16000", NULL,
                            "bad.json: charms[2].price_minor: missing"));
}

TEST(refuses_catalogue_with_wrong_type)
{
    CHECK(refused_unchanged("\"price_minor\": 16000", "\"price_minor\": \"160\"", NULL,
                            "charms[2].price_minor: expected a whole number >= 0"));
    CHECK(refused_unchanged("\"price_minor\": 16000", "\"price_minor\": 160.5", NULL,
                            "charms[2].price_minor: expected a whole number >= 0"));
    CHECK(refused_unchanged("\"max_chars\": 9", "\"max_chars\": -1", NULL,
                            "charms[1].max_chars"));
    CHECK(refused_unchanged("\"currency\": \"EUR\"", "\"currency\": \"euro\"", NULL,
                            "currency: expected a 3-letter"));
}

TEST(refuses_catalogue_with_duplicate_id)
{
    CHECK(refused_unchanged("\"id\": \"tag\"", "\"id\": \"disc\"", NULL,
                            "charms[3].id: duplicate id 'disc'"));
    CHECK(refused_unchanged("\"id\": \"italic\"", "\"id\": \"garamond\"", NULL,
                            "fonts[1].id: duplicate id 'garamond'"));
}

/* cJSON keeps both copies of a repeated key and reads the first: another
 * reader would take the second. Refused, naming where it stands. */
TEST(refuses_catalogue_with_duplicate_json_key)
{
    CHECK(refused_unchanged("\"price_minor\": 16000", "\"price_minor\": 16000, \"price_minor\": 0",
                            NULL, "bad.json: charms[2]: duplicate key \"price_minor\""));
    CHECK(refused_unchanged("\"x_mm\": 3, \"y_mm\": 5", "\"x_mm\": 3, \"x_mm\": 4, \"y_mm\": 5",
                            NULL, "charms[0].area: duplicate key \"x_mm\""));
    CHECK(refused_unchanged("\"version\": 1,", "\"version\": 1, \"fonts\": [],", NULL,
                            "bad.json: duplicate key \"fonts\""));
    /* Unknown keys are still ignored; only repeats are refused. */
    CHECK(refused_unchanged("\"version\": 1,", "\"version\": 1, \"x\": {\"a\": 1, \"a\": 2},",
                            NULL, "bad.json: x: duplicate key \"a\""));
}

/* A name shown to customers and printed for the atelier reads as written. */
TEST(refuses_catalogue_with_bidi_control_in_a_name)
{
    CHECK(refused_unchanged("\"name\": \"Heart\"", "\"name\": \"\xe2\x80\xaeHeart\"", NULL,
                            "charms[1].name: holds the bidirectional control U+202E"));
    CHECK(refused_unchanged("\"hallmark\": \"Pt950\"", "\"hallmark\": \"Pt\xe2\x81\xa6" "950\"",
                            NULL, "finishes[2].hallmark: holds the bidirectional control U+2066"));
}

/* The programs' font check (store_set_font_check): called for every font
 * before anything is written; one refusal refuses the whole catalogue,
 * from a file or from upstream, naming the field. */
typedef struct {
    int calls;
    char seen[8][MODEL_PATH_MAX];
    int refuse;             /* index of the font to refuse, -1 none */
} FakeCheck;

static store_FontCheck fake_check(void *user, const char *file, int face, char *why, size_t cap)
{
    FakeCheck *f = user;
    int i = f->calls++;
    snprintf(f->seen[i & 7], sizeof f->seen[0], "%s#%d", file, face);
    if (i != f->refuse)
        return STORE_FONT_OK;
    snprintf(why, cap, "face %d, but \"%s\" has 1 face", face, file);
    return STORE_FONT_BAD_FACE;
}

TEST(font_check_hook_refuses_the_whole_catalogue)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    FakeCheck f = { 0, { "" }, -1 };
    model_Catalogue before, after;
    const char *path = variant("pricier.json", "\"price_minor\": 16000", "\"price_minor\": 16500");
    CHECK(path && store_catalogue_load(db, &before) == STORE_OK);
    store_set_font_check(db, fake_check, &f);
    CHECKF(store_catalogue_import(db, path) == STORE_OK, "%s", store_errmsg(db));
    CHECK(f.calls == 4 && strcmp(f.seen[3], "assets/fonts/NotoSansCJK-Regular.ttc#0") == 0);
    CHECK(store_catalogue_import(db, SHIPPED) == STORE_OK);
    f.calls = 0;
    f.refuse = 2;
    CHECK(store_catalogue_import(db, path) == STORE_ERR_INPUT);
    CHECKF(strstr(store_errmsg(db), "pricier.json: fonts[2].face: face 0, but "
                                    "\"assets/fonts/DejaVuSans.ttf\" has 1 face"), "%s",
           store_errmsg(db));
    CHECK(store_catalogue_load(db, &after) == STORE_OK && memcmp(&before, &after, sizeof after) == 0);
    /* From upstream: the same refusal; the catalogue is set aside with its
     * reason, nothing of it applied, and the page's cursor moves on. */
    char *text = read_text(path);
    cJSON *cat = text ? cJSON_Parse(text) : NULL;
    free(text);
    CHECK(cat);
    int quarantined = 0;
    store_Changes ch = { cat, NULL, NULL, "7", 2, NULL, 30, NULL, 0, 0, &quarantined, NULL };
    f.calls = 0;
    CHECK(store_changes_apply(db, &ch, 500) == STORE_OK && quarantined == 1);
    store_QuarantineItem q;
    int nq = 0;
    CHECK(store_quarantine_list(db, STORE_QUARANTINE_OPEN, &q, 1, &nq) == STORE_OK && nq == 1);
    CHECKF(nq == 1 && strcmp(q.kind, "catalogue") == 0 &&
           strstr(q.reason, "upstream catalogue: fonts[2].face"), "%s", nq ? q.reason : "");
    store_SyncStatus s;
    CHECK(store_sync_status(db, &s) == STORE_OK && strcmp(s.cursor, "7") == 0);
    CHECK(store_catalogue_load(db, &after) == STORE_OK && memcmp(&before, &after, sizeof after) == 0);
    /* Without the hook, only the form is checked. */
    store_set_font_check(db, NULL, NULL);
    CHECK(store_changes_apply(db, &ch, 500) == STORE_OK);
    cJSON_Delete(cat);
    store_close(db);
    remove_dir();
}

TEST(refuses_catalogue_with_bad_colour)
{
    CHECK(refused_unchanged("\"#C4C5C7\"", "\"#C4C5C\"", NULL,
                            "finishes[2].colors.base: expected a colour"));
    CHECK(refused_unchanged("\"#F6D3C5\"", "\"#F6D3CG\"", NULL,
                            "finishes[1].colors.light"));
}

TEST(refuses_catalogue_with_area_outside_charm)
{
    CHECK(refused_unchanged("\"w_mm\": 30", "\"w_mm\": 34", NULL, "charms[2].area.w_mm"));
}

TEST(refuses_catalogue_that_is_not_json)
{
    CHECK(refused_unchanged(NULL, NULL, "this is not JSON\n", "raw.json:1: not valid JSON"));
    CHECK(refused_unchanged(NULL, NULL, "{\n \"version\": 1,\n \"currency\": \n}", "raw.json:4"));
    CHECK(refused_unchanged(NULL, NULL, "[1, 2]", "expected a JSON object"));
}

TEST(refuses_empty_catalogue_file)
{
    CHECK(refused_unchanged(NULL, NULL, "", "raw.json: empty file"));
}

TEST(refuses_missing_catalogue_file)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    CHECK(store_catalogue_import(db, "/nonexistent/catalogue.json") == STORE_ERR_INPUT);
    CHECKF(strstr(store_errmsg(db), "/nonexistent/catalogue.json: cannot open"), "%s",
           store_errmsg(db));
    CHECK(store_catalogue_present(db) == 1);
    store_close(db);
    remove_dir();
}

/* The brand changes its decision on an order it answered for: the row goes
 * between sent and rejected with the reason; a pending row waits for its
 * next send; an order this kiosk does not have is set aside alone. */
TEST(brand_decisions_on_answered_orders_come_down_with_the_changes)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    model_Order a = order_for("disc", "yellow-gold", "garamond");
    model_Order b = order_for("heart", "rose-gold", "italic");
    CHECK(store_order_insert(db, &a) == STORE_OK && store_order_insert(db, &b) == STORE_OK);
    store_OutboxResult sent = { "", STORE_OUTBOX_SENT, "" };
    snprintf(sent.uuid, sizeof sent.uuid, "%s", a.uuid);
    CHECK(store_outbox_settle(db, &sent, 1, 100, 0) == STORE_OK);
    char text[600];
    snprintf(text, sizeof text,
             "[{\"uuid\":\"%s\",\"status\":\"rejected\",\"reason\":\"cannot be made\"},"
             " {\"uuid\":\"%s\",\"status\":\"rejected\",\"reason\":\"not yet answered\"},"
             " {\"uuid\":\"00000000-0000-4000-8000-000000000000\",\"status\":\"accepted\"},"
             " {\"uuid\":\"%s\",\"status\":\"lost\"}]", a.uuid, b.uuid, a.uuid);
    cJSON *orders = cJSON_Parse(text);
    CHECK(orders);
    int quarantined = -1;
    store_Changes ch = { NULL, NULL, NULL, "9", 1, NULL, 30, NULL, 0, 0, &quarantined, orders };
    CHECKF(store_changes_apply(db, &ch, 200) == STORE_OK, "%s", store_errmsg(db));
    CHECK(quarantined == 2);
    store_SyncStatus s;
    CHECK(store_sync_status(db, &s) == STORE_OK && s.rejected == 1 && s.sent == 0 &&
          s.pending == 1 && strcmp(s.cursor, "9") == 0);
    store_QuarantineItem q[4];
    int nq = 0;
    CHECK(store_quarantine_list(db, STORE_QUARANTINE_OPEN, q, 4, &nq) == STORE_OK && nq == 2);
    CHECKF(nq == 2 && strstr(q[0].reason, "orders[3].status") &&
           strstr(q[1].reason, "orders[2].uuid: no such order"), "%s | %s", q[0].reason,
           q[1].reason);
    /* Accepted after all: sent again, the reason gone. */
    cJSON_Delete(orders);
    snprintf(text, sizeof text, "[{\"uuid\":\"%s\",\"status\":\"accepted\"}]", a.uuid);
    orders = cJSON_Parse(text);
    store_Changes back = { NULL, NULL, NULL, "10", 1, NULL, 30, NULL, 0, 0, &quarantined, orders };
    CHECK(store_changes_apply(db, &back, 300) == STORE_OK && quarantined == 0);
    CHECK(store_sync_status(db, &s) == STORE_OK && s.rejected == 0 && s.sent == 1);
    cJSON_Delete(orders);
    store_close(db);
    remove_dir();
}

/* ---- orders ------------------------------------------------------------- */

TEST(order_insert_gives_v4_uuid_and_increasing_numbers)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    model_Order a = order_for("disc", "yellow-gold", "garamond");
    model_Order b = order_for("heart", "rose-gold", "italic");
    long long t0 = (long long)time(NULL);
    CHECKF(store_order_insert(db, &a) == STORE_OK, "%s", store_errmsg(db));
    CHECKF(store_order_insert(db, &b) == STORE_OK, "%s", store_errmsg(db));
    CHECKF(uuid_v4_ok(a.uuid), "'%s'", a.uuid);
    CHECKF(uuid_v4_ok(b.uuid), "'%s'", b.uuid);
    CHECK(strcmp(a.uuid, b.uuid) != 0);
    CHECKF(a.number == 1001 && b.number == 1002, "%lld %lld", (long long)a.number,
           (long long)b.number);
    CHECK(a.created_at >= t0 && a.created_at <= t0 + 5);
    store_close(db);
    remove_dir();
}

typedef struct {
    int n;
    model_Order seen[8];
    char status[8][STORE_STATUS_MAX];
} Seen;

static int collect(const store_OrderRow *row, void *user)
{
    Seen *s = user;
    if (s->n < 8) {
        s->seen[s->n] = row->order;
        snprintf(s->status[s->n], STORE_STATUS_MAX, "%s", row->status);
    }
    s->n++;
    return 0;
}

static int stop_after_first(const model_Order *o, void *user)
{
    (void)o;
    ++*(int *)user;
    return 1;
}

TEST(orders_survive_close_and_reopen)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    model_Order a = order_for("bar", "platinum", "sans");
    snprintf(a.text, sizeof a.text, "Pour toujours\nA & M");
    a.price_minor = 84000;
    CHECK(store_order_insert(db, &a) == STORE_OK);
    model_Order b = order_for("tag", "vermeil", "japanese");
    snprintf(b.text, sizeof b.text, "永遠");
    snprintf(b.layout, sizeof b.layout, "vertical");
    CHECK(store_order_insert(db, &b) == STORE_OK);
    store_close(db);
    db = NULL;
    CHECK(store_open(dbpath, &db) == STORE_OK);
    Seen s = { 0 };
    CHECKF(store_order_rows_each(db, collect, &s) == STORE_OK, "%s", store_errmsg(db));
    CHECK(s.n == 2);
    CHECK(memcmp(&s.seen[0], &a, sizeof a) == 0);
    CHECK(memcmp(&s.seen[1], &b, sizeof b) == 0);
    CHECK(strcmp(s.status[0], "queued") == 0);
    int calls = 0;
    CHECK(store_orders_each(db, stop_after_first, &calls) == STORE_OK);
    CHECK(calls == 1);
    store_close(db);
    remove_dir();
}

static int cmp_uuid(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

TEST(uuids_unique_over_1000_orders)
{
    enum { N = 1000 };
    store_Db *db = open_with_catalogue();
    CHECK(db);
    char (*uuids)[37] = calloc(N, 37);
    int64_t last = 0;
    for (int i = 0; i < N; i++) {
        model_Order o = order_for("disc", "vermeil", "sans");
        if (store_order_insert(db, &o) != STORE_OK || o.number <= last || !uuid_v4_ok(o.uuid)) {
            printf("order %d: %s\n", i, store_errmsg(db));
            free(uuids);
            CHECK(0);
        }
        last = o.number;
        memcpy(uuids[i], o.uuid, 37);
    }
    qsort(uuids, N, 37, cmp_uuid);
    int dup = 0;
    for (int i = 1; i < N; i++)
        dup += strcmp(uuids[i - 1], uuids[i]) == 0;
    free(uuids);
    CHECK(dup == 0);
    CHECK(last == 1000 + N);
    store_close(db);
    remove_dir();
}

/* Inserts `o` and expects STORE_ERR_INPUT with `words` in the message and
 * no order stored. */
static int refused(store_Db *db, model_Order o, const char *words)
{
    model_Order copy = o;
    int calls = 0;
    if (store_order_insert(db, &o) != STORE_ERR_INPUT) {
        printf("accepted: %s\n", store_errmsg(db));
        return 0;
    }
    if (!strstr(store_errmsg(db), words)) {
        printf("message '%s' lacks '%s'\n", store_errmsg(db), words);
        return 0;
    }
    store_orders_each(db, stop_after_first, &calls);
    return calls == 0 && memcmp(&o, &copy, sizeof o) == 0;
}

TEST(refuses_order_with_unknown_charm)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    CHECK(refused(db, order_for("anchor", "vermeil", "sans"), "unknown charm 'anchor'"));
    store_close(db);
    remove_dir();
}

TEST(refuses_order_with_unknown_finish_or_font)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    CHECK(refused(db, order_for("disc", "silver", "sans"), "unknown finish 'silver'"));
    CHECK(refused(db, order_for("disc", "vermeil", "comic"), "unknown font 'comic'"));
    store_close(db);
    remove_dir();
}

TEST(refuses_order_with_bad_fields)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    model_Order o = order_for("disc", "vermeil", "sans");
    snprintf(o.layout, sizeof o.layout, "spiral");
    CHECK(refused(db, o, "unknown layout 'spiral'"));
    o = order_for("disc", "vermeil", "sans");
    snprintf(o.text, sizeof o.text, "bad\x01");
    CHECK(refused(db, o, "control character"));
    o = order_for("disc", "vermeil", "sans");
    snprintf(o.text, sizeof o.text, "L\xe9" "a");    /* Latin-1, not UTF-8 */
    CHECK(refused(db, o, "UTF-8"));
    o = order_for("disc", "vermeil", "sans");
    o.price_minor = -1;
    CHECK(refused(db, o, "negative price"));
    o = order_for("disc", "vermeil", "sans");
    snprintf(o.currency, sizeof o.currency, "eu");
    CHECK(refused(db, o, "currency"));
    store_close(db);
    remove_dir();
}

/* Text the atelier would not engrave as the customer read it is refused
 * whoever writes (the kiosk's engraving library refuses it first): a
 * bidirectional override or isolate, nothing but blank or invisible
 * characters, a tower of combining marks; a matching piece too. */
TEST(refuses_order_text_that_would_surprise_the_atelier)
{
    static const struct { const char *text, *words; } bad[] = {
        { "Ab\xe2\x80\xae" "cd", "bidirectional control" },
        { "\xe2\x81\xa6" "Ana\xe2\x81\xa9", "bidirectional control" },
        { "\xe2\x80\x8b", "only blank or invisible" },
        { " \xc2\xa0\xef\xbb\xbf\n", "only blank or invisible" },
        { "\xe3\x80\x80\xe2\x81\xa0", "only blank or invisible" },
        { "Le\xcc\x81\xcc\x81\xcc\x81" "a", "combining marks" },
    };
    store_Db *db = open_with_catalogue();
    CHECK(db);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        model_Order o = order_for("disc", "vermeil", "sans");
        snprintf(o.text, sizeof o.text, "%s", bad[i].text);
        CHECKF(refused(db, o, bad[i].words), "text %zu", i);
    }
    model_Order o = order_for("disc", "vermeil", "sans");
    o.n_extra = 1;
    snprintf(o.extra[0].charm_id, sizeof o.extra[0].charm_id, "heart");
    snprintf(o.extra[0].font_id, sizeof o.extra[0].font_id, "sans");
    snprintf(o.extra[0].layout, sizeof o.extra[0].layout, "line");
    snprintf(o.extra[0].text, sizeof o.extra[0].text, "\xe2\x80\xae" "xaM");
    CHECK(refused(db, o, "piece 2: the text holds a bidirectional control"));
    /* Two marks on a letter (Vietnamese), a zero-width space between
     * letters, a right-to-left mark: all fine. */
    static const char *const good[] = { "Vie\xcc\xa3\xcc\x82t", "L\xe2\x80\x8b" "a",
                                         "\xd7\xa9\xd7\x9c\xe2\x80\x8f" };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        o = order_for("disc", "vermeil", "sans");
        snprintf(o.text, sizeof o.text, "%s", good[i]);
        CHECKF(store_order_insert(db, &o) == STORE_OK, "text %zu: %s", i, store_errmsg(db));
    }
    store_close(db);
    remove_dir();
}

TEST(no_catalogue_refuses_orders)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(store_open(dbpath, &db) == STORE_OK);
    model_Catalogue cat;
    CHECK(store_catalogue_load(db, &cat) == STORE_NOTFOUND);
    CHECK(refused(db, order_for("disc", "vermeil", "sans"), "unknown charm"));
    store_close(db);
    remove_dir();
}

TEST(reimport_withdraws_removed_items_and_keeps_their_orders)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    model_Order o = order_for("oval", "vermeil", "sans");
    CHECK(store_order_insert(db, &o) == STORE_OK);
    /* The same catalogue without the oval charm, and the disc repriced. */
    char *text = read_text(SHIPPED);
    CHECK(text);
    char *oval = strstr(text, "{ \"id\": \"oval\"");
    char *next = oval ? strstr(oval, "{ \"id\": \"dogtag\"") : NULL;
    char *disc = strstr(text, "\"price_minor\": 18000");
    if (!oval || !next || !disc) {
        free(text);
        CHECK(0);
    }
    memcpy(disc, "\"price_minor\": 18500", 20);
    char path[192];
    snprintf(path, sizeof path, "%s/withdrawn.json", tmpdir);
    FILE *f = fopen(path, "wb");
    fwrite(text, 1, (size_t)(oval - text), f);
    fputs(next, f);
    fclose(f);
    free(text);
    CHECKF(store_catalogue_import(db, path) == STORE_OK, "%s", store_errmsg(db));
    model_Catalogue cat;
    CHECK(store_catalogue_load(db, &cat) == STORE_OK);
    CHECK(cat.n_charms == 5 && !model_catalogue_charm(&cat, "oval"));
    CHECK(model_catalogue_charm(&cat, "disc")->price_minor == 18500);
    CHECK(strcmp(cat.charms[4].id, "dogtag") == 0);
    Seen s = { 0 };
    CHECK(store_order_rows_each(db, collect, &s) == STORE_OK);
    CHECK(s.n == 1 && strcmp(s.seen[0].charm_id, "oval") == 0);
    model_Order again = order_for("oval", "vermeil", "sans");
    model_Order copy = again;
    CHECK(store_order_insert(db, &again) == STORE_ERR_INPUT);
    CHECKF(strstr(store_errmsg(db), "no longer"), "%s", store_errmsg(db));
    CHECK(memcmp(&again, &copy, sizeof again) == 0);
    /* Importing the full catalogue again brings the oval back. */
    CHECK(store_catalogue_import(db, SHIPPED) == STORE_OK);
    CHECK(store_order_insert(db, &again) == STORE_OK);
    store_close(db);
    remove_dir();
}

TEST(two_handles_share_the_database)
{
    store_Db *a = open_with_catalogue();
    CHECK(a);
    store_Db *b = NULL;
    CHECK(store_open(dbpath, &b) == STORE_OK);
    for (int i = 0; i < 10; i++) {
        model_Order o = order_for("disc", "vermeil", "sans");
        CHECK(store_order_insert(i % 2 ? a : b, &o) == STORE_OK);
        CHECK(o.number == 1001 + i);
    }
    Seen s = { 0 };
    CHECK(store_order_rows_each(a, collect, &s) == STORE_OK && s.n == 10);
    store_close(a);
    store_close(b);
    remove_dir();
}

/* ---- upstream sync: schema v2, outbox, sync state, changes ------------- */

TEST(migrates_v1_database_and_queues_its_orders_for_upstream)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(make_v1_database(dbpath));
    CHECKF(store_open(dbpath, &db) == STORE_OK, "%s", store_errmsg(db));
    CHECK(sql_int(dbpath, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
    store_SyncStatus s;
    CHECKF(store_sync_status(db, &s) == STORE_OK, "%s", store_errmsg(db));
    CHECK(s.pending == 1 && s.sent == 0 && s.last_success == 0 && s.cursor[0] == '\0');
    store_OrderRow rows[4];
    int n = 0;
    CHECK(store_outbox_pending(db, INT64_MAX, rows, 4, &n) == STORE_OK && n == 1);
    CHECK(strcmp(rows[0].order.uuid, "0b7c0000-0000-4000-8000-000000000001") == 0);
    CHECK(rows[0].order.number == 1001 && strcmp(rows[0].order.text, "Ana") == 0);
    /* The old order keeps its place; a new one follows it. */
    model_Order o = order_for("disc", "vermeil", "sans");
    CHECKF(store_order_insert(db, &o) == STORE_OK, "%s", store_errmsg(db));
    CHECK(o.number == 1002);
    store_close(db);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM outbox WHERE state = 'pending'") == 2);
    remove_dir();
}

TEST(migrates_empty_file_to_schema_with_outbox)
{
    store_Db *db = NULL;
    fresh_dir();
    write_text(dbpath, "");
    CHECKF(store_open(dbpath, &db) == STORE_OK, "%s", store_errmsg(db));
    store_close(db);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sqlite_master WHERE name IN"
                          " ('outbox', 'sync_state', 'sync_inbox')") == 3);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sync_state") == 1);
    remove_dir();
}

TEST(order_and_its_outbox_row_commit_together)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    model_Order o = order_for("disc", "vermeil", "sans");
    CHECK(store_order_insert(db, &o) == STORE_OK);
    /* A refused order leaves no outbox row either. */
    model_Order bad = order_for("nope", "vermeil", "sans");
    CHECK(store_order_insert(db, &bad) == STORE_ERR_INPUT);
    /* An outbox row that cannot be written undoes the order: a second
     * row for the same UUID is what the schema refuses. */
    sqlite3 *s = NULL;
    CHECK(sqlite3_open(dbpath, &s) == SQLITE_OK);
    CHECK(sqlite3_exec(s, "CREATE TRIGGER no_outbox BEFORE INSERT ON outbox"
                          " BEGIN SELECT RAISE(ABORT, 'disk full'); END", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(s);
    model_Order lost = order_for("disc", "vermeil", "sans");
    CHECK(store_order_insert(db, &lost) == STORE_ERR);
    CHECKF(strstr(store_errmsg(db), "upstream"), "%s", store_errmsg(db));
    store_close(db);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM orders") == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM outbox") == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM orders o JOIN outbox x ON x.order_uuid = o.uuid") == 1);
    remove_dir();
}

TEST(outbox_settles_sent_rejected_and_retried_rows)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    for (int i = 0; i < 5; i++) {
        model_Order o = order_for("disc", "vermeil", "sans");
        CHECK(store_order_insert(db, &o) == STORE_OK);
    }
    store_OrderRow rows[3];
    int n = 0;
    CHECK(store_outbox_pending(db, 1000, rows, 3, &n) == STORE_OK && n == 3);
    CHECK(rows[0].order.number == 1001 && rows[2].order.number == 1003);
    store_OutboxResult r[4];
    memset(r, 0, sizeof r);
    snprintf(r[0].uuid, sizeof r[0].uuid, "%s", rows[0].order.uuid);
    r[0].outcome = STORE_OUTBOX_SENT;
    snprintf(r[1].uuid, sizeof r[1].uuid, "%s", rows[1].order.uuid);
    r[1].outcome = STORE_OUTBOX_REJECTED;
    snprintf(r[1].reason, sizeof r[1].reason, "charm withdrawn");
    snprintf(r[2].uuid, sizeof r[2].uuid, "%s", rows[2].order.uuid);
    r[2].outcome = STORE_OUTBOX_RETRY;
    snprintf(r[3].uuid, sizeof r[3].uuid, "ffffffff-0000-4000-8000-000000000000");
    r[3].outcome = STORE_OUTBOX_SENT;     /* unknown: ignored */
    CHECKF(store_outbox_settle(db, r, 4, 1000, 2000) == STORE_OK, "%s", store_errmsg(db));
    /* A late second answer for a settled row changes nothing. */
    r[0].outcome = STORE_OUTBOX_REJECTED;
    CHECK(store_outbox_settle(db, r, 1, 1001, 2000) == STORE_OK);

    store_SyncStatus s;
    CHECK(store_sync_status(db, &s) == STORE_OK);
    CHECK(s.pending == 3 && s.sent == 1 && s.rejected == 1);
    /* The retried row waits until 2000; the others are due now. */
    CHECK(store_outbox_pending(db, 1500, rows, 3, &n) == STORE_OK && n == 2);
    CHECK(rows[0].order.number == 1004 && rows[1].order.number == 1005);
    CHECK(store_outbox_pending(db, 2000, rows, 3, &n) == STORE_OK && n == 3);
    CHECK(rows[0].order.number == 1003);
    store_close(db);
    CHECK(sql_int(dbpath, "SELECT attempts FROM outbox x JOIN orders o ON o.uuid = x.order_uuid"
                          " WHERE o.id = 1003") == 1);
    remove_dir();
}

TEST(sync_record_keeps_last_success_and_last_error)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    store_SyncStatus s;
    CHECK(store_sync_record(db, 100, NULL) == STORE_OK);
    CHECK(store_sync_record(db, 200, "the upstream did not answer within 30 s") == STORE_OK);
    CHECK(store_sync_status(db, &s) == STORE_OK);
    CHECK(s.last_success == 100 && s.last_attempt == 200 && s.last_error_at == 200);
    CHECK(strcmp(s.last_error, "the upstream did not answer within 30 s") == 0);
    CHECK(store_sync_record(db, 300, NULL) == STORE_OK);
    CHECK(store_sync_status(db, &s) == STORE_OK);
    CHECK(s.last_success == 300 && s.last_error[0] == '\0' && s.last_error_at == 200);
    store_close(db);
    remove_dir();
}

TEST(changes_apply_catalogue_appointments_leases_and_cursor_together)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    char *text = read_text(SHIPPED);
    CHECK(text);
    char *at = strstr(text, "\"price_minor\": 16000");
    CHECK(at);
    memcpy(at, "\"price_minor\": 16500", 20);
    cJSON *cat = cJSON_Parse(text);
    free(text);
    cJSON *appts = cJSON_Parse("[{\"id\":\"a1\",\"starts_at\":1796000400,\"name\":\"Zoé Brandt\","
                               "\"contact\":\"+33 6 11 22 33 44\",\"party\":\"2\"}]");
    cJSON *eds = cJSON_Parse("[{\"charm\":\"oval\",\"size\":50,\"leases\":[{\"first\":1,\"last\":5}]},"
                             "{\"charm\":\"no-such\",\"leases\":[]}]");
    store_Changes ch = { cat, appts, eds, "42", 2, NULL, 30, NULL, 0, 0, NULL, NULL };
    CHECKF(store_changes_apply(db, &ch, 500) == STORE_OK, "%s", store_errmsg(db));
    model_Catalogue c;
    CHECK(store_catalogue_load(db, &c) == STORE_OK);
    CHECK(c.charms[2].price_minor == 16500);
    store_SyncStatus s;
    CHECK(store_sync_status(db, &s) == STORE_OK && strcmp(s.cursor, "42") == 0);

    /* A bad catalogue is set aside with its reason: the catalogue stays,
     * the rest of the page applies and the cursor moves on. */
    cJSON_ReplaceItemInObject(cat, "currency", cJSON_CreateString("euro"));
    int quarantined = -1;
    store_Changes bad = { cat, appts, NULL, "43", 2, NULL, 30, NULL, 0, 0, &quarantined, NULL };
    CHECKF(store_changes_apply(db, &bad, 600) == STORE_OK, "%s", store_errmsg(db));
    CHECK(quarantined == 1);
    CHECK(store_catalogue_load(db, &c) == STORE_OK && strcmp(c.currency, "EUR") == 0);
    CHECK(store_sync_status(db, &s) == STORE_OK && strcmp(s.cursor, "43") == 0);
    CHECK(s.quarantined == 1 && s.quarantined_catalogues == 1 && s.quarantine_unreported == 1);
    store_QuarantineItem q[4];
    int nq = 0;
    CHECK(store_quarantine_list(db, STORE_QUARANTINE_OPEN, q, 4, &nq) == STORE_OK && nq == 1);
    CHECKF(strstr(q[0].reason, "upstream catalogue: currency"), "%s", q[0].reason);
    CHECK(strcmp(q[0].kind, "catalogue") == 0 && strcmp(q[0].cursor, "43") == 0);
    /* No cursor: refused whole. An item that is not an object: set aside. */
    store_Changes nocur = { NULL, NULL, NULL, "", 0, NULL, 30, NULL, 0, 0, NULL, NULL };
    CHECK(store_changes_apply(db, &nocur, 600) == STORE_ERR_INPUT);
    cJSON *notobj = cJSON_Parse("[1]");
    store_Changes badit = { NULL, notobj, NULL, "44", 0, NULL, 30, NULL, 0, 0, &quarantined, NULL };
    CHECK(store_changes_apply(db, &badit, 600) == STORE_OK && quarantined == 1);
    CHECK(store_quarantine_list(db, STORE_QUARANTINE_OPEN, q, 4, &nq) == STORE_OK && nq == 2);
    CHECKF(strstr(q[0].reason, "appointments[0]: expected an object"), "%s", q[0].reason);
    /* Reported upstream: no longer waiting to be told; a good catalogue
     * later resolves the refused one. */
    CHECK(store_quarantine_list(db, STORE_QUARANTINE_UNREPORTED, q, 4, &nq) == STORE_OK &&
          nq == 2 && q[0].id < q[1].id);
    int64_t ids[2] = { q[0].id, q[1].id };
    CHECK(store_quarantine_reported(db, ids, 2, 700) == STORE_OK);
    CHECK(store_sync_status(db, &s) == STORE_OK && s.quarantine_unreported == 0);
    cJSON_ReplaceItemInObject(cat, "currency", cJSON_CreateString("EUR"));
    store_Changes good = { cat, NULL, NULL, "45", 2, NULL, 30, NULL, 0, 0, &quarantined, NULL };
    CHECK(store_changes_apply(db, &good, 800) == STORE_OK && quarantined == 0);
    CHECK(store_sync_status(db, &s) == STORE_OK && s.quarantined == 1 &&
          s.quarantined_catalogues == 0 && s.quarantined_appointments == 1);
    cJSON_Delete(notobj);
    cJSON_Delete(cat);
    cJSON_Delete(appts);
    cJSON_Delete(eds);
    store_close(db);
    /* The appointment is sealed in its table, the lease applied; only the
     * edition this database does not have waits in sync_inbox. */
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sync_inbox") == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sync_inbox WHERE kind = 'edition'") == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE upstream_id = 'a1'"
                          " AND station = 1 AND name_enc IS NOT NULL AND party = '2'") == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM edition_leases") == 1);
    remove_dir();
}

TEST(catalogue_imports_from_text_with_same_validation)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    char *text = read_text(SHIPPED);
    CHECK(text);
    CHECKF(store_catalogue_import_text(db, text, strlen(text), "net") == STORE_OK, "%s",
           store_errmsg(db));
    CHECK(store_catalogue_import_text(db, "{} x", 4, "net") == STORE_ERR_INPUT);
    CHECKF(strstr(store_errmsg(db), "net:1: not valid JSON"), "%s", store_errmsg(db));
    CHECK(store_catalogue_import_text(db, "{\"version\":1}", 13, "net") == STORE_ERR_INPUT);
    CHECKF(strstr(store_errmsg(db), "net: currency"), "%s", store_errmsg(db));
    free(text);
    store_close(db);
    remove_dir();
}

TEST(upstream_appointment_without_free_station_waits_sealed_for_a_station)
{
    store_Db *db = open_with_catalogue();
    CHECK(db);
    cJSON *appts = cJSON_Parse("[{\"id\":\"u1\",\"starts_at\":1796000400,\"name\":\"Aurèle Fontanes\","
                               "\"contact\":\"a@example.org\"},"
                               "{\"id\":\"u2\",\"starts_at\":1796000400,\"name\":\"Bertille Ocquidant\","
                               "\"contact\":\"b@example.org\",\"notes\":\"Ocquidant\"}]");
    int unplaced = -1;
    store_Changes ch = { NULL, appts, NULL, "1", 1, &unplaced, 30, NULL, 0, 0, NULL, NULL };
    CHECKF(store_changes_apply(db, &ch, 500) == STORE_OK, "%s", store_errmsg(db));
    CHECK(unplaced == 1);
    /* Sent again: an update by upstream id, never a second row. */
    store_Changes again = { NULL, appts, NULL, "2", 1, &unplaced, 30, NULL, 0, 0, NULL, NULL };
    CHECK(store_changes_apply(db, &again, 600) == STORE_OK && unplaced == 1);
    /* A bad field sets that item aside, named; the cursor moves on. */
    cJSON *bad = cJSON_Parse("[{\"id\":\"u3\",\"starts_at\":\"soon\"}]");
    int quarantined = 0;
    store_Changes badch = { NULL, bad, NULL, "3", 1, NULL, 30, NULL, 0, 0, &quarantined, NULL };
    CHECK(store_changes_apply(db, &badch, 700) == STORE_OK && quarantined == 1);
    store_QuarantineItem q;
    int nq = 0;
    CHECK(store_quarantine_list(db, STORE_QUARANTINE_OPEN, &q, 1, &nq) == STORE_OK && nq == 1);
    CHECKF(strstr(q.reason, "appointments[0].starts_at"), "%s", q.reason);
    CHECK(strcmp(q.key, "u3") == 0);
    cJSON_Delete(bad);
    cJSON_Delete(appts);
    store_SyncStatus s;
    CHECK(store_sync_status(db, &s) == STORE_OK && s.appts_waiting == 1);
    store_close(db);
    /* u2 waits in the appointments table, sealed, with no station; nothing
     * of it in sync_inbox, no trace of its name in the files. */
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments") == 2);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE upstream_id = 'u2'"
                          " AND status = 'waiting' AND station IS NULL"
                          " AND name_enc IS NOT NULL AND notes_enc IS NOT NULL"
                          " AND ends_at = 1796000400 + 1800") == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sync_inbox") == 0);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sync_state WHERE cursor = '3'") == 1);
    remove_dir();
}

int main(void)
{
    RUN(creates_fresh_db_at_schema_version_in_wal_mode);
    RUN(creates_missing_parent_directory);
    RUN(migrates_empty_file_as_version_zero);
    RUN(reopening_current_schema_keeps_data);
    RUN(refuses_database_newer_than_program);
    RUN(refuses_file_that_is_not_a_database);
    RUN(imports_shipped_catalogue_and_loads_it_back);
    RUN(refuses_catalogue_with_missing_field);
    RUN(refuses_catalogue_with_wrong_type);
    RUN(refuses_catalogue_with_duplicate_id);
    RUN(refuses_catalogue_with_duplicate_json_key);
    RUN(refuses_catalogue_with_bidi_control_in_a_name);
    RUN(font_check_hook_refuses_the_whole_catalogue);
    RUN(refuses_catalogue_with_bad_colour);
    RUN(refuses_catalogue_with_area_outside_charm);
    RUN(refuses_catalogue_that_is_not_json);
    RUN(refuses_empty_catalogue_file);
    RUN(refuses_missing_catalogue_file);
    RUN(order_insert_gives_v4_uuid_and_increasing_numbers);
    RUN(orders_survive_close_and_reopen);
    RUN(uuids_unique_over_1000_orders);
    RUN(refuses_order_with_unknown_charm);
    RUN(refuses_order_with_unknown_finish_or_font);
    RUN(refuses_order_with_bad_fields);
    RUN(refuses_order_text_that_would_surprise_the_atelier);
    RUN(no_catalogue_refuses_orders);
    RUN(reimport_withdraws_removed_items_and_keeps_their_orders);
    RUN(two_handles_share_the_database);
    RUN(migrates_v1_database_and_queues_its_orders_for_upstream);
    RUN(migrates_empty_file_to_schema_with_outbox);
    RUN(order_and_its_outbox_row_commit_together);
    RUN(outbox_settles_sent_rejected_and_retried_rows);
    RUN(sync_record_keeps_last_success_and_last_error);
    RUN(changes_apply_catalogue_appointments_leases_and_cursor_together);
    RUN(brand_decisions_on_answered_orders_come_down_with_the_changes);
    RUN(upstream_appointment_without_free_station_waits_sealed_for_a_station);
    RUN(catalogue_imports_from_text_with_same_validation);
    return test_summary();
}
