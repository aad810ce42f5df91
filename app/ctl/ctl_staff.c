/* ctl_staff.c — staff-mode commands over the store:
 *   staff add NAME          the PIN comes from stdin, never the command line
 *                           (argv is readable by every user through /proc)
 *   staff remove NAME       that PIN opens nothing any more
 *   staff list              names, when added, and the PIN pad's lock
 *   staff unlock            opens a locked pad and forgets the wrong PINs
 *   appointments [--date YYYY-MM-DD] [--json]
 *   appointments ack ID     mark one not placed (the customer was called) or
 *                           cancelled upstream after arriving as dealt with
 *   book --name N --contact C --slot 'YYYY-MM-DD HH:MM' [--party P]
 *        [--notes T] [--station N]
 *   purge                   erase personal data past the retention period
 * Personal data goes to stdout only (it is the staff's own screen); never
 * into messages on stderr. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>
#include <sodium.h>

#include "i18n/i18n.h"
#include "ctl/ctl.h"

#define PIN_LINE_MAX 64

store_Hours ctl_hours(const config_Kiosk *cfg)
{
    store_Hours h = { cfg->open_minute, cfg->close_minute, cfg->slot_minutes, cfg->stations };
    return h;
}

/* Reads one line of at most PIN_LINE_MAX-1 bytes from stdin into pin
 * without its newline; -1 when there is none or it is too long. */
static int read_pin(char pin[PIN_LINE_MAX])
{
    if (!fgets(pin, PIN_LINE_MAX, stdin))
        return -1;
    size_t n = strlen(pin);
    if (n > 0 && pin[n - 1] == '\n')
        pin[--n] = '\0';
    else if (n == PIN_LINE_MAX - 1)
        return -1;
    if (n > 0 && pin[n - 1] == '\r')
        pin[--n] = '\0';
    return 0;
}

static int staff_add(ctl_Ctx *ctx, const char *name)
{
    char pin[PIN_LINE_MAX];
    if (read_pin(pin) != 0) {
        fprintf(stderr, "kioskctl: %s\n", _("staff add: expected the PIN (6 to 8 digits) on"
                                            " one line of standard input"));
        return CTL_EXIT_USAGE;
    }
    store_Db *db = ctl_db_open(ctx);
    int rc = CTL_EXIT_RUNTIME;
    if (db) {
        store_Status st = store_staff_add(db, name, pin, (int64_t)time(NULL));
        if (st == STORE_OK) {
            printf(_("Added staff member %s.\n"), name);
            rc = CTL_EXIT_OK;
        } else if (st == STORE_ERR_INPUT) {
            /* A PIN too short is the operator's input, not the database's fault. */
            fprintf(stderr, "kioskctl: staff add: %s\n", store_errmsg(db));
            rc = CTL_EXIT_USAGE;
        } else {
            ctl_db_fail(ctx, db);
        }
    }
    sodium_memzero(pin, sizeof pin);
    store_close(db);
    return rc;
}

static int staff_remove(ctl_Ctx *ctx, const char *name)
{
    store_Db *db = ctl_db_open(ctx);
    if (!db)
        return CTL_EXIT_RUNTIME;
    int rc = CTL_EXIT_OK;
    store_Status st = store_staff_remove(db, name);
    if (st == STORE_OK) {
        printf(_("Removed staff member %s: their PIN opens nothing any more.\n"), name);
    } else if (st == STORE_NOTFOUND) {
        fprintf(stderr, _("kioskctl: staff remove: no staff member is called '%s'"
                          " (see 'kioskctl staff list')\n"), name);
        rc = CTL_EXIT_RUNTIME;
    } else {
        rc = ctl_db_fail(ctx, db);
    }
    store_close(db);
    return rc;
}

