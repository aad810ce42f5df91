/* store_port.c — the UI's ui_Backend, answered by the store.
 *
 * The touch UI never calls SQLite (app/ui may not): it asks through the
 * callbacks of ui_Backend, and this file answers them with app/store. It is
 * part of the kiosk program, beside main.c, and holds no state of its own
 * beyond the handle and the boutique's hours.
 */
#include "kiosk/store_port.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "i18n/i18n.h"
#include "jobs/job_writer.h"
#include "kiosk/pin_check.h"

/* What the person at the screen was doing when the store refused: it
 * chooses the sentence, and names the failure in the log. */
typedef enum {
    DOING_ORDER,        /* a customer placing an order */
    DOING_HOLD,         /* a customer's numbered piece held at Review */
    DOING_PIN,
    DOING_APPOINTMENT,  /* staff starting a session, a no-show, dealt with */
    DOING_BOOK,
    DOING_ADVANCE       /* an order one step along the atelier's queue */
} Doing;

static const char *const doing_log[] = {
    [DOING_ORDER] = "order not stored", [DOING_HOLD] = "edition hold",
    [DOING_PIN] = "PIN check", [DOING_APPOINTMENT] = "appointment",
    [DOING_BOOK] = "walk-in", [DOING_ADVANCE] = "order queue",
};

/* A booking refused for one field: what staff should look at. contact is
 * what was typed (an empty one is asked for, not "checked"). */
static const char *booking_field(store_Field field, const char *contact)
{
    switch (field) {
    case STORE_FIELD_NAME:
        return _("Please check the customer's name.");
    case STORE_FIELD_CONTACT:
        return contact && contact[0] ? _("Please check the phone number or e-mail.")
                                     : _("Please type a phone number or an e-mail.");
    case STORE_FIELD_SLOT:
        return _("This time can no longer be booked: please choose another.");
    default:
        return NULL;
    }
}

/* One short sentence in the person's language for what failed: the
 * store's status, and for a booking the field at fault. */
static const char *sentence(backend_Store *b, Doing doing, store_Status st, const char *contact)
{
    const char *s = NULL;
    switch (st) {
    case STORE_ERR_SOLD_OUT:
        return _("This edition has just sold out.");
    case STORE_ERR_TAKEN:
        return _("This time has just been booked: please choose another.");
    case STORE_ERR_KEY:
        return _("Bookings are unavailable: the kiosk's data key needs attention.");
    case STORE_ERR_STATE:
    case STORE_NOTFOUND:
        if (doing == DOING_ADVANCE)
            return _("This order has already moved on: the list is up to date.");
        if (doing == DOING_APPOINTMENT)
            return _("This appointment has already changed: the list is up to date.");
        break;
    case STORE_ERR_INPUT:
        if (doing == DOING_BOOK) s = booking_field(store_errfield(b->db), contact);
        if (doing == DOING_ORDER)
            s = _("This piece can no longer be ordered. Please ask our staff.");
        break;
    default:
        break;
    }
    if (s) return s;
    switch (doing) {
    case DOING_ORDER:
    case DOING_HOLD:
        return _("We could not record your order. Please ask our staff.");
    case DOING_PIN:
        return _("The PIN could not be checked: please try again.");
    default:
        return _("This could not be saved: please try again.");
    }
}

/* The store refused: its English message goes to the log for diagnosis
 * (store_errmsg never holds personal data), the person at the screen reads
 * one sentence in their language (msg, UI_MSG_MAX). contact is the booking's
 * (NULL otherwise). Returns -1, the callbacks' failure. */
static int refuse(backend_Store *b, Doing doing, store_Status st, const char *contact, char *msg)
{
    fprintf(stderr, "kiosk: %s: %s\n", doing_log[doing], store_errmsg(b->db));
    snprintf(msg, UI_MSG_MAX, "%s", sentence(b, doing, st, contact));
    /* Not a refusal of this order but SQLite or the disk failing: can the
     * counter still take orders at all? */
    if (st == STORE_ERR) backend_check_health(b, 1);
    return -1;
}

