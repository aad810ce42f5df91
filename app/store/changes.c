/* changes.c — upstream appointment and edition changes into their tables.
 *
 * Appointments: personal data must never rest unsealed, whoever sent it.
 * An upstream appointment goes through the same sealing as a booking
 * (crypto.c) into the appointments table, keyed by its upstream id (a
 * UNIQUE column: a change sent again is an update, never a second row).
 * Its slot is `starts_at` in local time, on the lowest free station; a
 * slot with no free station keeps it, sealed too, with no station and
 * status `waiting` until a station frees or the slot ends (waiting.c), and
 * the caller reports it. Nothing here quotes the personal fields.
 *
 * Cancellations are the same item with "status": "cancelled" (the protocol
 * sends an appointment's state, not commands): only the id is needed. The
 * customer's arrival is local progress the upstream cannot see, so a
 * cancellation of an appointment already checked in, in session or
 * completed is not applied: its order stands, and the time of the
 * cancellation is recorded for staff. Applying one is idempotent: a row
 * already cancelled, or already marked, is left as it is.
 *
 * Editions: {"charm", "leases": [{"first", "last"}]} replaces that
 * edition's leases (editions.c has the rule). An edition this database does
 * not have yet is kept raw in sync_inbox: it holds no personal data.
 *
 * Both run inside store_changes_apply's transaction, each item in its own
 * savepoint: a bad item is STORE_ERR_INPUT naming its field, undone alone
 * and set aside (quarantine.c) while the rest of the page applies.
 *
 * Placement: an appointment holds its station from starts_at to starts_at
 * + minutes, and no two placed rows of a station overlap (the v8 triggers
 * enforce it). One that starts outside opening_hours, ends after closing,
 * or does not start on the slot grid is kept, sealed, as `not-placed` with
 * its reason (closed, off-grid) for staff to call the customer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>
#include <sodium.h>

#include "store/store_int.h"

#define UPSTREAM_ID_MAX 64          /* bytes of an upstream appointment id, with the NUL */
#define STARTS_AT_MIN   946684800.0 /* 2000-01-01: the table's slot text has 4-digit years */
#define STARTS_AT_MAX   253402214400.0  /* 9999-12-31 */
#define MINUTES_MAX     1440        /* an appointment lasts at most a day */
#define DEFAULT_MINUTES 30

typedef struct {
    const char *id, *name, *contact, *party, *notes, *status;
    int cancel;                     /* "status": "cancelled" */
    int64_t starts_at, ends_at;
    int minute;                     /* of the day, local, when it starts */
    char slot[STORE_SLOT_TEXT_MAX];
} Upstream;

/* The row an upstream id already has. */
typedef struct {
    int64_t id;                     /* 0: none */
    store_ApptStatus status;
    int station;                    /* 0: none */
    char slot[STORE_SLOT_TEXT_MAX];
} Existing;

/* Optional string field `key`: NULL when absent; *bad when present but not
 * 1..cap-1 bytes of text. */
static const char *opt_text(const cJSON *o, const char *key, size_t cap, int multiline, int *bad)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    const char *s = cJSON_GetStringValue(v);
    if (!s || (*s && !store_text_ok(s, cap, multiline)))
        *bad = 1;
    return s && *s ? s : NULL;
}

/* A whole number in [lo, hi]. */
static int whole(const cJSON *v, double lo, double hi)
{
    return cJSON_IsNumber(v) && v->valuedouble >= lo && v->valuedouble <= hi &&
           v->valuedouble == (double)(int64_t)v->valuedouble;
}

/* The statuses the upstream may send; waiting and not-placed are this
 * kiosk's own. */
static int upstream_status_ok(const char *name)
{
    store_ApptStatus s;
    return store_appt_status_parse(name, &s) == 0 && s != STORE_APPT_WAITING &&
           s != STORE_APPT_NOT_PLACED;
}

