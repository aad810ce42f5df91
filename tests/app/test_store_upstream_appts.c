/* test_store_upstream_appts.c — upstream appointments that wait for a
 * station (retried, then not placed once their slot ends) and upstream
 * cancellations (free the station, never undo an arrived customer's
 * session, idempotent), on real SQLite files with the clock passed in;
 * staff marking the ones not placed and the conflicts as dealt with; and the
 * migrations from a v5 database (schema v6 rebuilds the appointments table)
 * and a v6 one (v7 adds acknowledged_at). */
#include <time.h>

#include <cJSON.h>

#include "../test.h"
#include "test_store_fixture.h"

#define AT    1796000400LL      /* the slot every test fights over */
#define NOW   (AT - 86400)      /* the day before */

static store_Db *open_shipped(void)
{
    return open_catalogue(NULL);
}

/* Applies one page of appointment items (JSON text) with `stations`. */
static store_Status apply(store_Db *db, const char *items, int stations, int64_t now,
                          int *unplaced, int *cancelled)
{
    static int cursor;
    char cur[16];
    snprintf(cur, sizeof cur, "%d", ++cursor);
    cJSON *arr = cJSON_Parse(items);
    if (!arr)
        return STORE_ERR;
    store_Changes ch = { NULL, arr, NULL, cur, stations, unplaced, 30, cancelled, 0, 0, NULL, NULL };
    store_Status st = store_changes_apply(db, &ch, now);
    cJSON_Delete(arr);
    return st;
}

/* Status of upstream id `id` as SQL text compared to `want`. */
static int status_is(const char *id, const char *want)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM appointments WHERE upstream_id = '%s'"
             " AND status = '%s'", id, want);
    return sql_int(dbpath, sql) == 1;
}

static long long station_of(const char *id)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT coalesce(station, 0) FROM appointments"
             " WHERE upstream_id = '%s'", id);
    return sql_int(dbpath, sql);
}

static const char three[] =
    "[{\"id\":\"a\",\"starts_at\":1796000400,\"name\":\"Anouk Alleaume\",\"contact\":\"a@x.org\"},"
    " {\"id\":\"b\",\"starts_at\":1796000400,\"name\":\"Basile Berthaud\",\"contact\":\"b@x.org\"},"
    " {\"id\":\"c\",\"starts_at\":1796000400,\"name\":\"Capucine Cauvin\",\"contact\":\"c@x.org\"}]";

TEST(waiting_appointment_is_placed_when_a_station_frees_oldest_first)
{
    store_Db *db = open_shipped();
    int unplaced = 0, cancelled = 0, placed = -1, expired = -1;
    CHECK(db);
    CHECKF(apply(db, three, 1, NOW, &unplaced, &cancelled) == STORE_OK, "%s", store_errmsg(db));
    CHECK(unplaced == 2);
    /* A pass with nothing free places nothing, drops nothing. */
    CHECK(store_appointments_retry(db, 1, NOW + 60, &placed, &expired) == STORE_OK);
    CHECK(placed == 0 && expired == 0);
    CHECK(status_is("b", "waiting") && status_is("c", "waiting"));
    /* A second station (configuration): the longest-waiting one takes it. */
    CHECK(store_appointments_retry(db, 2, NOW + 120, &placed, &expired) == STORE_OK);
    CHECK(placed == 1 && expired == 0);
    CHECK(status_is("b", "booked") && station_of("b") == 2 && status_is("c", "waiting"));
    store_SyncStatus s;
    CHECK(store_sync_status(db, &s) == STORE_OK && s.appts_waiting == 1);
    /* Placed, the personal data opens as any appointment's. */
    store_Appointment ap;
    CHECK(store_appointment_get(db, sql_int(dbpath, "SELECT id FROM appointments"
                                                    " WHERE upstream_id = 'b'"), &ap) == STORE_OK);
    CHECK(strcmp(ap.name, "Basile Berthaud") == 0 && ap.station == 2);
    store_close(db);
    remove_dir();
}

