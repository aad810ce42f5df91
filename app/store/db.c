/* db.c — opening the database: connection, pragmas, the handle's message.
 *
 * Every connection runs with the same pragmas: WAL (readers never block the
 * writer, so kioskctl and the sync daemon can read while the kiosk writes),
 * busy_timeout so a writer waits its turn instead of failing, foreign keys
 * on (they are off by default in SQLite, per connection), synchronous=NORMAL
 * which is durable in WAL mode except for the last commits before a power
 * cut; orders raise it to FULL around their own commit (orders.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "store/store_int.h"

static store_Status fail_v(store_Db *db, store_Status st, store_Field field, const char *fmt,
                           va_list ap)
{
    vsnprintf(db->err, sizeof db->err, fmt, ap);
    db->err_field = field;
    return st;
}

store_Status store_fail(store_Db *db, store_Status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    st = fail_v(db, st, STORE_FIELD_NONE, fmt, ap);
    va_end(ap);
    return st;
}

store_Status store_fail_field(store_Db *db, store_Status st, store_Field field,
                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    st = fail_v(db, st, field, fmt, ap);
    va_end(ap);
    return st;
}

store_Status store_fail_sql(store_Db *db, const char *what)
{
    const char *why = db->sql ? sqlite3_errmsg(db->sql) : "no connection";
    return store_fail(db, STORE_ERR, "%s: %s", what, why);
}

store_Status store_exec(store_Db *db, const char *sql, const char *what)
{
    if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_fail_sql(db, what);
    return STORE_OK;
}

store_Status store_step_int(store_Db *db, sqlite3_stmt *st, int64_t *v, const char *what)
{
    int rc = sqlite3_step(st);
    *v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail_sql(db, what);
    return STORE_OK;
}

store_Status store_step_done(store_Db *db, sqlite3_stmt *st, const char *what)
{
    store_Status status = STORE_OK;
    if (sqlite3_step(st) != SQLITE_DONE)
        status = store_fail_sql(db, what);
    sqlite3_finalize(st);
    return status;
}

store_Status store_end(store_Db *db, store_Status status)
{
    if (status == STORE_OK)
        return store_commit(db);
    store_rollback(db);
    return status;
}

store_Status store_begin(store_Db *db)
{
    return store_exec(db, "BEGIN IMMEDIATE", "cannot start a write transaction");
}

store_Status store_commit(store_Db *db)
{
    return store_exec(db, "COMMIT", "cannot commit");
}

void store_rollback(store_Db *db)
{
    /* Fails harmlessly when SQLite already rolled back (e.g. SQLITE_FULL). */
    if (sqlite3_get_autocommit(db->sql) == 0)
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *store_prepare(store_Db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK) {
        store_fail_sql(db, "cannot prepare a query");
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

void store_column_text(sqlite3_stmt *st, int col, char *dst, size_t cap)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    snprintf(dst, cap, "%s", s ? (const char *)s : "");
}

/* Creates the directories above `path` (like mkdir -p of its dirname), so a
 * fresh checkout can open var/kiosk.db. 0 ok, -1 with errno. */
static int make_parent_dirs(const char *path)
{
    char dir[4096];
    if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; ; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(dir, 0750) != 0 && errno != EEXIST)
            return -1;
        *p = c;
        if (c == '\0')
            break;
    }
    return 0;
}

/* Applies the per-connection pragmas and checks the file is a database
 * (SQLite only reads the header on first use, so this is where a text file
 * posing as the database is caught). */
static store_Status configure(store_Db *db, const char *path)
{
    sqlite3_busy_timeout(db->sql, STORE_BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db->sql, 1);

    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->sql, "PRAGMA journal_mode=WAL", -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return store_fail_sql(db, "cannot open the database");
    }
    int rc = sqlite3_step(st);
    char mode[16] = "";
    if (rc == SQLITE_ROW)
        store_column_text(st, 0, mode, sizeof mode);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return store_fail_sql(db, "cannot open the database");
    if (strcmp(mode, "wal") != 0 && strcmp(path, ":memory:") != 0)
        return store_fail(db, STORE_ERR,
                          "cannot switch the database to WAL mode (got '%s')", mode);

    if (store_exec(db, "PRAGMA foreign_keys=ON", "cannot enable foreign keys") ||
        store_exec(db, "PRAGMA synchronous=NORMAL", "cannot set synchronous"))
        return STORE_ERR;
    return STORE_OK;
}

store_Status store_open(const char *path, store_Db **out)
{
    store_Status status = STORE_ERR;
    store_Db *db = calloc(1, sizeof *db);
    *out = db;
    if (!db)
        return STORE_ERR;

    if (sodium_init() < 0) {
        store_fail(db, STORE_ERR, "cannot initialise libsodium (random numbers)");
        goto fail;
    }
    if (!path || !*path) {
        status = store_fail(db, STORE_ERR_INPUT, "no database path given");
        goto fail;
    }
    if (strcmp(path, ":memory:") != 0 && make_parent_dirs(path) != 0) {
        store_fail(db, STORE_ERR, "cannot create the directory for the database: %s",
                   strerror(errno));
        goto fail;
    }
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db->sql, flags, NULL) != SQLITE_OK) {
        store_fail_sql(db, "cannot open the database");
        goto fail;
    }
    status = configure(db, path);
    if (status != STORE_OK)
        goto fail;
    status = store_migrate(db);
    if (status != STORE_OK)
        goto fail;
    return STORE_OK;

fail:
    /* The handle stays usable for store_errmsg; its connection is closed so
     * that no later call touches a half-configured database. */
    if (db && db->sql) {
        sqlite3_close(db->sql);
        db->sql = NULL;
    }
    return status;
}

void store_close(store_Db *db)
{
    if (!db)
        return;
    sqlite3_close(db->sql);     /* accepts NULL; all statements are finalized */
    free(db);
}

const char *store_errmsg(const store_Db *db)
{
    if (!db)
        return "out of memory";
    return db->err[0] ? db->err : "no error";
}

const char *store_path(const store_Db *db)
{
    return db && db->sql ? sqlite3_db_filename(db->sql, "main") : NULL;
}

store_Field store_errfield(const store_Db *db)
{
    return db ? db->err_field : STORE_FIELD_NONE;
}
