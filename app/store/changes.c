/* changes.c — upstream appointment and edition changes into their tables.
 *
 * Appointments: personal data must never rest unsealed, whoever sent it.
 * An upstream appointment goes through the same sealing as a booking
 * (crypto.c) into the appointments table, keyed by its upstream id (a
 * UNIQUE column: a change sent again is an update, never a second row).
 * Its slot is `starts_at` in local time, on the lowest free station; a
 * slot with no free station keeps the change in sync_inbox stripped to its
 * non-personal fields (id, starts_at, minutes, status), for staff to sort
 * out, and the caller reports it. Nothing here quotes the personal fields.
 *
 * Editions: {"charm", "leases": [{"first", "last"}]} replaces that
 * edition's leases (editions.c has the rule). An edition this database does
 * not have yet is kept raw in sync_inbox: it holds no personal data.
 *
 * Both run inside store_changes_apply's transaction: a bad item is
 * STORE_ERR_INPUT naming its field, and nothing of the page is applied.
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

typedef struct {
    const char *id, *name, *contact, *party, *notes, *status;
    int64_t starts_at;
    char slot[STORE_SLOT_TEXT_MAX];
} Upstream;

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

static store_Status parse_appt(store_Db *db, const cJSON *o, int i, Upstream *u)
{
    const char *field = NULL;
    int bad = 0;
    memset(u, 0, sizeof *u);
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(o, "starts_at");
    u->id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "id"));
    if (!u->id || !store_text_ok(u->id, UPSTREAM_ID_MAX, 0))
        field = "id: expected 1 to 63 bytes of text";
    else if (!cJSON_IsNumber(at) || at->valuedouble < STARTS_AT_MIN ||
             at->valuedouble > STARTS_AT_MAX || at->valuedouble != (double)(int64_t)at->valuedouble)
        field = "starts_at: expected whole Unix seconds from 2000 to 9999";
    if (!field) {
        u->name = opt_text(o, "name", STORE_PERSON_MAX, 0, &bad);
        if (bad)
            field = "name: expected text of at most 127 bytes";
    }
    if (!field) {
        u->contact = opt_text(o, "contact", STORE_PERSON_MAX, 0, &bad);
        if (bad)
            field = "contact: expected text of at most 127 bytes";
    }
    if (!field) {
        u->party = opt_text(o, "party", STORE_PARTY_MAX, 0, &bad);
        if (bad)
            field = "party: expected text of at most 63 bytes";
    }
    if (!field) {
        u->notes = opt_text(o, "notes", STORE_NOTES_MAX, 1, &bad);
        if (bad)
            field = "notes: expected text of at most 511 bytes";
    }
    store_ApptStatus s;
    if (!field) {
        u->status = opt_text(o, "status", STORE_STATUS_MAX, 0, &bad);
        if (bad || (u->status && store_appt_status_parse(u->status, &s) != 0))
            field = "status: expected booked, checked-in, in-session, completed or no-show";
    }
    if (field)
        return store_fail(db, STORE_ERR_INPUT, "upstream changes: appointments[%d].%s", i, field);
    u->starts_at = (int64_t)at->valuedouble;
    time_t t = (time_t)u->starts_at;
    struct tm tm;
    if (!localtime_r(&t, &tm) || tm.tm_year + 1900 < 2000 || tm.tm_year + 1900 > 9999)
        return store_fail(db, STORE_ERR_INPUT,
                          "upstream changes: appointments[%d].starts_at: not a local time", i);
    snprintf(u->slot, sizeof u->slot, "%04u-%02u-%02u %02u:%02u",
             (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
             (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u);
    return STORE_OK;
}

/* Runs a query whose first column is an integer; *v 0 when no row. */
static store_Status query_int(store_Db *db, sqlite3_stmt *st, int64_t *v)
{
    *v = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail_sql(db, "cannot read the appointments");
    return STORE_OK;
}

/* The row already holding upstream id u->id (*row 0: none) and, when the
 * row keeps its slot, its station; else the lowest station of 1..stations
 * free at u->slot (0: none). */
