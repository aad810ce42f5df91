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

#define STORE_KEY_BYTES         32      /* crypto_secretbox_KEYBYTES */

struct store_Db {
    sqlite3 *sql;                       /* NULL when the open failed */
    char err[STORE_ERRMSG_MAX];
    store_Field err_field;              /* store_errfield; NONE unless store_fail_field */
    unsigned char key[STORE_KEY_BYTES]; /* personal-data key (crypto.c), once key_ready */
    int key_ready;
    store_FontCheckFn font_check;       /* store_set_font_check; NULL: none */
    void *font_check_user;
};

/* Sets the handle's message (printf-style); returns `st` for tail calls. */
store_Status store_fail(store_Db *db, store_Status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* store_fail for a failure about one field of the caller's input. */
store_Status store_fail_field(store_Db *db, store_Status st, store_Field field,
                              const char *fmt, ...) __attribute__((format(printf, 4, 5)));

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

/* Steps st (bound) once and finalizes it: *v is the first column of the
 * row, 0 when there is none. On failure: "<what>: <sqlite's message>". */
store_Status store_step_int(store_Db *db, sqlite3_stmt *st, int64_t *v, const char *what);

/* Steps st (a bound INSERT/UPDATE/DELETE) to its end and finalizes it. On
 * failure: "<what>: <sqlite's message>". */
store_Status store_step_done(store_Db *db, sqlite3_stmt *st, const char *what);

/* Ends the transaction store_begin opened: COMMIT when status is STORE_OK
 * (returning how that went), else ROLLBACK, returning status. */
store_Status store_end(store_Db *db, store_Status status);

/* Copies column `col` of the current row into dst (truncating, NUL-ended). */
void store_column_text(sqlite3_stmt *st, int col, char *dst, size_t cap);

/* The order columns every order query selects first, in this order: id,
 * uuid, charm_id, finish_id, text, font_id, layout, price_minor, currency,
 * created_at, status (STORE_ORDER_COLUMNS). Fills *o (zeroed first) and
 * status (STORE_STATUS_MAX); the caller reads its own columns after. */
#define STORE_ORDER_COLUMNS \
    "o.id, o.uuid, o.charm_id, o.finish_id, o.text, o.font_id, o.layout," \
    " o.price_minor, o.currency, o.created_at, o.status"
void store_order_from_row(sqlite3_stmt *st, model_Order *o, char *status);

/* SQL over an appointments row aliased `a`: cancelled upstream after the
 * customer arrived (local progress won; changes.c), and what staff must
 * act on (that, or not placed), until they mark it dealt with
 * (acknowledged_at). The listing, the acknowledgement and the sync status
 * share these, so they cannot disagree. */
#define STORE_SQL_CANCEL_CONFLICT \
    "(a.upstream_cancelled_at IS NOT NULL" \
    " AND a.status IN ('checked-in', 'in-session', 'completed'))"
/* When row `a` ends: a row without ends_at (a local booking from before
 * schema v8, until store_appointments_fill_ends) counts as 30 minutes, as
 * in the v8 triggers. */
#define STORE_SQL_APPT_ENDS "coalesce(a.ends_at, a.slot_at + 1800)"
#define STORE_SQL_APPT_PROBLEM \
    "(a.status = 'not-placed' OR " STORE_SQL_CANCEL_CONFLICT ")"

/* Brings the schema to STORE_SCHEMA_VERSION (migrate.c). */
store_Status store_migrate(store_Db *db);

/* text.c. 1 when s is well-formed UTF-8 (no overlongs, no surrogates). */
int store_utf8_valid(const char *s);

/* The first bidirectional embedding, override or isolate control
 * (U+202A-U+202E, U+2066-U+2069) in well-formed UTF-8 s, or 0. */
int store_text_bidi_control(const char *s);

/* Code points in a well-formed UTF-8 string. */
int store_utf8_count(const char *s);

/* Known engraving layout and charm shape names: they mirror
 * eng_layout_parse and eng_charm_shape_parse (engraving/), which the store
 * may not link (see ARCHITECTURE.md). 1 known, 0 not. */
int store_layout_known(const char *name);

/* Matching pieces (pieces.c): checked, then written, inside the order's
 * write transaction. */
store_Status store_pieces_check(store_Db *db, const model_Order *o);
store_Status store_pieces_insert(store_Db *db, const model_Order *o);
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

/* ---- staff mode (schema v3) ---- */

/* crypto.c: seals the string `plain` as nonce || secretbox into *out
 * (malloc, transferred) of *out_len bytes; opens it back into dst (cap
 * bytes, NUL-ended; STORE_ERR when it does not authenticate). Both load
 * the key first. Messages never quote the data. */
store_Status store_seal(store_Db *db, const char *plain, unsigned char **out, size_t *out_len);
store_Status store_unseal(store_Db *db, const void *sealed, size_t len, char *dst, size_t cap);

/* editions.c, for orders.c inside the order's write transaction: gives
 * order `number` a serial of its charm's edition (none: *serial = 0),
 * taking the held one when hold_token is set (see store.h). */
store_Status store_edition_take(store_Db *db, const char *charm_id, const char *hold_token,
                                int64_t number, int64_t now, int *serial);

/* editions.c, for store_catalogue_write: the charms' editions (size > 0)
 * created or grown; a size below a serial already sold or held refused. */
store_Status store_editions_write(store_Db *db, const model_Catalogue *cat);

/* 1 when s is 1..cap-1 bytes of UTF-8 without control characters (a
 * newline allowed when multiline). */
int store_text_ok(const char *s, size_t cap, int multiline);

/* editions.c, for store_changes_apply inside its transaction: replaces the
 * leases of the charm's edition with the n ranges first[i]..last[i] and
 * marks it leased (store.h). *found 0 (nothing written) when the charm has
 * no edition here. A range outside 1..size is STORE_ERR_INPUT; `where`
 * names the item in messages ("upstream changes: editions[2]"). */
store_Status store_edition_leases_set(store_Db *db, const char *charm_id, const int *first,
                                      const int *last, int n, const char *where, int *found);

/* changes.c: upserts upstream appointments (`arr`, borrowed) sealed; see
 * store_changes_apply. The caller holds the write transaction. */
store_Status store_changes_appointments(store_Db *db, const struct cJSON *arr,
                                        const store_Changes *ch, int64_t now, int *unplaced,
                                        int *cancelled, int *quarantined);

/* outbox.c: the page's `orders` list (the brand's later decisions), each
 * item on its own like the others. The caller holds the write transaction. */
store_Status store_changes_orders(store_Db *db, const struct cJSON *arr, const char *cursor,
                                  int64_t now, int *quarantined);

/* changes.c: one item of a changes page ends. Call store_change_item_begin
 * before touching anything for it, then pass the item's outcome: STORE_OK
 * keeps it (and resolves earlier refusals of kind/key), STORE_ERR_INPUT
 * undoes it alone and sets it aside with the handle's message as reason
 * (payload: NULL for appointments), counted in *quarantined; anything
 * else undoes it and is returned, to fail the whole page. */
store_Status store_change_item_begin(store_Db *db);

/* One item of a list in a changes page, applied by fn(db, item, index, user)
 * between store_change_item_begin and store_change_item_end (set aside as
 * `kind`, named by its `key_field`, when fn refuses it). */
typedef store_Status (*store_ChangeItemFn)(store_Db *db, const struct cJSON *o, int i,
                                           void *user);
store_Status store_change_items(store_Db *db, const struct cJSON *arr, const char *kind,
                                const char *key_field, const char *cursor, int64_t now,
                                int *quarantined, store_ChangeItemFn fn, void *user);
store_Status store_change_item_end(store_Db *db, store_Status status, const char *kind,
                                   const char *key, int idx, const char *cursor,
                                   const struct cJSON *payload, int64_t now, int *quarantined);

/* quarantine.c, inside store_changes_apply's transaction: sets aside a
 * refused item (payload NULL for appointments: personal), or marks the
 * open items of (kind, key) resolved once a good version applied. */
store_Status store_quarantine_add(store_Db *db, const char *kind, const char *key, int idx,
                                  const char *cursor, const char *reason, const char *payload,
                                  int64_t now);
store_Status store_quarantine_resolve(store_Db *db, const char *kind, const char *key,
                                      int64_t now);

/* waiting.c: *station = `prefer` (0: none) if it is free from slot_at to
 * ends_at (Unix s), else the lowest of 1..stations that is: no placed row
 * but `except` overlaps that time on it (the rule the v8 triggers
 * enforce); 0 when none is. */
store_Status store_station_free(store_Db *db, int64_t slot_at, int64_t ends_at, int stations,
                                int64_t except, int prefer, int *station);

/* waiting.c: gives local rows without ends_at (booked before schema v8) the
 * configuration's slot length, so the overlap rule sees their real end. The
 * caller holds the write transaction. */
store_Status store_appointments_fill_ends(store_Db *db, int slot_minutes);

/* waiting.c: store_appointments_retry's work inside the caller's write
 * transaction; *placed and *expired (may be NULL) are added to. */
store_Status store_waiting_place(store_Db *db, int stations, int64_t now, int *placed,
                                 int *expired);

/* changes.c: applies edition leases (store_edition_leases_set); an edition
 * not in this database goes into sync_inbox through `raw` (INSERT of kind,
 * payload, received_at). Same transaction as above. */
store_Status store_changes_editions(store_Db *db, const struct cJSON *arr, sqlite3_stmt *raw,
                                    const char *cursor, int64_t now, int *quarantined);

#endif
