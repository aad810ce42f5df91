/* quarantine.c — upstream changes the kiosk refused, kept aside.
 *
 * One bad item must never hold back the items after it: a changes page is
 * applied item by item (sync_state.c), each in a savepoint, and an item the
 * store refuses (STORE_ERR_INPUT: a field of the wrong type, a lease
 * outside its edition, a catalogue that does not validate) is rolled back
 * alone and written here with the reason, in the page's transaction; the
 * rest of the page applies and the cursor moves on. A local failure (the
 * disk, the key file) still fails the whole page, to be fetched again.
 *
 * An appointment's fields are personal: only its upstream id is kept (the
 * upstream still holds the rest, and is told). Editions and catalogues hold
 * nothing personal and are kept as received, for the operator.
 *
 * reported_at: the sync daemon told the upstream (POST /v1/quarantine).
 * resolved_at: a later version of the same item (same kind and key) was
 * applied; it no longer counts as a problem for staff.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

store_Status store_quarantine_add(store_Db *db, const char *kind, const char *key, int idx,
                                  const char *cursor, const char *reason, const char *payload,
                                  int64_t now)
{
    char why[STORE_SYNC_ERROR_MAX];
    char k[STORE_QUARANTINE_KEY_MAX];
    /* The reason is the store's message: it never quotes personal fields,
     * but it may be long; the key is the upstream's id, of any bytes. */
    snprintf(why, sizeof why, "%s", reason ? reason : "");
    snprintf(k, sizeof k, "%s", key && store_text_ok(key, sizeof k, 0) ? key : "");
    sqlite3_stmt *st = store_prepare(db,
        "INSERT INTO sync_quarantine (kind, item_key, idx, cursor, reason, payload, received_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, k, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, idx);
    sqlite3_bind_text(st, 4, cursor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, why, -1, SQLITE_STATIC);
    if (payload)
        sqlite3_bind_text(st, 6, payload, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, now);
    return store_step_done(db, st, "cannot keep a refused upstream change");
}

store_Status store_quarantine_resolve(store_Db *db, const char *kind, const char *key,
                                      int64_t now)
{
    sqlite3_stmt *st = store_prepare(db, "UPDATE sync_quarantine SET resolved_at = ?3"
                                         " WHERE kind = ?1 AND item_key = ?2"
                                         " AND resolved_at IS NULL");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key ? key : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    return store_step_done(db, st, "cannot update the refused upstream changes");
}

store_Status store_quarantine_list(store_Db *db, store_QuarantineWhich which,
                                   store_QuarantineItem *out, int max, int *n)
{
    *n = 0;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    sqlite3_stmt *st = store_prepare(db, which == STORE_QUARANTINE_UNREPORTED
        ? "SELECT id, kind, item_key, idx, cursor, reason, received_at,"
          " coalesce(reported_at, 0), coalesce(resolved_at, 0) FROM sync_quarantine"
          " WHERE reported_at IS NULL ORDER BY id LIMIT ?1"
        : "SELECT id, kind, item_key, idx, cursor, reason, received_at,"
          " coalesce(reported_at, 0), coalesce(resolved_at, 0) FROM sync_quarantine"
          " WHERE resolved_at IS NULL ORDER BY id DESC LIMIT ?1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int(st, 1, max);
    int rc = SQLITE_DONE;
    while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_QuarantineItem *q = &out[(*n)++];
        memset(q, 0, sizeof *q);
        q->id = sqlite3_column_int64(st, 0);
        store_column_text(st, 1, q->kind, sizeof q->kind);
        store_column_text(st, 2, q->key, sizeof q->key);
        q->idx = sqlite3_column_int(st, 3);
        store_column_text(st, 4, q->cursor, sizeof q->cursor);
        store_column_text(st, 5, q->reason, sizeof q->reason);
        q->received_at = sqlite3_column_int64(st, 6);
        q->reported_at = sqlite3_column_int64(st, 7);
        q->resolved_at = sqlite3_column_int64(st, 8);
    }
    if (*n < max && rc != SQLITE_DONE) {
        sqlite3_finalize(st);
        return store_fail_sql(db, "cannot read the refused upstream changes");
    }
    sqlite3_finalize(st);
    return STORE_OK;
}

store_Status store_quarantine_reported(store_Db *db, const int64_t *ids, int n, int64_t now)
{
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    store_Status status = store_begin(db);
    for (int i = 0; status == STORE_OK && i < n; i++) {
        sqlite3_stmt *st = store_prepare(db, "UPDATE sync_quarantine SET reported_at = ?2"
                                             " WHERE id = ?1 AND reported_at IS NULL");
        if (st) {
            sqlite3_bind_int64(st, 1, ids[i]);
            sqlite3_bind_int64(st, 2, now);
        }
        status = st ? store_step_done(db, st, "cannot record the report upstream") : STORE_ERR;
    }
    return store_end(db, status);
}
