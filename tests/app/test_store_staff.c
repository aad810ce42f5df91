/* test_store_staff.c — staff PINs (argon2id only) and the persisted lock:
 * five wrong PINs in a row lock the pad for five minutes, across restarts;
 * a right PIN resets the count. Time is passed in. */
#include "../test.h"
#include "test_store_fixture.h"

#define T0 1800000000LL

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
    CHECK(store_staff_add(db, "Camille", "4829", T0) == STORE_OK);
    CHECK(store_staff_add(db, "Hugo", "1357", T0) == STORE_OK);
    store_PinResult r;
    int left = -1;
    char name[STORE_STAFF_NAME_MAX];
    CHECKF(store_staff_check_pin(db, "1357", T0, &r, &left, name) == STORE_OK, "%s",
           store_errmsg(db));
    CHECK(r == STORE_PIN_OK && strcmp(name, "Hugo") == 0);
    store_close(db);
    remove_dir();
}

TEST(refuses_bad_pins_and_names_and_duplicates)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_staff_add(db, "A", "123", T0) == STORE_ERR_INPUT);
    CHECK(store_staff_add(db, "A", "123456789", T0) == STORE_ERR_INPUT);
    CHECK(store_staff_add(db, "A", "12a4", T0) == STORE_ERR_INPUT);
    CHECK(store_staff_add(db, "", "1234", T0) == STORE_ERR_INPUT);
    CHECK(store_staff_add(db, "Tab\tName", "1234", T0) == STORE_ERR_INPUT);
    CHECK(store_staff_add(db, "Camille", "1234", T0) == STORE_OK);
    CHECK(store_staff_add(db, "Camille", "5678", T0) == STORE_ERR_TAKEN);
    CHECK(store_staff_add(db, "Hugo", "1234", T0) == STORE_ERR_TAKEN);
    CHECK(strstr(store_errmsg(db), "1234") == NULL);   /* a PIN is never echoed */
    store_close(db);
    remove_dir();
}

TEST(five_wrong_pins_lock_for_five_minutes_across_restart)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_staff_add(db, "Camille", "4829", T0) == STORE_OK);
    store_PinResult r;
    int left = 0;
    char name[STORE_STAFF_NAME_MAX];
    for (int i = 1; i <= 4; i++) {
        CHECK(store_staff_check_pin(db, "0000", T0 + i, &r, &left, name) == STORE_OK);
        CHECKF(r == STORE_PIN_WRONG && left == 5 - i, "try %d: r=%d left=%d", i, r, left);
    }
    /* A restart in between: the count is in the database. */
    store_close(db);
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_staff_check_pin(db, "0000", T0 + 5, &r, &left, name) == STORE_OK);
    CHECK(r == STORE_PIN_LOCKED && left == 300);
    /* Locked: even the right PIN is refused, and the time left counts down. */
    CHECK(store_staff_check_pin(db, "4829", T0 + 65, &r, &left, name) == STORE_OK);
    CHECK(r == STORE_PIN_LOCKED && left == 240 && name[0] == '\0');
    store_close(db);
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_staff_check_pin(db, "4829", T0 + 304, &r, &left, name) == STORE_OK);
    CHECK(r == STORE_PIN_LOCKED && left == 1);
    CHECK(store_staff_check_pin(db, "4829", T0 + 305, &r, &left, name) == STORE_OK);
    CHECK(r == STORE_PIN_OK && strcmp(name, "Camille") == 0);
    store_close(db);
    remove_dir();
}

TEST(right_pin_resets_the_wrong_count)
{
    store_Db *db = NULL;
    fresh_dir();
    CHECK(store_open(dbpath, &db) == STORE_OK);
    CHECK(store_staff_add(db, "Camille", "4829", T0) == STORE_OK);
    store_PinResult r;
    int left = 0;
    char name[STORE_STAFF_NAME_MAX];
    for (int i = 0; i < 4; i++)
        CHECK(store_staff_check_pin(db, "1111", T0, &r, &left, name) == STORE_OK);
    CHECK(store_staff_check_pin(db, "4829", T0, &r, &left, name) == STORE_OK && r == STORE_PIN_OK);
    CHECK(store_staff_check_pin(db, "1111", T0, &r, &left, name) == STORE_OK);
    CHECK(r == STORE_PIN_WRONG && left == 4);
    /* A malformed PIN counts as a wrong one. */
    CHECK(store_staff_check_pin(db, "12", T0, &r, &left, name) == STORE_OK);
    CHECK(r == STORE_PIN_WRONG && left == 3);
    store_close(db);
    remove_dir();
}

int main(void)
{
    RUN(pin_is_stored_only_as_argon2id_hash);
    RUN(right_pin_names_the_staff_member);
    RUN(refuses_bad_pins_and_names_and_duplicates);
    RUN(five_wrong_pins_lock_for_five_minutes_across_restart);
    RUN(right_pin_resets_the_wrong_count);
    return test_summary();
}