TEST(waiting_appointment_whose_slot_ended_is_recorded_not_placed)
{
    store_Db *db = open_shipped();
    int unplaced = 0, placed = -1, expired = -1;
    CHECK(db);
    CHECK(apply(db, three, 2, NOW, &unplaced, NULL) == STORE_OK && unplaced == 1);
    /* Still waiting at the slot's start, given up on at its end (30 min). */
    CHECK(store_appointments_retry(db, 2, AT + 1799, &placed, &expired) == STORE_OK);
    CHECK(placed == 0 && expired == 0 && status_is("c", "waiting"));
    CHECK(store_appointments_retry(db, 2, AT + 1800, &placed, &expired) == STORE_OK);
    CHECK(placed == 0 && expired == 1 && status_is("c", "not-placed"));
    /* Kept for staff: counted, personal data sealed and readable, closed
     * for the retention clock; a later pass does not count it again. */
    store_SyncStatus s;
    CHECK(store_sync_status(db, &s) == STORE_OK && s.appts_waiting == 0 && s.appts_not_placed == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE upstream_id = 'c'"
                          " AND name_enc IS NOT NULL AND closed_at = 1796002200") == 1);
    CHECK(store_appointments_retry(db, 3, AT + 4000, &placed, &expired) == STORE_OK);
    CHECK(placed == 0 && expired == 0 && status_is("c", "not-placed"));
    /* Arriving after its slot ended with no station: not placed at once. */
    CHECK(apply(db, "[{\"id\":\"d\",\"starts_at\":1796000400,\"minutes\":15}]", 2, AT + 900,
                &unplaced, NULL) == STORE_OK && unplaced == 1);
    CHECK(status_is("d", "not-placed"));
    store_close(db);
    remove_dir();
}

TEST(upstream_cancellation_frees_the_station_for_the_one_waiting)
{
    store_Db *db = open_shipped();
    int unplaced = 0, cancelled = 0;
    CHECK(db);
    CHECK(apply(db, three, 2, NOW, &unplaced, &cancelled) == STORE_OK && unplaced == 1);
    CHECK(station_of("a") == 1 && status_is("c", "waiting"));
    CHECK(apply(db, "[{\"id\":\"a\",\"status\":\"cancelled\"}]", 2, NOW + 10, &unplaced,
                &cancelled) == STORE_OK);
    CHECK(cancelled == 1 && unplaced == 0);
    CHECK(status_is("a", "cancelled") && status_is("c", "booked") && station_of("c") == 1);
    CHECK(sql_int(dbpath, "SELECT closed_at FROM appointments WHERE upstream_id = 'a'") == NOW + 10);
    /* The same cancellation again, and an id never seen: nothing changes. */
    long long before = sql_int(dbpath, "SELECT total(length(status) * id + coalesce(station, 0)"
                                       " + coalesce(closed_at, 0) + coalesce(upstream_cancelled_at, 0))"
                                       " FROM appointments");
    CHECK(apply(db, "[{\"id\":\"a\",\"status\":\"cancelled\"},{\"id\":\"zz\",\"status\":\"cancelled\"}]",
                2, NOW + 20, &unplaced, &cancelled) == STORE_OK && cancelled == 0);
    CHECK(sql_int(dbpath, "SELECT total(length(status) * id + coalesce(station, 0)"
                          " + coalesce(closed_at, 0) + coalesce(upstream_cancelled_at, 0))"
                          " FROM appointments") == before);
    /* Resent as booked, a cancelled appointment stays cancelled. */
    CHECK(apply(db, three, 2, NOW + 30, &unplaced, &cancelled) == STORE_OK);
    CHECK(status_is("a", "cancelled") && station_of("c") == 1);
    /* A walk-in can take a station a cancellation freed. */
    CHECK(apply(db, "[{\"id\":\"b\",\"status\":\"cancelled\"}]", 2, NOW + 40, &unplaced,
                &cancelled) == STORE_OK && cancelled == 1);
    store_Hours h = { 0, 24 * 60, 30, 2 };
    char slot[STORE_SLOT_TEXT_MAX];
    time_t t = (time_t)AT;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(slot, sizeof slot, "%Y-%m-%d %H:%M", &tm);
    store_Booking bk = { "Walk In", "+33 1", "", "", slot, 0 };
    int station = 0;
    CHECKF(store_appointment_book(db, &bk, &h, NOW + 50, NULL, &station) == STORE_OK, "%s",
           store_errmsg(db));
    CHECK(station == 2);
    store_close(db);
    remove_dir();
}

