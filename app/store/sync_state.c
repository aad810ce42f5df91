/* sync_state.c — what the sync daemon leaves for people to read: outbox
 * counts, the last success and the last error (sync_state's one row), and
 * the changes cursor; and changes from upstream applied with their cursor.
 *
 * The cursor moves in the same transaction as the changes it follows, so a
 * crash can only make the daemon fetch the same changes again, never skip
 * any. An item the store refuses is set aside with its reason in the same
 * transaction (quarantine.c), so skipping it past the cursor loses nothing. Appointments and edition leases go into their tables (changes.c);
 * sync_inbox keeps only editions that cannot be applied yet. The status
 * also counts the upstream appointments staff must act on (waiting.c),
 * until they mark them dealt with (store_appointment_acknowledge).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "store/store_int.h"

store_Status store_sync_status(store_Db *db, store_SyncStatus *out)
{
    memset(out, 0, sizeof *out);
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    sqlite3_stmt *st = store_prepare(db,
        "SELECT (SELECT count(*) FROM outbox WHERE state = 'pending'),"
        "       (SELECT count(*) FROM outbox WHERE state = 'sent'),"
        "       (SELECT count(*) FROM outbox WHERE state = 'rejected'),"
        "       last_success, last_attempt, last_error_at, last_error, cursor,"
        "       (SELECT count(*) FROM appointments WHERE status = 'waiting'),"
        "       (SELECT count(*) FROM appointments a WHERE a.status = 'not-placed'"
        "          AND a.purged_at IS NULL AND a.acknowledged_at IS NULL),"
        "       (SELECT count(*) FROM appointments a WHERE " STORE_SQL_CANCEL_CONFLICT
        "          AND a.purged_at IS NULL AND a.acknowledged_at IS NULL),"
        "       (SELECT count(*) FROM sync_quarantine WHERE resolved_at IS NULL),"
        "       (SELECT count(*) FROM sync_quarantine WHERE reported_at IS NULL),"
        "       (SELECT count(*) FROM sync_quarantine WHERE resolved_at IS NULL"
        "          AND kind = 'appointment'),"
        "       (SELECT count(*) FROM sync_quarantine WHERE resolved_at IS NULL"
        "          AND kind = 'edition'),"
        "       (SELECT count(*) FROM sync_quarantine WHERE resolved_at IS NULL"
        "          AND kind = 'catalogue')"
        " FROM sync_state WHERE id = 1");
    if (!st)
        return STORE_ERR;
    store_Status status = STORE_OK;
    if (sqlite3_step(st) != SQLITE_ROW) {
        status = store_fail_sql(db, "cannot read the sync state");
    } else {
        out->pending = sqlite3_column_int64(st, 0);
        out->sent = sqlite3_column_int64(st, 1);
        out->rejected = sqlite3_column_int64(st, 2);
        out->last_success = sqlite3_column_int64(st, 3);
        out->last_attempt = sqlite3_column_int64(st, 4);
        out->last_error_at = sqlite3_column_int64(st, 5);
        store_column_text(st, 6, out->last_error, sizeof out->last_error);
        store_column_text(st, 7, out->cursor, sizeof out->cursor);
        out->appts_waiting = sqlite3_column_int64(st, 8);
        out->appts_not_placed = sqlite3_column_int64(st, 9);
        out->cancel_conflicts = sqlite3_column_int64(st, 10);
        out->quarantined = sqlite3_column_int64(st, 11);
        out->quarantine_unreported = sqlite3_column_int64(st, 12);
        out->quarantined_appointments = sqlite3_column_int64(st, 13);
        out->quarantined_editions = sqlite3_column_int64(st, 14);
        out->quarantined_catalogues = sqlite3_column_int64(st, 15);
    }
    sqlite3_finalize(st);
    return status;
}

store_Status store_sync_record(store_Db *db, int64_t now, const char *error)
{
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    char msg[STORE_SYNC_ERROR_MAX];
    snprintf(msg, sizeof msg, "%s", error ? error : "");
    sqlite3_stmt *st = store_prepare(db, error
        ? "UPDATE sync_state SET last_attempt = ?1, last_error = ?2, last_error_at = ?1"
          " WHERE id = 1"
        : "UPDATE sync_state SET last_attempt = ?1, last_success = ?1, last_error = ''"
          " WHERE id = 1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int64(st, 1, now);
    if (error)
        sqlite3_bind_text(st, 2, msg, -1, SQLITE_TRANSIENT);
    return store_step_done(db, st, "cannot record the sync state");
}

/* Checks that `arr` is NULL or an array; counts its items into *n. Items
 * that are not objects are refused one by one (changes.c), not here. */
