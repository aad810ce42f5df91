/* staff.c — staff members and the PIN pad's lock.
 *
 * A PIN is only ever stored as an argon2id string (crypto_pwhash_str with
 * the INTERACTIVE limits: about 64 MiB and a tenth of a second per check),
 * so a copied database does not give the PINs away cheaply. The pad asks
 * only for a PIN, so a PIN must name one person: adding a PIN already in use
 * is refused, and a check tries each member's hash (STORE_STAFF_MAX bounds
 * that work).
 *
 * The lock (staff_lock's single row) counts wrong PINs in a row, across
 * locks: every STORE_PIN_TRIES of them lock the pad, each time longer (the
 * length follows from the count alone, so the row needs nothing more), and
 * only a right PIN or an operator's unlock restarts the count. Guessing a
 * 6-digit PIN thus takes years, not days. Only a well-formed PIN is a try:
 * an empty OK is refused before the lock is even read, so nobody can lock
 * staff out by tapping OK. The slow hashing runs outside any transaction (a
 * write lock held for it would stall the kiosk's orders and the sync
 * daemon); the count is then updated in its own BEGIN IMMEDIATE, re-reading
 * the lock, so concurrent attempts are all counted. The clock is `now`,
 * passed in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/store_int.h"

static int pin_ok(const char *pin)
{
    size_t n = pin ? strnlen(pin, STORE_PIN_MAX_DIGITS + 1) : 0;
    if (n < STORE_PIN_MIN_DIGITS || n > STORE_PIN_MAX_DIGITS)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (pin[i] < '0' || pin[i] > '9')
            return 0;
    return 1;
}

/* Hashes of every staff member, for matching a PIN; *n how many. Names go
 * into names (may be NULL). Read in one statement, outside transactions. */
typedef struct {
    char hash[crypto_pwhash_STRBYTES];
    char name[STORE_STAFF_NAME_MAX];
} Member;

static store_Status load_members(store_Db *db, Member *m, int *n)
{
    *n = 0;
    sqlite3_stmt *st = store_prepare(db, "SELECT pin_hash, name FROM staff ORDER BY id");
    if (!st)
        return STORE_ERR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < STORE_STAFF_MAX) {
        store_column_text(st, 0, m[*n].hash, sizeof m[*n].hash);
        store_column_text(st, 1, m[*n].name, sizeof m[*n].name);
        (*n)++;
    }
    store_Status status = STORE_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = store_fail_sql(db, "cannot read the staff");
    sqlite3_finalize(st);
    return status;
}

/* Index of the member whose hash matches pin, or -1. */
static int match(const Member *m, int n, const char *pin)
{
    for (int i = 0; i < n; i++)
        if (crypto_pwhash_str_verify(m[i].hash, pin, strlen(pin)) == 0)
            return i;
    return -1;
}

