/* test_store_editions.c — limited editions: serials made from the
 * catalogue, holds (lowest free serial, released by cancel or by the clock
 * alone, even across a restart), the serial taken in the order's own
 * transaction, sold out, counts for the charm tiles, the order queue. */
#include <cJSON.h>

#include "../test.h"
#include "test_store_fixture.h"

#define T0 1900000000LL
/* A catalogue whose disc is an edition of 3 (small, to sell out). */
static store_Db *open_edition(int size)
{
    char to[96];
    snprintf(to, sizeof to, "\"id\": \"disc\", \"edition\": { \"size\": %d },", size);
    fresh_dir();
    const char *cat = catalogue_variant("cat.json", "\"id\": \"disc\",", to);
    store_Db *db = NULL;
    if (!cat || store_open(dbpath, &db) != STORE_OK || store_catalogue_import(db, cat) != STORE_OK) {
        printf("setup: %s\n", store_errmsg(db));
        store_close(db);
        return NULL;
    }
    return db;
}

TEST(catalogue_edition_makes_serials_and_loads_size)
{
    store_Db *db = open_edition(3);
    CHECK(db);
    model_Catalogue cat;
    CHECK(store_catalogue_load(db, &cat) == STORE_OK);
    CHECK(model_catalogue_charm(&cat, "disc")->edition_size == 3);
    CHECK(model_catalogue_charm(&cat, "heart")->edition_size == 0);
    store_EditionCount c;
    CHECK(store_edition_counts(db, "disc", T0, &c) == STORE_OK);
    CHECK(c.size == 3 && c.sold == 0 && c.held == 0 && c.remaining == 3);
    CHECK(store_edition_counts(db, "heart", T0, &c) == STORE_NOTFOUND);
    store_close(db);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM edition_serials s JOIN editions e"
                          " ON e.id = s.edition_id WHERE e.charm_id = 'disc'") == 3);
    remove_dir();
}

TEST(refuses_bad_edition_in_catalogue)
{
    store_Db *db = open_catalogue(NULL);
    CHECK(db);
    const char *p = catalogue_variant("bad.json", "\"id\": \"disc\",",
                                      "\"id\": \"disc\", \"edition\": { \"size\": 0 },");
    CHECK(p && store_catalogue_import(db, p) == STORE_ERR_INPUT);
    CHECKF(strstr(store_errmsg(db), "charms[0].edition.size"), "%s", store_errmsg(db));
    p = catalogue_variant("bad2.json", "\"id\": \"disc\",", "\"id\": \"disc\", \"edition\": 5,");
    CHECK(p && store_catalogue_import(db, p) == STORE_ERR_INPUT);
    store_close(db);
    remove_dir();
}

TEST(hold_takes_lowest_free_serial_and_release_gives_it_back)
{
    store_Db *db = open_edition(3);
    CHECK(db);
    store_Hold a, b, c;
    CHECK(store_edition_hold(db, "disc", T0, &a) == STORE_OK && a.serial == 1);
    CHECK(strlen(a.token) == 32 && a.until == T0 + STORE_HOLD_SECONDS);
    CHECK(store_edition_hold(db, "disc", T0, &b) == STORE_OK && b.serial == 2);
    store_EditionCount n;
    CHECK(store_edition_counts(db, "disc", T0, &n) == STORE_OK && n.held == 2 && n.remaining == 1);
    CHECK(store_edition_release(db, a.token) == STORE_OK);
    CHECK(store_edition_hold(db, "disc", T0, &c) == STORE_OK && c.serial == 1);
    CHECK(store_edition_hold(db, "heart", T0, &c) == STORE_NOTFOUND);
    CHECK(store_edition_release(db, "not-a-token") == STORE_OK);
    store_close(db);
    remove_dir();
}

TEST(hold_expires_by_the_clock_even_across_restart)
{
    store_Db *db = open_edition(1);
    CHECK(db);
    store_Hold a, b;
    CHECK(store_edition_hold(db, "disc", T0, &a) == STORE_OK);
    CHECK(store_edition_hold(db, "disc", T0 + 599, &b) == STORE_ERR_SOLD_OUT);
    store_close(db);            /* the kiosk crashes while holding */
    CHECK(store_open(dbpath, &db) == STORE_OK);
    store_EditionCount n;
    CHECK(store_edition_counts(db, "disc", T0 + 600, &n) == STORE_OK);
    CHECK(n.held == 0 && n.remaining == 1);
    CHECK(store_edition_hold(db, "disc", T0 + 600, &b) == STORE_OK && b.serial == 1);
    int swept = -1;
    CHECK(store_holds_sweep(db, T0 + 1200, &swept) == STORE_OK && swept == 1);
    store_close(db);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM edition_serials WHERE hold_token IS NOT NULL") == 0);
    remove_dir();
}

