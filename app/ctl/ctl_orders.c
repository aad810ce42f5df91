/* ctl_orders.c — `kioskctl orders` and the ops command `kioskctl
 * demo-orders N`, which fills a database with varied, valid orders through
 * store_order_insert (the kiosk's own path), for demos, load and tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "i18n/i18n.h"
#include "ctl/ctl.h"

typedef struct {
    int json;
    int count;
    int failed;             /* out of memory while printing */
} Listing;

static void print_row(const store_OrderRow *row)
{
    const model_Order *o = &row->order;
    char when[21], price[48], text[MODEL_TEXT_MAX * 2];
    ctl_format_utc(o->created_at, when);
    ctl_format_price(o->price_minor, o->currency, price, sizeof price);
    /* One line per order: the engraving's line breaks show as " / ". */
    size_t n = 0;
    for (const char *p = o->text; *p && n + 4 < sizeof text; p++) {
        if (*p == '\n') {
            memcpy(text + n, " / ", 3);
            n += 3;
        } else {
            text[n++] = *p;
        }
    }
    text[n] = '\0';
    printf("%6lld  %-20s  %-10s %-12s %-10s %-10s %14s  %-8s %s\n", (long long)o->number,
           when, o->charm_id, o->finish_id, o->font_id, o->layout, price, row->status, text);
}

/* One JSON object per line. Keys are a stable interface (README). */
static int print_json(const store_OrderRow *row)
{
    const model_Order *o = &row->order;
    char when[21];
    ctl_format_utc(o->created_at, when);
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return -1;
    cJSON_AddNumberToObject(obj, "number", (double)o->number);
    cJSON_AddStringToObject(obj, "uuid", o->uuid);
    cJSON_AddStringToObject(obj, "created_at", when);
    cJSON_AddStringToObject(obj, "charm", o->charm_id);
    cJSON_AddStringToObject(obj, "finish", o->finish_id);
    cJSON_AddStringToObject(obj, "font", o->font_id);
    cJSON_AddStringToObject(obj, "layout", o->layout);
    cJSON_AddStringToObject(obj, "text", o->text);
    cJSON_AddNumberToObject(obj, "price_minor", (double)o->price_minor);
    cJSON_AddStringToObject(obj, "currency", o->currency);
    cJSON_AddStringToObject(obj, "status", row->status);
    store_pieces_json(o, obj);
    char *line = cJSON_PrintUnformatted(obj);
    cJSON_Delete(obj);
    if (!line)
        return -1;
    puts(line);
    free(line);
    return 0;
}

static int list_one(const store_OrderRow *row, void *user)
{
    Listing *l = user;
    if (!l->json && l->count == 0)
        printf("%6s  %-20s  %-10s %-12s %-10s %-10s %14s  %-8s %s\n", _("No."),
               _("Created (UTC)"), _("Charm"), _("Finish"), _("Font"), _("Layout"),
               _("Price"), _("Status"), _("Text"));
    l->count++;
    if (l->json) {
        if (print_json(row) != 0) {
            l->failed = 1;
            return 1;
        }
    } else {
        print_row(row);
    }
    return 0;
}

int ctl_cmd_orders(ctl_Ctx *ctx)
{
    Listing l = { 0 };
    if (ctl_parse_flag(ctx, "--json", &l.json) != 0)
        return CTL_EXIT_USAGE;
    store_Db *db = ctl_db_open(ctx);
    if (!db)
        return CTL_EXIT_RUNTIME;
    int rc = CTL_EXIT_OK;
    if (store_order_rows_each(db, list_one, &l) != STORE_OK) {
        rc = ctl_db_fail(ctx, db);
    } else if (l.failed) {
        fprintf(stderr, "kioskctl: %s\n", _("out of memory"));
        rc = CTL_EXIT_RUNTIME;
    } else if (!l.json && l.count == 0) {
        printf("%s\n", _("No orders yet."));
    }
    store_close(db);
    return rc;
}

/* ---- demo-orders -------------------------------------------------------- */

