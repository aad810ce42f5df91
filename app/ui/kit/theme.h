/* theme.h — a brand theme, loaded from themes/<name>.ini (data, not code).
 *
 * [brand]  wordmark, tagline
 * [colors] background, surface, ink, muted, line, accent, accent_ink, error,
 *          dark, dark_ink   (each "#RRGGBB")
 * [fonts]  serif, serif_italic, sans (paths under the data dir), sans_face
 * Every key has a built-in default (the "maison" look), so a theme file only
 * states what it changes; an unknown key is an error naming the line.
 */
#ifndef UI_THEME_H
#define UI_THEME_H

#include <stdint.h>

typedef struct { uint8_t r, g, b, a; } ui_Color;

typedef struct {
    char wordmark[64];
    char tagline[128];
    ui_Color background, surface, ink, muted, line, accent, accent_ink, error;
    ui_Color dark, dark_ink;            /* the attract screen */
    char serif[256], serif_italic[256], sans[256];
    int sans_face;
} ui_Theme;

void ui_theme_defaults(ui_Theme *t);

/* Reads the theme file over *t. 0 ok; -1 with a message naming file:line. */
int ui_theme_load(ui_Theme *t, const char *path, char *err, int errlen);

/* 0xRRGGBB -> opaque colour. */
ui_Color ui_rgb(uint32_t rgb);

#endif