TEST(order_takes_held_serial_in_its_transaction)
{
    store_Db *db = open_edition(3);
    CHECK(db);
    store_Hold a, b;
    CHECK(store_edition_hold(db, "disc", T0, &a) == STORE_OK && a.serial == 1);
    CHECK(store_edition_hold(db, "disc", T0, &b) == STORE_OK && b.serial == 2);
    model_Order o = sample_order("disc");
    snprintf(o.hold_token, sizeof o.hold_token, "%s", b.token);
    CHECKF(store_order_insert_at(db, &o, T0 + 60) == STORE_OK, "%s", store_errmsg(db));
    CHECK(o.serial == 2 && o.hold_token[0] == '\0');
    /* Without a hold: the lowest free serial (1 is held, 2 sold). */
    model_Order p = sample_order("disc");
    CHECK(store_order_insert_at(db, &p, T0 + 60) == STORE_OK && p.serial == 3);
    model_Order q = sample_order("disc");
    CHECK(store_order_insert_at(db, &q, T0 + 60) == STORE_ERR_SOLD_OUT);
    CHECK(strstr(store_errmsg(db), "sold out"));
    /* A plain charm has no serial. */
    model_Order h = sample_order("heart");
    CHECK(store_order_insert_at(db, &h, T0 + 60) == STORE_OK && h.serial == 0);
    store_EditionCount n;
    CHECK(store_edition_counts(db, "disc", T0 + 60, &n) == STORE_OK);
    CHECK(n.sold == 2 && n.held == 1 && n.remaining == 0);
    store_QueueItem it;
    CHECK(store_order_get(db, o.number, &it) == STORE_OK);
    CHECK(it.row.order.serial == 2 && it.edition_size == 3);
    store_close(db);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM orders") == 3);
    remove_dir();
}

TEST(expired_hold_retaken_by_another_gets_next_free_serial)
{
    store_Db *db = open_edition(2);
    CHECK(db);
    store_Hold mine, theirs;
    CHECK(store_edition_hold(db, "disc", T0, &mine) == STORE_OK && mine.serial == 1);
    CHECK(store_edition_hold(db, "disc", T0 + 700, &theirs) == STORE_OK && theirs.serial == 1);
    model_Order o = sample_order("disc");
    snprintf(o.hold_token, sizeof o.hold_token, "%s", mine.token);
    CHECK(store_order_insert_at(db, &o, T0 + 710) == STORE_OK && o.serial == 2);
    /* The expired hold that nobody retook still sells its own serial. */
    store_close(db);
    remove_dir();
    db = open_edition(2);
    CHECK(db);
    CHECK(store_edition_hold(db, "disc", T0, &mine) == STORE_OK);
    model_Order late = sample_order("disc");
    snprintf(late.hold_token, sizeof late.hold_token, "%s", mine.token);
    CHECK(store_order_insert_at(db, &late, T0 + 900) == STORE_OK && late.serial == 1);
    store_close(db);
    remove_dir();
}

TEST(database_refuses_a_serial_sold_twice)
{
    store_Db *db = open_edition(2);
    CHECK(db);
    model_Order a = sample_order("disc"), b = sample_order("disc");
    CHECK(store_order_insert_at(db, &a, T0) == STORE_OK && store_order_insert_at(db, &b, T0) == STORE_OK);
    store_close(db);
    CHECK(sql_exec(dbpath, "UPDATE edition_serials SET order_id = 1001 WHERE serial = 2")
          == SQLITE_CONSTRAINT);
    CHECK(sql_exec(dbpath, "INSERT INTO edition_serials (edition_id, serial) VALUES (1, 1)")
          == SQLITE_CONSTRAINT);
    remove_dir();
}

