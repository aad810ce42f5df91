/* ctl_catalogue.c — `kioskctl init` and `kioskctl catalogue`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "i18n/i18n.h"
#include "ctl/ctl.h"

/* The configured catalogue: cfg.catalogue, under data_dir when relative. */
static void default_catalogue(const config_Kiosk *cfg, char *buf, size_t cap)
{
    if (cfg->catalogue[0] == '/')
        snprintf(buf, cap, "%s", cfg->catalogue);
    else
        snprintf(buf, cap, "%s/%s", cfg->data_dir, cfg->catalogue);
}

int ctl_cmd_init(ctl_Ctx *ctx)
{
    const char *file = NULL;
    char path[CTL_PATH_MAX];
    for (int i = 1; i < ctx->argc; i++) {
        if (strcmp(ctx->argv[i], "--catalogue") == 0 && i + 1 < ctx->argc)
            file = ctx->argv[++i];
        else if (strcmp(ctx->argv[i], "--catalogue") == 0)
            return ctl_usage_error(_("init: --catalogue needs a file"));
        else
            return ctl_usage_error(_("init: unexpected argument '%s'"), ctx->argv[i]);
    }

    int rc = CTL_EXIT_RUNTIME;
    model_Catalogue *cat = calloc(1, sizeof *cat);
    store_Db *db = cat ? ctl_db_open(ctx) : NULL;
    if (!db)
        goto fail;
    int present = store_catalogue_present(db);
    if (present < 0) {
        ctl_db_fail(ctx, db);
        goto fail;
    }
    if (file || !present) {
        if (file)
            snprintf(path, sizeof path, "%s", file);
        else
            default_catalogue(&ctx->cfg, path, sizeof path);
        if (store_catalogue_import(db, path) != STORE_OK) {
            ctl_db_fail(ctx, db);
            goto fail;
        }
    }
    if (store_catalogue_load(db, cat) != STORE_OK) {
        ctl_db_fail(ctx, db);
        goto fail;
    }
    printf(_("%s: schema version %d; catalogue: %d charms, %d finishes, %d fonts"),
           ctx->cfg.db, STORE_SCHEMA_VERSION, cat->n_charms, cat->n_finishes, cat->n_fonts);
    if (file || !present)
        printf(_(" (imported from %s)\n"), path);
    else
        printf("%s", _(" (already present)\n"));
    rc = CTL_EXIT_OK;
fail:
    store_close(db);
    free(cat);
    return rc;
}

static void print_text(const model_Catalogue *cat)
{
    char price[48], extra[48];
    ctl_format_price(cat->engraving_fee_minor, cat->currency, price, sizeof price);
    printf(_("Currency %s, engraving fee %s\n"), cat->currency, price);
    printf("\n%s\n", _("Charms:"));
    for (int i = 0; i < cat->n_charms; i++) {
        const model_Charm *c = &cat->charms[i];
        ctl_format_price(c->price_minor, cat->currency, price, sizeof price);
        printf(_("  %-12s %-16s %-7s %gx%g mm, area %gx%g mm at (%g, %g), "
                 "up to %d characters, %s\n"),
               c->id, _(c->name), c->shape, c->width_mm, c->height_mm, c->area_w_mm,
               c->area_h_mm, c->area_x_mm, c->area_y_mm, c->max_chars, price);
    }
    printf("\n%s\n", _("Finishes:"));
    for (int i = 0; i < cat->n_finishes; i++) {
        const model_Finish *f = &cat->finishes[i];
        ctl_format_price(f->surcharge_minor, cat->currency, extra, sizeof extra);
        printf(_("  %-12s %-16s hallmark %-6s +%s, colours #%06X #%06X #%06X\n"),
               f->id, _(f->name), f->hallmark, extra, (unsigned)f->base_rgb,
               (unsigned)f->light_rgb, (unsigned)f->shade_rgb);
    }
    printf("\n%s\n", _("Fonts:"));
    for (int i = 0; i < cat->n_fonts; i++) {
        const model_Font *f = &cat->fonts[i];
        printf(_("  %-12s %-16s %s (face %d), at least %g mm high\n"),
               f->id, _(f->name), f->file, f->face_index, f->min_height_mm);
    }
}

static void add_colour(cJSON *obj, const char *key, uint32_t rgb)
{
    char hex[8];
    snprintf(hex, sizeof hex, "#%06X", (unsigned)(rgb & 0xFFFFFF));
    cJSON_AddStringToObject(obj, key, hex);
}