TEST(cancellation_after_the_customer_arrived_keeps_the_session_and_records_the_conflict)
{
    store_Db *db = open_shipped();
    int unplaced = 0, cancelled = 0;
    CHECK(db);
    CHECK(apply(db, three, 3, NOW, &unplaced, &cancelled) == STORE_OK && unplaced == 0);
    int64_t id = sql_int(dbpath, "SELECT id FROM appointments WHERE upstream_id = 'b'");
    CHECK(store_appointment_set_status(db, id, STORE_APPT_IN_SESSION, NOW + 5) == STORE_OK);
    model_Order o = sample_order("disc");
    o.appointment_id = id;
    CHECKF(store_order_insert(db, &o) == STORE_OK, "%s", store_errmsg(db));
    CHECK(apply(db, "[{\"id\":\"b\",\"status\":\"cancelled\"}]", 3, NOW + 10, &unplaced,
                &cancelled) == STORE_OK && cancelled == 0);
    CHECK(status_is("b", "in-session") && station_of("b") == 2);
    CHECK(sql_int(dbpath, "SELECT upstream_cancelled_at FROM appointments"
                          " WHERE upstream_id = 'b'") == NOW + 10);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM orders WHERE appointment_id IS NOT NULL") == 1);
    store_SyncStatus s;
    CHECK(store_sync_status(db, &s) == STORE_OK && s.cancel_conflicts == 1);
    store_Appointment ap;
    CHECK(store_appointment_get(db, id, &ap) == STORE_OK && ap.cancel_conflict == 1);
    /* Twice: the first time stays recorded. */
    CHECK(apply(db, "[{\"id\":\"b\",\"status\":\"cancelled\"}]", 3, NOW + 99, &unplaced,
                &cancelled) == STORE_OK);
    CHECK(sql_int(dbpath, "SELECT upstream_cancelled_at FROM appointments"
                          " WHERE upstream_id = 'b'") == NOW + 10);
    /* Staff cannot move a cancelled appointment anywhere. */
    int64_t a = sql_int(dbpath, "SELECT id FROM appointments WHERE upstream_id = 'a'");
    CHECK(apply(db, "[{\"id\":\"a\",\"status\":\"cancelled\"}]", 3, NOW + 10, &unplaced,
                &cancelled) == STORE_OK && cancelled == 1);
    CHECK(store_appointment_set_status(db, a, STORE_APPT_IN_SESSION, NOW + 11) == STORE_ERR_STATE);
    store_close(db);
    remove_dir();
}

TEST(bad_appointment_items_are_set_aside_naming_the_field)
{
    static const struct { const char *item, *why; } bad[] = {
        { "[{\"status\":\"cancelled\"}]", "appointments[0].id" },
        { "[{\"id\":\"x\",\"status\":\"gone\"}]", "appointments[0].status" },
        { "[{\"id\":\"x\",\"status\":\"waiting\",\"starts_at\":1796000400}]",
          "appointments[0].status" },
        { "[{\"id\":\"x\",\"starts_at\":1796000400,\"minutes\":0}]", "appointments[0].minutes" },
        { "[{\"id\":\"x\",\"starts_at\":1796000400,\"minutes\":\"30\"}]",
          "appointments[0].minutes" },
        { "[{\"id\":\"x\",\"status\":\"booked\"}]", "appointments[0].starts_at" },
        { "[{\"id\":\"x\",\"status\":\"cancelled\"},{\"id\":7,\"status\":\"cancelled\"}]",
          "appointments[1].id" },
    };
    store_Db *db = open_shipped();
    CHECK(db);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        store_QuarantineItem q;
        int nq = 0;
        CHECK(apply(db, bad[i].item, 2, NOW, NULL, NULL) == STORE_OK);
        CHECK(store_quarantine_list(db, STORE_QUARANTINE_OPEN, &q, 1, &nq) == STORE_OK);
        CHECKF(nq == 1 && strstr(q.reason, bad[i].why), "%zu: %s", i, q.reason);
    }
    store_close(db);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments") == 0);
    /* One kept per page, without its personal fields (the last page's
     * first item, a cancellation of an id never seen, applied). */
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sync_quarantine WHERE kind = 'appointment'"
                          " AND payload IS NULL") == 7);
    remove_dir();
}

/* A database as version 5 shipped its appointments table (migrate.c step
 * 2 and 3), with a booked appointment, one linked to an order, and an
 * appointment change v5 kept in sync_inbox (no station, no personal data). */
static const char *const to_v5 =
    /* Rebuilt the way a tool would, links to the table left as they are. */
    UNDO_V8 "PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON;"
    "DROP INDEX appointments_slot; DROP INDEX appointments_retention;"
    "DROP INDEX appointments_upstream; DROP INDEX appointments_waiting;"
    "ALTER TABLE appointments RENAME TO appointments_now;"
    "CREATE TABLE appointments ("
    "  id INTEGER PRIMARY KEY,"
    "  slot_start TEXT NOT NULL CHECK (slot_start GLOB"
    "    '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]'),"
    "  slot_at INTEGER NOT NULL, station INTEGER NOT NULL CHECK (station >= 1),"
    "  status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN"
    "    ('booked', 'checked-in', 'in-session', 'completed', 'no-show')),"
    "  party TEXT NOT NULL DEFAULT '', name_enc BLOB, contact_enc BLOB, notes_enc BLOB,"
    "  created_at INTEGER NOT NULL, closed_at INTEGER, purged_at INTEGER,"
    "  UNIQUE (slot_start, station));"
    "CREATE INDEX appointments_retention ON appointments(purged_at, slot_at);"
    "ALTER TABLE appointments ADD COLUMN upstream_id TEXT;"
    "CREATE UNIQUE INDEX appointments_upstream ON appointments(upstream_id);"
    "DROP TABLE appointments_now;"
    "INSERT INTO appointments (slot_start, slot_at, station, status, created_at, upstream_id)"
    "  VALUES ('2026-11-21 14:00', 1763730000, 1, 'booked', 1, 'up-1'),"
    "         ('2026-11-21 14:00', 1763730000, 2, 'in-session', 1, NULL);"
    "UPDATE orders SET appointment_id = 2;"
    "INSERT INTO sync_inbox (kind, payload, received_at) VALUES ('appointment',"
    "  '{\"id\":\"up-2\",\"starts_at\":1763730000,\"minutes\":45,\"status\":\"booked\"}', 7);"
    "UPDATE sync_state SET cursor = '17';"
    "PRAGMA user_version = 5;";