static store_Status find_station(store_Db *db, const Upstream *u, int stations, int64_t *row,
                                 int *station)
{
    int64_t v = 0;
    *station = 0;
    sqlite3_stmt *st = store_prepare(db, "SELECT id FROM appointments WHERE upstream_id = ?1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, u->id, -1, SQLITE_STATIC);
    store_Status status = query_int(db, st, row);
    if (status == STORE_OK && *row) {
        st = store_prepare(db, "SELECT station FROM appointments WHERE id = ?1"
                               " AND slot_start = ?2");
        if (!st)
            return STORE_ERR;
        sqlite3_bind_int64(st, 1, *row);
        sqlite3_bind_text(st, 2, u->slot, -1, SQLITE_STATIC);
        status = query_int(db, st, &v);
        *station = (int)v;
    }
    for (int s = 1; status == STORE_OK && !*station && s <= stations; s++) {
        st = store_prepare(db, "SELECT count(*) FROM appointments WHERE slot_start = ?1"
                               " AND station = ?2 AND id IS NOT ?3");
        if (!st)
            return STORE_ERR;
        sqlite3_bind_text(st, 1, u->slot, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, s);
        sqlite3_bind_int64(st, 3, *row);
        status = query_int(db, st, &v);
        if (status == STORE_OK && v == 0)
            *station = s;
    }
    return status;
}

/* Drops what sync_inbox keeps of upstream appointment `id` (placed now, or
 * about to be kept again). */
static store_Status forget_unplaced(store_Db *db, const char *id)
{
    sqlite3_stmt *st = store_prepare(db, "DELETE FROM sync_inbox WHERE kind = 'appointment'"
                                         " AND json_extract(payload, '$.id') = ?1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    store_Status status = STORE_OK;
    if (sqlite3_step(st) != SQLITE_DONE)
        status = store_fail_sql(db, "cannot keep an upstream appointment");
    sqlite3_finalize(st);
    return status;
}

/* Keeps an appointment that found no station in sync_inbox (once), without
 * its personal fields (name, contact, notes, party). */
static store_Status keep_unplaced(store_Db *db, const cJSON *o, const char *id, int64_t now)
{
    if (forget_unplaced(db, id) != STORE_OK)
        return STORE_ERR;
    static const char *const keep[] = { "id", "starts_at", "minutes", "status" };
    cJSON *slim = cJSON_CreateObject();
    for (size_t k = 0; slim && k < sizeof keep / sizeof keep[0]; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, keep[k]);
        if (v)
            cJSON_AddItemToObject(slim, keep[k], cJSON_Duplicate(v, 1));
    }
    char *text = slim ? cJSON_PrintUnformatted(slim) : NULL;
    cJSON_Delete(slim);
    if (!text)
        return store_fail(db, STORE_ERR, "out of memory");
    sqlite3_stmt *st = store_prepare(db, "INSERT INTO sync_inbox (kind, payload, received_at)"
                                         " VALUES ('appointment', ?1, ?2)");
    store_Status status = st ? STORE_OK : STORE_ERR;
    if (st) {
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, now);
        if (sqlite3_step(st) != SQLITE_DONE)
            status = store_fail_sql(db, "cannot keep an upstream appointment");
        sqlite3_finalize(st);
    }
    cJSON_free(text);
    return status;
}

#define UPSERT_INSERT \
    "INSERT INTO appointments (slot_start, slot_at, station, party, name_enc, contact_enc," \
    "  notes_enc, created_at, upstream_id, status, closed_at)" \
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, coalesce(?10, 'booked')," \
    "  CASE WHEN ?10 IN ('completed', 'no-show') THEN ?8 END)"
/* Local progress wins: the upstream's status applies to a row still booked. */
#define UPSERT_UPDATE \
    "UPDATE appointments SET slot_start = ?1, slot_at = ?2, station = ?3, party = ?4," \
    "  name_enc = ?5, contact_enc = ?6, notes_enc = ?7," \
    "  status = CASE WHEN status = 'booked' THEN coalesce(?10, status) ELSE status END," \
    "  closed_at = CASE WHEN status = 'booked' AND ?10 IN ('completed', 'no-show')" \
    "              THEN ?8 ELSE closed_at END," \
    "  upstream_id = ?9 WHERE id = ?11 AND purged_at IS NULL"

