/* editions.c — limited editions: numbered serials, holds, sales.
 *
 * An edition of N pieces has N rows in edition_serials, made when the
 * catalogue declares it; a row is free, held or sold:
 *   free   order_id NULL and (hold_token NULL or held_until <= now)
 *   held   order_id NULL, hold_token set, held_until > now
 *   sold   order_id set (never with a hold: a CHECK says so)
 * The primary key (edition_id, serial) means a serial exists once, and the
 * unique index on order_id that an order has one; so "no serial sold twice"
 * holds whoever writes. Taking a serial is an UPDATE of the lowest free row
 * inside BEGIN IMMEDIATE, so two kiosks cannot take the same one.
 *
 * A hold ends by the clock alone: every query compares held_until with
 * `now`, so a hold left by a crash is free again after STORE_HOLD_SECONDS
 * with nothing to clean up; store_holds_sweep only tidies the columns.
 *
 * An edition never shrinks below a serial already sold or held, and a charm
 * that stops declaring one keeps it (its pieces stay numbered).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "store/store_int.h"

/* The lease rule (store.h): serial s of edition e may be sold here. */
#define LEASED_SQL(e, s) \
    "(" e ".leased = 0 OR EXISTS (SELECT 1 FROM edition_leases l WHERE l.edition_id = " e ".id" \
    " AND " s ".serial BETWEEN l.first_serial AND l.last_serial))"

#define FREE_SERIAL_SQL \
    "SELECT s.serial FROM edition_serials s JOIN editions e ON e.id = s.edition_id" \
    " WHERE s.edition_id = ?1 AND s.order_id IS NULL" \
    " AND (s.hold_token IS NULL OR s.held_until <= ?2) AND " LEASED_SQL("e", "s") \
    " ORDER BY s.serial LIMIT 1"

/* The edition of a charm: *id 0 when it has none. */
static store_Status edition_of(store_Db *db, const char *charm_id, int64_t *id)
{
    *id = 0;
    sqlite3_stmt *st = store_prepare(db, "SELECT id FROM editions WHERE charm_id = ?1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, charm_id, -1, SQLITE_STATIC);
    return store_step_int(db, st, id, "cannot read the editions");
}

/* Runs a one-integer query with ?1 = a and ?2 = b; *v 0 when no row. */
static store_Status one_int(store_Db *db, const char *sql, int64_t a, int64_t b, int64_t *v)
{
    *v = 0;
    sqlite3_stmt *st = store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    return store_step_int(db, st, v, "cannot read the edition serials");
}

/* Runs an UPDATE/INSERT with ?1..?3 bound to a, b, c (c text, may be NULL). */
static store_Status run3(store_Db *db, const char *sql, int64_t a, int64_t b, const char *c,
                         const char *what)
{
    sqlite3_stmt *st = store_prepare(db, sql);
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    if (c)
        sqlite3_bind_text(st, 3, c, -1, SQLITE_STATIC);
    return store_step_done(db, st, what);
}

store_Status store_editions_write(store_Db *db, const model_Catalogue *cat)
{
    store_Status status = STORE_OK;
    for (int i = 0; status == STORE_OK && i < cat->n_charms; i++) {
        const model_Charm *c = &cat->charms[i];
        int64_t id = 0, used = 0;
        if (c->edition_size <= 0)
            continue;
        status = edition_of(db, c->id, &id);
        if (status == STORE_OK && id)
            status = one_int(db, "SELECT coalesce(max(serial), 0) FROM edition_serials"
                                 " WHERE edition_id = ?1 AND (order_id IS NOT NULL OR"
                                 " (hold_token IS NOT NULL AND ?2))", id, 1, &used);
        if (status == STORE_OK && used > c->edition_size)
            status = store_fail(db, STORE_ERR_INPUT,
                                "charm '%s': edition size %d is below serial %lld, already"
                                " sold or held", c->id, c->edition_size, (long long)used);
        sqlite3_stmt *st = status ? NULL : store_prepare(db,
            "INSERT INTO editions (charm_id, size) VALUES (?1, ?2)"
            " ON CONFLICT (charm_id) DO UPDATE SET size = excluded.size");
        if (!st) {
            status = status ? status : STORE_ERR;
            break;
        }
        sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, c->edition_size);
        if (sqlite3_step(st) != SQLITE_DONE)
            status = store_fail_sql(db, "cannot write the editions");
        sqlite3_finalize(st);
        if (status == STORE_OK)
            status = edition_of(db, c->id, &id);
        if (status == STORE_OK)
            status = run3(db, "DELETE FROM edition_serials WHERE edition_id = ?1"
                              " AND serial > ?2", id, c->edition_size, NULL,
                          "cannot write the editions");
        if (status == STORE_OK)
            status = run3(db, "WITH RECURSIVE n(serial) AS (SELECT 1 UNION ALL"
                              "  SELECT serial + 1 FROM n WHERE serial < ?2)"
                              " INSERT OR IGNORE INTO edition_serials (edition_id, serial)"
                              " SELECT ?1, serial FROM n", id, c->edition_size, NULL,
                          "cannot write the editions");
    }
    return status;
}

