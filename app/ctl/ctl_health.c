/* ctl_health.c — `kioskctl health [--json]`: can this counter take orders?
 *
 * What the kiosk checks at start and after a write failed (store_health):
 * the database is writable (a real write, not a look at file modes),
 * intact (PRAGMA quick_check), at the schema this build expects; plus the
 * orders waiting for upstream. Exit 0 when the counter can serve, 1 when
 * it cannot (the kiosk then shows its resting screen) or the database
 * cannot be opened at all; the report is printed in both cases.
 */
#include <stdio.h>
#include <stdlib.h>

#include <cJSON.h>

#include "i18n/i18n.h"
#include "ctl/ctl.h"

static int print_json(const ctl_Ctx *ctx, const store_Health *h, const char *open_error)
{
    cJSON *o = cJSON_CreateObject();
    char *line;
    if (!o) return -1;
    cJSON_AddStringToObject(o, "database", ctx->cfg.db);
    cJSON_AddBoolToObject(o, "serving", !open_error && store_health_ok(h));
    if (open_error) {
        cJSON_AddStringToObject(o, "error", open_error);
    } else {
        cJSON_AddBoolToObject(o, "writable", h->writable);
        if (h->writable) cJSON_AddNullToObject(o, "write_error");
        else cJSON_AddStringToObject(o, "write_error", h->write_error);
        cJSON_AddBoolToObject(o, "intact", h->intact);
        cJSON_AddStringToObject(o, "integrity", h->integrity);
        cJSON_AddNumberToObject(o, "schema_version", h->schema_version);
        cJSON_AddNumberToObject(o, "schema_expected", STORE_SCHEMA_VERSION);
        if (h->pending >= 0) cJSON_AddNumberToObject(o, "pending", (double)h->pending);
        else cJSON_AddNullToObject(o, "pending");
    }
    line = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!line) return -1;
    puts(line);
    free(line);
    return 0;
}

static void print_text(const ctl_Ctx *ctx, const store_Health *h)
{
    printf(_("Database:   %s\n"), ctx->cfg.db);
    if (store_health_ok(h))
        printf("%s\n", _("Serving:    yes"));
    else
        printf("%s\n", _("Serving:    no: the kiosk shows its resting screen"));
    if (h->writable)
        printf("%s\n", _("Writable:   yes"));
    else
        printf(_("Writable:   no (%s)\n"), h->write_error);
    printf(_("Integrity:  %s\n"), h->integrity);
    printf(_("Schema:     version %d (this build expects %d)\n"), h->schema_version,
           STORE_SCHEMA_VERSION);
    if (h->pending >= 0)
        printf(_("Pending:    %lld orders waiting for upstream\n"), (long long)h->pending);
    else
        printf("%s\n", _("Pending:    unknown (the outbox cannot be read)"));
}

int ctl_cmd_health(ctl_Ctx *ctx)
{
    int json;
    store_Health h;
    store_Db *db = NULL;
    if (ctl_parse_flag(ctx, "--json", &json) != 0)
        return CTL_EXIT_USAGE;
    if (store_open(ctx->cfg.db, &db) != STORE_OK) {
        /* Not even open: the kiosk could not start on it either. */
        ctl_db_fail(ctx, db);
        if (json && print_json(ctx, NULL, store_errmsg(db)) != 0)
            fprintf(stderr, "kioskctl: %s\n", _("out of memory"));
        store_close(db);
        return CTL_EXIT_RUNTIME;
    }
    store_health(db, 1, &h);
    if (json) {
        if (print_json(ctx, &h, NULL) != 0) {
            fprintf(stderr, "kioskctl: %s\n", _("out of memory"));
            store_close(db);
            return CTL_EXIT_RUNTIME;
        }
    } else {
        print_text(ctx, &h);
    }
    store_close(db);
    return store_health_ok(&h) ? CTL_EXIT_OK : CTL_EXIT_RUNTIME;
}