/* The PIN pad's lock in one sentence (list and unlock). */
static void say_lock(int failures, int64_t until, int64_t now)
{
    char when[21];
    if (until > now) {
        ctl_format_utc(until, when);
        printf(_("The PIN pad is locked until %s after %d wrong PINs in a row.\n"), when,
               failures);
    } else if (failures > 0) {
        int next = store_staff_lock_seconds(failures + STORE_PIN_TRIES - failures % STORE_PIN_TRIES);
        printf(_("The PIN pad is open; %d wrong PINs in a row so far (the next lock: %d"
                 " minutes).\n"), failures, next / 60);
    } else {
        printf("%s\n", _("The PIN pad is open; no wrong PIN since the last right one."));
    }
}

static int print_member(const char *name, int64_t created_at, void *user)
{
    int *n = user;
    char iso[21];
    ctl_format_utc(created_at, iso);
    if ((*n)++ == 0)
        printf("%-32s %s\n", _("Name"), _("Added (UTC)"));
    printf("%-32s %s\n", name, iso);
    return 0;
}

static int staff_list(ctl_Ctx *ctx)
{
    store_Db *db = ctl_db_open(ctx);
    if (!db)
        return CTL_EXIT_RUNTIME;
    int n = 0, failures = 0, rc = CTL_EXIT_OK;
    int64_t until = 0;
    if (store_staff_each(db, print_member, &n) != STORE_OK ||
        store_staff_lock_get(db, &failures, &until) != STORE_OK) {
        rc = ctl_db_fail(ctx, db);
    } else {
        if (n == 0)
            printf("%s\n", _("No staff member yet: add one with 'kioskctl staff add NAME'."));
        say_lock(failures, until, (int64_t)time(NULL));
    }
    store_close(db);
    return rc;
}

static int staff_unlock(ctl_Ctx *ctx)
{
    store_Db *db = ctl_db_open(ctx);
    if (!db)
        return CTL_EXIT_RUNTIME;
    int failures = 0, rc = CTL_EXIT_OK;
    int64_t until = 0, now = (int64_t)time(NULL);
    if (store_staff_lock_get(db, &failures, &until) != STORE_OK || store_staff_unlock(db) != STORE_OK)
        rc = ctl_db_fail(ctx, db);
    else if (until > now)
        printf(_("Unlocked the PIN pad (it was locked for %lld more minutes after %d wrong PINs"
                 " in a row).\n"), (long long)(until - now + 59) / 60, failures);
    else
        printf(_("The PIN pad was not locked; the count of wrong PINs (%d) starts again.\n"),
               failures);
    store_close(db);
    return rc;
}

int ctl_cmd_staff(ctl_Ctx *ctx)
{
    const char *sub = ctx->argc >= 2 ? ctx->argv[1] : "";
    if (ctx->argc == 3 && strcmp(sub, "add") == 0)
        return staff_add(ctx, ctx->argv[2]);
    if (ctx->argc == 3 && strcmp(sub, "remove") == 0)
        return staff_remove(ctx, ctx->argv[2]);
    if (ctx->argc == 2 && strcmp(sub, "list") == 0)
        return staff_list(ctx);
    if (ctx->argc == 2 && strcmp(sub, "unlock") == 0)
        return staff_unlock(ctx);
    return ctl_usage_error("%s", _("staff: expected 'staff add NAME' (the PIN on stdin),"
                                   " 'staff remove NAME', 'staff list' or 'staff unlock'"));
}

/* ---- appointments ------------------------------------------------------- */

typedef struct {
    int json, count, failed;
} Listing;

/* What staff still have to do about an appointment, for the table: call
 * the customer (not placed), settle a cancellation that came after they
 * arrived, or nothing more (dealt with). */
static const char *follow_up(const store_Appointment *a)
{
    if (a->status != STORE_APPT_NOT_PLACED && !a->cancel_conflict)
        return "-";
    if (a->acknowledged_at)
        return _("dealt with");
    return a->cancel_conflict ? _("conflict") : _("to call");
}

