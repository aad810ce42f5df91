/* store.h — the only SQLite code: schema, migrations, catalogue, orders.
 *
 * One store_Db per process/thread. The database runs in WAL mode with a
 * busy_timeout so the kiosk, kioskctl and (later) the sync daemon can share
 * it; writes use BEGIN IMMEDIATE; an order commits with synchronous=FULL.
 * The schema version is PRAGMA user_version; store_open migrates any earlier
 * version forward, one step at a time, each step in its own transaction.
 *
 * Errors: functions return a store_Status; the human message is on the handle
 * (store_errmsg), in the words of an operator, naming what is wrong.
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

#include "model/catalogue.h"

typedef enum {
    STORE_OK = 0,
    STORE_ERR,          /* SQLite or I/O failure; see store_errmsg */
    STORE_ERR_INPUT,    /* bad input (catalogue JSON, order fields) */
    STORE_NOTFOUND,
    STORE_ERR_TAKEN,    /* the slot, PIN or staff name is already taken */
    STORE_ERR_SOLD_OUT, /* the edition has no free serial left */
    STORE_ERR_STATE,    /* a status change not allowed from the current one */
    STORE_ERR_KEY       /* the personal-data key file is bad or too open */
} store_Status;

typedef struct store_Db store_Db;

#define STORE_SCHEMA_VERSION 8

/* The one struct cJSON the store names without including cJSON's header:
 * callers that pass parsed JSON include <cJSON.h> themselves. */
struct cJSON;

/* ---- opening the database (db.c, migrate.c) -------------------------- */

/* Opens (creating if needed) the database at `path` and migrates it to
 * STORE_SCHEMA_VERSION. Always sets *out to a handle (NULL only on OOM) so
 * that store_errmsg(*out) can explain a failure; close it in both cases. */
store_Status store_open(const char *path, store_Db **out);
void store_close(store_Db *db);          /* accepts NULL */
/* The last failure in an operator's words. It never names the database
 * file: callers know it and prefix it ("var/kiosk.db: ..."). Catalogue
 * messages name the JSON file. */
const char *store_errmsg(const store_Db *db);
/* The database file's full path (borrowed from the handle), for a worker
 * thread that opens its own connection; NULL when the open failed. */
const char *store_path(const store_Db *db);

/* Which field of the caller's input the last failure was about, as data,
 * so that a screen can say it in the person's own language (store_errmsg
 * stays English, for logs). STORE_FIELD_NONE when the failure was not
 * about one field. Only bookings set a field so far
 * (store_appointment_book). Read it after a failure, like store_errmsg;
 * NULL gives STORE_FIELD_NONE. */
typedef enum {
    STORE_FIELD_NONE = 0,
    STORE_FIELD_NAME,
    STORE_FIELD_CONTACT,
    STORE_FIELD_PARTY,
    STORE_FIELD_NOTES,
    STORE_FIELD_SLOT,       /* badly written, not on the day's grid, or already begun */
    STORE_FIELD_STATION
} store_Field;
store_Field store_errfield(const store_Db *db);

/* ---- the catalogue (catalogue.c, catalogue_import.c) ----------------- */

/* Loads the catalogue JSON file (format: README "Catalogue") into the
 * database, replacing the previous catalogue, in one transaction. A bad file
 * changes nothing and the message names the field at fault. */
store_Status store_catalogue_import(store_Db *db, const char *json_path);

/* Like store_catalogue_import, from an already-parsed document (`root`,
 * borrowed) or from text (`text`, `len` bytes, borrowed; need not be
 * NUL-terminated). `source` names the document in messages ("upstream
 * changes") as the file name does for store_catalogue_import. Same
 * validation, same all-or-nothing write. */
store_Status store_catalogue_import_json(store_Db *db, const struct cJSON *root,
                                         const char *source);
store_Status store_catalogue_import_text(store_Db *db, const char *text, size_t len,
                                         const char *source);

/* What the store cannot check itself in a catalogue: that each font opens.
 * The store links no font library (only SQLite and libsodium), so each
 * program that imports a catalogue installs a hook that opens the font with
 * the engraving library (app/jobs/font_check.c). */
typedef enum {
    STORE_FONT_OK = 0,
    STORE_FONT_BAD_FILE,    /* missing, a directory, unreadable, not a font */
    STORE_FONT_BAD_FACE     /* a font file without that face */
} store_FontCheck;

