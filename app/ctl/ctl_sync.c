/* ctl_sync.c — `kioskctl sync --daemon` (the sync daemon that
 * kiosk-sync.service runs) and `kioskctl sync-now` (drain once).
 *
 * The daemon is the only process that holds the kiosk's secret and talks to
 * the network. It loops: push the due outbox rows, pull changes every
 * sync_interval, record the outcome for staff (store_sync_record); after a
 * failure it waits with full-jitter backoff (sync_backoff_ms), honouring
 * Retry-After; when idle it looks for new orders every CTL_SYNC_POLL_MS.
 * The backoff follows failures in a row: a round in which the upstream
 * answered a batch (or a changes page) starts it again from the bottom,
 * even if a later request of that round failed, and that failure is
 * retried at once (after Retry-After, if asked): one failure among answers
 * is noise, failures in a row are an upstream in trouble. An upstream that
 * refuses every other request must cost one short wait per refusal, not
 * waits that climb to the 5-minute cap while orders are going through.
 * SIGTERM or SIGINT stops it within a fraction of a second, even in the
 * middle of a transfer (whose batch then simply stays pending).
 *
 * Every pass that pulls (or tries to: the network may be down) also gives
 * the upstream appointments waiting for a station another chance
 * (store_appointments_retry): a station may have freed, or been added to
 * the configuration, and a slot that ended is recorded as not placed.
 *
 * Logs go to stderr (the journal) and carry counts and plain-word errors:
 * never an order's contents, a customer's name or the secret.
 *
 * The daemon also holds the personal-data key (`<db>.key`, crypto.c): it
 * imports the upstream's appointments, whose names and contacts must be
 * sealed before they reach the database. It loads the key at start, so a
 * bad or too-open key file stops it at once rather than at the first
 * appointment. The key sits beside the database and both units run as the
 * same user, so this adds nothing the daemon could not already read.
 */
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "i18n/i18n.h"
#include "ctl/ctl.h"
#include "sync/sync.h"

#define CTL_SYNC_POLL_MS     250    /* idle daemon: how often it looks for new orders */
#define CTL_SYNC_ATTEMPT_MAX 30     /* backoff exponent stops growing here */
#define CTL_SYNC_NOW_ATTEMPTS_MAX 100
#define CTL_SYNC_NICE        10     /* the daemon's nice value: below the UI */

/* Process-wide: set by the signal handler, read by the loop and libcurl's
 * progress callback (through the client). */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    stop_requested = 1;
}