/* The personal and descriptive fields, in the order of the item. */
static const char *parse_fields(const cJSON *o, Upstream *u)
{
    int bad = 0;
    u->name = opt_text(o, "name", STORE_PERSON_MAX, 0, &bad);
    if (bad)
        return "name: expected text of at most 127 bytes";
    u->contact = opt_text(o, "contact", STORE_PERSON_MAX, 0, &bad);
    if (bad)
        return "contact: expected text of at most 127 bytes";
    u->party = opt_text(o, "party", STORE_PARTY_MAX, 0, &bad);
    if (bad)
        return "party: expected text of at most 63 bytes";
    u->notes = opt_text(o, "notes", STORE_NOTES_MAX, 1, &bad);
    if (bad)
        return "notes: expected text of at most 511 bytes";
    u->status = opt_text(o, "status", STORE_STATUS_MAX, 0, &bad);
    if (bad || (u->status && !upstream_status_ok(u->status)))
        return "status: expected booked, checked-in, in-session, completed, no-show or cancelled";
    return NULL;
}

static store_Status parse_appt(store_Db *db, const cJSON *o, int i, int slot_minutes,
                               Upstream *u)
{
    const char *field = NULL;
    memset(u, 0, sizeof *u);
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(o, "starts_at");
    const cJSON *minutes = cJSON_GetObjectItemCaseSensitive(o, "minutes");
    u->id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "id"));
    if (!u->id || !store_text_ok(u->id, UPSTREAM_ID_MAX, 0))
        field = "id: expected 1 to 63 bytes of text";
    if (!field)
        field = parse_fields(o, u);
    u->cancel = !field && u->status && strcmp(u->status, "cancelled") == 0;
    if (field || u->cancel)     /* a cancellation needs nothing but its id */
        goto done;
    if (!whole(at, STARTS_AT_MIN, STARTS_AT_MAX))
        field = "starts_at: expected whole Unix seconds from 2000 to 9999";
    else if (minutes && !cJSON_IsNull(minutes) && !whole(minutes, 1, MINUTES_MAX))
        field = "minutes: expected a whole number from 1 to 1440";