static store_Status upsert(store_Db *db, const Upstream *u, int64_t row, int station, int64_t now)
{
    unsigned char *sealed[3] = { NULL, NULL, NULL };
    size_t len[3] = { 0, 0, 0 };
    const char *plain[3] = { u->name, u->contact, u->notes };
    store_Status status = STORE_OK;
    for (int i = 0; status == STORE_OK && i < 3; i++)
        if (plain[i])
            status = store_seal(db, plain[i], &sealed[i], &len[i]);
    sqlite3_stmt *st = status ? NULL : store_prepare(db, row ? UPSERT_UPDATE : UPSERT_INSERT);
    if (!st) {
        status = status ? status : STORE_ERR;
        goto fail;
    }
    sqlite3_bind_text(st, 1, u->slot, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, u->starts_at);
    sqlite3_bind_int(st, 3, station);
    sqlite3_bind_text(st, 4, u->party ? u->party : "", -1, SQLITE_STATIC);
    for (int i = 0; i < 3; i++)
        if (sealed[i])
            sqlite3_bind_blob(st, 5 + i, sealed[i], (int)len[i], SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, now);
    sqlite3_bind_text(st, 9, u->id, -1, SQLITE_STATIC);
    if (u->status)
        sqlite3_bind_text(st, 10, u->status, -1, SQLITE_STATIC);
    if (row)
        sqlite3_bind_int64(st, 11, row);
    if (sqlite3_step(st) != SQLITE_DONE)
        status = store_fail_sql(db, "cannot save an upstream appointment");
    sqlite3_finalize(st);
    /* Placed now: an earlier change of it that found no station is done. */
    if (status == STORE_OK)
        status = forget_unplaced(db, u->id);
fail:
    for (int i = 0; i < 3; i++)
        free(sealed[i]);
    return status;
}

store_Status store_changes_appointments(store_Db *db, const cJSON *arr, int stations,
                                        int64_t now, int *unplaced)
{
    const cJSON *o;
    int i = 0;
    Upstream u;
    store_Status status = STORE_OK;
    if (stations < 1)
        stations = 1;
    cJSON_ArrayForEach(o, arr) {
        int64_t row = 0;
        int station = 0;
        status = parse_appt(db, o, i, &u);
        if (status == STORE_OK)
            status = find_station(db, &u, stations, &row, &station);
        if (status == STORE_OK && station)
            status = upsert(db, &u, row, station, now);
        else if (status == STORE_OK) {
            status = keep_unplaced(db, o, u.id, now);
            (*unplaced)++;
        }
        if (status != STORE_OK)
            break;
        i++;
    }
    sodium_memzero(&u, sizeof u);   /* only borrowed pointers, but no trace either */
    return status;
}

store_Status store_changes_editions(store_Db *db, const cJSON *arr, sqlite3_stmt *raw,
                                    int64_t now)
{
    const cJSON *o;
    int i = 0;
    char where[64];
    int first[STORE_LEASES_MAX], last[STORE_LEASES_MAX];
    store_Status status = STORE_OK;
    cJSON_ArrayForEach(o, arr) {
        const cJSON *leases = cJSON_GetObjectItemCaseSensitive(o, "leases"), *l;
        const char *charm = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "charm"));
        int n = 0, found = 0;
        snprintf(where, sizeof where, "upstream changes: editions[%d]", i);
        if (!charm || !*charm || strlen(charm) >= MODEL_ID_MAX)
            return store_fail(db, STORE_ERR_INPUT, "%s.charm: expected a charm id", where);
        if (!cJSON_IsArray(leases) || cJSON_GetArraySize(leases) > STORE_LEASES_MAX)
            return store_fail(db, STORE_ERR_INPUT, "%s.leases: expected an array of at most %d",
                              where, STORE_LEASES_MAX);
        cJSON_ArrayForEach(l, leases) {
            const cJSON *f = cJSON_GetObjectItemCaseSensitive(l, "first");
            const cJSON *t = cJSON_GetObjectItemCaseSensitive(l, "last");
            if (!cJSON_IsNumber(f) || !cJSON_IsNumber(t) || f->valuedouble < 1 ||
                t->valuedouble > 10000 || f->valuedouble != (double)(int)f->valuedouble ||
                t->valuedouble != (double)(int)t->valuedouble)
                return store_fail(db, STORE_ERR_INPUT,
                                  "%s.leases[%d]: expected {\"first\": N, \"last\": M}, whole"
                                  " numbers from 1 to 10000", where, n);
            first[n] = (int)f->valuedouble;
            last[n] = (int)t->valuedouble;
            n++;
        }
        status = store_edition_leases_set(db, charm, first, last, n, where, &found);
        if (status == STORE_OK && !found) {
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
        }
        if (status != STORE_OK)
            return status;
        i++;
    }
    return status;
}
