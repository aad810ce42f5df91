/* test_store_appointments.c — booking on the day's grid, double booking
 * refused by the database, statuses, encryption at rest (no trace of a
 * name in the raw .db, -wal, -journal files), the key file's rules, the
 * retention purge, and migrations from every earlier schema version. */
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "../test.h"
#include "test_store_fixture.h"

static const store_Hours hours = { 10 * 60, 19 * 60, 30, 2 };

/* Unix seconds of a local time, and its day text. */
static int64_t local(int y, int mo, int d, int h, int mi)
{
    struct tm tm = { 0 };
    tm.tm_year = y - 1900; tm.tm_mon = mo - 1; tm.tm_mday = d;
    tm.tm_hour = h; tm.tm_min = mi; tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

#define NOW local(2030, 3, 14, 9, 0)

static store_Booking booking(const char *name, const char *slot, int station)
{
    store_Booking b = { name, "+33 6 12 34 56 78", "owner + pet", "collar tag too", slot, station };
    return b;
}

TEST(books_lowest_free_station_then_refuses_full_slot)
{
    store_Db *db = open_catalogue(NULL);
    CHECK(db);
    int64_t id = 0;
    int st = 0;
    store_Booking b = booking("Léa Martin", "2030-03-14 10:30", 0);
    CHECKF(store_appointment_book(db, &b, &hours, NOW, &id, &st) == STORE_OK, "%s",
           store_errmsg(db));
    CHECK(id > 0 && st == 1);
    CHECK(store_appointment_book(db, &b, &hours, NOW, &id, &st) == STORE_OK && st == 2);
    CHECK(store_appointment_book(db, &b, &hours, NOW, &id, &st) == STORE_ERR_TAKEN);
    CHECK(strstr(store_errmsg(db), "Léa") == NULL);
    store_Booking one = booking("Max", "2030-03-14 11:00", 2);
    CHECK(store_appointment_book(db, &one, &hours, NOW, NULL, &st) == STORE_OK && st == 2);
    CHECK(store_appointment_book(db, &one, &hours, NOW, NULL, &st) == STORE_ERR_TAKEN);
    store_close(db);
    remove_dir();
}

TEST(database_refuses_double_booking_whoever_writes)
{
    store_Db *db = open_catalogue(NULL);
    CHECK(db);
    store_Booking b = booking("A", "2030-03-14 12:00", 1);
    CHECK(store_appointment_book(db, &b, &hours, NOW, NULL, NULL) == STORE_OK);
    store_close(db);
    /* A writer that skips every check in C still cannot double-book. */
    CHECK(sql_exec(dbpath, "INSERT INTO appointments (slot_start, slot_at, station, created_at)"
                           " VALUES ('2030-03-14 12:00', 0, 1, 0)") == SQLITE_CONSTRAINT);
    remove_dir();
}

TEST(refuses_slots_off_grid_outside_hours_or_past)
{
    store_Db *db = open_catalogue(NULL);
    CHECK(db);
    const char *bad[] = { "2030-03-14 10:15", "2030-03-14 09:30", "2030-03-14 18:45",
                          "2030-03-14 19:00", "2030-02-30 10:00", "2030-03-14 1000",
                          "tomorrow", "2030-03-13 10:00", "2030-03-14 24:00" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        store_Booking b = booking("A", bad[i], 0);
        CHECKF(store_appointment_book(db, &b, &hours, NOW, NULL, NULL) == STORE_ERR_INPUT,
               "slot '%s' accepted", bad[i]);
    }
    store_Booking b = booking("A", "2030-03-14 18:30", 3);
    CHECK(store_appointment_book(db, &b, &hours, NOW, NULL, NULL) == STORE_ERR_INPUT);
    b = booking("", "2030-03-14 18:30", 0);
    CHECK(store_appointment_book(db, &b, &hours, NOW, NULL, NULL) == STORE_ERR_INPUT);
    b = booking("A", "2030-03-14 18:30", 0);
    CHECK(store_appointment_book(db, &b, &hours, NOW, NULL, NULL) == STORE_OK);
    store_close(db);
    remove_dir();
}

TEST(refusal_names_the_field_at_fault_as_data)
{
    store_Db *db = open_catalogue(NULL);
    CHECK(db);
    struct { store_Booking b; store_Status st; store_Field field; } cases[] = {
        { booking("", "2030-03-14 10:30", 0), STORE_ERR_INPUT, STORE_FIELD_NAME },
        { { "A", "", NULL, NULL, "2030-03-14 10:30", 0 }, STORE_ERR_INPUT, STORE_FIELD_CONTACT },
        { booking("A", "2030-03-14 10:15", 0), STORE_ERR_INPUT, STORE_FIELD_SLOT },
        { booking("A", "2030-03-13 10:00", 0), STORE_ERR_INPUT, STORE_FIELD_SLOT },
        { booking("A", "2030-03-14 10:30", 3), STORE_ERR_INPUT, STORE_FIELD_STATION },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECKF(store_appointment_book(db, &cases[i].b, &hours, NOW, NULL, NULL) == cases[i].st,
               "case %zu: %s", i, store_errmsg(db));
        CHECKF(store_errfield(db) == cases[i].field, "case %zu: field %d", i,
               (int)store_errfield(db));
    }
    /* A taken slot is about no one field; neither is a later failure. */
    store_Booking b = booking("A", "2030-03-14 10:30", 1);
    CHECK(store_appointment_book(db, &b, &hours, NOW, NULL, NULL) == STORE_OK);
    CHECK(store_appointment_book(db, &b, &hours, NOW, NULL, NULL) == STORE_ERR_TAKEN);
    CHECK(store_errfield(db) == STORE_FIELD_NONE);
    CHECK(store_errfield(NULL) == STORE_FIELD_NONE);
    store_close(db);
    remove_dir();
}

TEST(free_slots_start_now_and_skip_full_ones)
{
    store_Db *db = open_catalogue(NULL);
    CHECK(db);
    store_FreeSlot f[32];
    int n = 0;
    CHECK(store_free_slots(db, "2030-03-14", &hours, NOW, f, 32, &n) == STORE_OK);
    CHECK(n == 18 && strcmp(f[0].slot, "2030-03-14 10:00") == 0 && f[0].free_stations == 2);
    CHECK(strcmp(f[17].slot, "2030-03-14 18:30") == 0);
    store_Booking b = booking("A", "2030-03-14 10:00", 0);
    CHECK(store_appointment_book(db, &b, &hours, NOW, NULL, NULL) == STORE_OK);
    CHECK(store_free_slots(db, "2030-03-14", &hours, NOW, f, 32, &n) == STORE_OK);
    CHECK(n == 18 && f[0].free_stations == 1);
    CHECK(store_appointment_book(db, &b, &hours, NOW, NULL, NULL) == STORE_OK);
    CHECK(store_free_slots(db, "2030-03-14", &hours, NOW, f, 32, &n) == STORE_OK);
    CHECK(n == 17 && strcmp(f[0].slot, "2030-03-14 10:30") == 0);
    /* At 14:10, the next free slot is 14:30. */
    CHECK(store_free_slots(db, "2030-03-14", &hours, local(2030, 3, 14, 14, 10), f, 3, &n)
          == STORE_OK);
    CHECK(n == 3 && strcmp(f[0].slot, "2030-03-14 14:30") == 0);
    store_close(db);
    remove_dir();
}

typedef struct { int n; store_Appointment a[8]; } Day;

static int collect(const store_Appointment *a, void *user)
{
    Day *d = user;
    if (d->n < 8)
        d->a[d->n++] = *a;
    return 0;
}

TEST(day_lists_decrypted_appointments_and_statuses_move_forward)
{
    store_Db *db = open_catalogue(NULL);
    CHECK(db);
    int64_t id = 0;
    store_Booking b = booking("Léa Martin", "2030-03-14 15:00", 0);
    CHECK(store_appointment_book(db, &b, &hours, NOW, &id, NULL) == STORE_OK);
    static Day d;
    memset(&d, 0, sizeof d);
    CHECKF(store_appointments_day(db, "2030-03-14", collect, &d) == STORE_OK, "%s",
           store_errmsg(db));
    CHECK(d.n == 1 && strcmp(d.a[0].name, "Léa Martin") == 0);
    CHECK(strcmp(d.a[0].contact, "+33 6 12 34 56 78") == 0);
    CHECK(strcmp(d.a[0].notes, "collar tag too") == 0 && strcmp(d.a[0].party, "owner + pet") == 0);
    CHECK(d.a[0].status == STORE_APPT_BOOKED && d.a[0].station == 1);
    CHECK(store_appointment_set_status(db, id, STORE_APPT_COMPLETED, NOW) == STORE_ERR_STATE);
    CHECK(store_appointment_set_status(db, id, STORE_APPT_CHECKED_IN, NOW) == STORE_OK);
    CHECK(store_appointment_set_status(db, id, STORE_APPT_IN_SESSION, NOW) == STORE_OK);
    /* The order placed in the session names the appointment. */
    model_Order o = sample_order("disc");
    o.appointment_id = id;
    CHECKF(store_order_insert(db, &o) == STORE_OK, "%s", store_errmsg(db));
    CHECK(store_appointment_set_status(db, id, STORE_APPT_NO_SHOW, NOW) == STORE_ERR_STATE);
    CHECK(store_appointment_set_status(db, id, STORE_APPT_COMPLETED, NOW) == STORE_OK);
    CHECK(store_appointment_set_status(db, 9999, STORE_APPT_COMPLETED, NOW) == STORE_NOTFOUND);
    store_Appointment a;
    CHECK(store_appointment_get(db, id, &a) == STORE_OK);
    CHECK(a.status == STORE_APPT_COMPLETED && a.order_number == o.number);
    model_Order bad = sample_order("disc");
    bad.appointment_id = 4242;
    CHECK(store_order_insert(db, &bad) == STORE_ERR_INPUT);
    store_close(db);
    remove_dir();
}

/* 1 when the file holds `needle` anywhere (0 when it does not exist). */
static int file_has(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    static char buf[8 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(buf + i, needle, k) == 0)
            return 1;
    return 0;
}

static int no_trace(const char *needle)
{
    static const char *const suffix[] = { "", "-wal", "-journal", "-shm" };
    char p[192];
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", dbpath, suffix[i]);
        if (file_has(p, needle)) {
            printf("    found in %s\n", p);
            return 0;
        }
    }
    return 1;
}

