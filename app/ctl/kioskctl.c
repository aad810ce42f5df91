/* kioskctl.c — the staff/ops command line over the kiosk's store.
 *
 *   kioskctl [--config FILE] [--db PATH] COMMAND [OPTIONS]
 *
 * Global options come before the command; each command parses its own.
 * Exit codes: 0 ok, 1 runtime error (the message names the database file
 * and the problem), 2 usage error (including a bad --config file).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n/i18n.h"
#include "ctl/ctl.h"
#include "jobs/font_check.h"
#include "model/money.h"

typedef struct {
    const char *name;
    int (*run)(ctl_Ctx *ctx);
} Command;

static const Command commands[] = {
    { "init", ctl_cmd_init },
    { "orders", ctl_cmd_orders },
    { "catalogue", ctl_cmd_catalogue },
    { "demo-orders", ctl_cmd_demo_orders },
    { "sync", ctl_cmd_sync },
    { "sync-now", ctl_cmd_sync_now },
    { "sync-status", ctl_cmd_sync_status },
    { "staff", ctl_cmd_staff },
    { "appointments", ctl_cmd_appointments },
    { "book", ctl_cmd_book },
    { "purge", ctl_cmd_purge },
    { "editions", ctl_cmd_editions },
    { "queue", ctl_cmd_queue },
    { "advance", ctl_cmd_advance },
    { "jobs", ctl_cmd_jobs },
    { "health", ctl_cmd_health },
};

static void usage(FILE *out)
{
    fputs(_("Usage: kioskctl [--config FILE] [--db PATH] COMMAND [OPTIONS]\n"
            "\n"
            "Commands:\n"
            "  init [--catalogue FILE]  create or migrate the database and import the\n"
            "                           catalogue if it has none (FILE: re-import from FILE)\n"
            "  orders [--json]          list the orders, oldest first (--json: one JSON\n"
            "                           object per line)\n"
            "  catalogue [--json]       print the catalogue (--json: catalogue.json format)\n"
            "  demo-orders N            (ops) add N varied, valid demo orders, 1 to 10000\n"
            "  sync --daemon            run the upstream sync daemon (kiosk-sync.service)\n"
            "  sync-now [--attempts N]  send every waiting order and fetch changes once;\n"
            "                           exit 0 only when no order is left waiting\n"
            "  sync-status [--json]     orders waiting, last success, last error\n"
            "  staff add NAME           add a staff member; the PIN (6 to 8 digits) is read\n"
            "                           from standard input\n"
            "  staff remove NAME        remove a staff member (their PIN opens nothing)\n"
            "  staff list               staff members, and whether the PIN pad is locked\n"
            "  staff unlock             open a locked PIN pad; the wrong PINs are forgotten\n"
            "  appointments [--date YYYY-MM-DD] [--json]\n"
            "                           the day's appointments (default today)\n"
            "  appointments ack ID      mark one not placed (customer called) or cancelled\n"
            "                           upstream after arriving as dealt with\n"
            "  book --name N --contact C --slot 'YYYY-MM-DD HH:MM' [--party P] [--notes T]\n"
            "       [--station N]       book an appointment (a free station if none given)\n"
            "  purge                    erase personal data past retention_days\n"
            "  editions [--json]        limited editions: size, sold, held, remaining\n"
            "  queue [--json]           orders not yet collected, oldest first\n"
            "  advance NUMBER           move an order one step: queued, engraving, ready,\n"
            "                           collected\n"
            "  jobs NUMBER              (re)write the order's engraving SVG and job sheet\n"
            "  health [--json]          can the counter take orders: writable, intact,\n"
            "                           schema version, orders waiting (exit 1 when not)\n"
            "\n"
            "Options:\n"
            "  --config FILE  read settings from FILE (an INI file with a [kiosk] section)\n"
            "  --db PATH      the database file (default: the config's db, var/kiosk.db)\n"
            "  -h, --help     show this help\n"
            "\n"
            "Exit status: 0 ok, 1 runtime error, 2 usage error.\n"), out);
}

int ctl_usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("kioskctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n%s\n", _("Try 'kioskctl --help'."));
    return CTL_EXIT_USAGE;
}

int ctl_parse_flag(const ctl_Ctx *ctx, const char *flag, int *on)
{
    *on = 0;
    for (int i = 1; i < ctx->argc; i++) {
        if (strcmp(ctx->argv[i], flag) == 0) {
            *on = 1;
        } else {
            ctl_usage_error(_("%s: unexpected argument '%s'"), ctx->argv[0], ctx->argv[i]);
            return -1;
        }
    }
    return 0;
}

store_Db *ctl_db_open(const ctl_Ctx *ctx)
{
    store_Db *db = NULL;
    if (store_open(ctx->cfg.db, &db) != STORE_OK) {
        ctl_db_fail(ctx, db);
        store_close(db);
        return NULL;
    }
    store_set_font_check(db, jobs_font_check, ctx->fonts);
    return db;
}

int ctl_catalogue_load(const ctl_Ctx *ctx, store_Db *db, model_Catalogue *cat)
{
    store_Status st = store_catalogue_load(db, cat);
    if (st == STORE_NOTFOUND) {
        fprintf(stderr, _("kioskctl: %s: no catalogue yet; run 'kioskctl init'\n"), ctx->cfg.db);
        return -1;
    }
    if (st != STORE_OK) {
        ctl_db_fail(ctx, db);
        return -1;
    }
    return 0;
}

int ctl_db_fail(const ctl_Ctx *ctx, const store_Db *db)
{
    fprintf(stderr, "kioskctl: %s: %s\n", ctx->cfg.db, store_errmsg(db));
    return CTL_EXIT_RUNTIME;
}

void ctl_format_utc(int64_t t, char buf[21])
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (!gmtime_r(&tt, &tm) || strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, 21, "%lld", (long long)t);
}

void ctl_format_price(int64_t minor, const char *currency, char *buf, size_t cap)
{
    /* One convention for every kiosk, whatever its locale: staff compare
     * listings across boutiques and scripts read them. */
    model_money_format(buf, cap, minor, currency, "en_US");
}