store_Status store_edition_hold(store_Db *db, const char *charm_id, int64_t now,
                                store_Hold *hold)
{
    int64_t id = 0, serial = 0;
    unsigned char raw[(MODEL_HOLD_TOKEN_MAX - 1) / 2];
    memset(hold, 0, sizeof *hold);
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    store_Status status = store_begin(db);
    if (status != STORE_OK)
        return status;
    status = edition_of(db, charm_id, &id);
    if (status == STORE_OK && !id)
        status = store_fail(db, STORE_NOTFOUND, "charm '%s' is not a limited edition", charm_id);
    if (status == STORE_OK)
        status = one_int(db, FREE_SERIAL_SQL, id, now, &serial);
    if (status == STORE_OK && !serial)
        status = store_fail(db, STORE_ERR_SOLD_OUT, "the edition of '%s' is sold out", charm_id);
    if (status == STORE_OK) {
        randombytes_buf(raw, sizeof raw);
        sodium_bin2hex(hold->token, sizeof hold->token, raw, sizeof raw);
        hold->serial = (int)serial;
        hold->until = now + STORE_HOLD_SECONDS;
        sqlite3_stmt *st = store_prepare(db,
            "UPDATE edition_serials SET hold_token = ?3, held_until = ?4"
            " WHERE edition_id = ?1 AND serial = ?2");
        status = st ? STORE_OK : STORE_ERR;
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, serial);
            sqlite3_bind_text(st, 3, hold->token, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 4, hold->until);
            if (sqlite3_step(st) != SQLITE_DONE)
                status = store_fail_sql(db, "cannot hold a serial");
            sqlite3_finalize(st);
        }
    }
    status = store_end(db, status);
    if (status != STORE_OK)
        memset(hold, 0, sizeof *hold);
    return status;
}

store_Status store_edition_release(store_Db *db, const char *token)
{
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    if (!token || !*token)
        return STORE_OK;
    sqlite3_stmt *st = store_prepare(db,
        "UPDATE edition_serials SET hold_token = NULL, held_until = NULL"
        " WHERE hold_token = ?1 AND order_id IS NULL");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
    return store_step_done(db, st, "cannot release the hold");
}

store_Status store_holds_sweep(store_Db *db, int64_t now, int *swept)
{
    if (swept)
        *swept = 0;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    store_Status status = run3(db, "UPDATE edition_serials SET hold_token = NULL,"
                                   " held_until = NULL WHERE hold_token IS NOT NULL"
                                   " AND held_until <= ?1 AND ?2", now, 1, NULL,
                               "cannot release the ended holds");
    if (status == STORE_OK && swept)
        *swept = sqlite3_changes(db->sql);
    return status;
}

store_Status store_edition_take(store_Db *db, const char *charm_id, const char *hold_token,
                                int64_t number, int64_t now, int *serial)
{
    int64_t id = 0, s = 0;
    *serial = 0;
    store_Status status = edition_of(db, charm_id, &id);
    if (status != STORE_OK || !id)
        return status;
    if (hold_token && hold_token[0]) {
        sqlite3_stmt *st = store_prepare(db,
            "SELECT serial FROM edition_serials WHERE edition_id = ?1 AND hold_token = ?2"
            " AND order_id IS NULL");
        if (!st)
            return STORE_ERR;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, hold_token, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            s = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return store_fail_sql(db, "cannot read the edition serials");
    }
    if (!s)     /* no hold, or it ran out and someone else holds it now */
        status = one_int(db, FREE_SERIAL_SQL, id, now, &s);
    if (status == STORE_OK && !s)
        return store_fail(db, STORE_ERR_SOLD_OUT, "the edition of '%s' is sold out", charm_id);
    if (status != STORE_OK)
        return status;
    sqlite3_stmt *st = store_prepare(db,
        "UPDATE edition_serials SET order_id = ?3, hold_token = NULL, held_until = NULL"
        " WHERE edition_id = ?1 AND serial = ?2");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, s);
    sqlite3_bind_int64(st, 3, number);
    status = store_step_done(db, st, "cannot take a serial");
    if (status == STORE_OK)
        *serial = (int)s;
    return status;
}