int backend_check_health(backend_Store *b, int quick)
{
    store_Health h;
    int was = b->resting;
    if (store_health(b->db, quick, &h) != STORE_OK) return b->resting;
    if (!h.intact)
        b->resting = BACKEND_REST_DAMAGED;
    else if (h.schema_version != STORE_SCHEMA_VERSION)
        b->resting = BACKEND_REST_DAMAGED;
    else if (!h.writable)
        b->resting = BACKEND_REST_UNWRITABLE;
    else if (b->resting != BACKEND_REST_DAMAGED)
        b->resting = BACKEND_SERVING;   /* damage stays until a restart on a good file */
    b->recheck_at = 0;              /* the next resting() counts the minute from its clock */
    if (b->resting == was) return b->resting;
    if (b->resting == BACKEND_REST_DAMAGED && !h.intact)
        fprintf(stderr, "kiosk: the database is damaged (%s): the counter rests until it is "
                "restored (kioskctl health)\n", h.integrity);
    else if (b->resting == BACKEND_REST_DAMAGED)
        fprintf(stderr, "kiosk: the database is at schema version %d, not %d: the counter "
                "rests (kioskctl health)\n", h.schema_version, STORE_SCHEMA_VERSION);
    else if (b->resting == BACKEND_REST_UNWRITABLE)
        fprintf(stderr, "kiosk: the database cannot be written (%s): the counter rests, and "
                "tries again every %d s (kioskctl health)\n", h.write_error, BACKEND_RECHECK_S);
    else
        fprintf(stderr, "kiosk: the database takes writes again: the counter serves\n");
    return b->resting;
}

/* The UI asks every frame: a flag, and a write tried once a minute while
 * the database would not take one. */
static int resting(void *user, int64_t now)
{
    backend_Store *b = user;
    if (b->resting == BACKEND_REST_UNWRITABLE) {
        if (!b->recheck_at) b->recheck_at = now + BACKEND_RECHECK_S;
        else if (now >= b->recheck_at) backend_check_health(b, 0);
    }
    return b->resting != BACKEND_SERVING;
}

/* The atelier's production files, written by the job writer's thread. The
 * order is already stored: a failure there is logged for staff. */
static void write_jobs(backend_Store *b, const model_Order *order)
{
    store_QueueItem item;
    if (store_order_get(b->db, order->number, &item) != STORE_OK) return;
    job_writer_post(b->jobs, &item.row.order, item.edition_size, item.slot);
}

static int place_order(void *user, model_Order *order, const char *hold_token, char *msg)
{
    backend_Store *b = user;
    snprintf(order->hold_token, sizeof order->hold_token, "%s", hold_token ? hold_token : "");
    store_Status st = store_order_insert(b->db, order);
    return st == STORE_OK ? 0 : refuse(b, DOING_ORDER, st, NULL, msg);
}

/* After the customer saw the number: the order is stored whatever happens
 * here, and a failure is for the log. */
static void order_placed(void *user, const model_Order *order)
{
    backend_Store *b = user;
    /* An appointment's session ends with its order. */
    if (order->appointment_id &&
        store_appointment_set_status(b->db, order->appointment_id, STORE_APPT_COMPLETED,
                                     (int64_t)time(NULL)) != STORE_OK)
        fprintf(stderr, "kiosk: appointment %lld: %s\n", (long long)order->appointment_id,
                store_errmsg(b->db));
    if (b->jobs) write_jobs(b, order);
}

/* The PIN is checked on a thread of its own (pin_check.c), on its own
 * connection to the same database: the UI polls pin_answer every frame. */
static int check_pin(void *user, const char *pin, int64_t now, char *msg)
{
    backend_Store *b = user;
    if (b->pin) {                   /* the pad never asks twice at once */
        snprintf(msg, UI_MSG_MAX, "%s", sentence(b, DOING_PIN, STORE_ERR, NULL));
        return -1;
    }
    b->pin = pin_check_start(store_path(b->db), pin, now);
    if (!b->pin) {
        fprintf(stderr, "kiosk: %s: out of memory\n", doing_log[DOING_PIN]);
        snprintf(msg, UI_MSG_MAX, "%s", sentence(b, DOING_PIN, STORE_ERR, NULL));
        return -1;
    }
    return 0;
}

/* How long the pad stays locked, in the staff's words: minutes and
 * seconds, or hours and minutes for the longer locks. */
static void say_locked(char *msg, int left)
{
    if (left < 3600)
        snprintf(msg, UI_MSG_MAX, _("Staff mode is locked for %d:%02d after too many wrong PINs."),
                 left / 60, left % 60);
    else
        snprintf(msg, UI_MSG_MAX,
                 _("Staff mode is locked for %d h %02d min after too many wrong PINs."),
                 left / 3600, left % 3600 / 60);
}