TEST(migrates_v5_database_keeping_links_and_waiting_inbox_appointments)
{
    store_Db *db = open_shipped();
    CHECK(db);
    model_Order o = sample_order("disc");
    CHECK(store_order_insert(db, &o) == STORE_OK);
    store_close(db);
    db = NULL;
    CHECKF(sql_exec(dbpath, to_v5) == SQLITE_OK, "to v5");
    CHECK(sql_int(dbpath, "PRAGMA user_version") == 5);
    CHECKF(store_open(dbpath, &db) == STORE_OK, "%s", store_errmsg(db));
    CHECK(sql_int(dbpath, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
    /* Rows, the order's link and the foreign keys survive the rebuild. */
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE station IS NOT NULL") == 2);
    CHECK(sql_int(dbpath, "SELECT appointment_id FROM orders") == 2);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM pragma_integrity_check"
                          " WHERE integrity_check = 'ok'") == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%v6%'") == 0);
    /* The change v5 kept aside waits in the table now; the cursor is reset
     * so that the upstream sends it again with its personal fields. */
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE upstream_id = 'up-2'"
                          " AND status = 'waiting' AND station IS NULL"
                          " AND ends_at = 1763730000 + 2700") == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sync_inbox") == 0);
    CHECK(sql_int(dbpath, "SELECT cursor = '' FROM sync_state") == 1);
    /* The database still refuses a double booking, but not over a
     * cancelled row. */
    CHECK(sql_exec(dbpath, "INSERT INTO appointments (slot_start, slot_at, station, created_at)"
                           " VALUES ('2026-11-21 14:00', 1763730000, 1, 1)") != SQLITE_OK);
    CHECK(sql_exec(dbpath, "UPDATE appointments SET status = 'cancelled' WHERE upstream_id = 'up-1';"
                           "INSERT INTO appointments (slot_start, slot_at, station, created_at)"
                           " VALUES ('2026-11-21 14:00', 1763730000, 1, 1)") == SQLITE_OK);
    /* A waiting row with a station, or a booked one without: refused. */
    CHECK(sql_exec(dbpath, "UPDATE appointments SET station = 3 WHERE upstream_id = 'up-2'")
          != SQLITE_OK);
    CHECK(sql_exec(dbpath, "UPDATE appointments SET station = NULL WHERE id = 2") != SQLITE_OK);
    store_close(db);
    remove_dir();
}

/* Appointment id of upstream id `id`. */
static int64_t id_of(const char *id)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT id FROM appointments WHERE upstream_id = '%s'", id);
    return sql_int(dbpath, sql);
}

static int count_day(const store_Appointment *a, void *user)
{
    (void)a;
    ++*(int *)user;
    return 0;
}

/* a booked at station 1, b in session and cancelled upstream (a conflict),
 * c not placed (its slot ended with both stations taken). */
static store_Db *open_with_problems(void)
{
    store_Db *db = open_shipped();
    int unplaced = 0, cancelled = 0, placed = 0, expired = 0;
    if (!db || apply(db, three, 2, NOW, &unplaced, &cancelled) != STORE_OK ||
        store_appointment_set_status(db, id_of("b"), STORE_APPT_IN_SESSION, NOW + 5) != STORE_OK ||
        apply(db, "[{\"id\":\"b\",\"status\":\"cancelled\"}]", 2, NOW + 10, &unplaced,
              &cancelled) != STORE_OK ||
        store_appointments_retry(db, 2, AT + 1800, &placed, &expired) != STORE_OK || expired != 1) {
        store_close(db);
        return NULL;
    }
    return db;
}

