/* ctl_queue.c — the atelier's side of kioskctl:
 *   editions [--json]     size, sold, held, remaining per limited edition
 *   queue [--json]        orders not yet collected, oldest first
 *   advance NUMBER        one step forward: queued -> engraving -> ready -> collected
 *   jobs NUMBER           (re)writes <jobs_dir>/<uuid>/engraving.svg and jobsheet.png
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "i18n/i18n.h"
#include "ctl/ctl.h"
#include "jobs/jobs.h"

typedef struct {
    int json, count, failed;
} Listing;

/* Prints obj as one JSON line and frees it; -1 when out of memory. */
static int put_json(cJSON *obj)
{
    char *line = obj ? cJSON_PrintUnformatted(obj) : NULL;
    cJSON_Delete(obj);
    if (!line)
        return -1;
    puts(line);
    free(line);
    return 0;
}

static int print_edition(const store_EditionCount *e, void *user)
{
    Listing *l = user;
    if (l->json) {
        cJSON *o = cJSON_CreateObject();
        if (o) {
            cJSON_AddStringToObject(o, "charm", e->charm_id);
            cJSON_AddNumberToObject(o, "size", e->size);
            cJSON_AddNumberToObject(o, "sold", e->sold);
            cJSON_AddNumberToObject(o, "held", e->held);
            cJSON_AddNumberToObject(o, "remaining", e->remaining);
        }
        l->failed = put_json(o) != 0;
    } else {
        if (l->count == 0)
            printf("%-12s %6s %6s %6s %9s\n", _("Charm"), _("Size"), _("Sold"), _("Held"),
                   _("Remaining"));
        printf("%-12s %6d %6d %6d %9d\n", e->charm_id, e->size, e->sold, e->held, e->remaining);
    }
    l->count++;
    return l->failed;
}

static int finish_listing(const ctl_Ctx *ctx, store_Db *db, store_Status st, const Listing *l,
                          const char *empty)
{
    int rc = CTL_EXIT_OK;
    if (st != STORE_OK) {
        rc = ctl_db_fail(ctx, db);
    } else if (l->failed) {
        fprintf(stderr, "kioskctl: %s\n", _("out of memory"));
        rc = CTL_EXIT_RUNTIME;
    } else if (!l->json && l->count == 0) {
        printf("%s\n", empty);
    }
    store_close(db);
    return rc;
}

int ctl_cmd_editions(ctl_Ctx *ctx)
{
    Listing l = { 0, 0, 0 };
    if (ctl_parse_flag(ctx, "--json", &l.json) != 0)
        return CTL_EXIT_USAGE;
    store_Db *db = ctl_db_open(ctx);
    if (!db)
        return CTL_EXIT_RUNTIME;
    store_Status st = store_editions_each(db, (int64_t)time(NULL), print_edition, &l);
    return finish_listing(ctx, db, st, &l, _("No limited editions."));
}

static int print_item(const store_QueueItem *it, void *user)
{
    Listing *l = user;
    const model_Order *o = &it->row.order;
    if (l->json) {
        cJSON *j = cJSON_CreateObject();
        if (j) {
            cJSON_AddNumberToObject(j, "number", (double)o->number);
            cJSON_AddStringToObject(j, "uuid", o->uuid);
            cJSON_AddStringToObject(j, "status", it->row.status);
            cJSON_AddStringToObject(j, "charm", o->charm_id);
            cJSON_AddStringToObject(j, "finish", o->finish_id);
            cJSON_AddStringToObject(j, "font", o->font_id);
            cJSON_AddStringToObject(j, "layout", o->layout);
            cJSON_AddStringToObject(j, "text", o->text);
            if (o->serial) {
                cJSON_AddNumberToObject(j, "serial", o->serial);
                cJSON_AddNumberToObject(j, "edition_size", it->edition_size);
            } else {
                cJSON_AddNullToObject(j, "serial");
                cJSON_AddNullToObject(j, "edition_size");
            }
            if (it->slot[0])
                cJSON_AddStringToObject(j, "appointment", it->slot);
            else
                cJSON_AddNullToObject(j, "appointment");
            if (it->repeat_of)
                cJSON_AddNumberToObject(j, "repeat_of", (double)it->repeat_of);
            else
                cJSON_AddNullToObject(j, "repeat_of");
        }
        l->failed = put_json(j) != 0;
    } else {
        if (l->count == 0)
            printf("%6s  %-10s %-10s %-12s %-9s %-16s %s\n", _("No."), _("Status"), _("Charm"),
                   _("Finish"), _("Serial"), _("Appointment"), _("Text"));
        char serial[24] = "-";
        if (o->serial)
            snprintf(serial, sizeof serial, "%d/%d", o->serial, it->edition_size);
        printf("%6lld  %-10s %-10s %-12s %-9s %-16s %s", (long long)o->number, it->row.status,
               o->charm_id, o->finish_id, serial, it->slot[0] ? it->slot : "-", o->text);
        if (it->repeat_of)
            printf(_("  (possible repeat of No. %lld)"), (long long)it->repeat_of);
        putchar('\n');
    }
    l->count++;
    return l->failed;
}