static store_Status check_items(store_Db *db, const cJSON *arr, const char *key, int *n)
{
    if (!arr)
        return STORE_OK;
    if (!cJSON_IsArray(arr))
        return store_fail(db, STORE_ERR_INPUT, "upstream changes: %s: expected an array", key);
    *n += cJSON_GetArraySize(arr);
    return STORE_OK;
}

static store_Status set_cursor(store_Db *db, const char *cursor)
{
    sqlite3_stmt *st = store_prepare(db, "UPDATE sync_state SET cursor = ?1 WHERE id = 1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, cursor, -1, SQLITE_STATIC);
    return store_step_done(db, st, "cannot save the changes cursor");
}

/* The page's catalogue: validated (before the transaction, into *cat) and
 * written, or set aside with the reason when it does not validate. */
static store_Status apply_catalogue(store_Db *db, const store_Changes *ch,
                                    store_Status parsed, const model_Catalogue *cat,
                                    int64_t now, int *quarantined)
{
    store_Status status = store_change_item_begin(db);
    if (status != STORE_OK)
        return status;
    status = parsed == STORE_OK ? store_catalogue_write(db, cat) : parsed;
    return store_change_item_end(db, status, "catalogue", "", 0, ch->cursor, ch->catalogue,
                                 now, quarantined);
}

store_Status store_changes_apply(store_Db *db, const store_Changes *ch, int64_t now)
{
    store_Status status = STORE_ERR, parsed = STORE_OK;
    model_Catalogue *cat = NULL;
    sqlite3_stmt *raw = NULL;
    int items = 0, unplaced = 0, cancelled = 0, quarantined = 0;
    char why[STORE_SYNC_ERROR_MAX];

    if (ch->unplaced)
        *ch->unplaced = 0;
    if (ch->cancelled)
        *ch->cancelled = 0;
    if (ch->quarantined)
        *ch->quarantined = 0;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    size_t clen = ch->cursor ? strlen(ch->cursor) : 0;
    if (clen == 0 || clen >= STORE_CURSOR_MAX || !store_utf8_valid(ch->cursor))
        return store_fail(db, STORE_ERR_INPUT,
                          "upstream changes: cursor: expected 1 to %d bytes of text",
                          STORE_CURSOR_MAX - 1);
    if ((status = check_items(db, ch->appointments, "appointments", &items)) != STORE_OK ||
        (status = check_items(db, ch->editions, "editions", &items)) != STORE_OK ||
        (status = check_items(db, ch->orders, "orders", &items)) != STORE_OK)
        return status;
    if (items > STORE_CHANGES_ITEMS_MAX)
        return store_fail(db, STORE_ERR_INPUT, "upstream changes: more than %d items",
                          STORE_CHANGES_ITEMS_MAX);
    if (ch->catalogue) {
        cat = calloc(1, sizeof *cat);
        if (!cat) {
            status = store_fail(db, STORE_ERR, "out of memory");
            goto fail;
        }
        /* A catalogue the kiosk cannot use is refused alone, below. */
        parsed = store_catalogue_parse(db, ch->catalogue, "upstream catalogue", cat);
        if (parsed != STORE_OK && parsed != STORE_ERR_INPUT) {
            status = parsed;
            goto fail;
        }
        snprintf(why, sizeof why, "%s", store_errmsg(db));
    }
    status = store_begin(db);
    if (status != STORE_OK)
        goto fail;
    if (cat) {
        if (parsed != STORE_OK)
            store_fail(db, parsed, "%s", why);  /* the reason it is set aside */
        status = apply_catalogue(db, ch, parsed, cat, now, &quarantined);
    }
    if (status == STORE_OK && items > 0) {
        raw = store_prepare(db,
            "INSERT INTO sync_inbox (kind, payload, received_at) VALUES (?1, ?2, ?3)");
        status = raw ? STORE_OK : STORE_ERR;
        if (status == STORE_OK && ch->appointments)
            status = store_changes_appointments(db, ch->appointments, ch, now, &unplaced,
                                                &cancelled, &quarantined);
        if (status == STORE_OK && ch->editions)
            status = store_changes_editions(db, ch->editions, raw, ch->cursor, now,
                                            &quarantined);
        if (status == STORE_OK && ch->orders)
            status = store_changes_orders(db, ch->orders, ch->cursor, now, &quarantined);
    }
    if (status == STORE_OK)
        status = set_cursor(db, ch->cursor);
    status = store_end(db, status);
    if (status == STORE_OK) {
        if (ch->unplaced)
            *ch->unplaced = unplaced;
        if (ch->cancelled)
            *ch->cancelled = cancelled;
        if (ch->quarantined)
            *ch->quarantined = quarantined;
    }
fail:
    sqlite3_finalize(raw);
    free(cat);
    return status;
}