/* Checks the catalogue font `file` (as the catalogue names it: relative to
 * the data directory, which the hook knows) at face index `face`. Returns
 * STORE_FONT_OK, or which field is at fault with why (caller-owned, cap
 * bytes, always NUL-ended) in an operator's words, without the field:
 * "\"x.otf\" is not a font file", "face 3, but \"a.ttc\" has 1 face".
 * It must release everything it opened, and not call the store. */
typedef store_FontCheck (*store_FontCheckFn)(void *user, const char *file, int face,
                                             char *why, size_t cap);

/* Installs fn (NULL removes it) with `user` (borrowed for as long as the
 * hook is installed) on the handle. Every catalogue import on it
 * (store_catalogue_import, _json, _text, and a catalogue in
 * store_changes_apply) then calls fn for every font before writing
 * anything, and refuses the whole catalogue at the first font it refuses:
 * STORE_ERR_INPUT, "<source>: fonts[2].file: \"x.otf\" is not a font file".
 * Without a hook a font is checked for its form only. */
void store_set_font_check(store_Db *db, store_FontCheckFn fn, void *user);

/* 1 when the database holds a catalogue, 0 when not, -1 on error. */
int store_catalogue_present(store_Db *db);

/* Fills *out (caller-owned) with the catalogue, sorted by each item's sort.
 * STORE_NOTFOUND when no catalogue was imported yet. */
store_Status store_catalogue_load(store_Db *db, model_Catalogue *out);

/* ---- orders (orders.c, pieces.c, text.c) ----------------------------- */

/* Inserts a confirmed order in one transaction with synchronous=FULL. The
 * store gives it a fresh UUID v4 (libsodium randombytes), its number and
 * created_at, written back into *order. It refuses (STORE_ERR_INPUT) ids
 * the catalogue does not hold or no longer offers, unknown layouts, text
 * that is not UTF-8 or holds control characters other than '\n', text the
 * atelier could not engrave as read (store_text_engravable), negative
 * prices and currencies that are not 3 capital letters; *order is
 * unchanged on failure.
 *
 * Editions: an order for a limited charm always gets a serial, in the
 * order's own transaction. With a hold token (model_Order.hold_token) it
 * takes the held serial, even if the hold just ran out as long as nobody
 * took it since; if it was taken, the next free serial (the customer was
 * promised a piece, not a number; the done screen and job sheet show the
 * number it got); none free: STORE_ERR_SOLD_OUT and no order. Without a
 * token it takes the lowest free serial the same way. The serial is written
 * back into order->serial. order->appointment_id, when not 0, must name an
 * appointment (STORE_ERR_INPUT otherwise). */
store_Status store_order_insert(store_Db *db, model_Order *order);

/* store_order_insert at `now` (Unix seconds: created_at, edition holds);
 * store_order_insert passes time(NULL). Tests control the clock with it. */
store_Status store_order_insert_at(store_Db *db, model_Order *order, int64_t now);

/* Calls fn for each order, oldest first; a non-zero return from fn stops the
 * walk (and is not an error). */
typedef int (*store_OrderFn)(const model_Order *order, void *user);
store_Status store_orders_each(store_Db *db, store_OrderFn fn, void *user);

#define STORE_STATUS_MAX 16     /* bytes of an order status, with the NUL */

/* An order with what the store adds around it (more fields come with the
 * staff order queue). */
typedef struct {
    model_Order order;
    char status[STORE_STATUS_MAX];  /* "queued" when inserted */
} store_OrderRow;

/* Like store_orders_each, with the store's own columns. The row is
 * borrowed for the duration of the call. */
typedef int (*store_OrderRowFn)(const store_OrderRow *row, void *user);
store_Status store_order_rows_each(store_Db *db, store_OrderRowFn fn, void *user);

/* Fills o->extra and o->n_extra with the matching pieces of order
 * o->number (none for a single piece). */
store_Status store_order_pieces(store_Db *db, model_Order *o);

/* Adds "pieces": [{"charm", "font", "layout", "text"}...] to the JSON object
 * obj when the order has matching pieces (kioskctl, the sync protocol).
 * 0, or -1 when out of memory. */
int store_pieces_json(const model_Order *o, struct cJSON *obj);

/* Why engraving text (valid UTF-8) would surprise the atelier, or NULL
 * when it would not: a bidirectional embedding, override or isolate
 * control (U+202A-U+202E, U+2066-U+2069), nothing but blank or invisible
 * characters (spaces, no-break space, zero-width space, BOM...), more than
 * STORE_TEXT_MARKS_MAX combining marks on one character. The engraving
 * library refuses the same (and, knowing the font, more); the store
 * refuses them from any writer. A static string. */
#define STORE_TEXT_MARKS_MAX 2
const char *store_text_engravable(const char *s);