static void install_stop_handler(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int64_t now_s(void)
{
    return (int64_t)time(NULL);
}

/* Sleeps ms milliseconds in short slices; returns early on stop. */
static void nap(int64_t ms)
{
    while (ms > 0 && !stop_requested) {
        int64_t slice = ms < 100 ? ms : 100;
        struct timespec ts = { (time_t)(slice / 1000), (long)(slice % 1000) * 1000000L };
        nanosleep(&ts, NULL);
        ms -= slice;
    }
}

static int standalone(const ctl_Ctx *ctx, const char *cmd)
{
    if (ctx->cfg.upstream_url[0])
        return 0;
    fprintf(stderr, _("kioskctl: %s: no upstream_url in the configuration; the kiosk runs "
                      "standalone\n"), cmd);
    return 1;
}

/* Opens the database and the client; prints the problem and returns
 * CTL_EXIT_RUNTIME on failure (both closed). */
static int open_both(const ctl_Ctx *ctx, const char *cmd, store_Db **db, sync_Client **c)
{
    *c = NULL;
    *db = ctl_db_open(ctx);
    if (!*db)
        return CTL_EXIT_RUNTIME;
    if (store_key_load(*db) != STORE_OK) {
        fprintf(stderr, "kioskctl: %s: %s\n", cmd, store_errmsg(*db));
        store_close(*db);
        *db = NULL;
        return CTL_EXIT_RUNTIME;
    }
    if (sync_client_new(&ctx->cfg, &stop_requested, c) != SYNC_OK) {
        fprintf(stderr, "kioskctl: %s: %s\n", cmd, sync_errmsg(*c));
        sync_client_free(*c);
        store_close(*db);
        *c = NULL;
        *db = NULL;
        return CTL_EXIT_RUNTIME;
    }
    return CTL_EXIT_OK;
}

/* The reasons of the `n` changes a round just set aside (newest first), one
 * line each after `prefix`: which field of which item (never personal data:
 * an appointment is named by its id). */
static void print_set_aside(FILE *out, const char *prefix, store_Db *db, int64_t n)
{
    store_QuarantineItem items[8];
    int got = 0;
    if (n <= 0 || store_quarantine_list(db, STORE_QUARANTINE_OPEN, items, 8, &got) != STORE_OK)
        return;
    for (int i = 0; i < got && i < n; i++)
        fprintf(out, _("%s: set aside: %s\n"), prefix, items[i].reason);
}

static void log_round(const ctl_Ctx *ctx, store_Db *db, const sync_Report *rep)
{
    store_SyncStatus s;
    if (store_sync_status(db, &s) != STORE_OK)
        s.pending = -1;
    if (rep->batches)
        fprintf(stderr, _("kioskctl sync: sent %lld orders in %lld batches (%lld accepted, "
                          "%lld duplicate, %lld rejected); %lld pending\n"),
                (long long)(rep->accepted + rep->duplicate + rep->rejected),
                (long long)rep->batches, (long long)rep->accepted, (long long)rep->duplicate,
                (long long)rep->rejected, (long long)s.pending);
    if (rep->catalogues || rep->items)
        fprintf(stderr, _("kioskctl sync: changes applied (%lld catalogue, %lld appointment, "
                          "edition or order changes)\n"), (long long)rep->catalogues,
                (long long)rep->items);
    if (rep->unplaced)
        fprintf(stderr, _("kioskctl sync: %lld upstream appointments found no free station;"
                          " waiting for one (retried every pass)\n"), (long long)rep->unplaced);
    if (rep->cancelled)
        fprintf(stderr, _("kioskctl sync: %lld upstream cancellations applied\n"),
                (long long)rep->cancelled);
    if (rep->quarantined || rep->reported)
        fprintf(stderr, _("kioskctl sync: %lld upstream changes refused and set aside, %lld"
                          " reported upstream (kioskctl sync-status lists them)\n"),
                (long long)rep->quarantined, (long long)rep->reported);
    print_set_aside(stderr, "kioskctl sync", db, rep->quarantined);
    if (rep->placed_later || rep->not_placed)
        fprintf(stderr, _("kioskctl sync: waiting appointments: %lld placed, %lld not placed"
                          " (their slot ended)\n"), (long long)rep->placed_later,
                (long long)rep->not_placed);
    if (s.pending >= 0 && s.appts_waiting)
        fprintf(stderr, _("kioskctl sync: %lld upstream appointments wait for a station\n"),
                (long long)s.appts_waiting);
}

/* The waiting appointments' second chance (store_appointments_retry). A
 * failure is logged and left to the next pass: it must not stop orders. */
static void retry_waiting(const ctl_Ctx *ctx, store_Db *db, sync_Report *rep)
{
    int placed = 0, expired = 0;
    if (store_appointments_retry(db, ctx->cfg.stations, now_s(), &placed, &expired) != STORE_OK) {
        fprintf(stderr, _("kioskctl sync: waiting appointments: %s\n"), store_errmsg(db));
        return;
    }
    rep->placed_later += placed;
    rep->not_placed += expired;
}

/* Idle: returns when an order is due, the next pull is due, or on stop. */
static void wait_for_work(store_Db *db, int64_t next_pull)
{
    store_OrderRow row;
    int n = 0;
    while (!stop_requested && now_s() < next_pull) {
        if (store_outbox_pending(db, now_s(), &row, 1, &n) == STORE_OK && n > 0)
            return;
        nap(CTL_SYNC_POLL_MS);
    }
}

/* One round: push what is due, then pull if its time has come. */
static sync_Status round_once(const ctl_Ctx *ctx, sync_Client *c, store_Db *db,
                              int64_t *next_pull, sync_Report *rep)
{
    sync_Status st = sync_push(c, db, now_s(), rep);
    int exchanged = rep->batches > 0;
    if (now_s() >= *next_pull && !stop_requested) {
        if (st == SYNC_OK)
            st = sync_pull(c, db, rep);
        retry_waiting(ctx, db, rep);
        exchanged = 1;
        if (st == SYNC_OK)
            *next_pull = now_s() + ctx->cfg.sync_interval;
    }
    if (stop_requested)
        return st;
    if (st != SYNC_OK || exchanged)
        store_sync_record(db, now_s(), st == SYNC_OK ? NULL : sync_errmsg(c));
    return st;
}

/* 1 when the upstream accepted something this round: a batch answered, a
 * changes page applied, refused changes acknowledged. */
static int made_progress(const sync_Report *rep)
{
    return rep->batches > 0 || rep->change_pages > 0 || rep->reported > 0;
}

static int run_daemon(const ctl_Ctx *ctx)
{
    /* The daemon yields the CPU to the touch UI: a backlog drains a little
     * slower, frames stay on time (tests/bench/sync.sh measures both). */
    if (setpriority(PRIO_PROCESS, 0, CTL_SYNC_NICE) != 0)
        fprintf(stderr, "%s\n", _("kioskctl sync: cannot lower its CPU priority"));
    store_Db *db = NULL;
    sync_Client *c = NULL;
    if (open_both(ctx, "sync", &db, &c) != CTL_EXIT_OK)
        return CTL_EXIT_RUNTIME;
    fprintf(stderr, _("kioskctl sync: started for kiosk %s\n"), ctx->cfg.kiosk_id);
    int attempt = 0;
    int64_t next_pull = 0;
    while (!stop_requested) {
        sync_Report rep = { 0 };
        sync_Status st = round_once(ctx, c, db, &next_pull, &rep);
        log_round(ctx, db, &rep);
        if (stop_requested)
            break;
        if (st == SYNC_OK) {
            attempt = 0;
            wait_for_work(db, next_pull);
            continue;
        }
        int64_t ms;
        if (made_progress(&rep)) {
            /* The upstream answered this round: one failure among answers
             * is retried at once (Retry-After still honoured); the backoff
             * starts with the second failure in a row. */
            attempt = 0;
            ms = sync_retry_after_ms(c) < SYNC_BACKOFF_CAP_MS ? sync_retry_after_ms(c)
                                                              : SYNC_BACKOFF_CAP_MS;
        } else {
            ms = sync_backoff_ms(attempt, ctx->cfg.sync_backoff_ms, randombytes_random(),
                                 sync_retry_after_ms(c));
            if (attempt < CTL_SYNC_ATTEMPT_MAX)
                attempt++;
        }
        fprintf(stderr, _("kioskctl sync: %s; next attempt in %.1f s\n"), sync_errmsg(c),
                (double)ms / 1000.0);
        nap(ms);
    }
    fprintf(stderr, "%s\n", _("kioskctl sync: stopped"));
    sync_client_free(c);
    store_close(db);
    return CTL_EXIT_OK;
}

int ctl_cmd_sync(ctl_Ctx *ctx)
{
    int daemon = 0;
    if (ctl_parse_flag(ctx, "--daemon", &daemon) != 0)
        return CTL_EXIT_USAGE;
    if (!daemon)
        return ctl_usage_error("%s", _("sync: expected --daemon (or use sync-now)"));
    if (standalone(ctx, "sync"))
        return CTL_EXIT_OK;             /* nothing to do: not a failure to restart */
    install_stop_handler();
    return run_daemon(ctx);
}

static int parse_attempts(const ctl_Ctx *ctx, int *attempts)
{
    *attempts = 1;
    for (int i = 1; i < ctx->argc; i++) {
        if (strcmp(ctx->argv[i], "--attempts") == 0 && i + 1 < ctx->argc) {
            char *end = NULL;
            long n = strtol(ctx->argv[++i], &end, 10);
            if (end == ctx->argv[i] || *end || n < 1 || n > CTL_SYNC_NOW_ATTEMPTS_MAX)
                return ctl_usage_error(_("sync-now: --attempts must be from 1 to %d, got '%s'"),
                                       CTL_SYNC_NOW_ATTEMPTS_MAX, ctx->argv[i]);
            *attempts = (int)n;
        } else {
            return ctl_usage_error(_("sync-now: unexpected argument '%s'"), ctx->argv[i]);
        }
    }
    return CTL_EXIT_OK;
}

int ctl_cmd_sync_now(ctl_Ctx *ctx)
{
    int attempts = 1;
    if (parse_attempts(ctx, &attempts) != CTL_EXIT_OK)
        return CTL_EXIT_USAGE;
    if (standalone(ctx, "sync-now"))
        return CTL_EXIT_RUNTIME;
    install_stop_handler();
    store_Db *db = NULL;
    sync_Client *c = NULL;
    if (open_both(ctx, "sync-now", &db, &c) != CTL_EXIT_OK)
        return CTL_EXIT_RUNTIME;
    sync_Report rep = { 0 };
    sync_Status st = SYNC_ERR;
    int failures = 0;           /* in a row: progress starts the backoff again */
    for (int i = 0; i < attempts && !stop_requested; i++) {
        if (i > 0)
            nap(sync_backoff_ms(failures - 1, ctx->cfg.sync_backoff_ms, randombytes_random(),
                                sync_retry_after_ms(c)));
        sync_Report before = rep;
        st = sync_push(c, db, INT64_MAX, &rep);
        if (st == SYNC_OK && !stop_requested)
            st = sync_pull(c, db, &rep);
        retry_waiting(ctx, db, &rep);
        store_sync_record(db, now_s(), st == SYNC_OK ? NULL : sync_errmsg(c));
        if (st == SYNC_OK)
            break;
        failures = rep.batches > before.batches || rep.change_pages > before.change_pages ||
                   rep.reported > before.reported ? 1 : failures + 1;
        if (failures > CTL_SYNC_ATTEMPT_MAX)
            failures = CTL_SYNC_ATTEMPT_MAX;
        fprintf(stderr, "kioskctl: sync-now: %s\n", sync_errmsg(c));
    }
    store_SyncStatus s;
    int rc = CTL_EXIT_RUNTIME;
    if (store_sync_status(db, &s) != STORE_OK) {
        ctl_db_fail(ctx, db);
    } else {
        printf(_("%s: sent %lld orders (%lld accepted, %lld duplicate, %lld rejected); "
                 "%lld pending\n"), ctx->cfg.db,
               (long long)(rep.accepted + rep.duplicate + rep.rejected),
               (long long)rep.accepted, (long long)rep.duplicate, (long long)rep.rejected,
               (long long)s.pending);
        if (rep.unplaced)
            printf(_("%s: %lld upstream appointments found no free station\n"), ctx->cfg.db,
                   (long long)rep.unplaced);
        if (rep.cancelled)
            printf(_("%s: %lld upstream cancellations applied\n"), ctx->cfg.db,
                   (long long)rep.cancelled);
        if (rep.placed_later || rep.not_placed)
            printf(_("%s: waiting appointments: %lld placed, %lld not placed (their slot"
                     " ended)\n"), ctx->cfg.db, (long long)rep.placed_later,
                   (long long)rep.not_placed);
        if (s.appts_waiting)
            printf(_("%s: %lld upstream appointments wait for a station\n"), ctx->cfg.db,
                   (long long)s.appts_waiting);
        if (rep.quarantined)
            printf(_("%s: %lld upstream changes refused and set aside (see sync-status)\n"),
                   ctx->cfg.db, (long long)rep.quarantined);
        print_set_aside(stdout, ctx->cfg.db, db, rep.quarantined);
        rc = st == SYNC_OK && s.pending == 0 ? CTL_EXIT_OK : CTL_EXIT_RUNTIME;
    }
    sync_client_free(c);
    store_close(db);
    return rc;
}