/* Reads the global options into ctx->cfg; returns the index of the command
 * in argv, 0 after --help (exit 0), or -1 after a usage error. */
static int parse_globals(int argc, char **argv, ctl_Ctx *ctx)
{
    const char *config = NULL, *db = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config = argv[++i];
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (strcmp(argv[i], "--config") == 0 || strcmp(argv[i], "--db") == 0) {
            ctl_usage_error(_("%s needs a value"), argv[i]);
            return -1;
        } else {
            ctl_usage_error(_("unknown option '%s'"), argv[i]);
            return -1;
        }
    }
    char err[CONFIG_STR_MAX + 128];
    if (config && config_load_file(&ctx->cfg, config, err, (int)sizeof err) != 0) {
        ctl_usage_error("%s", err);
        return -1;
    }
    if (db && config_set(&ctx->cfg, "db", db, err, (int)sizeof err) != 0) {
        ctl_usage_error("--%s", err);
        return -1;
    }
    if (i == argc) {
        ctl_usage_error("%s", _("no command given"));
        return -1;
    }
    return i;
}

int main(int argc, char **argv)
{
    ctl_Ctx ctx;
    config_defaults(&ctx.cfg);
    i18n_init(ctx.cfg.data_dir, ctx.cfg.locale);

    int cmd = parse_globals(argc, argv, &ctx);
    if (cmd <= 0)
        return cmd == 0 ? CTL_EXIT_OK : CTL_EXIT_USAGE;
    i18n_init(ctx.cfg.data_dir, ctx.cfg.locale);   /* the configured language */

    ctx.argc = argc - cmd;
    ctx.argv = argv + cmd;
    for (int i = 1; i < ctx.argc; i++) {
        if (strcmp(ctx.argv[i], "-h") == 0 || strcmp(ctx.argv[i], "--help") == 0) {
            usage(stdout);
            return CTL_EXIT_OK;
        }
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(ctx.argv[0], commands[i].name) != 0)
            continue;
        ctx.fonts = jobs_font_check_new(ctx.cfg.data_dir);
        if (!ctx.fonts) {
            fprintf(stderr, "kioskctl: out of memory\n");
            return CTL_EXIT_RUNTIME;
        }
        int rc = commands[i].run(&ctx);
        jobs_font_check_free(ctx.fonts);
        return rc;
    }
    return ctl_usage_error(_("unknown command '%s'"), ctx.argv[0]);
}
