/* test_store_staff.c — staff PINs (argon2id only, 6 to 8 digits) and the
 * persisted lock: every five wrong PINs in a row lock the pad, each lock
 * longer than the last (5 min, 15 min, 1 h, 4 h), across restarts; only a
 * right PIN or an unlock restarts the count; a malformed PIN (an empty OK)
 * is never a try. Time is passed in. */
#include "../test.h"
#include "test_store_fixture.h"

#define T0 1800000000LL

/* One check at `now`: returns the result, *left set. */
static store_PinResult try_pin(store_Db *db, const char *pin, int64_t now, int *left,
                               char name[STORE_STAFF_NAME_MAX])
{
    store_PinResult r = STORE_PIN_OK;
    if (store_staff_check_pin(db, pin, now, &r, left, name) != STORE_OK) {
        printf("check failed: %s\n", store_errmsg(db));
        return (store_PinResult)-1;
    }
    return r;
}

TEST(pin_is_stored_only_as_argon2id_hash)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECKF(store_open(dbpath, &db) == STORE_OK, "%s", store_errmsg(db));
    CHECKF(store_staff_add(db, "Camille", "482913", T0) == STORE_OK, "%s", store_errmsg(db));
    store_close(db);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM staff WHERE pin_hash LIKE '$argon2id$%'") == 1);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM staff WHERE instr(pin_hash, '482913') > 0") == 0);
    remove_dir();
}

TEST(right_pin_names_the_staff_member)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_staff_add(db, "Camille", "482913", T0) == STORE_OK);
    CHECK(store_staff_add(db, "Hugo", "13579135", T0) == STORE_OK);
    int left = -1;
    char name[STORE_STAFF_NAME_MAX];
    CHECK(try_pin(db, "13579135", T0, &left, name) == STORE_PIN_OK && strcmp(name, "Hugo") == 0);
    store_close(db);
    remove_dir();
}

TEST(refuses_pins_under_six_digits_bad_names_and_duplicates)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_staff_add(db, "A", "1234", T0) == STORE_ERR_INPUT);
    CHECK(store_staff_add(db, "A", "12345", T0) == STORE_ERR_INPUT);
    CHECKF(strstr(store_errmsg(db), "6 to 8 digits") != NULL, "%s", store_errmsg(db));
    CHECK(store_staff_add(db, "A", "123456789", T0) == STORE_ERR_INPUT);
    CHECK(store_staff_add(db, "A", "12a456", T0) == STORE_ERR_INPUT);
    CHECK(store_staff_add(db, "", "123456", T0) == STORE_ERR_INPUT);
    CHECK(store_staff_add(db, "Tab\tName", "123456", T0) == STORE_ERR_INPUT);
    CHECK(store_staff_add(db, "Camille", "123456", T0) == STORE_OK);
    CHECK(store_staff_add(db, "Camille", "567890", T0) == STORE_ERR_TAKEN);
    CHECK(store_staff_add(db, "Hugo", "123456", T0) == STORE_ERR_TAKEN);
    CHECK(strstr(store_errmsg(db), "123456") == NULL);   /* a PIN is never echoed */
    store_close(db);
    remove_dir();
}

/* Taps of OK on an empty or short PIN are no tries: a customer cannot lock
 * staff out with them, however many. */
TEST(empty_or_short_pin_is_not_a_try)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_staff_add(db, "Camille", "482913", T0) == STORE_OK);
    int left = -1;
    char name[STORE_STAFF_NAME_MAX];
    static const char *const junk[] = { "", "1", "4829", "48291", "123456789", "48291a" };
    for (int i = 0; i < 50; i++)
        CHECK(try_pin(db, junk[i % 6], T0 + i, &left, name) == STORE_PIN_MALFORMED);
    CHECK(sql_int(dbpath, "SELECT failures FROM staff_lock") == 0);
    CHECK(try_pin(db, "000000", T0 + 60, &left, name) == STORE_PIN_WRONG && left == 4);
    CHECK(try_pin(db, "482913", T0 + 61, &left, name) == STORE_PIN_OK);
    store_close(db);
    remove_dir();
}

TEST(five_wrong_pins_lock_for_five_minutes_across_restart)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_staff_add(db, "Camille", "482913", T0) == STORE_OK);
    int left = 0;
    char name[STORE_STAFF_NAME_MAX];
    for (int i = 1; i <= 4; i++) {
        store_PinResult r = try_pin(db, "000000", T0 + i, &left, name);
        CHECKF(r == STORE_PIN_WRONG && left == 5 - i, "try %d: r=%d left=%d", i, r, left);
    }
    /* A restart in between: the count is in the database. */
    store_close(db);
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(try_pin(db, "000000", T0 + 5, &left, name) == STORE_PIN_LOCKED && left == 300);
    /* Locked: even the right PIN is refused, and the time left counts down. */
    CHECK(try_pin(db, "482913", T0 + 65, &left, name) == STORE_PIN_LOCKED && left == 240);
    CHECK(name[0] == '\0');
    store_close(db);
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(try_pin(db, "482913", T0 + 304, &left, name) == STORE_PIN_LOCKED && left == 1);
    CHECK(try_pin(db, "482913", T0 + 305, &left, name) == STORE_PIN_OK);
    CHECK(strcmp(name, "Camille") == 0);
    store_close(db);
    remove_dir();
}