TEST(staff_mark_not_placed_and_conflict_dealt_with_once_and_they_stop_counting)
{
    store_Db *db = open_with_problems();
    store_SyncStatus s;
    store_Appointment ap;
    int already = -1, listed = 0;
    char day[STORE_DAY_TEXT_MAX];
    CHECK(db);
    CHECK(store_sync_status(db, &s) == STORE_OK && s.appts_not_placed == 1 &&
          s.cancel_conflicts == 1);
    CHECK(store_appointment_get(db, id_of("c"), &ap) == STORE_OK && ap.acknowledged_at == 0);
    /* Called the customer: no longer a problem, still listed and marked. */
    CHECKF(store_appointment_acknowledge(db, id_of("c"), AT + 2000, &already) == STORE_OK, "%s",
           store_errmsg(db));
    CHECK(already == 0);
    CHECK(store_sync_status(db, &s) == STORE_OK && s.appts_not_placed == 0 &&
          s.cancel_conflicts == 1);
    CHECK(store_appointment_get(db, id_of("c"), &ap) == STORE_OK &&
          ap.acknowledged_at == AT + 2000 && ap.status == STORE_APPT_NOT_PLACED &&
          strcmp(ap.name, "Capucine Cauvin") == 0);
    snprintf(day, sizeof day, "%.10s", ap.slot);
    CHECK(store_appointments_day(db, day, count_day, &listed) == STORE_OK && listed == 3);
    /* Again: nothing changes, the first time stays, and it says so. */
    CHECK(store_appointment_acknowledge(db, id_of("c"), AT + 3000, &already) == STORE_OK);
    CHECK(already == 1);
    CHECK(store_appointment_get(db, id_of("c"), &ap) == STORE_OK &&
          ap.acknowledged_at == AT + 2000);
    /* The conflict, settled: the session and its status stand. */
    CHECK(store_appointment_acknowledge(db, id_of("b"), AT + 2100, NULL) == STORE_OK);
    CHECK(store_sync_status(db, &s) == STORE_OK && s.appts_not_placed == 0 &&
          s.cancel_conflicts == 0);
    CHECK(store_appointment_get(db, id_of("b"), &ap) == STORE_OK && ap.cancel_conflict == 1 &&
          ap.status == STORE_APPT_IN_SESSION && ap.acknowledged_at == AT + 2100);
    /* Nothing to deal with, or no such appointment: refused, said why. */
    CHECK(store_appointment_acknowledge(db, id_of("a"), AT + 2200, &already) == STORE_ERR_STATE);
    CHECKF(strstr(store_errmsg(db), "is booked, with nothing to deal with"), "%s",
           store_errmsg(db));
    CHECK(already == 0);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE upstream_id = 'a'"
                          " AND acknowledged_at IS NULL") == 1);
    CHECK(store_appointment_acknowledge(db, 987654, AT, NULL) == STORE_NOTFOUND);
    CHECKF(strstr(store_errmsg(db), "no appointment 987654"), "%s", store_errmsg(db));
    store_close(db);
    remove_dir();
}

