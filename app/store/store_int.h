/* store_int.h — what the store's files share; not part of the store's face.
 *
 * Message convention: store_errmsg never names the database file (the
 * caller knows it and prefixes it); it names what is wrong in operator words.
 */
#ifndef STORE_INT_H
#define STORE_INT_H

#include <sqlite3.h>

#include "store/store.h"

/* Hard caps of the store, named in one place. */
#define STORE_ERRMSG_MAX        512
#define STORE_BUSY_TIMEOUT_MS   5000
#define STORE_CATALOGUE_MAX_BYTES (1024 * 1024)   /* catalogue.json */
#define STORE_FIRST_ORDER_NUMBER 1001

struct store_Db {
    sqlite3 *sql;                       /* NULL when the open failed */
    char err[STORE_ERRMSG_MAX];
};

/* Sets the handle's message (printf-style); returns `st` for tail calls. */
store_Status store_fail(store_Db *db, store_Status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sets the message to "<what>: <sqlite's message>" and returns STORE_ERR. */
store_Status store_fail_sql(store_Db *db, const char *what);

/* Runs SQL without parameters (pragmas, BEGIN/COMMIT, DDL). */
store_Status store_exec(store_Db *db, const char *sql, const char *what);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (rollback keeps the current message). */
store_Status store_begin(store_Db *db);
store_Status store_commit(store_Db *db);
void store_rollback(store_Db *db);

/* Prepares sql; on failure sets the message and returns NULL. */
sqlite3_stmt *store_prepare(store_Db *db, const char *sql);

/* Copies column `col` of the current row into dst (truncating, NUL-ended). */
void store_column_text(sqlite3_stmt *st, int col, char *dst, size_t cap);

/* Brings the schema to STORE_SCHEMA_VERSION (migrate.c). */
store_Status store_migrate(store_Db *db);

/* text.c. 1 when s is well-formed UTF-8 (no overlongs, no surrogates). */
int store_utf8_valid(const char *s);

/* Code points in a well-formed UTF-8 string. */
int store_utf8_count(const char *s);

/* Known engraving layout and charm shape names: they mirror
 * eng_layout_parse and eng_charm_shape_parse (engraving/), which the store
 * may not link (see ARCHITECTURE.md). 1 known, 0 not. */
int store_layout_known(const char *name);
int store_shape_known(const char *name);

/* catalogue_import.c, shared with changes.c: validates `root` (borrowed)
 * into *cat (caller-owned), touching nothing; messages name `source`. */
store_Status store_catalogue_parse(store_Db *db, const struct cJSON *root, const char *source,
                                   model_Catalogue *cat);

/* Writes a validated catalogue; the caller holds the write transaction. */
store_Status store_catalogue_write(store_Db *db, const model_Catalogue *cat);

/* outbox.c: the outbox row of a new order; the caller holds the order's
 * write transaction. */
store_Status store_outbox_add(store_Db *db, const char *uuid);

#endif
