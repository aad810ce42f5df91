/* appointments.c — today's schedule, walk-in booking, the retention purge.
 *
 * A slot is local wall-clock time 'YYYY-MM-DD HH:MM' on the day's grid
 * (opening time + k * slot length, ending by closing time), at one of the
 * engraving stations. The database itself makes double booking impossible:
 * the v8 triggers refuse a row that overlaps in time (slot_at to ends_at)
 * another placed row of its station, whoever writes it (an upstream
 * appointment of 90 minutes holds its station across three 30-minute
 * slots), and the unique index on (slot_start, station) over the rows not
 * cancelled (v6) stays. Booking just INSERTs, station by station when any
 * station will do, and a constraint failure means "taken". No
 * check-then-insert in C can race another writer into a double booking.
 *
 * Name, contact and notes are sealed (crypto.c) before they reach SQLite
 * and opened only into the caller's struct; no message here quotes them.
 * The purge overwrites them (secure_delete, then a WAL checkpoint) once the
 * appointment is closed (completed, no-show) for the retention period, or,
 * never closed, once its slot is that old.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "store/store_int.h"

#define SECONDS_PER_DAY 86400
#define RETENTION_DAYS_MAX 3650

static const char *const status_names[] = {
    [STORE_APPT_BOOKED] = "booked",
    [STORE_APPT_CHECKED_IN] = "checked-in",
    [STORE_APPT_IN_SESSION] = "in-session",
    [STORE_APPT_COMPLETED] = "completed",
    [STORE_APPT_NO_SHOW] = "no-show",
    [STORE_APPT_CANCELLED] = "cancelled",
    [STORE_APPT_WAITING] = "waiting",
    [STORE_APPT_NOT_PLACED] = "not-placed",
};
#define N_STATUS ((int)(sizeof status_names / sizeof status_names[0]))

const char *store_appt_status_name(store_ApptStatus s)
{
    return (int)s >= 0 && (int)s < N_STATUS ? status_names[s] : "unknown";
}

int store_appt_status_parse(const char *name, store_ApptStatus *out)
{
    for (int i = 0; name && i < N_STATUS; i++)
        if (strcmp(name, status_names[i]) == 0) {
            *out = (store_ApptStatus)i;
            return 0;
        }
    return -1;
}

/* Reads exactly `n` digits at s. -1 when they are not digits. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* "YYYY-MM-DD" into *tm (midnight, local); 0 ok, -1 not a real date. */
static int parse_day(const char *day, struct tm *tm)
{
    if (!day || strlen(day) != 10 || day[4] != '-' || day[7] != '-')
        return -1;
    int y = digits(day, 4), m = digits(day + 5, 2), d = digits(day + 8, 2);
    if (y < 2000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    memset(tm, 0, sizeof *tm);
    tm->tm_year = y - 1900;
    tm->tm_mon = m - 1;
    tm->tm_mday = d;
    tm->tm_isdst = -1;
    struct tm check = *tm;
    check.tm_hour = 12;     /* noon: never inside a DST gap */
    if (mktime(&check) == (time_t)-1 || check.tm_mday != d || check.tm_mon != m - 1)
        return -1;          /* 31 April and the like */
    return 0;
}

/* Unix seconds of `minute` minutes after midnight on day tm (local). */
static int64_t day_at(const struct tm *day, int minute)
{
    struct tm t = *day;
    t.tm_hour = minute / 60;
    t.tm_min = minute % 60;
    t.tm_sec = 0;
    t.tm_isdst = -1;
    return (int64_t)mktime(&t);
}

/* "YYYY-MM-DD HH:MM" into the day and the minute of the day. */
static int parse_slot(const char *slot, struct tm *day, int *minute)
{
    char d[STORE_DAY_TEXT_MAX];
    if (!slot || strlen(slot) != 16 || slot[10] != ' ' || slot[13] != ':')
        return -1;
    memcpy(d, slot, 10);
    d[10] = '\0';
    int h = digits(slot + 11, 2), m = digits(slot + 14, 2);
    if (parse_day(d, day) != 0 || h < 0 || h > 23 || m < 0 || m > 59)
        return -1;
    *minute = h * 60 + m;
    return 0;
}

static int hours_ok(const store_Hours *h)
{
    return h && h->open_minute >= 0 && h->close_minute <= 24 * 60 &&
           h->open_minute < h->close_minute && h->slot_minutes > 0 &&
           h->slot_minutes <= h->close_minute - h->open_minute && h->stations >= 1;
}

/* 1 when `minute` starts a slot of the day's grid. */
static int on_grid(const store_Hours *h, int minute)
{
    return minute >= h->open_minute && minute + h->slot_minutes <= h->close_minute &&
           (minute - h->open_minute) % h->slot_minutes == 0;
}

static store_Status check_booking(store_Db *db, const store_Booking *b, const store_Hours *h,
                                  int64_t now, int64_t *slot_at)
{
    struct tm day;
    int minute = 0;
    if (!hours_ok(h))
        return store_fail(db, STORE_ERR_INPUT, "booking: the opening hours are not valid");
    if (!store_text_ok(b->name, STORE_PERSON_MAX, 0))
        return store_fail_field(db, STORE_ERR_INPUT, STORE_FIELD_NAME,
                                "booking: name: expected 1 to %d bytes of text",
                                STORE_PERSON_MAX - 1);
    if (!store_text_ok(b->contact, STORE_PERSON_MAX, 0))
        return store_fail_field(db, STORE_ERR_INPUT, STORE_FIELD_CONTACT,
                                "booking: contact: expected 1 to %d bytes of text",
                                STORE_PERSON_MAX - 1);
    if (b->party && b->party[0] && !store_text_ok(b->party, STORE_PARTY_MAX, 0))
        return store_fail_field(db, STORE_ERR_INPUT, STORE_FIELD_PARTY,
                                "booking: party: expected at most %d bytes of text",
                                STORE_PARTY_MAX - 1);
    if (b->notes && b->notes[0] && !store_text_ok(b->notes, STORE_NOTES_MAX, 1))
        return store_fail_field(db, STORE_ERR_INPUT, STORE_FIELD_NOTES,
                                "booking: notes: expected at most %d bytes of text",
                                STORE_NOTES_MAX - 1);
    if (parse_slot(b->slot, &day, &minute) != 0)
        return store_fail_field(db, STORE_ERR_INPUT, STORE_FIELD_SLOT,
                                "booking: slot: expected 'YYYY-MM-DD HH:MM', a real date and time");
    if (!on_grid(h, minute))
        return store_fail_field(db, STORE_ERR_INPUT, STORE_FIELD_SLOT,
                                "booking: slot %s is not a slot: slots of %d minutes from"
                                " %02d:%02d, the last ending by %02d:%02d", b->slot,
                                h->slot_minutes, h->open_minute / 60, h->open_minute % 60,
                                h->close_minute / 60, h->close_minute % 60);
    *slot_at = day_at(&day, minute);
    if (*slot_at < now)
        return store_fail_field(db, STORE_ERR_INPUT, STORE_FIELD_SLOT,
                                "booking: slot %s has already begun", b->slot);
    if (b->station < 0 || b->station > h->stations)
        return store_fail_field(db, STORE_ERR_INPUT, STORE_FIELD_STATION,
                                "booking: station: expected 1 to %d (0: any)", h->stations);
    return STORE_OK;
}

/* The sealed name, contact and notes of a booking. */
typedef struct {
    unsigned char *buf[3];
    size_t len[3];
} Sealed;

static void sealed_free(Sealed *s)
{
    for (int i = 0; i < 3; i++)
        free(s->buf[i]);
}

store_Status store_appointment_book(store_Db *db, const store_Booking *b,
                                    const store_Hours *hours, int64_t now,
                                    int64_t *id, int *station_out)
{
    Sealed sealed = { { NULL, NULL, NULL }, { 0, 0, 0 } };
    sqlite3_stmt *st = NULL;
    int64_t slot_at = 0, new_id = 0;
    int got = 0;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    store_Status status = check_booking(db, b, hours, now, &slot_at);
    const char *plain[3] = { b->name, b->contact, b->notes ? b->notes : "" };
    for (int i = 0; status == STORE_OK && i < 3; i++)
        status = store_seal(db, plain[i], &sealed.buf[i], &sealed.len[i]);
    if (status != STORE_OK)
        goto fail;
    status = store_begin(db);
    if (status != STORE_OK)
        goto fail;
    st = store_prepare(db,
        "INSERT INTO appointments (slot_start, slot_at, station, party, name_enc, contact_enc,"
        "  notes_enc, created_at, ends_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (st)
        status = store_appointments_fill_ends(db, hours->slot_minutes);
    if (!st || status != STORE_OK) {
        status = STORE_ERR;
        goto fail;
    }
    int first = b->station ? b->station : 1, last = b->station ? b->station : hours->stations;
    for (int s = first; s <= last && !got; s++) {
        sqlite3_bind_text(st, 1, b->slot, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, slot_at);
        sqlite3_bind_int(st, 3, s);
        sqlite3_bind_text(st, 4, b->party ? b->party : "", -1, SQLITE_STATIC);
        for (int i = 0; i < 3; i++)
            sqlite3_bind_blob(st, 5 + i, sealed.buf[i], (int)sealed.len[i], SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, now);
        sqlite3_bind_int64(st, 9, slot_at + 60 * (int64_t)hours->slot_minutes);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_DONE) {
            got = s;
        } else if (rc != SQLITE_CONSTRAINT_UNIQUE && rc != SQLITE_CONSTRAINT_TRIGGER) {
            status = store_fail_sql(db, "cannot save the appointment");
            goto fail;
        }
    }
    if (!got) {
        status = b->station
            ? store_fail(db, STORE_ERR_TAKEN, "slot %s at station %d is already booked",
                         b->slot, b->station)
            : store_fail(db, STORE_ERR_TAKEN, "slot %s is fully booked", b->slot);
        goto fail;
    }
    new_id = sqlite3_last_insert_rowid(db->sql);
fail:
    sqlite3_finalize(st);
    status = store_end(db, status);
    if (status == STORE_OK) {
        if (id)
            *id = new_id;
        if (station_out)
            *station_out = got;
    }
    sealed_free(&sealed);
    return status;
}

#define APPT_COLUMNS \
    "a.id, a.slot_start, a.station, a.status, a.party, a.name_enc, a.contact_enc," \
    " a.notes_enc, a.purged_at IS NOT NULL," \
    " (SELECT max(o.id) FROM orders o WHERE o.appointment_id = a.id)," \
    " " STORE_SQL_CANCEL_CONFLICT ", coalesce(a.acknowledged_at, 0)," \
    " coalesce(a.not_placed_reason, '')"

/* Fills *a from a row of APPT_COLUMNS, opening the sealed fields. */
static store_Status read_appt(store_Db *db, sqlite3_stmt *st, store_Appointment *a)
{
    char status_name[STORE_STATUS_MAX];
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    store_column_text(st, 1, a->slot, sizeof a->slot);
    a->station = sqlite3_column_int(st, 2);
    store_column_text(st, 3, status_name, sizeof status_name);
    if (store_appt_status_parse(status_name, &a->status) != 0)
        a->status = STORE_APPT_BOOKED;  /* the schema's CHECK makes this unreachable */
    store_column_text(st, 4, a->party, sizeof a->party);
    a->purged = sqlite3_column_int(st, 8);
    a->order_number = sqlite3_column_int64(st, 9);
    a->cancel_conflict = sqlite3_column_int(st, 10);
    a->acknowledged_at = sqlite3_column_int64(st, 11);
    store_column_text(st, 12, a->not_placed_reason, sizeof a->not_placed_reason);
    char *dst[3] = { a->name, a->contact, a->notes };
    size_t cap[3] = { sizeof a->name, sizeof a->contact, sizeof a->notes };
    for (int i = 0; i < 3 && !a->purged; i++) {
        if (sqlite3_column_type(st, 5 + i) == SQLITE_NULL)
            continue;
        store_Status s = store_unseal(db, sqlite3_column_blob(st, 5 + i),
                                      (size_t)sqlite3_column_bytes(st, 5 + i), dst[i], cap[i]);
        if (s != STORE_OK)
            return s;
    }
    return STORE_OK;
}

store_Status store_appointments_day(store_Db *db, const char *day, store_AppointmentFn fn,
                                    void *user)
{
    struct tm tm;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    if (parse_day(day, &tm) != 0)
        return store_fail(db, STORE_ERR_INPUT, "date: expected YYYY-MM-DD, a real date");
    store_Status status = store_key_load(db);
    if (status != STORE_OK)
        return status;
    sqlite3_stmt *st = store_prepare(db,
        "SELECT " APPT_COLUMNS " FROM appointments a WHERE substr(a.slot_start, 1, 10) = ?1"
        " ORDER BY a.slot_start, a.station");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
    store_Appointment *a = malloc(sizeof *a);
    int rc = SQLITE_DONE;
    if (!a)
        status = store_fail(db, STORE_ERR, "out of memory");
    while (status == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        status = read_appt(db, st, a);
        if (status == STORE_OK && fn(a, user) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (status == STORE_OK && rc != SQLITE_DONE)
        status = store_fail_sql(db, "cannot read the appointments");
    if (a)
        sodium_memzero(a, sizeof *a);
    free(a);
    sqlite3_finalize(st);
    return status;
}

store_Status store_appointment_get(store_Db *db, int64_t id, store_Appointment *out)
{
    memset(out, 0, sizeof *out);
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    sqlite3_stmt *st = store_prepare(db, "SELECT " APPT_COLUMNS " FROM appointments a"
                                         " WHERE a.id = ?1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int64(st, 1, id);
    store_Status status;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        status = read_appt(db, st, out);
    else if (rc == SQLITE_DONE)
        status = store_fail(db, STORE_NOTFOUND, "no appointment %lld", (long long)id);
    else
        status = store_fail_sql(db, "cannot read the appointment");
    sqlite3_finalize(st);
    return status;
}

/* The moves staff may make; anything else is refused. */
static int move_ok(store_ApptStatus from, store_ApptStatus to)
{
    switch (to) {
    case STORE_APPT_CHECKED_IN: return from == STORE_APPT_BOOKED;
    case STORE_APPT_IN_SESSION: return from == STORE_APPT_BOOKED || from == STORE_APPT_CHECKED_IN;
    case STORE_APPT_COMPLETED:  return from == STORE_APPT_IN_SESSION;
    case STORE_APPT_NO_SHOW:    return from == STORE_APPT_BOOKED || from == STORE_APPT_CHECKED_IN;
    case STORE_APPT_BOOKED:     return 0;
    /* Only the upstream cancels, and only sync places or gives up. */
    case STORE_APPT_CANCELLED:
    case STORE_APPT_WAITING:
    case STORE_APPT_NOT_PLACED: return 0;
    }
    return 0;
}

store_Status store_appointment_set_status(store_Db *db, int64_t id, store_ApptStatus to,
                                          int64_t now)
{
    char cur[STORE_STATUS_MAX] = "";
    store_ApptStatus from = STORE_APPT_BOOKED;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    store_Status status = store_begin(db);
    if (status != STORE_OK)
        return status;
    sqlite3_stmt *st = store_prepare(db, "SELECT status FROM appointments WHERE id = ?1");
    if (!st) {
        status = STORE_ERR;
        goto done;
    }
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        store_column_text(st, 0, cur, sizeof cur);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) {
        status = store_fail(db, STORE_NOTFOUND, "no appointment %lld", (long long)id);
        goto done;
    }
    if (rc != SQLITE_ROW || store_appt_status_parse(cur, &from) != 0) {
        status = store_fail_sql(db, "cannot read the appointment");
        goto done;
    }
    if (!move_ok(from, to)) {
        status = store_fail(db, STORE_ERR_STATE, "appointment %lld is %s; it cannot become %s",
                            (long long)id, cur, store_appt_status_name(to));
        goto done;
    }
    int closes = to == STORE_APPT_COMPLETED || to == STORE_APPT_NO_SHOW;
    st = store_prepare(db, "UPDATE appointments SET status = ?2,"
                           " closed_at = CASE WHEN ?3 THEN ?4 ELSE closed_at END WHERE id = ?1");
    if (!st) {
        status = STORE_ERR;
        goto done;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, store_appt_status_name(to), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, closes);
    sqlite3_bind_int64(st, 4, now);
    status = store_step_done(db, st, "cannot update the appointment");
done:
    return store_end(db, status);
}

store_Status store_appointment_acknowledge(store_Db *db, int64_t id, int64_t now, int *already)
{
    char cur[STORE_STATUS_MAX] = "";
    int problem = 0;
    int64_t acked = 0;
    if (already)
        *already = 0;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    store_Status status = store_begin(db);
    if (status != STORE_OK)
        return status;
    sqlite3_stmt *st = store_prepare(db, "SELECT a.status, " STORE_SQL_APPT_PROBLEM ","
                                         " coalesce(a.acknowledged_at, 0)"
                                         " FROM appointments a WHERE a.id = ?1");
    if (!st) {
        status = STORE_ERR;
        goto done;
    }
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        store_column_text(st, 0, cur, sizeof cur);
        problem = sqlite3_column_int(st, 1);
        acked = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        status = store_fail(db, STORE_NOTFOUND, "no appointment %lld", (long long)id);
    else if (rc != SQLITE_ROW)
        status = store_fail_sql(db, "cannot read the appointment");
    else if (!problem)
        status = store_fail(db, STORE_ERR_STATE, "appointment %lld is %s, with nothing to deal"
                            " with: only one not placed, or cancelled upstream after the"
                            " customer arrived, can be marked dealt with", (long long)id, cur);
    if (status != STORE_OK || acked) {
        if (already)
            *already = acked != 0;
        goto done;          /* the first time stays */
    }
    st = store_prepare(db, "UPDATE appointments SET acknowledged_at = ?2 WHERE id = ?1");
    if (!st) {
        status = STORE_ERR;
        goto done;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    status = store_step_done(db, st, "cannot mark the appointment dealt with");
done:
    return store_end(db, status);
}

store_Status store_free_slots(store_Db *db, const char *day, const store_Hours *hours,
                              int64_t now, store_FreeSlot *out, int max, int *n)
{
    struct tm tm;
    *n = 0;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    if (parse_day(day, &tm) != 0)
        return store_fail(db, STORE_ERR_INPUT, "date: expected YYYY-MM-DD, a real date");
    if (!hours_ok(hours))
        return store_fail(db, STORE_ERR_INPUT, "the opening hours are not valid");
    sqlite3_stmt *st = store_prepare(db,
        "SELECT count(DISTINCT a.station) FROM appointments a WHERE a.station <= ?2"
        " AND a.status <> 'cancelled' AND a.slot_at < ?4 AND ?3 < " STORE_SQL_APPT_ENDS);
    if (!st)
        return STORE_ERR;
    store_Status status = STORE_OK;
    for (int m = hours->open_minute; *n < max && on_grid(hours, m); m += hours->slot_minutes) {
        if (day_at(&tm, m) < now)
            continue;
        store_FreeSlot *f = &out[*n];
        snprintf(f->slot, sizeof f->slot, "%.10s %02u:%02u", day, (unsigned)(m / 60) % 24u,
                 (unsigned)(m % 60));
        int64_t at = day_at(&tm, m);
        sqlite3_bind_int(st, 2, hours->stations);
        sqlite3_bind_int64(st, 3, at);
        sqlite3_bind_int64(st, 4, at + 60 * (int64_t)hours->slot_minutes);
        int rc = sqlite3_step(st);
        int taken = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW) {
            status = store_fail_sql(db, "cannot read the appointments");
            break;
        }
        f->free_stations = hours->stations - taken;
        if (f->free_stations > 0)
            (*n)++;
    }
    sqlite3_finalize(st);
    return status;
}

store_Status store_purge(store_Db *db, int64_t now, int retention_days, int *erased)
{
    if (erased)
        *erased = 0;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    if (retention_days < 0 || retention_days > RETENTION_DAYS_MAX)
        return store_fail(db, STORE_ERR_INPUT, "retention: expected 0 to %d days",
                          RETENTION_DAYS_MAX);
    /* secure_delete: SQLite overwrites the freed bytes with zeros rather
     * than leaving them in free pages. */
    store_Status status = store_exec(db, "PRAGMA secure_delete=ON", "cannot purge");
    if (status != STORE_OK)
        return status;
    status = store_begin(db);
    sqlite3_stmt *st = status ? NULL : store_prepare(db,
        "UPDATE appointments SET name_enc = NULL, contact_enc = NULL, notes_enc = NULL,"
        "  purged_at = ?1"
        " WHERE purged_at IS NULL AND coalesce(closed_at, slot_at) + ?2 <= ?1");
    if (!st) {
        status = STORE_ERR;
        goto done;
    }
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, (int64_t)retention_days * SECONDS_PER_DAY);
    if (sqlite3_step(st) != SQLITE_DONE)
        status = store_fail_sql(db, "cannot purge the personal data");
    else if (erased)
        *erased = sqlite3_changes(db->sql);
    sqlite3_finalize(st);
done:
    status = store_end(db, status);
    sqlite3_exec(db->sql, "PRAGMA secure_delete=OFF", NULL, NULL, NULL);
    /* The old pages also sit in the WAL until a checkpoint copies the new
     * ones over them; TRUNCATE then empties the WAL file. A reader holding
     * an old snapshot can make it partial: the next purge finishes it. */
    if (status == STORE_OK)
        sqlite3_wal_checkpoint_v2(db->sql, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    return status;
}