TEST(personal_data_leaves_no_trace_in_database_files)
{
    store_Db *db = open_catalogue(NULL);
    CHECK(db);
    store_Booking b = { "Zéphyrine Quatremer", "zephyrine@example.org", "owner + pet",
                        "allergic to nickel", "2030-03-14 16:00", 0 };
    CHECK(store_appointment_book(db, &b, &hours, NOW, NULL, NULL) == STORE_OK);
    /* Before and after a checkpoint: the WAL holds the new pages first. */
    CHECK(no_trace("Zéphyrine") && no_trace("Quatremer") && no_trace("zephyrine@"));
    CHECK(no_trace("nickel"));
    store_close(db);            /* the last close checkpoints into the .db */
    CHECK(no_trace("Zéphyrine") && no_trace("Quatremer") && no_trace("zephyrine@"));
    CHECK(no_trace("nickel"));
    /* The sealed fields are there, and open with the key. */
    CHECK(sql_int(dbpath, "SELECT length(name_enc) FROM appointments") > 40);
    remove_dir();
}

TEST(key_file_is_0600_and_a_bad_one_is_refused)
{
    store_Db *db = open_catalogue(NULL);
    CHECK(db);
    store_Booking b = booking("Ana", "2030-03-14 17:00", 0);
    CHECK(store_appointment_book(db, &b, &hours, NOW, NULL, NULL) == STORE_OK);
    store_close(db);
    char key[192];
    snprintf(key, sizeof key, "%s.key", dbpath);
    struct stat sb;
    CHECK(stat(key, &sb) == 0 && (sb.st_mode & 0777) == 0600 && sb.st_size == 32);
    chmod(key, 0644);
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_key_load(db) == STORE_ERR_KEY && strstr(store_errmsg(db), "0600"));
    store_close(db);
    chmod(key, 0600);
    truncate(key, 16);
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_key_load(db) == STORE_ERR_KEY && strstr(store_errmsg(db), "32 bytes"));
    static Day d;
    memset(&d, 0, sizeof d);
    CHECK(store_appointments_day(db, "2030-03-14", collect, &d) == STORE_ERR_KEY && d.n == 0);
    store_close(db);
    /* Another database's key does not open the fields. */
    unlink(key);
    int fd = open(key, O_WRONLY | O_CREAT, 0600);
    CHECK(fd >= 0 && write(fd, "0123456789abcdef0123456789abcdef", 32) == 32);
    close(fd);
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_appointments_day(db, "2030-03-14", collect, &d) == STORE_ERR_KEY);
    store_close(db);
    remove_dir();
}