/* The count goes on when a lock ends: the next five wrong PINs lock for
 * longer, up to four hours a lock, however long the guessing goes on. */
TEST(locks_grow_with_wrong_pins_in_a_row)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_staff_add(db, "Camille", "482913", T0) == STORE_OK);
    static const int expected[] = { 300, 900, 3600, 14400, 14400, 14400 };
    int64_t now = T0;
    int left = 0;
    char name[STORE_STAFF_NAME_MAX];
    for (int lock = 0; lock < 6; lock++) {
        for (int i = 1; i <= 4; i++) {
            store_PinResult r = try_pin(db, "000000", now, &left, name);
            CHECKF(r == STORE_PIN_WRONG && left == 5 - i, "lock %d try %d: r=%d left=%d", lock, i,
                   r, left);
        }
        /* A restart before the fifth: the growth is in the database too. */
        store_close(db);
        CHECK(store_open(dbpath, &db) == STORE_OK);
        store_PinResult r = try_pin(db, "000000", now, &left, name);
        CHECKF(r == STORE_PIN_LOCKED && left == expected[lock], "lock %d: r=%d left=%d", lock, r,
               left);
        CHECK(try_pin(db, "000000", now + left - 1, &left, name) == STORE_PIN_LOCKED && left == 1);
        now += expected[lock];
    }
    CHECK(sql_int(dbpath, "SELECT failures FROM staff_lock") == 30);
    /* A right PIN ends it: the next lock is the first again. */
    CHECK(try_pin(db, "482913", now, &left, name) == STORE_PIN_OK);
    for (int i = 0; i < 5; i++) (void)try_pin(db, "000000", now, &left, name);
    CHECK(try_pin(db, "482913", now + 299, &left, name) == STORE_PIN_LOCKED && left == 1);
    store_close(db);
    remove_dir();
}

TEST(lock_lengths_are_five_fifteen_sixty_minutes_then_four_hours)
{
    CHECK(store_staff_lock_seconds(0) == 0 && store_staff_lock_seconds(4) == 0);
    CHECK(store_staff_lock_seconds(5) == 300 && store_staff_lock_seconds(6) == 0);
    CHECK(store_staff_lock_seconds(10) == 900 && store_staff_lock_seconds(15) == 3600);
    CHECK(store_staff_lock_seconds(20) == 14400 && store_staff_lock_seconds(1000000) == 14400);
}

TEST(right_pin_resets_the_wrong_count)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_staff_add(db, "Camille", "482913", T0) == STORE_OK);
    int left = 0;
    char name[STORE_STAFF_NAME_MAX];
    for (int i = 0; i < 4; i++)
        CHECK(try_pin(db, "111111", T0, &left, name) == STORE_PIN_WRONG);
    CHECK(try_pin(db, "482913", T0, &left, name) == STORE_PIN_OK);
    CHECK(try_pin(db, "111111", T0, &left, name) == STORE_PIN_WRONG && left == 4);
    store_close(db);
    remove_dir();
}

/* The operator's unlock opens a locked pad at once and forgets the count;
 * a removed member's PIN opens nothing any more. */
TEST(unlock_opens_the_pad_and_remove_retires_a_pin)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_staff_add(db, "Camille", "482913", T0) == STORE_OK);
    CHECK(store_staff_add(db, "Hugo", "135791", T0) == STORE_OK);
    int left = 0, failures = -1;
    int64_t until = -1;
    char name[STORE_STAFF_NAME_MAX];
    for (int i = 0; i < 10; i++) (void)try_pin(db, "000000", T0 + (i < 5 ? 0 : 300), &left, name);
    CHECK(store_staff_lock_get(db, &failures, &until) == STORE_OK);
    CHECKF(failures == 10 && until == T0 + 300 + 900, "%d %lld", failures, (long long)until);
    CHECK(try_pin(db, "482913", T0 + 301, &left, name) == STORE_PIN_LOCKED);
    CHECK(store_staff_unlock(db) == STORE_OK);
    CHECK(store_staff_lock_get(db, &failures, &until) == STORE_OK && failures == 0 && until == 0);
    CHECK(try_pin(db, "482913", T0 + 302, &left, name) == STORE_PIN_OK);
    CHECK(store_staff_remove(db, "Camille") == STORE_OK);
    CHECK(try_pin(db, "482913", T0 + 303, &left, name) == STORE_PIN_WRONG && left == 4);
    CHECK(try_pin(db, "135791", T0 + 304, &left, name) == STORE_PIN_OK);
    CHECK(strcmp(name, "Hugo") == 0);
    CHECK(store_staff_remove(db, "Camille") == STORE_NOTFOUND);
    CHECK(sql_int(dbpath, "SELECT count(*) FROM staff") == 1);
    store_close(db);
    remove_dir();
}

int main(void)
{
    RUN(pin_is_stored_only_as_argon2id_hash);
    RUN(right_pin_names_the_staff_member);
    RUN(refuses_pins_under_six_digits_bad_names_and_duplicates);
    RUN(empty_or_short_pin_is_not_a_try);
    RUN(five_wrong_pins_lock_for_five_minutes_across_restart);
    RUN(locks_grow_with_wrong_pins_in_a_row);
    RUN(lock_lengths_are_five_fifteen_sixty_minutes_then_four_hours);
    RUN(right_pin_resets_the_wrong_count);
    RUN(unlock_opens_the_pad_and_remove_retires_a_pin);
    return test_summary();
}
