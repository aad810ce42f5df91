/* pin_check.h — the staff PIN is checked off the UI thread.
 *
 * store_staff_check_pin hashes the PIN with argon2id against every staff
 * member, a tenth of a second each (STORE_STAFF_MAX of them: seconds). On
 * the UI thread that froze the screen; here it runs on a thread of its own,
 * with its own connection to the database (a store_Db belongs to one
 * thread), and the UI asks for the answer every frame while the pad says
 * "Checking…". One check at a time; a thread for each, which ends with it.
 */
#ifndef APP_PIN_CHECK_H
#define APP_PIN_CHECK_H

#include <stdint.h>

#include "store/store.h"

#define PIN_CHECK_ERR_MAX 512

/* What the store answered. */
typedef struct {
    store_Status status;                /* STORE_OK: result and left are set */
    store_PinResult result;
    int left;                           /* tries left, or seconds of lock left */
    char name[STORE_STAFF_NAME_MAX];    /* STORE_PIN_OK: the staff member */
    char err[PIN_CHECK_ERR_MAX];        /* otherwise the store's message, for the log */
} pin_Answer;

typedef struct pin_Check pin_Check;

/* Starts checking `pin` (copied, and wiped once checked) at `now` against
 * the database at db_path (copied). When no thread can be started it
 * checks at once, on the caller's thread. NULL only when out of memory. */
pin_Check *pin_check_start(const char *db_path, const char *pin, int64_t now);

/* 1 with *out set once the check is over, 0 while it runs; wait = 1 blocks
 * until it is over. The answer stays readable until pin_check_free. */
int pin_check_answer(pin_Check *c, int wait, pin_Answer *out);

/* Waits for the check to end and frees it. Accepts NULL. */
void pin_check_free(pin_Check *c);

#endif