store_Status store_staff_add(store_Db *db, const char *name, const char *pin, int64_t now)
{
    store_Status status = STORE_ERR;
    Member *m = NULL;
    int n = 0;
    char hash[crypto_pwhash_STRBYTES];
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    if (!store_text_ok(name, STORE_STAFF_NAME_MAX, 0))
        return store_fail(db, STORE_ERR_INPUT, "staff name: expected 1 to %d bytes of text",
                          STORE_STAFF_NAME_MAX - 1);
    if (!pin_ok(pin))
        return store_fail(db, STORE_ERR_INPUT, "PIN: expected %d to %d digits",
                          STORE_PIN_MIN_DIGITS, STORE_PIN_MAX_DIGITS);
    m = calloc(STORE_STAFF_MAX, sizeof *m);
    if (!m)
        return store_fail(db, STORE_ERR, "out of memory");
    status = load_members(db, m, &n);
    if (status != STORE_OK)
        goto fail;
    if (n >= STORE_STAFF_MAX) {
        status = store_fail(db, STORE_ERR_INPUT, "there are already %d staff members",
                            STORE_STAFF_MAX);
        goto fail;
    }
    if (match(m, n, pin) >= 0) {
        status = store_fail(db, STORE_ERR_TAKEN,
                            "that PIN is already in use: each person needs their own");
        goto fail;
    }
    if (crypto_pwhash_str(hash, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        status = store_fail(db, STORE_ERR, "out of memory while hashing the PIN");
        goto fail;
    }
    sqlite3_stmt *st = store_prepare(db,
        "INSERT INTO staff (name, pin_hash, created_at) VALUES (?1, ?2, ?3)");
    if (!st) {
        status = STORE_ERR;
        goto fail;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        status = store_fail(db, STORE_ERR_TAKEN, "a staff member of that name exists already");
    else if (rc != SQLITE_DONE)
        status = store_fail_sql(db, "cannot add the staff member");
    else
        status = STORE_OK;
fail:
    if (m)
        sodium_memzero(m, STORE_STAFF_MAX * sizeof *m);
    free(m);
    return status;
}

static store_Status read_lock(store_Db *db, int *failures, int64_t *locked_until)
{
    sqlite3_stmt *st = store_prepare(db,
        "SELECT failures, locked_until FROM staff_lock WHERE id = 1");
    if (!st)
        return STORE_ERR;
    store_Status status = STORE_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *failures = sqlite3_column_int(st, 0);
        *locked_until = sqlite3_column_int64(st, 1);
    } else {
        status = store_fail_sql(db, "cannot read the staff lock");
    }
    sqlite3_finalize(st);
    return status;
}

static store_Status write_lock(store_Db *db, int failures, int64_t locked_until)
{
    sqlite3_stmt *st = store_prepare(db,
        "UPDATE staff_lock SET failures = ?1, locked_until = ?2 WHERE id = 1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_int(st, 1, failures);
    sqlite3_bind_int64(st, 2, locked_until);
    return store_step_done(db, st, "cannot update the staff lock");
}

int store_staff_lock_seconds(int failures)
{
    /* 5 min, 15 min, 1 h, then 4 h: a counter's staff wait at worst a
     * morning (an operator can unlock sooner), a guesser years. */
    static const int lengths[] = { STORE_PIN_LOCK_SECONDS, 900, 3600, STORE_PIN_LOCK_MAX_SECONDS };
    int n = (int)(sizeof lengths / sizeof lengths[0]);
    if (failures <= 0 || failures % STORE_PIN_TRIES != 0)
        return 0;
    int k = failures / STORE_PIN_TRIES - 1;
    return lengths[k < n ? k : n - 1];
}

/* Records the outcome of one check in its own write transaction, reading
 * the lock again: another attempt may have counted meanwhile. */
static store_Status record(store_Db *db, int right, int64_t now, store_PinResult *result,
                           int *left)
{
    int failures = 0;
    int64_t until = 0;
    store_Status status = store_begin(db);
    if (status != STORE_OK)
        return status;
    status = read_lock(db, &failures, &until);
    if (status != STORE_OK)
        goto done;
    if (until > now) {          /* locked meanwhile by another attempt */
        *result = STORE_PIN_LOCKED;
        *left = (int)(until - now);
    } else if (right) {
        *result = STORE_PIN_OK;
        *left = STORE_PIN_TRIES;
        status = write_lock(db, 0, 0);
    } else {
        /* The count saturates far beyond the longest lock's threshold. */
        int count = failures < 1000000 ? failures + 1 : failures;
        int lock = store_staff_lock_seconds(count);
        if (lock > 0) {
            *result = STORE_PIN_LOCKED;
            *left = lock;
            status = write_lock(db, count, now + lock);
        } else {
            *result = STORE_PIN_WRONG;
            *left = STORE_PIN_TRIES - count % STORE_PIN_TRIES;
            status = write_lock(db, count, until);
        }
    }
done:
    return store_end(db, status);
}

store_Status store_staff_check_pin(store_Db *db, const char *pin, int64_t now,
                                   store_PinResult *result, int *left,
                                   char name[STORE_STAFF_NAME_MAX])
{
    Member *m = NULL;
    int n = 0, failures = 0;
    int64_t until = 0;
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    name[0] = '\0';
    if (!pin_ok(pin)) {
        *result = STORE_PIN_MALFORMED;
        *left = 0;
        return STORE_OK;
    }
    store_Status status = read_lock(db, &failures, &until);
    if (status != STORE_OK)
        return status;
    if (until > now) {
        *result = STORE_PIN_LOCKED;
        *left = (int)(until - now);
        return STORE_OK;
    }
    m = calloc(STORE_STAFF_MAX, sizeof *m);
    if (!m)
        return store_fail(db, STORE_ERR, "out of memory");
    int found = -1;
    status = load_members(db, m, &n);
    if (status == STORE_OK)
        found = match(m, n, pin);
    if (status == STORE_OK) {
        status = record(db, found >= 0, now, result, left);
        /* A right PIN on a database that cannot be written (a counter
         * resting on a read-only or full disk) still lets staff in: they are
         * who can fix it. A wrong one that cannot be counted stays an error,
         * or guessing would go unlimited. */
        if (status != STORE_OK && found >= 0) {
            *result = STORE_PIN_OK;
            *left = STORE_PIN_TRIES;
            status = STORE_OK;
        }
    }
    if (status == STORE_OK && *result == STORE_PIN_OK)
        snprintf(name, STORE_STAFF_NAME_MAX, "%s", m[found].name);
    sodium_memzero(m, STORE_STAFF_MAX * sizeof *m);
    free(m);
    return status;
}

store_Status store_staff_remove(store_Db *db, const char *name)
{
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    sqlite3_stmt *st = store_prepare(db, "DELETE FROM staff WHERE name = ?1");
    if (!st)
        return STORE_ERR;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    store_Status status = store_step_done(db, st, "cannot remove the staff member");
    if (status == STORE_OK && sqlite3_changes(db->sql) == 0)
        status = store_fail(db, STORE_NOTFOUND, "no staff member of that name");
    return status;
}

store_Status store_staff_each(store_Db *db, store_StaffFn fn, void *user)
{
    char name[STORE_STAFF_NAME_MAX];
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    sqlite3_stmt *st = store_prepare(db, "SELECT name, created_at FROM staff ORDER BY id");
    if (!st)
        return STORE_ERR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_column_text(st, 0, name, sizeof name);
        if (fn(name, sqlite3_column_int64(st, 1), user) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    store_Status status = STORE_OK;
    if (rc != SQLITE_DONE)
        status = store_fail_sql(db, "cannot read the staff");
    sqlite3_finalize(st);
    return status;
}

store_Status store_staff_lock_get(store_Db *db, int *failures, int64_t *locked_until)
{
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    *failures = 0;
    *locked_until = 0;
    return read_lock(db, failures, locked_until);
}

store_Status store_staff_unlock(store_Db *db)
{
    if (!db->sql)
        return store_fail(db, STORE_ERR, "the database is not open");
    return write_lock(db, 0, 0);
}