int ctl_cmd_queue(ctl_Ctx *ctx)
{
    Listing l = { 0, 0, 0 };
    if (ctl_parse_flag(ctx, "--json", &l.json) != 0)
        return CTL_EXIT_USAGE;
    store_Db *db = ctl_db_open(ctx);
    if (!db)
        return CTL_EXIT_RUNTIME;
    store_Status st = store_queue_each(db, print_item, &l);
    return finish_listing(ctx, db, st, &l, _("The queue is empty."));
}

/* The order NUMBER argument of advance and jobs; 0 after a usage error. */
static int64_t parse_number(const ctl_Ctx *ctx)
{
    if (ctx->argc != 2) {
        ctl_usage_error(_("%s: expected one argument, the order number"), ctx->argv[0]);
        return 0;
    }
    char *end = NULL;
    long long n = strtoll(ctx->argv[1], &end, 10);
    if (end == ctx->argv[1] || *end || n < 1) {
        ctl_usage_error(_("%s: expected an order number, got '%s'"), ctx->argv[0], ctx->argv[1]);
        return 0;
    }
    return (int64_t)n;
}

int ctl_cmd_advance(ctl_Ctx *ctx)
{
    int64_t number = parse_number(ctx);
    if (!number)
        return CTL_EXIT_USAGE;
    store_Db *db = ctl_db_open(ctx);
    if (!db)
        return CTL_EXIT_RUNTIME;
    char to[STORE_STATUS_MAX];
    int rc = CTL_EXIT_OK;
    if (store_order_advance(db, number, NULL, to) == STORE_OK)
        printf(_("Order %lld is now %s.\n"), (long long)number, to);
    else
        rc = ctl_db_fail(ctx, db);
    store_close(db);
    return rc;
}

int ctl_cmd_jobs(ctl_Ctx *ctx)
{
    int64_t number = parse_number(ctx);
    if (!number)
        return CTL_EXIT_USAGE;
    int rc = CTL_EXIT_RUNTIME;
    model_Catalogue *cat = calloc(1, sizeof *cat);
    store_QueueItem *it = calloc(1, sizeof *it);
    store_Db *db = cat && it ? ctl_db_open(ctx) : NULL;
    if (!db)
        goto fail;
    if (store_order_get(db, number, it) != STORE_OK || store_catalogue_load(db, cat) != STORE_OK) {
        ctl_db_fail(ctx, db);
        goto fail;
    }
    jobs_Job job = { &it->row.order, cat, ctx->cfg.data_dir, it->row.order.serial,
                     it->edition_size, it->slot };
    char msg[512];
    char dir[CONFIG_STR_MAX + 8];
    config_jobs_dir(&ctx->cfg, dir, sizeof dir);
    if (jobs_write(dir, &job, msg, sizeof msg) != JOBS_OK) {
        fprintf(stderr, "kioskctl: %s\n", msg);
        goto fail;
    }
    printf("%s/%s/engraving.svg\n%s/%s/jobsheet.png\n", dir, it->row.order.uuid, dir,
           it->row.order.uuid);
    rc = CTL_EXIT_OK;
fail:
    store_close(db);
    free(it);
    free(cat);
    return rc;
}