static int pin_answer(void *user, int wait, char *name, char *msg)
{
    backend_Store *b = user;
    pin_Answer a;
    int rc = -1;
    if (!b->pin) {
        snprintf(msg, UI_MSG_MAX, "%s", sentence(b, DOING_PIN, STORE_ERR, NULL));
        return -1;
    }
    if (!pin_check_answer(b->pin, wait, &a)) return 1;
    pin_check_free(b->pin);
    b->pin = NULL;
    if (a.status != STORE_OK) {
        fprintf(stderr, "kiosk: %s: %s\n", doing_log[DOING_PIN], a.err);
        snprintf(msg, UI_MSG_MAX, "%s", sentence(b, DOING_PIN, a.status, NULL));
    } else {
        switch (a.result) {
        case STORE_PIN_OK:
            snprintf(name, 64, "%s", a.name);
            rc = 0;
            break;
        case STORE_PIN_WRONG:
            snprintf(msg, UI_MSG_MAX,
                     ngettext("Wrong PIN: %d more try before staff mode locks.",
                              "Wrong PIN: %d more tries before staff mode locks.",
                              (unsigned long)a.left), a.left);
            break;
        case STORE_PIN_LOCKED:
            say_locked(msg, a.left);
            break;
        case STORE_PIN_MALFORMED:
            snprintf(msg, UI_MSG_MAX, _("PIN too short: staff PINs have %d to %d digits."),
                     STORE_PIN_MIN_DIGITS, STORE_PIN_MAX_DIGITS);
            break;
        }
    }
    sodium_memzero(&a, sizeof a);
    return rc;
}

/* Today, in the boutique's local time: "YYYY-MM-DD". */
static void day_of(int64_t now, char day[11])
{
    time_t t = (time_t)now;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(day, 11, "%Y-%m-%d", &tm);
}

typedef struct {
    ui_Appointment *out;
    int max, n;
} Collect;

static int collect_appt(const store_Appointment *a, void *user)
{
    Collect *c = user;
    ui_Appointment *u;
    if (c->n >= c->max) return 1;
    u = &c->out[c->n++];
    memset(u, 0, sizeof *u);
    u->id = a->id;
    snprintf(u->time, sizeof u->time, "%.5s", a->slot + 11);
    u->station = a->station;
    snprintf(u->name, sizeof u->name, "%s", a->purged ? _("(erased)") : a->name);
    snprintf(u->contact, sizeof u->contact, "%s", a->contact);
    snprintf(u->party, sizeof u->party, "%s", a->party);
    snprintf(u->notes, sizeof u->notes, "%s", a->notes);
    snprintf(u->status, sizeof u->status, "%s", store_appt_status_name(a->status));
    u->cancel_conflict = a->cancel_conflict;
    u->acknowledged = a->acknowledged_at != 0;
    return 0;
}

static int appointments(void *user, int64_t now, ui_Appointment *out, int max)
{
    backend_Store *b = user;
    Collect c = { out, max, 0 };
    char day[11];
    day_of(now, day);
    if (store_appointments_day(b->db, day, collect_appt, &c) != STORE_OK) return -1;
    return c.n;
}

static int set_appointment_status(void *user, int64_t id, const char *status, char *msg)
{
    backend_Store *b = user;
    store_ApptStatus to;
    store_Status st;
    if (store_appt_status_parse(status, &to) != 0) {
        fprintf(stderr, "kiosk: appointment %lld: no status '%s'\n", (long long)id, status);
        snprintf(msg, UI_MSG_MAX, "%s", sentence(b, DOING_APPOINTMENT, STORE_ERR, NULL));
        return -1;
    }
    st = store_appointment_set_status(b->db, id, to, (int64_t)time(NULL));
    return st == STORE_OK ? 0 : refuse(b, DOING_APPOINTMENT, st, NULL, msg);
}

static int acknowledge(void *user, int64_t id, char *msg)
{
    backend_Store *b = user;
    store_Status st = store_appointment_acknowledge(b->db, id, (int64_t)time(NULL), NULL);
    return st == STORE_OK ? 0 : refuse(b, DOING_APPOINTMENT, st, NULL, msg);
}