TEST(edition_cannot_shrink_below_a_sold_serial)
{
    store_Db *db = open_edition(3);
    CHECK(db);
    model_Order a = sample_order("disc"), b = sample_order("disc");
    CHECK(store_order_insert_at(db, &a, T0) == STORE_OK && store_order_insert_at(db, &b, T0) == STORE_OK);
    const char *p = catalogue_variant("small.json", "\"id\": \"disc\",",
                                      "\"id\": \"disc\", \"edition\": { \"size\": 1 },");
    CHECK(p && store_catalogue_import(db, p) == STORE_ERR_INPUT);
    p = catalogue_variant("big.json", "\"id\": \"disc\",",
                          "\"id\": \"disc\", \"edition\": { \"size\": 5 },");
    CHECK(p && store_catalogue_import(db, p) == STORE_OK);
    store_EditionCount n;
    CHECK(store_edition_counts(db, "disc", T0, &n) == STORE_OK && n.size == 5 && n.remaining == 3);
    store_close(db);
    remove_dir();
}

typedef struct { int n; int64_t first; } Q;

static int count_queue(const store_QueueItem *it, void *user)
{
    Q *q = user;
    if (q->n++ == 0)
        q->first = it->row.order.number;
    return 0;
}

TEST(queue_advances_one_step_forward_only)
{
    store_Db *db = open_edition(3);
    CHECK(db);
    model_Order a = sample_order("heart"), b = sample_order("heart");
    CHECK(store_order_insert(db, &a) == STORE_OK && store_order_insert(db, &b) == STORE_OK);
    char to[STORE_STATUS_MAX];
    CHECK(store_order_advance(db, a.number, "engraving", to) == STORE_ERR_STATE);
    CHECK(store_order_advance(db, a.number, "queued", to) == STORE_OK && strcmp(to, "engraving") == 0);
    /* A second tap from a stale screen does not skip a step. */
    CHECK(store_order_advance(db, a.number, "queued", to) == STORE_ERR_STATE);
    CHECK(store_order_advance(db, a.number, NULL, to) == STORE_OK && strcmp(to, "ready") == 0);
    CHECK(store_order_advance(db, a.number, NULL, to) == STORE_OK && strcmp(to, "collected") == 0);
    CHECK(store_order_advance(db, a.number, NULL, to) == STORE_ERR_STATE);
    CHECK(store_order_advance(db, 99999, NULL, to) == STORE_NOTFOUND);
    Q q = { 0, 0 };
    CHECK(store_queue_each(db, count_queue, &q) == STORE_OK && q.n == 1 && q.first == b.number);
    CHECK(store_order_status_next("ready") && !store_order_status_next("collected"));
    store_close(db);
    remove_dir();
}

/* Applies an upstream editions change for the disc: `leases` JSON. */
static store_Status lease(store_Db *db, const char *leases, const char *cursor)
{
    char text[256];
    snprintf(text, sizeof text, "[{\"charm\":\"disc\",\"size\":10,\"leases\":%s}]", leases);
    cJSON *eds = cJSON_Parse(text);
    store_Changes ch = { NULL, NULL, eds, cursor, 1, NULL, 30, NULL, 0, 0, NULL, NULL };
    store_Status st = store_changes_apply(db, &ch, T0);
    cJSON_Delete(eds);
    return st;
}

TEST(leased_kiosk_sells_only_inside_its_leases)
{
    store_Db *db = open_edition(10);
    CHECK(db);
    store_EditionCount n;
    /* Never leased: the kiosk owns the whole run. */
    CHECK(store_edition_counts(db, "disc", T0, &n) == STORE_OK && n.remaining == 10);
    CHECKF(lease(db, "[{\"first\":3,\"last\":5}]", "1") == STORE_OK, "%s", store_errmsg(db));
    CHECK(store_edition_counts(db, "disc", T0, &n) == STORE_OK);
    CHECK(n.size == 10 && n.sold == 0 && n.remaining == 3);
    store_Hold h;
    CHECK(store_edition_hold(db, "disc", T0, &h) == STORE_OK && h.serial == 3);
    model_Order a = sample_order("disc"), b = sample_order("disc"), c = sample_order("disc");
    CHECK(store_order_insert_at(db, &a, T0) == STORE_OK && a.serial == 4);
    CHECK(store_order_insert_at(db, &b, T0) == STORE_OK && b.serial == 5);
    CHECK(store_order_insert_at(db, &c, T0) == STORE_ERR_SOLD_OUT);
    CHECK(store_edition_counts(db, "disc", T0, &n) == STORE_OK);
    CHECK(n.sold == 2 && n.held == 1 && n.remaining == 0);
    store_close(db);
    remove_dir();
}