TEST(migrates_v6_database_with_its_problems_not_yet_dealt_with)
{
    store_Db *db = open_with_problems();
    store_SyncStatus s;
    CHECK(db);
    store_close(db);
    db = NULL;
    /* Version 6 had no acknowledged_at. */
    CHECKF(sql_exec(dbpath, UNDO_V8 "ALTER TABLE appointments DROP COLUMN acknowledged_at;"
                            "PRAGMA user_version = 6;") == SQLITE_OK, "to v6");
    CHECK(sql_int(dbpath, "SELECT count(*) FROM pragma_table_info('appointments')"
                          " WHERE name = 'acknowledged_at'") == 0);
    CHECKF(store_open(dbpath, &db) == STORE_OK, "%s", store_errmsg(db));
    CHECK(sql_int(dbpath, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE acknowledged_at IS NULL") == 3);
    CHECK(status_is("c", "not-placed") && status_is("b", "in-session"));
    CHECK(sql_int(dbpath, "SELECT count(*) FROM pragma_integrity_check"
                          " WHERE integrity_check = 'ok'") == 1);
    CHECK(store_sync_status(db, &s) == STORE_OK && s.appts_not_placed == 1 &&
          s.cancel_conflicts == 1);
    CHECK(store_appointment_acknowledge(db, id_of("c"), AT + 2000, NULL) == STORE_OK);
    CHECK(store_sync_status(db, &s) == STORE_OK && s.appts_not_placed == 0);
    store_close(db);
    remove_dir();
}

/* Unix seconds of a local time on the day of AT. */
static int64_t local_at(int hour, int minute)
{
    time_t t = (time_t)AT;
    struct tm tm;
    localtime_r(&t, &tm);
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

/* Applies one page (JSON text) with opening hours 10:00-19:00 and slots of
 * 30 minutes; *quarantined set. */
static store_Status apply_hours(store_Db *db, const char *items, int stations, int *quarantined)
{
    static int cursor = 1000;
    char cur[16];
    snprintf(cur, sizeof cur, "%d", ++cursor);
    cJSON *arr = cJSON_Parse(items);
    if (!arr)
        return STORE_ERR;
    store_Changes ch = { NULL, arr, NULL, cur, stations, NULL, 30, NULL, 600, 1140,
                         quarantined, NULL };
    store_Status st = store_changes_apply(db, &ch, NOW);
    cJSON_Delete(arr);
    return st;
}

/* "[{...,"starts_at": local HH:MM, "minutes": M}, ...]" into buf. */
static const char *appts_at(char *buf, size_t cap, const char *fmt, int64_t a, int64_t b,
                            int64_t c)
{
    snprintf(buf, cap, fmt, (long long)a, (long long)b, (long long)c);
    return buf;
}

TEST(one_bad_item_is_set_aside_and_the_rest_of_the_page_applies)
{
    store_Db *db = open_shipped();
    CHECK(db);
    char page[1024];
    int quarantined = -1;
    appts_at(page, sizeof page,
             "[{\"id\":\"good-1\",\"starts_at\":%lld,\"name\":\"Ysaline Quérat\",\"contact\":\"y@x.org\"},"
             " {\"id\":\"bad\",\"starts_at\":%lld,\"name\":\"Zéphir Vautrin\",\"party\":2},"
             " {\"id\":\"good-2\",\"starts_at\":%lld,\"name\":\"Oriane Malherbe\",\"contact\":\"o@x.org\"}]",
             local_at(11, 0), local_at(12, 0), local_at(13, 0));
    CHECKF(apply_hours(db, page, 1, &quarantined) == STORE_OK, "%s", store_errmsg(db));
    CHECK(quarantined == 1);
    CHECK(status_is("good-1", "booked") && status_is("good-2", "booked"));
    store_QuarantineItem q;
    int nq = 0;
    CHECK(store_quarantine_list(db, STORE_QUARANTINE_OPEN, &q, 1, &nq) == STORE_OK && nq == 1);
    CHECKF(strstr(q.reason, "appointments[1].party") && strcmp(q.key, "bad") == 0 && q.idx == 1,
           "%s", q.reason);
    store_SyncStatus s;
    CHECK(store_sync_status(db, &s) == STORE_OK && strcmp(s.cursor, q.cursor) == 0);
    CHECK(s.quarantined_appointments == 1 && s.quarantine_unreported == 1);
    /* Sent again corrected: placed, and the refusal resolved. */
    appts_at(page, sizeof page,
             "[{\"id\":\"bad\",\"starts_at\":%lld,\"name\":\"Zéphir Vautrin\",\"party\":\"2\"}]",
             local_at(12, 0), 0, 0);
    CHECK(apply_hours(db, page, 1, &quarantined) == STORE_OK && quarantined == 0);
    CHECK(status_is("bad", "booked"));
    CHECK(store_sync_status(db, &s) == STORE_OK && s.quarantined == 0);
    store_close(db);
    /* Nothing personal of the refused item was kept. */
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sync_quarantine WHERE payload IS NULL"
                          " AND reason NOT LIKE '%Vautrin%'") == 1);
    remove_dir();
}

TEST(overlapping_upstream_appointments_never_share_a_station)
{
    store_Db *db = open_shipped();
    CHECK(db);
    char page[1024];
    int quarantined = 0;
    /* 11:00 for 90 minutes and two at 11:30 with one station: only the
     * first is placed, the others wait (they would overlap it). */
    appts_at(page, sizeof page,
             "[{\"id\":\"long\",\"starts_at\":%lld,\"minutes\":90},"
             " {\"id\":\"q1\",\"starts_at\":%lld,\"minutes\":30},"
             " {\"id\":\"q2\",\"starts_at\":%lld,\"minutes\":30}]",
             local_at(11, 0), local_at(11, 30), local_at(11, 30));
    CHECKF(apply_hours(db, page, 1, &quarantined) == STORE_OK, "%s", store_errmsg(db));
    CHECK(status_is("long", "booked") && station_of("long") == 1);
    CHECK(status_is("q1", "waiting") && status_is("q2", "waiting"));
    /* A second station takes one of them; the other overlaps both. */
    int placed = 0, expired = 0;
    CHECK(store_appointments_retry(db, 2, NOW, &placed, &expired) == STORE_OK && placed == 1);
    CHECK(station_of("q1") == 2 && status_is("q2", "waiting"));
    /* 12:30 is free on station 1 again: back to back is not an overlap. */
    appts_at(page, sizeof page, "[{\"id\":\"after\",\"starts_at\":%lld,\"minutes\":30}]",
             local_at(12, 30), 0, 0);
    CHECK(apply_hours(db, page, 1, &quarantined) == STORE_OK && station_of("after") == 1);
    store_close(db);
    /* The database itself refuses an overlap, whoever writes it. */
    char sql[512];
    snprintf(sql, sizeof sql, "INSERT INTO appointments (slot_start, slot_at, station, created_at,"
             " ends_at) VALUES ('2026-01-01 11:45', %lld, 1, 1, %lld)",
             (long long)local_at(11, 45), (long long)local_at(12, 15));
    CHECK(sql_exec(dbpath, sql) == SQLITE_CONSTRAINT);
    snprintf(sql, sizeof sql, "UPDATE appointments SET station = 1 WHERE upstream_id = 'q1'");
    CHECK(sql_exec(dbpath, sql) == SQLITE_CONSTRAINT);
    /* A status change of a placed row is no placement: it goes through. */
    CHECK(sql_exec(dbpath, "UPDATE appointments SET status = 'checked-in'"
                           " WHERE upstream_id = 'long'") == SQLITE_OK);
    remove_dir();
}

TEST(appointment_outside_opening_hours_or_off_the_grid_is_kept_not_placed)
{
    store_Db *db = open_shipped();
    CHECK(db);
    char page[1024];
    int quarantined = 0;
    appts_at(page, sizeof page,
             "[{\"id\":\"early\",\"starts_at\":%lld,\"name\":\"Lison Abgrall\",\"contact\":\"l@x.org\"},"
             " {\"id\":\"late\",\"starts_at\":%lld,\"minutes\":60},"
             " {\"id\":\"odd\",\"starts_at\":%lld}]",
             local_at(9, 0), local_at(18, 30), local_at(14, 10));
    CHECKF(apply_hours(db, page, 2, &quarantined) == STORE_OK, "%s", store_errmsg(db));
    CHECK(quarantined == 0);
    CHECK(status_is("early", "not-placed") && status_is("late", "not-placed") &&
          status_is("odd", "not-placed"));
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE upstream_id = 'early'"
                          " AND not_placed_reason = 'closed' AND station IS NULL"
                          " AND name_enc IS NOT NULL") == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE upstream_id = 'late'"
                          " AND not_placed_reason = 'closed'") == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE upstream_id = 'odd'"
                          " AND not_placed_reason = 'off-grid'") == 1);
    store_SyncStatus s;
    CHECK(store_sync_status(db, &s) == STORE_OK && s.appts_not_placed == 3);
    store_Appointment ap;
    CHECK(store_appointment_get(db, id_of("odd"), &ap) == STORE_OK &&
          strcmp(ap.not_placed_reason, "off-grid") == 0);
    /* Moved onto the grid by the upstream: placed, the reason gone. */
    appts_at(page, sizeof page, "[{\"id\":\"odd\",\"starts_at\":%lld}]", local_at(14, 0), 0, 0);
    CHECK(apply_hours(db, page, 2, &quarantined) == STORE_OK && status_is("odd", "booked"));
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE upstream_id = 'odd'"
                          " AND not_placed_reason IS NULL AND station = 1") == 1);
    store_close(db);
    remove_dir();
}