/* ==== staff mode: staff, appointments, limited editions, order queue ======
 * (schema v3; README "Staff mode"). Time is always passed in as `now`
 * (Unix seconds) so that tests control it; the kiosk passes time(NULL).
 * Personal data (an appointment's name, contact, notes) is stored encrypted
 * with a key in its own file beside the database (`<db>.key`, 0600, made on
 * first use) and never appears in store_errmsg. */

#define STORE_STAFF_NAME_MAX    64   /* bytes of a staff name, with the NUL */
#define STORE_STAFF_MAX         32   /* staff members (each PIN check hashes each) */
#define STORE_PIN_MIN_DIGITS    6    /* a million PINs: guessing is slowed by the locks */
#define STORE_PIN_MAX_DIGITS    8
#define STORE_PIN_TRIES         5    /* wrong PINs in a row before each lock */
#define STORE_PIN_LOCK_SECONDS  300  /* the first lock; each next one is longer: */
#define STORE_PIN_LOCK_MAX_SECONDS 14400 /* 5 min, 15 min, 1 h, then 4 h each time */
#define STORE_HOLD_SECONDS      600  /* an edition serial held from review to confirm */
#define STORE_SLOT_TEXT_MAX     17   /* "YYYY-MM-DD HH:MM" and the NUL */
#define STORE_DAY_TEXT_MAX      11   /* "YYYY-MM-DD" and the NUL */
#define STORE_PERSON_MAX        128  /* bytes of a name or a contact, with the NUL */
#define STORE_NOTES_MAX         512  /* bytes of appointment notes, with the NUL */
#define STORE_PARTY_MAX         64   /* bytes of a party ("owner + pet"), with the NUL */

/* Makes the personal-data key ready (reads `<db>.key`, or creates it with
 * 32 random bytes, mode 0600). Called by every function that needs it; the
 * kiosk calls it once at start to refuse early: STORE_ERR_KEY when the file
 * has the wrong size or permissions looser than 0600. */
store_Status store_key_load(store_Db *db);

/* ---- staff (staff.c) ------------------------------------------------- */

/* Adds a staff member. `pin` is 6 to 8 ASCII digits; only its argon2id hash
 * (crypto_pwhash_str, OPSLIMIT/MEMLIMIT_INTERACTIVE) is stored. A PIN must
 * name one person: STORE_ERR_TAKEN when the name or the PIN is in use.
 * STORE_ERR_INPUT for a bad name (1..63 bytes of UTF-8, no control) or PIN.
 * (Members added when 4 digits were allowed keep their hash, but the check
 * below no longer tries a PIN that short: they need a new one.) */
store_Status store_staff_add(store_Db *db, const char *name, const char *pin, int64_t now);

/* Removes the staff member called `name`: their PIN opens nothing any more.
 * STORE_NOTFOUND when nobody has that name. */
store_Status store_staff_remove(store_Db *db, const char *name);

/* Calls fn with each staff member's name and when they were added (Unix
 * seconds), oldest first; a non-zero return from fn stops the walk. */
typedef int (*store_StaffFn)(const char *name, int64_t created_at, void *user);
store_Status store_staff_each(store_Db *db, store_StaffFn fn, void *user);

/* The pad's lock as stored: wrong PINs in a row (*failures) and the end of
 * the current or last lock (*locked_until, Unix seconds, 0 for none). */
store_Status store_staff_lock_get(store_Db *db, int *failures, int64_t *locked_until);

/* Opens the pad now and forgets the wrong PINs (an operator's `kioskctl
 * staff unlock`): the next lock is again the first, 5 minutes. */
store_Status store_staff_unlock(store_Db *db);

/* How long the pad locks once `failures` wrong PINs in a row were typed:
 * 0 unless failures is a multiple of STORE_PIN_TRIES; then 5 minutes, 15
 * minutes, 1 hour, and 4 hours for every lock after. */
int store_staff_lock_seconds(int failures);

typedef enum {
    STORE_PIN_OK,        /* right: *name is the staff member; the count restarts */
    STORE_PIN_WRONG,     /* wrong: *left more tries before the next lock */
    STORE_PIN_LOCKED,    /* locked: *left seconds until it opens (a right PIN too) */
    STORE_PIN_MALFORMED  /* not 6 to 8 digits: not a try, nothing hashed or counted */
} store_PinResult;

