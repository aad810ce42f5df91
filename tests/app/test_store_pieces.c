/* test_store_pieces.c — matching sets in the store: every piece in the
 * order's transaction, read back with the order, a numbered charm only as
 * a set's first piece, nothing stored when a piece is refused. */
#include "test.h"
#include "test_store_fixture.h"

#include "store/store.h"

static store_Db *open_shipped(void)
{
    store_Db *db = NULL;
    fresh_dir();
    if (store_open(dbpath, &db) != STORE_OK || store_catalogue_import(db, SHIPPED) != STORE_OK) {
        store_close(db);
        return NULL;
    }
    return db;
}

static model_Order set_order(void)
{
    model_Order o;
    memset(&o, 0, sizeof o);
    snprintf(o.charm_id, sizeof o.charm_id, "heart");
    snprintf(o.finish_id, sizeof o.finish_id, "rose-gold");
    snprintf(o.font_id, sizeof o.font_id, "garamond");
    snprintf(o.layout, sizeof o.layout, "line");
    snprintf(o.text, sizeof o.text, "Léa");
    snprintf(o.currency, sizeof o.currency, "EUR");
    o.price_minor = 130000;
    o.n_extra = 1;
    snprintf(o.extra[0].charm_id, sizeof o.extra[0].charm_id, "dogtag");
    snprintf(o.extra[0].font_id, sizeof o.extra[0].font_id, "sans");
    snprintf(o.extra[0].layout, sizeof o.extra[0].layout, "line");
    snprintf(o.extra[0].text, sizeof o.extra[0].text, "Biscuit");
    return o;
}

static int count(const store_OrderRow *row, void *user)
{
    (void)row;
    (*(int *)user)++;
    return 0;
}

TEST(set_is_stored_and_read_back_with_its_order)
{
    store_Db *db = open_shipped();
    model_Order o = set_order(), back;
    store_QueueItem item;
    CHECK(db);
    CHECKF(store_order_insert(db, &o) == STORE_OK, "%s", store_errmsg(db));
    CHECK(store_order_get(db, o.number, &item) == STORE_OK);
    back = item.row.order;
    CHECK(back.n_extra == 1);
    CHECK(strcmp(back.extra[0].charm_id, "dogtag") == 0 && strcmp(back.extra[0].text, "Biscuit") == 0);
    CHECK(strcmp(back.extra[0].font_id, "sans") == 0);
    store_close(db);
    remove_dir();
}

TEST(numbered_charm_is_refused_as_a_matching_piece_and_nothing_is_stored)
{
    store_Db *db = open_shipped();
    model_Order o = set_order();
    int n = 0;
    CHECK(db);
    snprintf(o.extra[0].charm_id, sizeof o.extra[0].charm_id, "oval");   /* an edition */
    CHECK(store_order_insert(db, &o) == STORE_ERR_INPUT);
    CHECKF(strstr(store_errmsg(db), "first piece") != NULL, "%s", store_errmsg(db));
    CHECK(store_order_rows_each(db, count, &n) == STORE_OK && n == 0);
    store_close(db);
    remove_dir();
}

TEST(bad_matching_piece_is_refused_naming_it)
{
    store_Db *db = open_shipped();
    model_Order o = set_order();
    int n = 0;
    CHECK(db);
    snprintf(o.extra[0].font_id, sizeof o.extra[0].font_id, "comic");
    CHECK(store_order_insert(db, &o) == STORE_ERR_INPUT);
    CHECKF(strstr(store_errmsg(db), "piece 2") != NULL, "%s", store_errmsg(db));
    o = set_order();
    o.extra[0].text[0] = '\0';
    CHECK(store_order_insert(db, &o) == STORE_ERR_INPUT);
    o = set_order();
    o.n_extra = MODEL_MAX_PIECES;
    CHECK(store_order_insert(db, &o) == STORE_ERR_INPUT);
    CHECK(store_order_rows_each(db, count, &n) == STORE_OK && n == 0);
    store_close(db);
    remove_dir();
}

/* A database as version 4 shipped it: today's schema without step 5. */
static const char *const to_v4 = UNDO_V8 "DROP TABLE order_pieces; PRAGMA user_version = 4;";
/* ... and as version 3 shipped it: without step 4 either. */
static const char *const to_v3 = UNDO_V8
    "DROP TABLE order_pieces; DROP TABLE edition_leases; DROP INDEX appointments_upstream;"
    "ALTER TABLE appointments DROP COLUMN upstream_id; ALTER TABLE editions DROP COLUMN leased;"
    "PRAGMA user_version = 3;";

/* One order in a database taken back to an older version, then reopened:
 * it migrates to the current version, keeps the order, takes a set. */
static void migrates_from(const char *back, int version, int *ok)
{
    store_Db *db = open_shipped();
    model_Order o = set_order(), first = set_order();
    *ok = 0;
    if (!db) return;
    first.n_extra = 0;
    if (store_order_insert(db, &first) != STORE_OK) goto done;
    store_close(db);
    db = NULL;
    if (sql_exec(dbpath, back) != SQLITE_OK || sql_int(dbpath, "PRAGMA user_version") != version)
        goto done;
    if (store_open(dbpath, &db) != STORE_OK) goto done;
    if (sql_int(dbpath, "PRAGMA user_version") != STORE_SCHEMA_VERSION) goto done;
    if (sql_int(dbpath, "SELECT count(*) FROM orders") != 1) goto done;
    if (store_order_insert(db, &o) != STORE_OK) goto done;
    if (sql_int(dbpath, "SELECT count(*) FROM order_pieces") != 1) goto done;
    *ok = sql_int(dbpath, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'") == 1;
done:
    store_close(db);
    remove_dir();
}

TEST(migrates_v4_database_to_sets)
{
    int ok;
    migrates_from(to_v4, 4, &ok);
    CHECK(ok);
}

TEST(migrates_v3_database_to_sets)
{
    int ok;
    migrates_from(to_v3, 3, &ok);
    CHECK(ok);
}

int main(void)
{
    RUN(set_is_stored_and_read_back_with_its_order);
    RUN(numbered_charm_is_refused_as_a_matching_piece_and_nothing_is_stored);
    RUN(bad_matching_piece_is_refused_naming_it);
    RUN(migrates_v4_database_to_sets);
    RUN(migrates_v3_database_to_sets);
    return test_summary();
}