/* The catalogue in the catalogue.json format, so it can be imported again.
 * NULL on out of memory. Caller frees with cJSON_Delete. */
static cJSON *to_json(const model_Catalogue *cat)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "version", 1);
    cJSON_AddStringToObject(root, "currency", cat->currency);
    cJSON_AddNumberToObject(root, "engraving_fee_minor", (double)cat->engraving_fee_minor);
    cJSON *charms = cJSON_AddArrayToObject(root, "charms");
    for (int i = 0; charms && i < cat->n_charms; i++) {
        const model_Charm *c = &cat->charms[i];
        cJSON *o = cJSON_CreateObject(), *area;
        cJSON_AddItemToArray(charms, o);
        cJSON_AddStringToObject(o, "id", c->id);
        cJSON_AddStringToObject(o, "name", c->name);
        cJSON_AddStringToObject(o, "shape", c->shape);
        cJSON_AddNumberToObject(o, "width_mm", c->width_mm);
        cJSON_AddNumberToObject(o, "height_mm", c->height_mm);
        area = cJSON_AddObjectToObject(o, "area");
        cJSON_AddNumberToObject(area, "x_mm", c->area_x_mm);
        cJSON_AddNumberToObject(area, "y_mm", c->area_y_mm);
        cJSON_AddNumberToObject(area, "w_mm", c->area_w_mm);
        cJSON_AddNumberToObject(area, "h_mm", c->area_h_mm);
        cJSON_AddNumberToObject(o, "max_chars", c->max_chars);
        cJSON_AddNumberToObject(o, "price_minor", (double)c->price_minor);
        if (c->edition_size > 0) {
            cJSON *ed = cJSON_AddObjectToObject(o, "edition");
            cJSON_AddNumberToObject(ed, "size", c->edition_size);
        }
    }
    cJSON *finishes = cJSON_AddArrayToObject(root, "finishes");
    for (int i = 0; finishes && i < cat->n_finishes; i++) {
        const model_Finish *f = &cat->finishes[i];
        cJSON *o = cJSON_CreateObject(), *colors;
        cJSON_AddItemToArray(finishes, o);
        cJSON_AddStringToObject(o, "id", f->id);
        cJSON_AddStringToObject(o, "name", f->name);
        cJSON_AddStringToObject(o, "hallmark", f->hallmark);
        cJSON_AddNumberToObject(o, "surcharge_minor", (double)f->surcharge_minor);
        colors = cJSON_AddObjectToObject(o, "colors");
        add_colour(colors, "base", f->base_rgb);
        add_colour(colors, "light", f->light_rgb);
        add_colour(colors, "shade", f->shade_rgb);
    }
    cJSON *fonts = cJSON_AddArrayToObject(root, "fonts");
    for (int i = 0; fonts && i < cat->n_fonts; i++) {
        const model_Font *f = &cat->fonts[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(fonts, o);
        cJSON_AddStringToObject(o, "id", f->id);
        cJSON_AddStringToObject(o, "name", f->name);
        cJSON_AddStringToObject(o, "file", f->file);
        cJSON_AddNumberToObject(o, "face", f->face_index);
        cJSON_AddNumberToObject(o, "min_height_mm", f->min_height_mm);
    }
    return root;
}

int ctl_cmd_catalogue(ctl_Ctx *ctx)
{
    int json = 0;
    if (ctl_parse_flag(ctx, "--json", &json) != 0)
        return CTL_EXIT_USAGE;

    int rc = CTL_EXIT_RUNTIME;
    cJSON *root = NULL;
    char *text = NULL;
    model_Catalogue *cat = calloc(1, sizeof *cat);
    store_Db *db = cat ? ctl_db_open(ctx) : NULL;
    if (!db)
        goto fail;
    if (ctl_catalogue_load(ctx, db, cat) != 0)
        goto fail;
    if (!json) {
        print_text(cat);
        rc = CTL_EXIT_OK;
        goto fail;
    }
    root = to_json(cat);
    text = root ? cJSON_Print(root) : NULL;
    if (!text) {
        fprintf(stderr, "kioskctl: %s\n", _("out of memory"));
        goto fail;
    }
    puts(text);
    rc = CTL_EXIT_OK;
fail:
    free(text);
    cJSON_Delete(root);
    store_close(db);
    free(cat);
    return rc;
}