done:
    if (field)
        return store_fail(db, STORE_ERR_INPUT, "upstream changes: appointments[%d].%s", i, field);
    if (u->cancel)
        return STORE_OK;
    u->starts_at = (int64_t)at->valuedouble;
    int length = whole(minutes, 1, MINUTES_MAX) ? (int)minutes->valuedouble
               : slot_minutes > 0 ? slot_minutes : DEFAULT_MINUTES;
    u->ends_at = u->starts_at + 60 * (int64_t)length;
    time_t t = (time_t)u->starts_at;
    struct tm tm;
    if (!localtime_r(&t, &tm) || tm.tm_year + 1900 < 2000 || tm.tm_year + 1900 > 9999)
        return store_fail(db, STORE_ERR_INPUT,
                          "upstream changes: appointments[%d].starts_at: not a local time", i);
    u->minute = tm.tm_hour * 60 + tm.tm_min;
    snprintf(u->slot, sizeof u->slot, "%04u-%02u-%02u %02u:%02u",
             (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
             (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u);
    return STORE_OK;
}

/* The row holding upstream id `id`, if any. */
static store_Status find_existing(store_Db *db, const char *id, Existing *e)
{
    char status[STORE_STATUS_MAX];
    memset(e, 0, sizeof *e);
    sqlite3_stmt *st = store_prepare(db, "SELECT id, status, coalesce(station, 0), slot_start"
                                         " FROM appointments WHERE upstream_id = ?1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        e->id = sqlite3_column_int64(st, 0);
        store_column_text(st, 1, status, sizeof status);
        e->station = sqlite3_column_int(st, 2);
        store_column_text(st, 3, e->slot, sizeof e->slot);
        if (store_appt_status_parse(status, &e->status) != 0)
            e->status = STORE_APPT_BOOKED;      /* the schema's CHECK makes this unreachable */
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail_sql(db, "cannot read the appointments");
    return STORE_OK;
}

/* 1 while the appointment may still move and take the upstream's status:
 * nobody has arrived for it yet. */
static int still_open(const Existing *e)
{
    return !e->id || e->status == STORE_APPT_BOOKED || e->status == STORE_APPT_WAITING ||
           e->status == STORE_APPT_NOT_PLACED;
}

/* Runs one prepared write; STORE_OK when it is done. A placement the v8
 * triggers refuse is this item's problem, not the page's: STORE_ERR_INPUT,
 * so it is set aside rather than holding back every later change (the
 * free-station check agrees with the triggers, so this is a safety net). */
static store_Status step_done(store_Db *db, sqlite3_stmt *st, const char *what)
{
    if (!st)
        return STORE_ERR;
    store_Status status = store_step_done(db, st, what);
    if (status == STORE_ERR && sqlite3_extended_errcode(db->sql) == SQLITE_CONSTRAINT_TRIGGER)
        status = store_fail(db, STORE_ERR_INPUT, "%s: its station is already booked at that"
                            " time", what);
    return status;
}

/* Applies a cancellation of upstream id u->id. *applied 1 when it changed
 * the appointment's status. */
static store_Status cancel(store_Db *db, const Upstream *u, int stations, int64_t now,
                           int *applied)
{
    Existing e;
    *applied = 0;
    store_Status status = find_existing(db, u->id, &e);
    if (status != STORE_OK || !e.id || e.status == STORE_APPT_CANCELLED)
        return status;                  /* never had it, or already done */
    if (!still_open(&e)) {
        /* The customer came: keep everything, note the conflict once. */
        sqlite3_stmt *st = store_prepare(db, "UPDATE appointments SET upstream_cancelled_at = ?2"
                                             " WHERE id = ?1 AND upstream_cancelled_at IS NULL");
        if (st) {
            sqlite3_bind_int64(st, 1, e.id);
            sqlite3_bind_int64(st, 2, now);
        }
        return step_done(db, st, "cannot record an upstream cancellation");
    }
    sqlite3_stmt *st = store_prepare(db, "UPDATE appointments SET status = 'cancelled',"
                                         " closed_at = ?2, upstream_cancelled_at = ?2"
                                         " WHERE id = ?1");
    if (st) {
        sqlite3_bind_int64(st, 1, e.id);
        sqlite3_bind_int64(st, 2, now);
    }
    status = step_done(db, st, "cannot cancel an upstream appointment");
    if (status == STORE_OK)
        *applied = 1;
    /* Its station is free now: it goes to whoever waits longest for it. */
    if (status == STORE_OK && e.station)
        status = store_waiting_place(db, stations, now, NULL, NULL);
    return status;
}

#define UPSERT_INSERT \
    "INSERT INTO appointments (slot_start, slot_at, station, party, name_enc, contact_enc," \
    "  notes_enc, created_at, upstream_id, status, closed_at, ends_at," \
    "  not_placed_reason)" \
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, CASE WHEN ?11 THEN ?8 END, ?12, ?14)"
#define UPSERT_UPDATE \
    "UPDATE appointments SET slot_start = ?1, slot_at = ?2, station = ?3, party = ?4," \
    "  name_enc = ?5, contact_enc = ?6, notes_enc = ?7, status = ?10," \
    "  closed_at = CASE WHEN ?11 THEN ?8 END, ends_at = ?12, not_placed_reason = ?14" \
    " WHERE id = ?13 AND purged_at IS NULL"
/* Local progress wins: once the customer has arrived (or did not come),
 * the slot, station and status are the boutique's; the details follow. */
#define DETAILS_UPDATE \
    "UPDATE appointments SET party = ?4, name_enc = ?5, contact_enc = ?6, notes_enc = ?7" \
    " WHERE id = ?13 AND purged_at IS NULL"

/* Writes upstream appointment *u: at `station`, or waiting (station 0), or
 * not placed for `reason` ("closed", "off-grid"; NULL: none). */
static store_Status upsert(store_Db *db, const Upstream *u, const Existing *e, int station,
                           const char *reason, int64_t now)
{
    unsigned char *sealed[3] = { NULL, NULL, NULL };
    size_t len[3] = { 0, 0, 0 };
    const char *plain[3] = { u->name, u->contact, u->notes };
    store_Status status = STORE_OK;
    for (int i = 0; status == STORE_OK && i < 3; i++)
        if (plain[i])
            status = store_seal(db, plain[i], &sealed[i], &len[i]);
    const char *sql = !e->id ? UPSERT_INSERT : still_open(e) ? UPSERT_UPDATE : DETAILS_UPDATE;
    sqlite3_stmt *st = status ? NULL : store_prepare(db, sql);
    if (!st) {
        status = status ? status : STORE_ERR;
        goto fail;
    }
    if (!reason && !station && u->ends_at <= now)
        reason = "no-station";
    const char *to = reason ? "not-placed" : station ? (u->status ? u->status : "booked")
                   : "waiting";
    int closes = strcmp(to, "completed") == 0 || strcmp(to, "no-show") == 0 ||
                 strcmp(to, "not-placed") == 0;
    sqlite3_bind_text(st, 1, u->slot, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, u->starts_at);
    if (station)
        sqlite3_bind_int(st, 3, station);
    sqlite3_bind_text(st, 4, u->party ? u->party : "", -1, SQLITE_STATIC);
    for (int i = 0; i < 3; i++)
        if (sealed[i])
            sqlite3_bind_blob(st, 5 + i, sealed[i], (int)len[i], SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, now);
    sqlite3_bind_text(st, 9, u->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, to, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 11, closes);
    sqlite3_bind_int64(st, 12, u->ends_at);
    if (e->id)
        sqlite3_bind_int64(st, 13, e->id);
    if (reason)
        sqlite3_bind_text(st, 14, reason, -1, SQLITE_STATIC);
    status = step_done(db, st, "cannot save an upstream appointment");
fail:
    for (int i = 0; i < 3; i++)
        free(sealed[i]);
    return status;
}

/* Why the boutique cannot take appointment *u whatever the stations:
 * "closed" (it starts before opening or ends after closing; open 00:00 to
 * 24:00 is round the clock, across midnight too), "off-grid"
 * (it does not start on a slot of the day's grid); NULL when it can, or
 * when the page carries no opening hours. */
static const char *placement_problem(const Upstream *u, const store_Changes *ch)
{
    if (ch->open_minute == 0 && ch->close_minute == 0)
        return NULL;
    int64_t length = (u->ends_at - u->starts_at) / 60;
    int round_the_clock = ch->open_minute == 0 && ch->close_minute == 24 * 60;
    if (!round_the_clock &&
        (u->minute < ch->open_minute || u->minute + length > ch->close_minute))
        return "closed";
    int grid = ch->slot_minutes > 0 ? ch->slot_minutes : DEFAULT_MINUTES;
    if ((u->minute - ch->open_minute) % grid != 0)
        return "off-grid";
    return NULL;
}

/* One appointment (not a cancellation): placed, kept waiting, or not
 * placed when the boutique is closed then. *waits 1 when it found no
 * station. */
static store_Status apply_one(store_Db *db, const Upstream *u, const store_Changes *ch,
                              int stations, int64_t now, int *waits)
{
    Existing e;
    int station = 0;
    *waits = 0;
    store_Status status = find_existing(db, u->id, &e);
    if (status != STORE_OK || e.status == STORE_APPT_CANCELLED)
        return status;      /* cancelled stays cancelled, whatever is sent again */
    if (!still_open(&e))
        return upsert(db, u, &e, e.station, NULL, now);
    const char *problem = placement_problem(u, ch);
    if (problem)
        return upsert(db, u, &e, 0, problem, now);
    /* Keeps its station when that is still free for the (new) time. */
    status = store_station_free(db, u->starts_at, u->ends_at, stations, e.id, e.station,
                                &station);
    if (status == STORE_OK)
        status = upsert(db, u, &e, station, NULL, now);
    *waits = status == STORE_OK && !station;
    return status;
}

store_Status store_change_item_begin(store_Db *db)
{
    return store_exec(db, "SAVEPOINT change_item", "cannot apply an upstream change");
}

store_Status store_change_item_end(store_Db *db, store_Status status, const char *kind,
                                   const char *key, int idx, const char *cursor,
                                   const cJSON *payload, int64_t now, int *quarantined)
{
    char why[STORE_SYNC_ERROR_MAX];
    if (status == STORE_OK) {
        status = store_exec(db, "RELEASE change_item", "cannot apply an upstream change");
        if (status == STORE_OK)
            status = store_quarantine_resolve(db, kind, key, now);
        return status;
    }
    snprintf(why, sizeof why, "%s", store_errmsg(db));
    store_Status undo = store_exec(db, "ROLLBACK TO change_item; RELEASE change_item",
                                   "cannot undo an upstream change");
    if (undo != STORE_OK)
        return undo;
    if (status != STORE_ERR_INPUT) {
        store_fail(db, status, "%s", why);      /* the cause, not the undo */
        return status;
    }
    char *text = payload ? cJSON_PrintUnformatted(payload) : NULL;
    if (payload && !text)
        return store_fail(db, STORE_ERR, "out of memory");
    status = store_quarantine_add(db, kind, key, idx, cursor, why, text, now);
    cJSON_free(text);
    if (status == STORE_OK)
        (*quarantined)++;
    return status;
}

/* One item of the appointments list: parsed, then cancelled or placed. */
static store_Status appointment_item(store_Db *db, const cJSON *o, int i,
                                     const store_Changes *ch, int stations, int64_t now,
                                     Upstream *u, int *unplaced, int *cancelled)
{
    int hit = 0;
    if (!cJSON_IsObject(o))
        return store_fail(db, STORE_ERR_INPUT,
                          "upstream changes: appointments[%d]: expected an object", i);
    store_Status status = parse_appt(db, o, i, ch->slot_minutes, u);
    if (status == STORE_OK && u->cancel) {
        status = cancel(db, u, stations, now, &hit);
        *cancelled += status == STORE_OK ? hit : 0;
    } else if (status == STORE_OK) {
        status = apply_one(db, u, ch, stations, now, &hit);
        *unplaced += status == STORE_OK ? hit : 0;
    }
    return status;
}

store_Status store_changes_appointments(store_Db *db, const cJSON *arr, const store_Changes *ch,
                                        int64_t now, int *unplaced, int *cancelled,
                                        int *quarantined)
{
    const cJSON *o;
    int i = 0;
    Upstream u;
    int stations = ch->stations < 1 ? 1 : ch->stations;
    /* Local bookings from before v8 get their real end first, then those
     * already waiting come before anything this page brings. */
    store_Status status = store_appointments_fill_ends(db, ch->slot_minutes);
    if (status == STORE_OK)
        status = store_waiting_place(db, stations, now, NULL, NULL);
    memset(&u, 0, sizeof u);
    cJSON_ArrayForEach(o, arr) {
        int u_cancelled = 0, u_unplaced = 0;
        if (status != STORE_OK)
            break;
        const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "id"));
        status = store_change_item_begin(db);
        if (status != STORE_OK)
            break;
        status = appointment_item(db, o, i, ch, stations, now, &u, &u_unplaced, &u_cancelled);
        status = store_change_item_end(db, status, "appointment", key, i, ch->cursor, NULL, now,
                                       quarantined);
        if (status == STORE_OK) {
            *unplaced += u_unplaced;
            *cancelled += u_cancelled;
        }
        i++;
    }
    sodium_memzero(&u, sizeof u);   /* only borrowed pointers, but no trace either */
    return status;
}