/* Checks a PIN typed on the staff pad at `now`. Every STORE_PIN_TRIES wrong
 * PINs in a row lock staff mode (store_staff_lock_seconds), in the database
 * (a restart does not reset it); the count goes on across locks and only a
 * right PIN (or store_staff_unlock) restarts it, so guessing slows down. While
 * locked nothing is hashed or counted. A malformed PIN (an empty OK, a PIN
 * too short) is refused before anything, so it can never lock the pad.
 * It hashes the PIN against every member (up to STORE_STAFF_MAX times a
 * tenth of a second): the kiosk calls it off the UI thread, on its own
 * connection. name (caller-owned, STORE_STAFF_NAME_MAX) is set on
 * STORE_PIN_OK. A right PIN is let in even when the database cannot record
 * it (read-only, disk full: a resting counter that staff must reach); a
 * wrong one that cannot be counted is an error. Returns STORE_OK with
 * *result set, or an error (result undefined). */
store_Status store_staff_check_pin(store_Db *db, const char *pin, int64_t now,
                                   store_PinResult *result, int *left,
                                   char name[STORE_STAFF_NAME_MAX]);

/* ---- appointments (appointments.c) ----------------------------------- */

typedef enum {
    STORE_APPT_BOOKED,
    STORE_APPT_CHECKED_IN,
    STORE_APPT_IN_SESSION,
    STORE_APPT_COMPLETED,
    STORE_APPT_NO_SHOW,
    STORE_APPT_CANCELLED,   /* by the upstream (schema v6); its station is free */
    STORE_APPT_WAITING,     /* from upstream, no free station yet: no station */
    STORE_APPT_NOT_PLACED   /* from upstream, its slot ended before a station freed */
} store_ApptStatus;

/* "booked", "checked-in", "in-session", "completed", "no-show",
 * "cancelled", "waiting", "not-placed". */
const char *store_appt_status_name(store_ApptStatus s);
/* 0 and *out set, or -1 for an unknown name. */
int store_appt_status_parse(const char *name, store_ApptStatus *out);

/* The boutique's day (from the configuration: opening_hours, slot_minutes,
 * stations), passed in so that the store does not read the configuration. */
typedef struct {
    int open_minute;     /* minutes after midnight, local time: 600 = 10:00 */
    int close_minute;    /* the last slot ends by then */
    int slot_minutes;    /* length of a slot */
    int stations;        /* engraving stations: appointments at one time */
} store_Hours;

/* One appointment, decrypted; a value the caller owns. */
typedef struct {
    int64_t id;
    char slot[STORE_SLOT_TEXT_MAX];   /* local time "2026-11-21 14:30" */
    int station;                      /* 1..stations; 0 waiting or not placed */
    store_ApptStatus status;
    int cancel_conflict;              /* 1: cancelled upstream after the customer arrived */
    char not_placed_reason[16];       /* not placed: "no-station" (its slot ended first),
                                       * "closed" (outside opening_hours), "off-grid" (not
                                       * on the slot grid); "" otherwise */
    int64_t acknowledged_at;          /* not placed or a conflict that staff marked dealt
                                       * with, Unix s; 0 not (yet) */
    char party[STORE_PARTY_MAX];      /* "owner + pet"; not personal */
    char name[STORE_PERSON_MAX];      /* "" once purged */
    char contact[STORE_PERSON_MAX];
    char notes[STORE_NOTES_MAX];
    int purged;                       /* 1: personal data erased (retention) */
    int64_t order_number;             /* the latest order placed under it; 0 none */
} store_Appointment;

/* What store_appointment_book takes; all strings borrowed. */
typedef struct {
    const char *name;       /* required, 1..STORE_PERSON_MAX-1 bytes */
    const char *contact;    /* required: phone or e-mail, same limit */
    const char *party;      /* optional (NULL or ""), STORE_PARTY_MAX-1 */
    const char *notes;      /* optional, STORE_NOTES_MAX-1 */
    const char *slot;       /* "YYYY-MM-DD HH:MM", local time, on the hours' grid */
    int station;            /* 1..hours->stations, or 0: the lowest free one */
} store_Booking;

/* Books an appointment. Refuses (STORE_ERR_INPUT) a slot that is badly
 * written, in the past (before now), outside the opening hours or off the
 * slot grid, and a bad station or field. A taken slot is STORE_ERR_TAKEN:
 * the database decides (schema v8: no two placed rows of a station overlap
 * in time, an upstream appointment of 90 minutes included; the booking
 * lasts hours->slot_minutes), so two kiosks (or the kiosk and kioskctl)
 * booking at once cannot both win. *id is the new one
 * (may be NULL); *station_out (may be NULL) the station it got. */