static int free_slots(void *user, int64_t now, ui_Slot *out, int max)
{
    backend_Store *b = user;
    store_FreeSlot slots[32];
    char day[11];
    int n = 0, k = 0;
    day_of(now, day);
    if (max > 32) max = 32;
    if (store_free_slots(b->db, day, &b->hours, now, slots, max, &n) != STORE_OK) return -1;
    for (int i = 0; i < n && k < max; i++, k++) {
        snprintf(out[k].slot, sizeof out[k].slot, "%.19s", slots[i].slot);
        out[k].station = 0;             /* the store picks the lowest free station */
    }
    return k;
}

static int book(void *user, const char *name, const char *contact, const ui_Slot *slot,
                int64_t *id, char *msg)
{
    backend_Store *b = user;
    store_Booking booking = { name, contact, NULL, NULL, slot->slot, slot->station };
    store_Status st = store_appointment_book(b->db, &booking, &b->hours, (int64_t)time(NULL), id,
                                             NULL);
    return st == STORE_OK ? 0 : refuse(b, DOING_BOOK, st, contact, msg);
}

typedef struct {
    backend_Store *b;
    ui_QueueItem *out;
    int max, n;
} QueueCollect;

static int collect_queue(const store_QueueItem *q, void *user)
{
    QueueCollect *c = user;
    const model_Order *o = &q->row.order;
    const model_Charm *charm = model_catalogue_charm(c->b->cat, o->charm_id);
    const model_Finish *finish = model_catalogue_finish(c->b->cat, o->finish_id);
    ui_QueueItem *u;
    char quoted[256];
    if (c->n >= c->max) return 1;
    u = &c->out[c->n++];
    u->number = o->number;
    /* The words in the language's quotes, as on Review: “Léa”, « Léa ». */
    snprintf(quoted, sizeof quoted, _("\xE2\x80\x9C%s\xE2\x80\x9D"), o->text);
    snprintf(u->summary, sizeof u->summary, "%s, %s, %s",
             charm ? _(charm->name) : o->charm_id, finish ? _(finish->name) : o->finish_id, quoted);
    if (o->n_extra > 0) {
        /* A set: the queue row says how many pieces the atelier makes. */
        size_t len = strlen(u->summary);
        snprintf(u->summary + len, sizeof u->summary - len,
                 ngettext(" + %d matching piece", " + %d matching pieces", (unsigned long)o->n_extra),
                 o->n_extra);
    }
    snprintf(u->status, sizeof u->status, "%s", q->row.status);
    u->repeat_of = q->repeat_of;
    return 0;
}

static int queue(void *user, ui_QueueItem *out, int max)
{
    backend_Store *b = user;
    QueueCollect c = { b, out, max, 0 };
    if (store_queue_each(b->db, collect_queue, &c) != STORE_OK) return -1;
    return c.n;
}

static int advance(void *user, int64_t number, char *msg)
{
    backend_Store *b = user;
    store_Status st = store_order_advance(b->db, number, NULL, NULL);
    return st == STORE_OK ? 0 : refuse(b, DOING_ADVANCE, st, NULL, msg);
}

static int edition(void *user, const char *charm_id, int64_t now, int *size, int *remaining)
{
    backend_Store *b = user;
    store_EditionCount e;
    if (store_edition_counts(b->db, charm_id, now, &e) != STORE_OK) return 0;
    *size = e.size;
    *remaining = e.remaining;
    return 1;
}

static int hold(void *user, const char *charm_id, int64_t now, char *token, int *serial, char *msg)
{
    backend_Store *b = user;
    store_Hold h;
    store_Status st = store_edition_hold(b->db, charm_id, now, &h);
    if (st != STORE_OK) return refuse(b, DOING_HOLD, st, NULL, msg);
    snprintf(token, MODEL_HOLD_TOKEN_MAX, "%s", h.token);
    *serial = h.serial;
    return 0;
}

static void release(void *user, const char *token)
{
    backend_Store *b = user;
    store_edition_release(b->db, token);
}

/* Appends text to the sync line whole, or not at all: a clause cut in the
 * middle (of a UTF-8 character, even) reads worse than one left out. */
static void append_text(char *line, const char *text)
{
    size_t len = strlen(line), add = strlen(text);
    if (len + add < UI_MSG_MAX)
        memcpy(line + len, text, add + 1);
}

/* Appends fmt (a translated "; %lld ..." with its plural chosen for n) to
 * the sync line, when n is not zero. */