TEST(purge_erases_personal_data_after_retention)
{
    store_Db *db = open_catalogue(NULL);
    CHECK(db);
    int64_t done_id = 0, open_id = 0, recent_id = 0;
    store_Booking b = booking("Old Client", "2030-03-14 10:00", 0);
    CHECK(store_appointment_book(db, &b, &hours, NOW, &done_id, NULL) == STORE_OK);
    b = booking("Never Came", "2030-03-14 11:00", 0);
    CHECK(store_appointment_book(db, &b, &hours, NOW, &open_id, NULL) == STORE_OK);
    b = booking("Recent Client", "2030-03-14 12:00", 0);
    CHECK(store_appointment_book(db, &b, &hours, NOW, &recent_id, NULL) == STORE_OK);
    int64_t closed = local(2030, 3, 14, 10, 45);
    CHECK(store_appointment_set_status(db, done_id, STORE_APPT_IN_SESSION, closed) == STORE_OK);
    CHECK(store_appointment_set_status(db, done_id, STORE_APPT_COMPLETED, closed) == STORE_OK);
    int64_t later = local(2030, 4, 10, 12, 0);
    CHECK(store_appointment_set_status(db, recent_id, STORE_APPT_IN_SESSION, later) == STORE_OK);
    CHECK(store_appointment_set_status(db, recent_id, STORE_APPT_COMPLETED, later) == STORE_OK);
    int erased = -1;
    /* 29 days after: nothing yet. */
    CHECK(store_purge(db, closed + 29 * 86400, 30, &erased) == STORE_OK && erased == 0);
    CHECK(store_purge(db, closed + 30 * 86400, 30, &erased) == STORE_OK && erased == 1);
    /* The never-closed one goes by its slot time. */
    CHECK(store_purge(db, local(2030, 4, 13, 11, 0), 30, &erased) == STORE_OK && erased == 1);
    store_Appointment a;
    CHECK(store_appointment_get(db, done_id, &a) == STORE_OK);
    CHECK(a.purged && a.name[0] == '\0' && a.contact[0] == '\0' && strcmp(a.party, "owner + pet") == 0);
    CHECK(store_appointment_get(db, recent_id, &a) == STORE_OK);
    CHECK(!a.purged && strcmp(a.name, "Recent Client") == 0);
    store_close(db);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM appointments WHERE name_enc IS NULL") == 2);
    remove_dir();
}