TEST(new_leases_keep_sold_and_held_serials_and_none_means_none)
{
    store_Db *db = open_edition(10);
    CHECK(db);
    CHECK(lease(db, "[{\"first\":1,\"last\":2}]", "1") == STORE_OK);
    store_Hold h;
    model_Order a = sample_order("disc");
    CHECK(store_order_insert_at(db, &a, T0) == STORE_OK && a.serial == 1);
    CHECK(store_edition_hold(db, "disc", T0, &h) == STORE_OK && h.serial == 2);
    /* The upstream moves the lease: 1 stays sold, the held 2 is still sold
     * to its customer, new sales come from 8. */
    CHECK(lease(db, "[{\"first\":8,\"last\":8}]", "2") == STORE_OK);
    store_EditionCount n;
    CHECK(store_edition_counts(db, "disc", T0, &n) == STORE_OK);
    CHECK(n.sold == 1 && n.held == 1 && n.remaining == 1);
    model_Order b = sample_order("disc"), c = sample_order("disc");
    snprintf(b.hold_token, sizeof b.hold_token, "%s", h.token);
    CHECK(store_order_insert_at(db, &b, T0) == STORE_OK && b.serial == 2);
    CHECK(store_order_insert_at(db, &c, T0) == STORE_OK && c.serial == 8);
    /* An empty lease list: nothing more to sell here (not the whole run). */
    CHECK(lease(db, "[]", "3") == STORE_OK);
    model_Order d = sample_order("disc");
    CHECK(store_order_insert_at(db, &d, T0) == STORE_ERR_SOLD_OUT);
    CHECK(store_edition_hold(db, "disc", T0, &h) == STORE_ERR_SOLD_OUT);
    CHECK(store_edition_counts(db, "disc", T0, &n) == STORE_OK && n.remaining == 0 && n.sold == 3);
    /* A lease outside the edition is set aside with its reason and changes
     * nothing; the cursor moves past it. */
    CHECK(lease(db, "[{\"first\":9,\"last\":11}]", "4") == STORE_OK);
    store_QuarantineItem q;
    int nq = 0;
    CHECK(store_quarantine_list(db, STORE_QUARANTINE_OPEN, &q, 1, &nq) == STORE_OK && nq == 1);
    CHECKF(strstr(q.reason, "editions[0].leases[0]"), "%s", q.reason);
    CHECK(strcmp(q.kind, "edition") == 0 && strcmp(q.key, "disc") == 0);
    CHECK(store_edition_counts(db, "disc", T0, &n) == STORE_OK && n.remaining == 0);
    /* Numbers far beyond an int are refused the same way, never converted. */
    CHECK(lease(db, "[{\"first\":3.3e36,\"last\":5}]", "4b") == STORE_OK);
    CHECK(store_quarantine_list(db, STORE_QUARANTINE_OPEN, &q, 1, &nq) == STORE_OK && nq == 1);
    CHECKF(strstr(q.reason, "editions[0].leases[0]: expected"), "%s", q.reason);
    /* The next good lease for the disc resolves both. */
    CHECK(lease(db, "[]", "5") == STORE_OK);
    store_SyncStatus s;
    CHECK(store_sync_status(db, &s) == STORE_OK && s.quarantined == 0);
    store_close(db);
    CHECK(sql_int(dbpath, "SELECT cursor FROM sync_state") == 5);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sync_quarantine WHERE payload LIKE '%\"last\":11%'"
                          " AND resolved_at IS NOT NULL") == 1);
    remove_dir();
}

int main(void)
{
    RUN(catalogue_edition_makes_serials_and_loads_size);
    RUN(refuses_bad_edition_in_catalogue);
    RUN(hold_takes_lowest_free_serial_and_release_gives_it_back);
    RUN(hold_expires_by_the_clock_even_across_restart);
    RUN(order_takes_held_serial_in_its_transaction);
    RUN(expired_hold_retaken_by_another_gets_next_free_serial);
    RUN(database_refuses_a_serial_sold_twice);
    RUN(edition_cannot_shrink_below_a_sold_serial);
    RUN(queue_advances_one_step_forward_only);
    RUN(leased_kiosk_sells_only_inside_its_leases);
    RUN(new_leases_keep_sold_and_held_serials_and_none_means_none);
    return test_summary();
}
