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

#define STORE_SCHEMA_VERSION 2

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

/* ---- upstream sync: catalogue from JSON, outbox, sync state ------------- */

/* The store never includes cJSON's header in its face; callers that pass
 * parsed JSON include <cJSON.h> themselves. */
struct cJSON;

/* Like store_catalogue_import, from an already-parsed document (`root`,
 * borrowed) or from text (`text`, `len` bytes, borrowed; need not be
 * NUL-terminated). `source` names the document in messages ("upstream
 * changes") as the file name does for store_catalogue_import. Same
 * validation, same all-or-nothing write. */
store_Status store_catalogue_import_json(store_Db *db, const struct cJSON *root,
                                         const char *source);
store_Status store_catalogue_import_text(store_Db *db, const char *text, size_t len,
                                         const char *source);

#define STORE_REASON_MAX     160    /* bytes of an upstream rejection reason */
#define STORE_SYNC_ERROR_MAX 256    /* bytes of sync_state.last_error */
#define STORE_CURSOR_MAX     128    /* bytes of the changes cursor, with the NUL */

/* Every confirmed order has one outbox row, written in the order's own
 * transaction (store_order_insert). It is pending until the upstream
 * answers for it: accepted or duplicate -> sent, rejected -> rejected. */
typedef enum {
    STORE_OUTBOX_SENT,      /* the upstream holds it (accepted or duplicate) */
    STORE_OUTBOX_REJECTED,  /* the upstream refused it for good; see reason */
    STORE_OUTBOX_RETRY      /* no answer for it: stays pending, attempts + 1 */
} store_Outcome;

typedef struct {
    char uuid[37];
    store_Outcome outcome;
    char reason[STORE_REASON_MAX];  /* REJECTED: the upstream's words; else "" */
} store_OutboxResult;

/* Fills rows[0..max) (caller-owned) with the pending orders whose
 * next_attempt <= now, oldest first; *n is how many. now = INT64_MAX takes
 * every pending order (an operator's `sync-now`). */
store_Status store_outbox_pending(store_Db *db, int64_t now, store_OrderRow *rows, int max,
                                  int *n);

/* Settles a batch in one BEGIN IMMEDIATE transaction: SENT and REJECTED
 * rows leave pending (settled_at = now); RETRY rows count an attempt and
 * wait until retry_at. Rows that are not pending (already settled by an
 * earlier answer) and unknown UUIDs are left alone. `results` is borrowed. */
store_Status store_outbox_settle(store_Db *db, const store_OutboxResult *results, int n,
                                 int64_t now, int64_t retry_at);

/* What `kioskctl sync-status` and staff mode show, read from the database. */
typedef struct {
    int64_t pending, sent, rejected;    /* outbox rows by state */
    int64_t last_success;   /* Unix seconds of the last successful exchange; 0 never */
    int64_t last_attempt;   /* of the last exchange, successful or not; 0 never */
    int64_t last_error_at;  /* of the last failure; 0 never */
    char last_error[STORE_SYNC_ERROR_MAX]; /* "" unless the last exchange failed */
    char cursor[STORE_CURSOR_MAX];          /* "" before the first changes */
} store_SyncStatus;

/* Fills *out (caller-owned). */
store_Status store_sync_status(store_Db *db, store_SyncStatus *out);

/* Records the outcome of one exchange with the upstream at `now`: error
 * NULL is a success (last_success = now, last_error cleared), else
 * last_error = error, truncated; it must hold no personal data (borrowed). */
store_Status store_sync_record(store_Db *db, int64_t now, const char *error);

/* One answer of GET /v1/changes, all borrowed. */
typedef struct {
    const struct cJSON *catalogue;     /* a catalogue.json document, or NULL: unchanged */
    const struct cJSON *appointments;  /* array of objects, or NULL */
    const struct cJSON *editions;      /* array of objects, or NULL */
    const char *cursor;                /* the new cursor: 1..STORE_CURSOR_MAX-1 bytes */
} store_Changes;

#define STORE_CHANGES_ITEMS_MAX 1000   /* appointments + editions in one answer */

/* Applies `ch` in one transaction together with the new cursor: the
 * catalogue through the same validation as store_catalogue_import (a bad
 * one changes nothing, STORE_ERR_INPUT naming the field); appointments and
 * editions are kept raw in sync_inbox until their tables exist (a later
 * schema step). Every item must be an object. */
store_Status store_changes_apply(store_Db *db, const store_Changes *ch, int64_t now);

#endif