store_Status store_appointment_book(store_Db *db, const store_Booking *b,
                                    const store_Hours *hours, int64_t now,
                                    int64_t *id, int *station_out);

/* Calls fn for each appointment of `day` ("YYYY-MM-DD"), by slot then
 * station, decrypted (the struct is borrowed for the call). A non-zero
 * return from fn stops the walk. */
typedef int (*store_AppointmentFn)(const store_Appointment *a, void *user);
store_Status store_appointments_day(store_Db *db, const char *day,
                                    store_AppointmentFn fn, void *user);

/* Fills *out (caller-owned) with appointment `id`; STORE_NOTFOUND. */
store_Status store_appointment_get(store_Db *db, int64_t id, store_Appointment *out);

/* Moves an appointment: booked -> checked-in -> in-session -> completed,
 * booked or checked-in -> in-session (staff starts the session), booked or
 * checked-in -> no-show. Anything else is STORE_ERR_STATE; an unknown id
 * STORE_NOTFOUND. Completed and no-show start the retention clock at now. */
store_Status store_appointment_set_status(store_Db *db, int64_t id, store_ApptStatus to,
                                          int64_t now);

/* Marks appointment `id` as dealt with by staff at `now`: one not placed
 * (staff called the customer) or cancelled upstream after the customer
 * arrived (staff settled it). It stays listed, acknowledged_at set, until
 * the retention purge, but no longer counts in store_sync_status.
 * Idempotent: marking it again keeps the first time and returns STORE_OK
 * with *already 1 (already may be NULL). STORE_NOTFOUND for an unknown id;
 * STORE_ERR_STATE for an appointment with nothing to deal with. */
store_Status store_appointment_acknowledge(store_Db *db, int64_t id, int64_t now, int *already);

/* One bookable slot and how many stations are still free in it. */
typedef struct {
    char slot[STORE_SLOT_TEXT_MAX];
    int free_stations;
} store_FreeSlot;

/* Fills out[0..max) with the slots of `day` that start at or after `now`
 * and have a free station, earliest first; *n how many. For walk-ins:
 * today's date and time(NULL). */
store_Status store_free_slots(store_Db *db, const char *day, const store_Hours *hours,
                              int64_t now, store_FreeSlot *out, int max, int *n);

/* Erases (overwrites, then checkpoints the WAL) the personal data of every
 * appointment closed (completed, no-show) more than retention_days ago, or
 * never closed and whose slot is that old. *erased (may be NULL) how many.
 * `kioskctl purge` and the kiosk once a day. */
store_Status store_purge(store_Db *db, int64_t now, int retention_days, int *erased);

/* ---- upstream appointments waiting for a station (waiting.c) --------- */

/* One sync pass's second chance for the upstream appointments that found
 * no free station (status `waiting`), oldest slot first, then first come:
 * each goes to the lowest station of 1..stations free at its slot (status
 * `booked`), or, once its slot has ended (ends_at <= now), becomes
 * `not-placed` (closed at `now`; staff see it, its personal data is kept
 * for the retention period like any closed appointment). One transaction.
 * *placed and *expired (each may be NULL) count what moved. */
store_Status store_appointments_retry(store_Db *db, int stations, int64_t now, int *placed,
                                      int *expired);

/* ---- limited editions (editions.c) ----------------------------------- */

/* A held serial: the token goes into model_Order.hold_token. */
typedef struct {
    char token[MODEL_HOLD_TOKEN_MAX];   /* 32 hex digits */
    int serial;
    int64_t until;                      /* Unix seconds the hold ends */
} store_Hold;

/* Holds the lowest free serial of the charm's edition for
 * STORE_HOLD_SECONDS (the customer reached Review). STORE_ERR_SOLD_OUT when
 * none is free, STORE_NOTFOUND when the charm has no edition. A serial is
 * free when no order has it and its hold (if any) ended before `now`: holds
 * expire by the clock, even across restarts, without anyone releasing them. */
store_Status store_edition_hold(store_Db *db, const char *charm_id, int64_t now,
                                store_Hold *hold);

/* Leases (issue 5, part 3): the upstream grants each kiosk ranges of an
 * edition's serials (store_changes_apply), so two boutiques offline never
 * sell the same piece. An edition that has received leases (even an empty
 * list) sells only serials inside them; one that never did (a standalone
 * kiosk) owns the whole run. So a serial is free when no order has it, no
 * hold on it is live, and it is leased here or the edition was never
 * leased. Counts ("remaining") follow the same rule; a serial sold or held
 * stays sold or held whatever the leases become. */
#define STORE_LEASES_MAX 64     /* lease ranges per edition */