/* Engravings a boutique sees; all Latin, which every catalogue font has. */
static const char *const demo_texts[] = {
    "Léa", "Pour toujours", "A & M", "Forever yours", "Noé", "1984",
    "Mon cœur", "Hugo", "Zoë & Max", "Always\nand forever", "Je t'aime", "Ana",
};
static const char *const demo_monograms[] = { "AMR", "LJD", "ÉVC", "SOB" };

static int utf8_chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += (*s & 0xC0) != 0x80 && *s != '\n';
    return n;
}

/* The i-th demo order: walks charms, finishes and fonts at different
 * strides so that N orders mix them; every text fits its charm. */
static void demo_order(const model_Catalogue *cat, int i, model_Order *o)
{
    const model_Charm *c = &cat->charms[i % cat->n_charms];
    const model_Finish *f = &cat->finishes[(i / cat->n_charms + i) % cat->n_finishes];
    const model_Font *font = &cat->fonts[(i * 3 + 1) % cat->n_fonts];
    const char *layout = "line";
    const char *text = NULL;
    if (i % 5 == 3 && c->max_chars >= 3) {
        layout = "monogram";
        text = demo_monograms[i % 4];
    } else {
        int n = (int)(sizeof demo_texts / sizeof demo_texts[0]);
        for (int k = 0; k < n && !text; k++) {
            const char *t = demo_texts[(i + k) % n];
            if (utf8_chars(t) <= c->max_chars)
                text = t;
        }
        if (!text)
            text = "A";
        if (strcmp(c->shape, "disc") == 0 && (i / cat->n_charms) % 2 == 1 && !strchr(text, '\n'))
            layout = "arc-top";
    }
    memset(o, 0, sizeof *o);
    snprintf(o->charm_id, sizeof o->charm_id, "%s", c->id);
    snprintf(o->finish_id, sizeof o->finish_id, "%s", f->id);
    snprintf(o->font_id, sizeof o->font_id, "%s", font->id);
    snprintf(o->layout, sizeof o->layout, "%s", layout);
    snprintf(o->text, sizeof o->text, "%s", text);
    snprintf(o->currency, sizeof o->currency, "%s", cat->currency);
    /* The catalogue's price rule (as the model prices a session): charm +
     * finish surcharge + the engraving fee for a non-empty engraving. */
    o->price_minor = c->price_minor + f->surcharge_minor +
                     (text[0] ? cat->engraving_fee_minor : 0);
}

int ctl_cmd_demo_orders(ctl_Ctx *ctx)
{
    if (ctx->argc != 2)
        return ctl_usage_error(_("demo-orders: expected one argument N, from 1 to %d"),
                               CTL_DEMO_ORDERS_MAX);
    char *end = NULL;
    long n = strtol(ctx->argv[1], &end, 10);
    if (end == ctx->argv[1] || *end != '\0' || n < 1 || n > CTL_DEMO_ORDERS_MAX)
        return ctl_usage_error(_("demo-orders: N must be a whole number from 1 to %d, got '%s'"),
                               CTL_DEMO_ORDERS_MAX, ctx->argv[1]);

    int rc = CTL_EXIT_RUNTIME;
    model_Catalogue *cat = calloc(1, sizeof *cat);
    store_Db *db = cat ? ctl_db_open(ctx) : NULL;
    if (!db)
        goto fail;
    if (ctl_catalogue_load(ctx, db, cat) != 0)
        goto fail;
    int64_t first = 0, last = 0;
    for (long i = 0; i < n; i++) {
        model_Order o;
        store_Status ins = STORE_ERR_SOLD_OUT;
        /* A sold-out limited edition takes no more orders: the next charm in
         * the walk does (the demo fills N orders, editions included). */
        for (int skip = 0; ins == STORE_ERR_SOLD_OUT && skip <= cat->n_charms; skip++) {
            demo_order(cat, (int)i + skip, &o);
            ins = store_order_insert(db, &o);
        }
        if (ins != STORE_OK) {
            ctl_db_fail(ctx, db);
            goto fail;
        }
        if (i == 0)
            first = o.number;
        last = o.number;
    }
    printf(_("%s: added %ld demo orders, numbers %lld to %lld\n"), ctx->cfg.db, n,
           (long long)first, (long long)last);
    rc = CTL_EXIT_OK;
fail:
    store_close(db);
    free(cat);
    return rc;
}
