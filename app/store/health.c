/* health.c — can this database take orders? (see store.h, store_health).
 *
 * A counter whose database cannot be written (a read-only file or file
 * system, a full or failing disk) or is damaged must not let a customer
 * choose, engrave and confirm only to be told the order was not recorded.
 * The kiosk asks here at start and after a write failed; kioskctl health
 * reports the same answers to the operator. The probe is a real write, not
 * a guess from file modes: root ignores modes, an immutable file or a
 * read-only mount does not show in them, and a full disk shows only when
 * written.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

static int read_int(store_Db *db, const char *sql, int64_t *v)
{
    sqlite3_stmt *st = NULL;
    int rc;
    *v = -1;
    if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return -1;
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* A write that changes nothing: user_version set to its own value, in a
 * write transaction that commits. 1 when it went through; else 0 with
 * SQLite's words in why. */
static int probe_write(store_Db *db, int version, char why[STORE_HEALTH_MSG_MAX])
{
    char sql[64];
    if (sqlite3_db_readonly(db->sql, "main") == 1) {
        snprintf(why, STORE_HEALTH_MSG_MAX, "the database file is read-only for this process");
        return 0;
    }
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version);
    if (sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(why, STORE_HEALTH_MSG_MAX, "%s", sqlite3_errmsg(db->sql));
        store_rollback(db);
        return 0;
    }
    return 1;
}

/* PRAGMA quick_check: "ok", or its first line of damage, or the error that
 * stopped it (a page too damaged to read at all). */
static int quick_check(store_Db *db, char out[STORE_HEALTH_MSG_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc, ok = 0;
    snprintf(out, STORE_HEALTH_MSG_MAX, "no answer from PRAGMA quick_check");
    if (sqlite3_prepare_v2(db->sql, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
        snprintf(out, STORE_HEALTH_MSG_MAX, "%s", sqlite3_errmsg(db->sql));
        sqlite3_finalize(st);
        return 0;
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        static const char header[] = "*** in database main ***\n";
        if (line && strncmp(line, header, sizeof header - 1) == 0) line += sizeof header - 1;
        snprintf(out, STORE_HEALTH_MSG_MAX, "%s", line ? line : "");
        ok = line && strcmp(line, "ok") == 0;
    } else {
        snprintf(out, STORE_HEALTH_MSG_MAX, "%s", sqlite3_errmsg(db->sql));
    }
    sqlite3_finalize(st);
    return ok;
}

store_Status store_health(store_Db *db, int check_integrity, store_Health *out)
{
    int64_t v;
    store_SyncStatus sync;
    char saved[sizeof db->err];
    memset(out, 0, sizeof *out);
    out->schema_version = -1;
    out->pending = -1;
    if (!db || !db->sql)
        return db ? store_fail(db, STORE_ERR, "the database is not open") : STORE_ERR;
    memcpy(saved, db->err, sizeof saved);
    if (read_int(db, "PRAGMA user_version", &v) == 0) out->schema_version = (int)v;
    out->intact = 1;
    snprintf(out->integrity, sizeof out->integrity, "not checked");
    if (check_integrity) {
        out->checked = 1;
        out->intact = quick_check(db, out->integrity);
    }
    out->writable = out->schema_version >= 0 &&
                    probe_write(db, out->schema_version, out->write_error);
    if (out->schema_version < 0)
        snprintf(out->write_error, sizeof out->write_error, "the schema version cannot be read");
    if (store_sync_status(db, &sync) == STORE_OK) out->pending = sync.pending;
    memcpy(db->err, saved, sizeof saved);
    return STORE_OK;
}

int store_health_ok(const store_Health *h)
{
    return h->writable && h->intact && h->schema_version == STORE_SCHEMA_VERSION;
}