/* ---- migrations ---- */

TEST(migrates_empty_file_to_current)
{
    store_Db *db = NULL;
    fresh_dir();
    write_file("kiosk.db", "");
    CHECKF(store_open(dbpath, &db) == STORE_OK, "%s", store_errmsg(db));
    store_close(db);
    CHECK(sql_int(dbpath, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sqlite_master WHERE name IN ('staff',"
                          " 'staff_lock', 'appointments', 'editions', 'edition_serials',"
                          " 'edition_leases', 'appointments_upstream')") == 7);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM pragma_integrity_check"
                          " WHERE integrity_check = 'ok'") == 1);
    remove_dir();
}

/* Step 1 by hand (v1 -> v2) over tests/fixtures/schema_v1.sql, with one
 * more order, written without the store. */
static const char v2_sql[] =
    "CREATE TABLE outbox (order_uuid TEXT PRIMARY KEY REFERENCES orders(uuid),"
    "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected')),"
    "  attempts INTEGER NOT NULL DEFAULT 0, next_attempt INTEGER NOT NULL DEFAULT 0,"
    "  settled_at INTEGER, reason TEXT) WITHOUT ROWID;"
    "CREATE INDEX outbox_state ON outbox(state, next_attempt);"
    "INSERT INTO outbox (order_uuid) SELECT uuid FROM orders ORDER BY id;"
    "CREATE TABLE sync_state (id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  cursor TEXT NOT NULL DEFAULT '', last_success INTEGER NOT NULL DEFAULT 0,"
    "  last_attempt INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',"
    "  last_error_at INTEGER NOT NULL DEFAULT 0);"
    "INSERT INTO sync_state (id) VALUES (1);"
    "CREATE TABLE sync_inbox (id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('appointment', 'edition')),"
    "  payload TEXT NOT NULL, received_at INTEGER NOT NULL);"
    "INSERT INTO orders (uuid, charm_id, finish_id, text, font_id, layout, price_minor,"
    "  currency, created_at) VALUES ('0b7c0000-0000-4000-8000-000000000002','disc',"
    "  'vermeil','Max','sans','line',18000,'EUR',1700000100);"
    "INSERT INTO outbox (order_uuid) VALUES ('0b7c0000-0000-4000-8000-000000000002');"
    "PRAGMA user_version = 2;";