static int print_appt(const store_Appointment *a, void *user)
{
    Listing *l = user;
    l->count++;
    if (!l->json) {
        if (l->count == 1)
            printf("%-5s %-3s %-11s %-10s %-24s %-24s %-16s %-6s %s\n", _("Time"), _("St."),
                   _("Status"), _("Follow-up"), _("Name"), _("Contact"), _("Party"), _("Order"),
                   _("Notes"));
        char order[24] = "-";
        if (a->order_number)
            snprintf(order, sizeof order, "%lld", (long long)a->order_number);
        char station[12] = "-";        /* waiting or not placed: no station */
        if (a->station)
            snprintf(station, sizeof station, "%d", a->station);
        printf("%-5s %-3s %-11s %-10s %-24s %-24s %-16s %-6s %s\n", a->slot + 11, station,
               store_appt_status_name(a->status), follow_up(a),
               a->purged ? _("(erased)") : a->name,
               a->purged ? "" : a->contact, a->party, order, a->notes);
        return 0;
    }
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        l->failed = 1;
        return 1;
    }
    cJSON_AddNumberToObject(o, "id", (double)a->id);
    cJSON_AddStringToObject(o, "slot", a->slot);
    if (a->station)
        cJSON_AddNumberToObject(o, "station", a->station);
    else
        cJSON_AddNullToObject(o, "station");
    cJSON_AddStringToObject(o, "status", store_appt_status_name(a->status));
    cJSON_AddBoolToObject(o, "cancel_conflict", a->cancel_conflict);
    if (a->acknowledged_at) {
        char iso[21];
        ctl_format_utc(a->acknowledged_at, iso);
        cJSON_AddStringToObject(o, "acknowledged_at", iso);
    } else {
        cJSON_AddNullToObject(o, "acknowledged_at");
    }
    if (a->not_placed_reason[0])
        cJSON_AddStringToObject(o, "not_placed_reason", a->not_placed_reason);
    else
        cJSON_AddNullToObject(o, "not_placed_reason");
    cJSON_AddStringToObject(o, "party", a->party);
    if (a->purged) {
        cJSON_AddNullToObject(o, "name");
        cJSON_AddNullToObject(o, "contact");
        cJSON_AddNullToObject(o, "notes");
    } else {
        cJSON_AddStringToObject(o, "name", a->name);
        cJSON_AddStringToObject(o, "contact", a->contact);
        cJSON_AddStringToObject(o, "notes", a->notes);
    }
    cJSON_AddBoolToObject(o, "purged", a->purged);
    if (a->order_number)
        cJSON_AddNumberToObject(o, "order", (double)a->order_number);
    else
        cJSON_AddNullToObject(o, "order");
    char *line = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!line) {
        l->failed = 1;
        return 1;
    }
    puts(line);
    free(line);
    return 0;
}

/* appointments ack ID: idempotent, so a second run says so and succeeds. */
static int appointments_ack(ctl_Ctx *ctx)
{
    char *end = NULL;
    errno = 0;
    long long id = ctx->argc == 3 ? strtoll(ctx->argv[2], &end, 10) : 0;
    if (ctx->argc != 3)
        return ctl_usage_error("%s", _("appointments ack: expected one argument, the"
                                       " appointment's id (see 'kioskctl appointments --json')"));
    if (end == ctx->argv[2] || *end || id < 1 || errno == ERANGE)
        return ctl_usage_error(_("appointments ack: expected an appointment id (a whole number"
                                 " from 1), got '%s'"), ctx->argv[2]);
    store_Db *db = ctl_db_open(ctx);
    if (!db)
        return CTL_EXIT_RUNTIME;
    int already = 0, rc = CTL_EXIT_OK;
    if (store_appointment_acknowledge(db, id, (int64_t)time(NULL), &already) != STORE_OK)
        rc = ctl_db_fail(ctx, db);
    else if (already)
        printf(_("Appointment %lld was already marked as dealt with; nothing changed.\n"), id);
    else
        printf(_("Appointment %lld marked as dealt with: it no longer counts in sync-status.\n"),
               id);
    store_close(db);
    return rc;
}