/* Gives a hold back (cancel, back from Review, idle timeout). An unknown or
 * already sold token is not an error (it is already released). */
store_Status store_edition_release(store_Db *db, const char *token);

/* Clears the bookkeeping of holds that ended before now (the kiosk at
 * start); counts and holds already treat them as free. */
store_Status store_holds_sweep(store_Db *db, int64_t now, int *swept);

/* A charm's edition as the charm tile shows it ("12 of 50 left"). */
typedef struct {
    char charm_id[MODEL_ID_MAX];
    int size, sold, held;               /* sold and held here */
    int remaining;                      /* free serials this kiosk may sell (the lease rule);
                                         * without leases size - sold - held */
} store_EditionCount;

/* Fills *out for the charm at now; STORE_NOTFOUND when it is not limited. */
store_Status store_edition_counts(store_Db *db, const char *charm_id, int64_t now,
                                  store_EditionCount *out);

/* Every edition, in catalogue order (kioskctl editions); fn as above. */
typedef int (*store_EditionFn)(const store_EditionCount *e, void *user);
store_Status store_editions_each(store_Db *db, int64_t now, store_EditionFn fn, void *user);

/* ---- the order queue (queue.c) --------------------------------------- */

/* "queued" -> "engraving" -> "ready" -> "collected": one step forward. */
#define STORE_ORDER_STATUSES 4
/* The status after `status`, or NULL after "collected" or for an unknown one. */
const char *store_order_status_next(const char *status);

/* An order as the queue and the job sheet show it. */
typedef struct {
    store_OrderRow row;                 /* row.order.serial, .appointment_id set */
    int edition_size;                   /* 0: not limited */
    char slot[STORE_SLOT_TEXT_MAX];     /* the appointment's slot, "" none */
    int64_t repeat_of;                  /* a likely repeat of that order, 0 none */
} store_QueueItem;

/* A likely repeat: an order with the same charm and the same words (not
 * none) as an earlier one placed at most STORE_REPEAT_WINDOW_S before it,
 * most often a customer who did not see their number and ordered again.
 * Computed when read (store_order_get, store_queue_each): nothing is
 * stored, staff decide. Only the STORE_REPEAT_LOOKBACK orders before it
 * are looked at (a counter takes far fewer within the window). */
#define STORE_REPEAT_WINDOW_S  600
#define STORE_REPEAT_LOOKBACK  100

/* Fills *out for order `number`; STORE_NOTFOUND. */
store_Status store_order_get(store_Db *db, int64_t number, store_QueueItem *out);

/* Calls fn for each order not yet collected, oldest first (the staff
 * queue). The item is borrowed for the call; non-zero stops the walk. */
typedef int (*store_QueueFn)(const store_QueueItem *item, void *user);
store_Status store_queue_each(store_Db *db, store_QueueFn fn, void *user);

/* Moves order `number` one step forward. `from` is the status the staff
 * saw (a touch on a stale screen must not skip a step), or NULL for "from
 * whatever it is now" (kioskctl advance). STORE_ERR_STATE when the order is
 * not in `from`, or is collected; STORE_NOTFOUND. The new status is copied
 * into to (caller-owned, may be NULL). A trigger refuses any other change
 * of status, whoever writes. */
store_Status store_order_advance(store_Db *db, int64_t number, const char *from,
                                 char to[STORE_STATUS_MAX]);

/* ---- upstream sync: outbox, sync state, changes (outbox.c, sync_state.c,
 * changes.c) ---------------------------------------------------------- */

#define STORE_REASON_MAX     160    /* bytes of an upstream rejection reason */
#define STORE_SYNC_ERROR_MAX 256    /* bytes of sync_state.last_error */
#define STORE_CURSOR_MAX     128    /* bytes of the changes cursor, with the NUL */

/* Every confirmed order has one outbox row, written in the order's own
 * transaction (store_order_insert). It is pending until the upstream
 * answers for it: accepted or duplicate -> sent, rejected -> rejected. */
typedef enum {
    STORE_OUTBOX_SENT,      /* the upstream holds it (accepted or duplicate) */
    STORE_OUTBOX_REJECTED,  /* the upstream refused it for good; see reason */
    STORE_OUTBOX_RETRY      /* no answer for it: stays pending, attempts + 1 */
} store_Outcome;

typedef struct {
    char uuid[37];
    store_Outcome outcome;
    char reason[STORE_REASON_MAX];  /* REJECTED: the upstream's words; else "" */
} store_OutboxResult;