#define COUNT_SQL \
    "SELECT e.charm_id, e.size," \
    "  sum(s.order_id IS NOT NULL)," \
    "  sum(s.order_id IS NULL AND s.hold_token IS NOT NULL AND s.held_until > ?2)," \
    "  sum(s.order_id IS NULL AND (s.hold_token IS NULL OR s.held_until <= ?2) AND " \
    LEASED_SQL("e", "s") ")" \
    " FROM editions e JOIN edition_serials s ON s.edition_id = e.id" \
    " JOIN charms c ON c.id = e.charm_id"

static void count_row(sqlite3_stmt *st, store_EditionCount *out)
{
    memset(out, 0, sizeof *out);
    store_column_text(st, 0, out->charm_id, sizeof out->charm_id);
    out->size = sqlite3_column_int(st, 1);
    out->sold = sqlite3_column_int(st, 2);
    out->held = sqlite3_column_int(st, 3);
    out->remaining = sqlite3_column_int(st, 4);   /* free and leased here */
}

store_Status store_edition_counts(store_Db *db, const char *charm_id, int64_t now,
                                  store_EditionCount *out)
{
    memset(out, 0, sizeof *out);
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    sqlite3_stmt *st = store_prepare(db, COUNT_SQL " WHERE e.charm_id = ?1 GROUP BY e.id");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, charm_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    store_Status status = STORE_OK;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        count_row(st, out);
    else if (rc == SQLITE_DONE)
        status = store_fail(db, STORE_NOTFOUND, "charm '%s' is not a limited edition", charm_id);
    else
        status = store_fail_sql(db, "cannot read the editions");
    sqlite3_finalize(st);
    return status;
}

store_Status store_editions_each(store_Db *db, int64_t now, store_EditionFn fn, void *user)
{
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    sqlite3_stmt *st = store_prepare(db, COUNT_SQL
        " WHERE ?1 IS NULL GROUP BY e.id ORDER BY c.sort, e.charm_id");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int64(st, 2, now);
    store_EditionCount e;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        count_row(st, &e);
        if (fn(&e, user) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    store_Status status = STORE_OK;
    if (rc != SQLITE_DONE)
        status = store_fail_sql(db, "cannot read the editions");
    sqlite3_finalize(st);
    return status;
}

store_Status store_edition_leases_set(store_Db *db, const char *charm_id, const int *first,
                                      const int *last, int n, const char *where, int *found)
{
    int64_t id = 0, size = 0;
    *found = 0;
    store_Status status = edition_of(db, charm_id, &id);
    if (status != STORE_OK || !id)
        return status;
    status = one_int(db, "SELECT size FROM editions WHERE id = ?1 AND ?2", id, 1, &size);
    for (int i = 0; status == STORE_OK && i < n; i++)
        if (first[i] < 1 || last[i] < first[i] || last[i] > size)
            status = store_fail(db, STORE_ERR_INPUT,
                                "%s.leases[%d]: expected 1 <= first <= last <= %lld (the"
                                " edition of '%s')", where, i, (long long)size, charm_id);
    /* Replaced whole: serials already sold or held are rows of their own
     * (edition_serials) and stay as they are, inside a lease or not. */
    if (status == STORE_OK)
        status = run3(db, "DELETE FROM edition_leases WHERE edition_id = ?1 AND ?2", id, 1, NULL,
                      "cannot write the edition leases");
    for (int i = 0; status == STORE_OK && i < n; i++) {
        sqlite3_stmt *st = store_prepare(db, "INSERT INTO edition_leases (edition_id,"
                                             " first_serial, last_serial) VALUES (?1, ?2, ?3)");
        if (!st)
            return STORE_ERR;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, first[i]);
        sqlite3_bind_int(st, 3, last[i]);
        if (sqlite3_step(st) != SQLITE_DONE)
            status = store_fail_sql(db, "cannot write the edition leases");
        sqlite3_finalize(st);
    }
    if (status == STORE_OK)
        status = run3(db, "UPDATE editions SET leased = 1 WHERE id = ?1 AND ?2", id, 1, NULL,
                      "cannot write the edition leases");
    if (status == STORE_OK)
        *found = 1;
    return status;
}