static int queued(const store_QueueItem *it, void *user)
{
    (*(int *)user)++;
    return it->row.order.serial != 0;   /* old orders have no serial */
}

static void check_migrated(int orders, int *ok)
{
    store_Db *db = NULL;
    *ok = 0;
    if (store_open(dbpath, &db) != STORE_OK) {
        printf("    %s\n", store_errmsg(db));
        store_close(db);
        return;
    }
    int n = 0;
    store_Status st = store_queue_each(db, queued, &n);
    char to[STORE_STATUS_MAX];
    store_Status adv = store_order_advance(db, 1001, "queued", to);
    store_Booking b = booking("A", "2030-03-14 10:00", 0);
    store_Status bk = store_appointment_book(db, &b, &hours, NOW, NULL, NULL);
    store_close(db);
    *ok = st == STORE_OK && n == orders && adv == STORE_OK && strcmp(to, "engraving") == 0 &&
          bk == STORE_OK && sql_int(dbpath, "PRAGMA user_version") == STORE_SCHEMA_VERSION &&
          sql_int(dbpath, "SELECT count(*) FROM staff_lock") == 1;
}

TEST(migrates_v1_database_to_current)
{
    fresh_dir();
    CHECK(make_v1_database(dbpath));
    int ok = 0;
    check_migrated(1, &ok);
    CHECK(ok);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM outbox") == 1);
    remove_dir();
}

TEST(migrates_v2_database_to_current_scrubbing_raw_appointments)
{
    fresh_dir();
    CHECK(make_v1_database(dbpath) && sql_exec(dbpath, v2_sql) == SQLITE_OK);
    /* Before v4 upstream appointments were kept raw, names in the clear. */
    CHECK(sql_exec(dbpath, "INSERT INTO sync_inbox (kind, payload, received_at) VALUES"
                           " ('appointment', '{\"id\":\"x\",\"name\":\"Ottilie Raw\"}', 1),"
                           " ('edition', '{\"charm\":\"disc\"}', 1);"
                           "UPDATE sync_state SET cursor = '17'") == SQLITE_OK);
    int ok = 0;
    check_migrated(2, &ok);
    CHECK(ok);
    /* v4 erased them and resets the cursor: the next pull imports them sealed. */
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sync_inbox WHERE kind = 'appointment'") == 0);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM sync_inbox WHERE kind = 'edition'") == 1);
    CHECK(sql_int(dbpath, "SELECT cursor = '' FROM sync_state") == 1);
    CHECK(no_trace("Ottilie"));
    /* The trigger holds for old rows too: no skipping, no going back. */
    CHECK(sql_exec(dbpath, "UPDATE orders SET status = 'collected' WHERE id = 1002") != SQLITE_OK);
    CHECK(sql_exec(dbpath, "UPDATE orders SET status = 'queued' WHERE id = 1001") != SQLITE_OK);
    remove_dir();
}

int main(void)
{
    RUN(books_lowest_free_station_then_refuses_full_slot);
    RUN(database_refuses_double_booking_whoever_writes);
    RUN(refuses_slots_off_grid_outside_hours_or_past);
    RUN(refusal_names_the_field_at_fault_as_data);
    RUN(free_slots_start_now_and_skip_full_ones);
    RUN(day_lists_decrypted_appointments_and_statuses_move_forward);
    RUN(personal_data_leaves_no_trace_in_database_files);
    RUN(key_file_is_0600_and_a_bad_one_is_refused);
    RUN(purge_erases_personal_data_after_retention);
    RUN(migrates_empty_file_to_current);
    RUN(migrates_v1_database_to_current);
    RUN(migrates_v2_database_to_current_scrubbing_raw_appointments);
    return test_summary();
}