/* Fills rows[0..max) (caller-owned) with the pending orders whose
 * next_attempt <= now, oldest first; *n is how many. now = INT64_MAX takes
 * every pending order (an operator's `sync-now`). */
store_Status store_outbox_pending(store_Db *db, int64_t now, store_OrderRow *rows, int max,
                                  int *n);

/* Settles a batch in one BEGIN IMMEDIATE transaction: SENT and REJECTED
 * rows leave pending (settled_at = now); RETRY rows count an attempt and
 * wait until retry_at. Rows that are not pending (already settled by an
 * earlier answer) and unknown UUIDs are left alone. `results` is borrowed. */
store_Status store_outbox_settle(store_Db *db, const store_OutboxResult *results, int n,
                                 int64_t now, int64_t retry_at);

/* What `kioskctl sync-status` and staff mode show, read from the database. */
typedef struct {
    int64_t pending, sent, rejected;    /* outbox rows by state */
    int64_t last_success;   /* Unix seconds of the last successful exchange; 0 never */
    int64_t last_attempt;   /* of the last exchange, successful or not; 0 never */
    int64_t last_error_at;  /* of the last failure; 0 never */
    char last_error[STORE_SYNC_ERROR_MAX]; /* "" unless the last exchange failed */
    char cursor[STORE_CURSOR_MAX];          /* "" before the first changes */
    /* Upstream appointments staff must know about (waiting.c): */
    int64_t appts_waiting;      /* no free station yet; retried every sync pass */
    int64_t appts_not_placed;   /* their slot ended with no station (personal data kept) */
    int64_t cancel_conflicts;   /* cancelled upstream after the customer arrived: kept */
    /* Upstream changes the kiosk refused and set aside (quarantine.c): */
    int64_t quarantined;        /* not resolved by a later good version */
    int64_t quarantine_unreported;  /* not yet told to the upstream */
    int64_t quarantined_appointments, quarantined_editions, quarantined_catalogues;
} store_SyncStatus;

/* Fills *out (caller-owned). */
store_Status store_sync_status(store_Db *db, store_SyncStatus *out);

/* Records the outcome of one exchange with the upstream at `now`: error
 * NULL is a success (last_success = now, last_error cleared), else
 * last_error = error, truncated; it must hold no personal data (borrowed). */
store_Status store_sync_record(store_Db *db, int64_t now, const char *error);

/* One answer of GET /v1/changes, all borrowed. */
typedef struct {
    const struct cJSON *catalogue;     /* a catalogue.json document, or NULL: unchanged */
    const struct cJSON *appointments;  /* array of objects, or NULL */
    const struct cJSON *editions;      /* array of objects, or NULL */
    const char *cursor;                /* the new cursor: 1..STORE_CURSOR_MAX-1 bytes */
    int stations;                      /* engraving stations (configuration); 0 counts as 1 */
    int *unplaced;                     /* may be NULL: set to how many appointments had no
                                        * free station (kept waiting, see below) */
    int slot_minutes;                  /* an appointment's length when the upstream does not
                                        * say ("minutes"); 0 counts as 30 */
    int *cancelled;                    /* may be NULL: set to how many cancellations this
                                        * page applied (a repeated one is not counted) */
    int open_minute, close_minute;     /* opening_hours (minutes after midnight, local):
                                        * an appointment outside them or off the grid of
                                        * slot_minutes from open_minute is not placed;
                                        * both 0: not checked */
    int *quarantined;                  /* may be NULL: set to how many items this page
                                        * set aside (store_quarantine_list) */
    const struct cJSON *orders;        /* array of {"uuid","status","reason"}: the brand's
                                        * decision on orders it already answered for, or
                                        * NULL (store_changes_orders in outbox.c) */
} store_Changes;

#define STORE_CHANGES_ITEMS_MAX 1000   /* appointments + editions in one answer */

