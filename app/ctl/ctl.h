/* ctl.h — kioskctl's parts (internal to app/ctl/): the command table's
 * commands and what they share. Not a public face: nothing outside app/ctl/
 * includes it.
 */
#ifndef CTL_H
#define CTL_H

#include <stdint.h>
#include <stdio.h>

#include "config/config.h"
#include "store/store.h"

/* Exit codes, as documented in the usage text. */
enum { CTL_EXIT_OK = 0, CTL_EXIT_RUNTIME = 1, CTL_EXIT_USAGE = 2 };

#define CTL_DEMO_ORDERS_MAX 10000   /* demo-orders N: N at most */
#define CTL_PATH_MAX        4096

/* What every command gets: the configuration after --config and --db, and
 * its own arguments (argv[0] is the command's name). */
typedef struct {
    config_Kiosk cfg;
    int argc;
    char **argv;
    struct jobs_FontCheck *fonts;   /* the catalogue font check ctl_db_open installs */
} ctl_Ctx;

/* Commands: each returns a CTL_EXIT_* code and prints its own messages. */
int ctl_cmd_init(ctl_Ctx *ctx);
int ctl_cmd_catalogue(ctl_Ctx *ctx);
int ctl_cmd_orders(ctl_Ctx *ctx);
int ctl_cmd_demo_orders(ctl_Ctx *ctx);
int ctl_cmd_sync(ctl_Ctx *ctx);          /* ctl_sync.c: sync --daemon */
int ctl_cmd_sync_now(ctl_Ctx *ctx);
int ctl_cmd_sync_status(ctl_Ctx *ctx);   /* ctl_sync_status.c */
int ctl_cmd_staff(ctl_Ctx *ctx);         /* ctl_staff.c: staff add|remove|list|unlock */
int ctl_cmd_appointments(ctl_Ctx *ctx);
int ctl_cmd_book(ctl_Ctx *ctx);
int ctl_cmd_purge(ctl_Ctx *ctx);
int ctl_cmd_editions(ctl_Ctx *ctx);      /* ctl_queue.c */
int ctl_cmd_queue(ctl_Ctx *ctx);
int ctl_cmd_advance(ctl_Ctx *ctx);
int ctl_cmd_jobs(ctl_Ctx *ctx);
int ctl_cmd_health(ctl_Ctx *ctx);        /* ctl_health.c */

/* The configured opening hours, slot length and stations for the store. */
store_Hours ctl_hours(const config_Kiosk *cfg);

/* Opens the configured database (creating and migrating it) with the
 * catalogue font check installed (every import, `init` or the sync daemon's,
 * opens each font under data_dir before writing); on failure prints
 * "kioskctl: <db>: <problem>" and returns NULL. */
store_Db *ctl_db_open(const ctl_Ctx *ctx);

/* Loads the database's catalogue into *cat; 0, or -1 after saying why on
 * stderr (no catalogue yet: "run 'kioskctl init'"). */
int ctl_catalogue_load(const ctl_Ctx *ctx, store_Db *db, model_Catalogue *cat);

/* Prints "kioskctl: <db>: <store message>" to stderr; returns CTL_EXIT_RUNTIME. */
int ctl_db_fail(const ctl_Ctx *ctx, const store_Db *db);

/* Prints "kioskctl: <message>" and a hint to stderr; returns CTL_EXIT_USAGE. */
int ctl_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses the command's only option `flag` ("--json"): *on is 1 when given.
 * Any other argument is a usage error (returns -1 after printing it). */
int ctl_parse_flag(const ctl_Ctx *ctx, const char *flag, int *on);

/* "2026-11-21T11:13:49Z" into buf[21] (ISO 8601, UTC). */
void ctl_format_utc(int64_t t, char buf[21]);

/* A price as staff read it (model_money_format, en_US: "€630"). */
void ctl_format_price(int64_t minor, const char *currency, char *buf, size_t cap);

#endif
