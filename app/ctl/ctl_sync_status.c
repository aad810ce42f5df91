/* ctl_sync_status.c — `kioskctl sync-status [--json]`: what staff mode will
 * show, read from the database (store_sync_status): orders waiting, the
 * last success and the last error in plain words, and the upstream changes
 * refused and set aside (store_quarantine_list) with their reasons. Works without network
 * and without the secret, so it runs anywhere kioskctl does. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cJSON.h>

#include "i18n/i18n.h"
#include "ctl/ctl.h"

#define CTL_QUARANTINE_SHOWN 50     /* refused changes listed, newest first */

/* "2026-11-21T11:13:49Z (5 min ago)" or "never". */
static void when_text(int64_t t, char *buf, size_t cap)
{
    char iso[21];
    if (t == 0) {
        snprintf(buf, cap, "%s", _("never"));
        return;
    }
    ctl_format_utc(t, iso);
    int64_t ago = (int64_t)time(NULL) - t;
    if (ago < 0)
        ago = 0;
    if (ago < 120)
        snprintf(buf, cap, _("%s (%lld s ago)"), iso, (long long)ago);
    else if (ago < 7200)
        snprintf(buf, cap, _("%s (%lld min ago)"), iso, (long long)(ago / 60));
    else
        snprintf(buf, cap, _("%s (%lld h ago)"), iso, (long long)(ago / 3600));
}

static void print_text(const ctl_Ctx *ctx, const store_SyncStatus *s,
                       const store_QuarantineItem *q, int nq)
{
    char when[64];
    if (ctx->cfg.upstream_url[0])
        printf(_("Upstream:      %s (kiosk %s)\n"), ctx->cfg.upstream_url, ctx->cfg.kiosk_id);
    else
        printf("%s\n", _("Upstream:      none: this kiosk runs standalone"));
    printf(_("Waiting:       %lld orders not yet sent\n"), (long long)s->pending);
    printf(_("Sent:          %lld orders\n"), (long long)s->sent);
    printf(_("Refused:       %lld orders (see kioskctl orders)\n"), (long long)s->rejected);
    printf(_("Appointments:  %lld from upstream waiting for a station; to deal with: %lld not"
             " placed (slot ended), %lld cancelled upstream after the customer arrived\n"),
           (long long)s->appts_waiting, (long long)s->appts_not_placed,
           (long long)s->cancel_conflicts);
    printf(_("Set aside:     %lld upstream changes refused (%lld not yet reported"
             " upstream)\n"), (long long)s->quarantined, (long long)s->quarantine_unreported);
    for (int i = 0; i < nq; i++) {
        when_text(q[i].received_at, when, sizeof when);
        printf(_("  %s %s (cursor %s), %s%s: %s\n"), q[i].kind, q[i].key[0] ? q[i].key : "-",
               q[i].cursor, when, q[i].reported_at ? _(", reported") : "", q[i].reason);
    }
    when_text(s->last_success, when, sizeof when);
    printf(_("Last success:  %s\n"), when);
    if (s->last_error[0]) {
        when_text(s->last_error_at, when, sizeof when);
        printf(_("Last error:    %s, at %s\n"), s->last_error, when);
    } else {
        printf("%s\n", _("Last error:    none"));
    }
}

static void add_time(cJSON *o, const char *key, int64_t t)
{
    char iso[21];
    if (t == 0) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    ctl_format_utc(t, iso);
    cJSON_AddStringToObject(o, key, iso);
}

/* One JSON object; keys are a stable interface (README.md, "Upstream sync"). */
static int print_json(const ctl_Ctx *ctx, const store_SyncStatus *s,
                      const store_QuarantineItem *q, int nq)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return -1;
    cJSON_AddBoolToObject(o, "enabled", ctx->cfg.upstream_url[0] != '\0');
    cJSON_AddStringToObject(o, "kiosk_id", ctx->cfg.kiosk_id);
    cJSON_AddNumberToObject(o, "pending", (double)s->pending);
    cJSON_AddNumberToObject(o, "sent", (double)s->sent);
    cJSON_AddNumberToObject(o, "rejected", (double)s->rejected);
    add_time(o, "last_success", s->last_success);
    add_time(o, "last_attempt", s->last_attempt);
    if (s->last_error[0])
        cJSON_AddStringToObject(o, "last_error", s->last_error);
    else
        cJSON_AddNullToObject(o, "last_error");
    add_time(o, "last_error_at", s->last_error_at);
    cJSON_AddStringToObject(o, "cursor", s->cursor);
    cJSON_AddNumberToObject(o, "appointments_waiting", (double)s->appts_waiting);
    cJSON_AddNumberToObject(o, "appointments_not_placed", (double)s->appts_not_placed);
    cJSON_AddNumberToObject(o, "cancel_conflicts", (double)s->cancel_conflicts);
    cJSON_AddNumberToObject(o, "quarantined", (double)s->quarantined);
    cJSON_AddNumberToObject(o, "quarantine_unreported", (double)s->quarantine_unreported);
    cJSON *arr = cJSON_AddArrayToObject(o, "quarantine");
    for (int i = 0; arr && i < nq; i++) {
        cJSON *it = cJSON_CreateObject();
        if (!it)
            break;
        cJSON_AddItemToArray(arr, it);
        cJSON_AddNumberToObject(it, "id", (double)q[i].id);
        cJSON_AddStringToObject(it, "kind", q[i].kind);
        cJSON_AddStringToObject(it, "key", q[i].key);
        cJSON_AddNumberToObject(it, "index", q[i].idx);
        cJSON_AddStringToObject(it, "cursor", q[i].cursor);
        cJSON_AddStringToObject(it, "reason", q[i].reason);
        add_time(it, "received_at", q[i].received_at);
        add_time(it, "reported_at", q[i].reported_at);
    }
    char *line = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!line)
        return -1;
    puts(line);
    free(line);
    return 0;
}

int ctl_cmd_sync_status(ctl_Ctx *ctx)
{
    int json = 0;
    if (ctl_parse_flag(ctx, "--json", &json) != 0)
        return CTL_EXIT_USAGE;
    store_Db *db = ctl_db_open(ctx);
    if (!db)
        return CTL_EXIT_RUNTIME;
    store_SyncStatus s;
    int rc = CTL_EXIT_OK, nq = 0;
    store_QuarantineItem *q = calloc(CTL_QUARANTINE_SHOWN, sizeof *q);
    if (!q) {
        fprintf(stderr, "kioskctl: %s\n", _("out of memory"));
        rc = CTL_EXIT_RUNTIME;
    } else if (store_sync_status(db, &s) != STORE_OK ||
               store_quarantine_list(db, STORE_QUARANTINE_OPEN, q, CTL_QUARANTINE_SHOWN,
                                     &nq) != STORE_OK) {
        rc = ctl_db_fail(ctx, db);
    } else if (json) {
        if (print_json(ctx, &s, q, nq) != 0) {
            fprintf(stderr, "kioskctl: %s\n", _("out of memory"));
            rc = CTL_EXIT_RUNTIME;
        }
    } else {
        print_text(ctx, &s, q, nq);
    }
    free(q);
    store_close(db);
    return rc;
}