/* Applies `ch` in one transaction together with the new cursor: the
 * catalogue through the same validation as store_catalogue_import, then:
 * - appointments ({"id", "starts_at" Unix seconds, "name", "contact",
 *   "party", "notes", "status"}) are upserted into the appointments table
 *   by upstream id, name, contact and notes sealed like a booking's (this
 *   loads the key: STORE_ERR_KEY); the slot is starts_at in local time, at
 *   the lowest free station of ch->stations. With no free station it is
 *   kept, sealed, with status `waiting` and no station, counted in
 *   *ch->unplaced, and placed by a later store_appointments_retry (or
 *   `not-placed` once its slot, starts_at + "minutes", is over). Local
 *   progress (checked in, in session...) wins: the upstream's status and
 *   slot apply only to a row still booked or waiting.
 *   {"id", "status": "cancelled"} (starts_at optional) cancels the
 *   appointment of that upstream id: a booked or waiting one becomes
 *   `cancelled` (its station is free at once, and goes to the appointment
 *   that has waited longest for that slot); one the customer has already
 *   arrived for (checked in, in session, completed) is kept and the
 *   conflict recorded (upstream_cancelled_at) for staff. Cancelling twice,
 *   or an id this kiosk never had, changes nothing.
 * - editions ({"charm", "leases": [{"first", "last"}]}) replace that
 *   edition's leases (see store_edition_hold); an edition this database
 *   does not have (yet) is kept raw in sync_inbox (no personal data).
 * One bad item never blocks the others: an item the store refuses (not an
 * object, a bad field, a lease outside its edition, a catalogue that does
 * not validate) is rolled back alone and set aside in sync_quarantine with
 * the reason naming its field (store_quarantine_list), counted in
 * *ch->quarantined; the rest applies and the cursor moves. A later good
 * version of the same item (appointment id, edition charm, catalogue)
 * resolves it. STORE_ERR_INPUT only for a page that is not one (a bad
 * cursor, appointments or editions not arrays, more than
 * STORE_CHANGES_ITEMS_MAX items): nothing applied. STORE_ERR and
 * STORE_ERR_KEY (local failures) apply nothing either. */
store_Status store_changes_apply(store_Db *db, const store_Changes *ch, int64_t now);

#define STORE_QUARANTINE_KEY_MAX 64     /* bytes of an item's key, with the NUL */
#define STORE_QUARANTINE_REPORT_MAX 100 /* items in one report upstream */

typedef struct {
    int64_t id;                         /* this kiosk's number for it */
    char kind[16];                      /* "catalogue", "appointment", "edition" */
    char key[STORE_QUARANTINE_KEY_MAX]; /* appointment id, edition charm; "" catalogue */
    int idx;                            /* its place in its list in the page */
    char cursor[STORE_CURSOR_MAX];      /* the page's cursor */
    char reason[STORE_SYNC_ERROR_MAX];  /* "upstream changes: appointments[0].party: ..." */
    int64_t received_at, reported_at, resolved_at;  /* Unix s; 0 not yet */
} store_QuarantineItem;

typedef enum {
    STORE_QUARANTINE_OPEN,              /* not resolved, newest first */
    STORE_QUARANTINE_UNREPORTED         /* not yet reported upstream, oldest first */
} store_QuarantineWhich;

/* Fills out[0..*n) (caller-owned, max entries) with the items `which`. */
store_Status store_quarantine_list(store_Db *db, store_QuarantineWhich which,
                                   store_QuarantineItem *out, int max, int *n);

/* Marks items ids[0..n) (borrowed) as reported upstream at `now`, in one
 * transaction; ids already reported or unknown are left alone. */
store_Status store_quarantine_reported(store_Db *db, const int64_t *ids, int n, int64_t now);

/* ---- health (health.c) ----------------------------------------------- */

#define STORE_HEALTH_MSG_MAX 256

/* Whether this database can take orders, as `kioskctl health` reports it
 * and the kiosk checks at start and after a write failed. */
typedef struct {
    int writable;                           /* 1: a write transaction committed */
    char write_error[STORE_HEALTH_MSG_MAX]; /* why not ("" when writable) */
    int checked;                            /* 1: the integrity was checked */
    int intact;                             /* 1: PRAGMA quick_check said "ok" (or not checked) */
    char integrity[STORE_HEALTH_MSG_MAX];   /* "ok", the first problem found, or "not checked" */
    int schema_version;                     /* PRAGMA user_version; -1 unreadable */
    int64_t pending;                        /* orders waiting for upstream; -1 unreadable */
} store_Health;

/* Looks at the database: is the file read-only (sqlite3_db_readonly), does
 * a real write go through (a write transaction that sets user_version to
 * its own value and commits: the schema is unchanged, but the file, the
 * journal and the lock are all exercised), and, when quick_check is 1, does
 * PRAGMA quick_check find damage (it reads every page: milliseconds on a
 * counter's database, kept for start-up and after a failure). Fills *out
 * whatever it finds; STORE_ERR only when the database is not open.
 * store_errmsg is left as it was, so a caller can still log the failure
 * that led here. */
store_Status store_health(store_Db *db, int quick_check, store_Health *out);

/* 1 when *h says the counter can take orders: writable, intact, at
 * STORE_SCHEMA_VERSION. */
int store_health_ok(const store_Health *h);

#endif
