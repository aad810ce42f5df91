/* store.h — the only SQLite code: schema, migrations, catalogue, orders.
 *
 * One store_Db per process/thread. The database runs in WAL mode with a
 * busy_timeout so the kiosk, kioskctl and (later) the sync daemon can share
 * it; writes use BEGIN IMMEDIATE; an order commits with synchronous=FULL.
 * The schema version is PRAGMA user_version; store_open migrates any earlier
 * version forward, one step at a time, each step in its own transaction.
 *
 * Errors: functions return a store_Status; the human message is on the handle
 * (store_errmsg), in the words of an operator, naming what is wrong.
 */
#ifndef STORE_H
#define STORE_H

#include "model/catalogue.h"

typedef enum {
    STORE_OK = 0,
    STORE_ERR,          /* SQLite or I/O failure; see store_errmsg */
    STORE_ERR_INPUT,    /* bad input (catalogue JSON, order fields) */
    STORE_NOTFOUND
} store_Status;

typedef struct store_Db store_Db;

#define STORE_SCHEMA_VERSION 1

/* Opens (creating if needed) the database at `path` and migrates it to
 * STORE_SCHEMA_VERSION. Always sets *out to a handle (NULL only on OOM) so
 * that store_errmsg(*out) can explain a failure; close it in both cases. */
store_Status store_open(const char *path, store_Db **out);
void store_close(store_Db *db);          /* accepts NULL */
const char *store_errmsg(const store_Db *db);

/* Loads the catalogue JSON file (format: README "Catalogue") into the
 * database, replacing the previous catalogue, in one transaction. A bad file
 * changes nothing and the message names the field at fault. */
store_Status store_catalogue_import(store_Db *db, const char *json_path);

/* 1 when the database holds a catalogue, 0 when not, -1 on error. */
int store_catalogue_present(store_Db *db);

/* Fills *out (caller-owned) with the catalogue, sorted by each item's sort. */
store_Status store_catalogue_load(store_Db *db, model_Catalogue *out);

/* Inserts a confirmed order in one transaction with synchronous=FULL. The
 * store gives it a fresh UUID v4 (libsodium randombytes), its number and
 * created_at, written back into *order. */
store_Status store_order_insert(store_Db *db, model_Order *order);

/* Calls fn for each order, oldest first; a non-zero return from fn stops the
 * walk (and is not an error). */
typedef int (*store_OrderFn)(const model_Order *order, void *user);
store_Status store_orders_each(store_Db *db, store_OrderFn fn, void *user);

/* ---- additions (store implementation) ---------------------------------- */

/* Notes on the contracts above:
 * - store_errmsg never names the database file: callers know it and prefix
 *   it ("var/kiosk.db: ..."). Catalogue messages name the JSON file.
 * - store_catalogue_load returns STORE_NOTFOUND when no catalogue was
 *   imported yet.
 * - store_order_insert refuses (STORE_ERR_INPUT) ids the catalogue does not
 *   hold or no longer offers, unknown layouts, text that is not UTF-8 or
 *   holds control characters other than '\n', negative prices and currencies
 *   that are not 3 capital letters; *order is unchanged on failure. */

#define STORE_STATUS_MAX 16     /* bytes of an order status, with the NUL */

/* An order with what the store adds around it (more fields come with the
 * staff order queue). */
typedef struct {
    model_Order order;
    char status[STORE_STATUS_MAX];  /* "queued" when inserted */
} store_OrderRow;

/* Like store_orders_each, with the store's own columns. The row is
 * borrowed for the duration of the call. */
typedef int (*store_OrderRowFn)(const store_OrderRow *row, void *user);
store_Status store_order_rows_each(store_Db *db, store_OrderRowFn fn, void *user);

#endif