TEST(local_booking_is_refused_where_an_upstream_appointment_overlaps)
{
    store_Db *db = open_shipped();
    CHECK(db);
    char page[512];
    int quarantined = 0;
    appts_at(page, sizeof page, "[{\"id\":\"long\",\"starts_at\":%lld,\"minutes\":90}]",
             local_at(11, 0), 0, 0);
    CHECK(apply_hours(db, page, 2, &quarantined) == STORE_OK && station_of("long") == 1);
    store_Hours h = { 600, 1140, 30, 2 };
    store_Booking b;
    memset(&b, 0, sizeof b);
    b.name = "Perrine Gaudichon";
    b.contact = "p@x.org";
    time_t t = (time_t)local_at(11, 30);
    struct tm tm;
    char slot[STORE_SLOT_TEXT_MAX];
    localtime_r(&t, &tm);
    strftime(slot, sizeof slot, "%Y-%m-%d %H:%M", &tm);
    b.slot = slot;
    /* Station 1 is held from 11:00 to 12:30: refused there... */
    b.station = 1;
    CHECK(store_appointment_book(db, &b, &h, NOW, NULL, NULL) == STORE_ERR_TAKEN);
    /* ...any station: the second. */
    int station = 0;
    b.station = 0;
    CHECK(store_appointment_book(db, &b, &h, NOW, NULL, &station) == STORE_OK && station == 2);
    CHECK(store_appointment_book(db, &b, &h, NOW, NULL, &station) == STORE_ERR_TAKEN);
    /* The free slots say so too: 11:30 is full, 11:00 and 12:00 keep
     * station 2. */
    store_FreeSlot f[32];
    int n = 0;
    char day[STORE_DAY_TEXT_MAX];
    snprintf(day, sizeof day, "%.10s", b.slot);
    CHECK(store_free_slots(db, day, &h, NOW, f, 32, &n) == STORE_OK);
    int listed = 0;
    for (int i = 0; i < n; i++)
        listed += strstr(f[i].slot, " 11:30") ? 100 : strstr(f[i].slot, " 12:00") ? 10
                : strstr(f[i].slot, " 11:00") ? 1 : 0;
    CHECKF(listed == 11, "%d", listed);
    store_close(db);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE upstream_id IS NULL"
                          " AND ends_at = slot_at + 1800") == 1);
    remove_dir();
}

