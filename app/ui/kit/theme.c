/* theme.c — see theme.h. */
#include "ui/kit/theme.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ui_Color ui_rgb(uint32_t rgb)
{
    ui_Color c = { (uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb, 255 };
    return c;
}

void ui_theme_defaults(ui_Theme *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->wordmark, sizeof t->wordmark, "ATELIER");
    snprintf(t->tagline, sizeof t->tagline, "Charms engraved by hand");
    t->background = ui_rgb(0xF6F1EA);
    t->surface    = ui_rgb(0xFFFDF9);
    t->ink        = ui_rgb(0x1F1A17);
    t->muted      = ui_rgb(0x8A7F74);
    t->line       = ui_rgb(0xE2D8CB);
    t->accent     = ui_rgb(0xA8864D);
    t->accent_ink = ui_rgb(0xFFFDF9);
    t->error      = ui_rgb(0x9E3B2F);
    t->dark       = ui_rgb(0x17130F);
    t->dark_ink   = ui_rgb(0xF3EDE4);
    snprintf(t->serif, sizeof t->serif, "assets/fonts/EBGaramond12-Regular.otf");
    snprintf(t->serif_italic, sizeof t->serif_italic, "assets/fonts/EBGaramond12-Italic.otf");
    snprintf(t->sans, sizeof t->sans, "assets/fonts/NotoSansCJK-Regular.ttc");
}

typedef struct {
    ui_Theme *t;
    char *err;
    int errlen;
} Loader;

static int parse_color(const char *v, ui_Color *out)
{
    char *end;
    unsigned long rgb;
    if (v[0] != '#' || strlen(v) != 7) return -1;
    rgb = strtoul(v + 1, &end, 16);
    if (*end != '\0') return -1;
    *out = ui_rgb((uint32_t)rgb);
    return 0;
}

/* inih (as Debian builds it) does not pass line numbers to the handler, but
 * ini_parse returns the line of the first error: the message gets its
 * "file:line:" prefix there. */
static int on_key(void *user, const char *section, const char *key, const char *value)
{
    Loader *l = user;
    ui_Theme *t = l->t;
    if (l->err[0] != '\0') return 0;   /* keep the first error's message */
    struct { const char *section, *key; ui_Color *color; char *str; size_t cap; } keys[] = {
        { "brand", "wordmark", NULL, t->wordmark, sizeof t->wordmark },
        { "brand", "tagline", NULL, t->tagline, sizeof t->tagline },
        { "colors", "background", &t->background, NULL, 0 },
        { "colors", "surface", &t->surface, NULL, 0 },
        { "colors", "ink", &t->ink, NULL, 0 },
        { "colors", "muted", &t->muted, NULL, 0 },
        { "colors", "line", &t->line, NULL, 0 },
        { "colors", "accent", &t->accent, NULL, 0 },
        { "colors", "accent_ink", &t->accent_ink, NULL, 0 },
        { "colors", "error", &t->error, NULL, 0 },
        { "colors", "dark", &t->dark, NULL, 0 },
        { "colors", "dark_ink", &t->dark_ink, NULL, 0 },
        { "fonts", "serif", NULL, t->serif, sizeof t->serif },
        { "fonts", "serif_italic", NULL, t->serif_italic, sizeof t->serif_italic },
        { "fonts", "sans", NULL, t->sans, sizeof t->sans },
    };
    if (strcmp(section, "fonts") == 0 && strcmp(key, "sans_face") == 0) {
        char *end;
        long v = strtol(value, &end, 10);
        if (*end == '\0' && v >= 0 && v < 64) { t->sans_face = (int)v; return 1; }
        snprintf(l->err, (size_t)l->errlen, "sans_face: expected a face index 0-63, got '%s'", value);
        return 0;
    }
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(section, keys[i].section) != 0 || strcmp(key, keys[i].key) != 0) continue;
        if (keys[i].color) {
            if (parse_color(value, keys[i].color) == 0) return 1;
            snprintf(l->err, (size_t)l->errlen, "%s: expected a colour like #A8864D, got '%s'", key, value);
            return 0;
        }
        if (strlen(value) >= keys[i].cap) {
            snprintf(l->err, (size_t)l->errlen, "%s: longer than %zu bytes", key, keys[i].cap - 1);
            return 0;
        }
        memcpy(keys[i].str, value, strlen(value) + 1);
        return 1;
    }
    snprintf(l->err, (size_t)l->errlen, "unknown key '%s' in section [%s]", key, section);
    return 0;
}

int ui_theme_load(ui_Theme *t, const char *path, char *err, int errlen)
{
    char msg[256] = "";
    Loader l = { t, msg, (int)sizeof msg };
    int rc = ini_parse(path, on_key, &l);
    if (rc == -1) {
        snprintf(err, (size_t)errlen, "%s: cannot open the theme file", path);
        return -1;
    }
    if (rc != 0) {
        snprintf(err, (size_t)errlen, "%s:%d: %s", path, rc, msg[0] ? msg : "not a key = value line");
        return -1;
    }
    return 0;
}