/* One item of the editions list: its leases set, or kept in sync_inbox
 * when the edition is not here yet. */
static store_Status edition_item(store_Db *db, const cJSON *o, int i, sqlite3_stmt *raw,
                                 int64_t now)
{
    const cJSON *leases = cJSON_GetObjectItemCaseSensitive(o, "leases"), *l;
    const char *charm = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "charm"));
    int first[STORE_LEASES_MAX], last[STORE_LEASES_MAX];
    int n = 0, found = 0;
    char where[64];
    snprintf(where, sizeof where, "upstream changes: editions[%d]", i);
    if (!cJSON_IsObject(o))
        return store_fail(db, STORE_ERR_INPUT, "%s: expected an object", where);
    if (!charm || !*charm || strlen(charm) >= MODEL_ID_MAX)
        return store_fail(db, STORE_ERR_INPUT, "%s.charm: expected a charm id", where);
    if (!cJSON_IsArray(leases) || cJSON_GetArraySize(leases) > STORE_LEASES_MAX)
        return store_fail(db, STORE_ERR_INPUT, "%s.leases: expected an array of at most %d",
                          where, STORE_LEASES_MAX);
    cJSON_ArrayForEach(l, leases) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(l, "first");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(l, "last");
        /* Both bounds checked before any cast: a double beyond int is
         * undefined behaviour to convert (found by fuzz_sync_response). */
        if (!whole(f, 1, 10000) || !whole(t, 1, 10000))
            return store_fail(db, STORE_ERR_INPUT,
                              "%s.leases[%d]: expected {\"first\": N, \"last\": M}, whole"
                              " numbers from 1 to 10000", where, n);
        first[n] = (int)f->valuedouble;
        last[n] = (int)t->valuedouble;
        n++;
    }
    store_Status status = store_edition_leases_set(db, charm, first, last, n, where, &found);
    if (status != STORE_OK || found)
        return status;
    char *text = cJSON_PrintUnformatted(o);
    if (!text)
        return store_fail(db, STORE_ERR, "out of memory");
    sqlite3_bind_text(raw, 1, "edition", -1, SQLITE_STATIC);
    sqlite3_bind_text(raw, 2, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(raw, 3, now);
    int rc = sqlite3_step(raw);
    sqlite3_reset(raw);
    sqlite3_clear_bindings(raw);
    cJSON_free(text);
    if (rc != SQLITE_DONE)
        return store_fail_sql(db, "cannot keep the upstream changes");
    return STORE_OK;
}

store_Status store_change_items(store_Db *db, const cJSON *arr, const char *kind,
                                const char *key_field, const char *cursor, int64_t now,
                                int *quarantined, store_ChangeItemFn fn, void *user)
{
    const cJSON *o;
    int i = 0;
    store_Status status = STORE_OK;
    cJSON_ArrayForEach(o, arr) {
        const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key_field));
        status = store_change_item_begin(db);
        if (status != STORE_OK)
            break;
        status = fn(db, o, i, user);
        status = store_change_item_end(db, status, kind, key, i, cursor, o, now, quarantined);
        if (status != STORE_OK)
            break;
        i++;
    }
    return status;
}

typedef struct {
    sqlite3_stmt *raw;
    int64_t now;
} EditionCtx;

static store_Status edition_each(store_Db *db, const cJSON *o, int i, void *user)
{
    const EditionCtx *e = user;
    return edition_item(db, o, i, e->raw, e->now);
}

store_Status store_changes_editions(store_Db *db, const cJSON *arr, sqlite3_stmt *raw,
                                    const char *cursor, int64_t now, int *quarantined)
{
    EditionCtx e = { raw, now };
    return store_change_items(db, arr, "edition", "charm", cursor, now, quarantined,
                              edition_each, &e);
}