TEST(migrates_v7_database_with_overlapping_rows_and_old_local_bookings)
{
    store_Db *db = open_shipped();
    CHECK(db);
    store_close(db);
    db = NULL;
    /* Version 7: no quarantine, no reason, no triggers; rows as the
     * identical-start check let them in: an upstream 11:00 for 90 minutes,
     * an upstream 11:30 on the same station, a local 12:00 without ends_at
     * on it too, a not-placed one, and an 11:30 on station 2 (free). */
    char sql[2048];
    snprintf(sql, sizeof sql, UNDO_V8
             "INSERT INTO appointments (slot_start, slot_at, station, status, created_at,"
             "  upstream_id, ends_at) VALUES"
             " ('x 11:00', %lld, 1, 'booked', 1, 'long', %lld),"
             " ('x 11:30', %lld, 1, 'booked', 1, 'over', %lld),"
             " ('x 12:00', %lld, 1, 'booked', 1, NULL, NULL),"
             " ('x 11:30', %lld, 2, 'booked', 1, 'fine', %lld),"
             " ('x 09:00', %lld, NULL, 'not-placed', 1, 'gone', %lld);"
             "PRAGMA user_version = 7;",
             (long long)local_at(11, 0), (long long)local_at(12, 30),
             (long long)local_at(11, 30), (long long)local_at(12, 0),
             (long long)local_at(12, 0),
             (long long)local_at(11, 30), (long long)local_at(12, 0),
             (long long)local_at(9, 0), (long long)local_at(9, 30));
    for (char *x; (x = strstr(sql, "'x ")); ) {   /* the day's date, as slot_start wants */
        time_t t = (time_t)AT;
        struct tm tm;
        char d[12];
        localtime_r(&t, &tm);
        strftime(d, sizeof d, "%Y-%m-%d", &tm);
        memmove(x + 11, x + 2, strlen(x + 2) + 1);
        memcpy(x + 1, d, 10);
    }
    CHECKF(sql_exec(dbpath, sql) == SQLITE_OK, "to v7");
    CHECK(sql_int(dbpath, "PRAGMA user_version") == 7);
    CHECKF(store_open(dbpath, &db) == STORE_OK, "%s", store_errmsg(db));
    CHECK(sql_int(dbpath, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
    /* An upstream row that overlaps an earlier or a local one waits for a
     * station again (rows taken in order, so 'over' no longer overlaps
     * anything once 'long' has left); the rest stay. */
    CHECK(status_is("long", "waiting") && status_is("over", "booked") && station_of("over") == 1);
    CHECK(status_is("fine", "booked") && station_of("fine") == 2);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE upstream_id IS NULL"
                          " AND station = 1 AND status = 'booked'") == 1);
    CHECK(sql_int(dbpath, "SELECT not_placed_reason = 'no-station' FROM appointments"
                          " WHERE upstream_id = 'gone'") == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sync_quarantine") == 0);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM pragma_integrity_check"
                          " WHERE integrity_check = 'ok'") == 1);
    /* The next pass places what fits: 11:00-12:30 fits neither station 1
     * nor 2 ('fine' holds 11:30-12:00), a third station takes it. */
    int placed = 0, expired = 0;
    CHECK(store_appointments_retry(db, 2, NOW, &placed, &expired) == STORE_OK);
    CHECK(placed == 0 && status_is("long", "waiting"));
    CHECK(store_appointments_retry(db, 3, NOW, &placed, &expired) == STORE_OK && placed == 1);
    CHECK(station_of("long") == 3);
    store_close(db);
    /* Now the triggers hold: the local row cannot move onto 'long'. */
    CHECK(sql_exec(dbpath, "UPDATE appointments SET station = 3 WHERE upstream_id IS NULL")
          == SQLITE_CONSTRAINT);
    remove_dir();
}

int main(void)
{
    RUN(waiting_appointment_is_placed_when_a_station_frees_oldest_first);
    RUN(waiting_appointment_whose_slot_ended_is_recorded_not_placed);
    RUN(upstream_cancellation_frees_the_station_for_the_one_waiting);
    RUN(cancellation_after_the_customer_arrived_keeps_the_session_and_records_the_conflict);
    RUN(bad_appointment_items_are_set_aside_naming_the_field);
    RUN(migrates_v5_database_keeping_links_and_waiting_inbox_appointments);
    RUN(staff_mark_not_placed_and_conflict_dealt_with_once_and_they_stop_counting);
    RUN(migrates_v6_database_with_its_problems_not_yet_dealt_with);
    RUN(one_bad_item_is_set_aside_and_the_rest_of_the_page_applies);
    RUN(overlapping_upstream_appointments_never_share_a_station);
    RUN(appointment_outside_opening_hours_or_off_the_grid_is_kept_not_placed);
    RUN(local_booking_is_refused_where_an_upstream_appointment_overlaps);
    RUN(migrates_v7_database_with_overlapping_rows_and_old_local_bookings);
    return test_summary();
}