static void append_count(char *line, const char *fmt, long long n)
{
    char clause[UI_MSG_MAX];
    if (n) {
        snprintf(clause, sizeof clause, fmt, n);
        append_text(line, clause);
    }
}

/* Adds to the sync line what staff must act on about upstream
 * appointments: "; 2 appointments wait for a station; 1 not placed". */
static void append_appointments(char *line, const store_SyncStatus *st)
{
    append_count(line, ngettext("; %lld appointment waits for a station",
                                "; %lld appointments wait for a station",
                                (unsigned long)st->appts_waiting),
                 (long long)st->appts_waiting);
    append_count(line, ngettext("; %lld appointment not placed", "; %lld appointments not placed",
                                (unsigned long)st->appts_not_placed),
                 (long long)st->appts_not_placed);
    append_count(line, ngettext("; %lld cancelled online after arriving",
                                "; %lld cancelled online after arriving",
                                (unsigned long)st->cancel_conflicts),
                 (long long)st->cancel_conflicts);
}

/* Adds the upstream changes refused and set aside, in staff's words (the
 * reasons are an operator's: kioskctl sync-status). */
static void append_refused(char *line, const store_SyncStatus *st)
{
    append_count(line, ngettext("; %lld online booking unreadable, set aside",
                                "; %lld online bookings unreadable, set aside",
                                (unsigned long)st->quarantined_appointments),
                 (long long)st->quarantined_appointments);
    append_count(line, ngettext("; %lld edition update unusable, set aside",
                                "; %lld edition updates unusable, set aside",
                                (unsigned long)st->quarantined_editions),
                 (long long)st->quarantined_editions);
    if (st->quarantined_catalogues)
        append_text(line, _("; new catalogue refused, current one kept"));
    if (st->quarantined && !st->quarantine_unreported)
        append_text(line, _("; the brand has been told"));
}

/* "14:05", local time, of Unix seconds t ("" for 0). */
static void clock_of(int64_t t, char when[16])
{
    time_t tt = (time_t)t;
    struct tm tm;
    when[0] = '\0';
    if (!t) return;
    localtime_r(&tt, &tm);
    strftime(when, 16, "%H:%M", &tm);
}

/* The sync client's own message (st.last_error) is English and an
 * operator's (kioskctl sync-status shows it): staff read when it failed. */
static int sync_status(void *user, char *line, int *problem)
{
    backend_Store *b = user;
    store_SyncStatus st;
    char when[16];
    unsigned long n;
    if (store_sync_status(b->db, &st) != STORE_OK) return -1;
    *problem = st.last_error[0] != '\0';
    n = (unsigned long)st.pending;
    if (st.last_error[0]) {
        clock_of(st.last_error_at, when);
        snprintf(line, UI_MSG_MAX,
                 ngettext("Upstream: %lld order waiting; last exchange failed at %s",
                          "Upstream: %lld orders waiting; last exchange failed at %s", n),
                 (long long)st.pending, when);
    } else if (st.last_success) {
        clock_of(st.last_success, when);
        snprintf(line, UI_MSG_MAX, ngettext("Upstream: %lld order waiting; last sent at %s",
                                            "Upstream: %lld orders waiting; last sent at %s", n),
                 (long long)st.pending, when);
    } else {
        snprintf(line, UI_MSG_MAX, ngettext("Upstream: %lld order waiting; never synced yet",
                                            "Upstream: %lld orders waiting; never synced yet", n),
                 (long long)st.pending);
    }
    append_appointments(line, &st);
    append_refused(line, &st);
    if (st.appts_not_placed || st.cancel_conflicts || st.quarantined)
        *problem = 1;       /* staff must call a customer, settle a conflict, or know */
    return 0;
}

ui_Backend backend_for_store(backend_Store *b)
{
    ui_Backend be = {
        .user = b,
        .place_order = place_order,
        .order_placed = order_placed,
        .check_pin = check_pin,
        .pin_answer = pin_answer,
        .appointments = appointments,
        .set_appointment_status = set_appointment_status,
        .acknowledge = acknowledge,
        .free_slots = free_slots,
        .book = book,
        .queue = queue,
        .advance = advance,
        .edition = edition,
        .hold = hold,
        .release = release,
        .sync_status = sync_status,
        .resting = resting,
    };
    return be;
}