int ctl_cmd_appointments(ctl_Ctx *ctx)
{
    Listing l = { 0, 0, 0 };
    if (ctx->argc >= 2 && strcmp(ctx->argv[1], "ack") == 0)
        return appointments_ack(ctx);
    char day[STORE_DAY_TEXT_MAX];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    for (int i = 1; i < ctx->argc; i++) {
        if (strcmp(ctx->argv[i], "--json") == 0)
            l.json = 1;
        else if (strcmp(ctx->argv[i], "--date") == 0 && i + 1 < ctx->argc &&
                 strlen(ctx->argv[i + 1]) == 10)
            snprintf(day, sizeof day, "%s", ctx->argv[++i]);
        else
            return ctl_usage_error(_("appointments: unexpected argument '%s'; expected"
                                     " [--date YYYY-MM-DD] [--json] or ack ID"), ctx->argv[i]);
    }
    store_Db *db = ctl_db_open(ctx);
    if (!db)
        return CTL_EXIT_RUNTIME;
    int rc = CTL_EXIT_OK;
    store_Status st = store_appointments_day(db, day, print_appt, &l);
    if (st == STORE_ERR_INPUT) {
        rc = ctl_usage_error("appointments: --date '%s': %s", day, store_errmsg(db));
    } else if (st != STORE_OK) {
        rc = ctl_db_fail(ctx, db);
    } else if (l.failed) {
        fprintf(stderr, "kioskctl: %s\n", _("out of memory"));
        rc = CTL_EXIT_RUNTIME;
    } else if (!l.json && l.count == 0) {
        printf(_("No appointments on %s.\n"), day);
    }
    store_close(db);
    return rc;
}

int ctl_cmd_book(ctl_Ctx *ctx)
{
    store_Booking b = { NULL, NULL, NULL, NULL, NULL, 0 };
    for (int i = 1; i < ctx->argc; i++) {
        const char *opt = ctx->argv[i];
        const char *val = i + 1 < ctx->argc ? ctx->argv[i + 1] : NULL;
        const char **dst = strcmp(opt, "--name") == 0 ? &b.name
                         : strcmp(opt, "--contact") == 0 ? &b.contact
                         : strcmp(opt, "--slot") == 0 ? &b.slot
                         : strcmp(opt, "--party") == 0 ? &b.party
                         : strcmp(opt, "--notes") == 0 ? &b.notes : NULL;
        if (dst && val) {
            *dst = val;
            i++;
        } else if (strcmp(opt, "--station") == 0 && val) {
            char *end = NULL;
            long s = strtol(val, &end, 10);
            if (end == val || *end || s < 1 || s > ctx->cfg.stations)
                return ctl_usage_error(_("book: --station: expected 1 to %d, got '%s'"),
                                       ctx->cfg.stations, val);
            b.station = (int)s;
            i++;
        } else {
            return ctl_usage_error(_("book: unexpected argument '%s'"), opt);
        }
    }
    if (!b.name || !b.contact || !b.slot)
        return ctl_usage_error("%s", _("book: expected --name N --contact C"
                                       " --slot 'YYYY-MM-DD HH:MM'"));
    store_Db *db = ctl_db_open(ctx);
    if (!db)
        return CTL_EXIT_RUNTIME;
    int64_t id = 0;
    int station = 0, rc = CTL_EXIT_OK;
    store_Hours h = ctl_hours(&ctx->cfg);
    store_Status st = store_appointment_book(db, &b, &h, (int64_t)time(NULL), &id, &station);
    if (st == STORE_OK)
        printf(_("Booked %s at station %d (appointment %lld).\n"), b.slot, station, (long long)id);
    else
        rc = ctl_db_fail(ctx, db);
    store_close(db);
    return rc;
}

int ctl_cmd_purge(ctl_Ctx *ctx)
{
    if (ctx->argc != 1)
        return ctl_usage_error(_("purge: unexpected argument '%s'"), ctx->argv[1]);
    store_Db *db = ctl_db_open(ctx);
    if (!db)
        return CTL_EXIT_RUNTIME;
    int erased = 0, rc = CTL_EXIT_OK;
    if (store_purge(db, (int64_t)time(NULL), ctx->cfg.retention_days, &erased) == STORE_OK)
        printf(_("Erased the personal data of %d appointments (retention %d days).\n"), erased,
               ctx->cfg.retention_days);
    else
        rc = ctl_db_fail(ctx, db);
    store_close(db);
    return rc;
}
