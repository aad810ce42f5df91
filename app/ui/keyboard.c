/* keyboard.c — the on-screen keyboard of the engraving screen.
 *
 * Two layers (plain letters, accented letters), each with a shift state:
 * off, one capital (after which it falls back to off), or caps lock (a second
 * tap). Shift turns on by itself when the text is empty: engravings almost
 * always start with a capital. Key widgets are `key:<character>` as typed
 * (`key:A` when shifted), plus key:shift, key:layer, key:space,
 * key:backspace.
 */
#include "ui/app_internal.h"

#include <string.h>

#define KEY_W   90
#define KEY_H   80
#define KEY_GAP 10
#define WIDE_W  140

typedef struct { const char *lower, *upper; } Key;

/* Rows 1-3 of each layer; row 0 (digits) and row 4 (punctuation) are shared. */
static const Key letters[3][10] = {
    { {"q","Q"},{"w","W"},{"e","E"},{"r","R"},{"t","T"},{"y","Y"},{"u","U"},{"i","I"},{"o","O"},{"p","P"} },
    { {"a","A"},{"s","S"},{"d","D"},{"f","F"},{"g","G"},{"h","H"},{"j","J"},{"k","K"},{"l","L"} },
    { {"z","Z"},{"x","X"},{"c","C"},{"v","V"},{"b","B"},{"n","N"},{"m","M"} },
};
static const Key accents[3][10] = {
    { {"é","É"},{"è","È"},{"ê","Ê"},{"ë","Ë"},{"à","À"},{"â","Â"},{"ä","Ä"},{"å","Å"},{"æ","Æ"},{"œ","Œ"} },
    { {"ç","Ç"},{"ô","Ô"},{"ö","Ö"},{"ø","Ø"},{"û","Û"},{"ü","Ü"},{"ù","Ù"},{"ï","Ï"},{"î","Î"} },
    { {"ñ","Ñ"},{"á","Á"},{"í","Í"},{"ó","Ó"},{"ú","Ú"},{"õ","Õ"},{"ÿ","Ÿ"} },
};
static const char *const digits[10] = { "1","2","3","4","5","6","7","8","9","0" };
static const char *const marks[5] = { "&", ".", "'", "-", "@" };

static int row_len(const Key *row)
{
    int n = 0;
    while (n < 10 && row[n].lower) n++;
    return n;
}

/* Draws one key; `label` may differ from the character (space, shift). */
static void key(ui_App *app, const char *id, ui_Rect r, const char *label, ui_Font font, int active)
{
    const ui_Theme *t = &app->ui.theme;
    int down = ui_widget(&app->ui, id, r, 1);
    ui_Color fill = down ? t->line : active ? t->ink : t->surface;
    ui_round_rect(&app->ui, r, 14, fill, active ? t->ink : t->line, 2, t->background);
    ui_text_in(&app->ui, id, font, label, r, active ? t->accent_ink : t->ink, font == UI_FONT_LABEL ? 3 : 0);
}

static void char_key(ui_App *app, const char *ch, ui_Rect r)
{
    char id[UI_WIDGET_ID_MAX];
    snprintf(id, sizeof id, "key:%s", ch);
    key(app, id, r, ch, UI_FONT_KEY, 0);
}

void ui_keyboard_draw(ui_App *app, ui_Rect area)
{
    const Key (*layer)[10] = app->kb_accents ? accents : letters;
    int upper = app->kb_shift != 0;
    int full = 10 * KEY_W + 9 * KEY_GAP;
    int x0 = area.x + (area.w - full) / 2, y = area.y, n, x;

    for (int i = 0; i < 10; i++) {
        ui_Rect r = { x0 + i * (KEY_W + KEY_GAP), y, KEY_W, KEY_H };
        char_key(app, digits[i], r);
    }
    for (int row = 0; row < 2; row++) {
        y += KEY_H + KEY_GAP;
        n = row_len(layer[row]);
        x = x0 + (full - (n * KEY_W + (n - 1) * KEY_GAP)) / 2;
        for (int i = 0; i < n; i++) {
            ui_Rect r = { x + i * (KEY_W + KEY_GAP), y, KEY_W, KEY_H };
            char_key(app, upper ? layer[row][i].upper : layer[row][i].lower, r);
        }
    }
    y += KEY_H + KEY_GAP;
    {
        ui_Rect shift = { x0, y, WIDE_W, KEY_H };
        ui_Rect back = { x0 + full - WIDE_W, y, WIDE_W, KEY_H };
        n = row_len(layer[2]);
        x = x0 + (full - (n * KEY_W + (n - 1) * KEY_GAP)) / 2;
        key(app, "key:shift", shift, app->kb_shift == 2 ? _("CAPS") : "\xE2\x86\x91", /* ↑ */
            app->kb_shift == 2 ? UI_FONT_LABEL : UI_FONT_KEY, app->kb_shift != 0);
        for (int i = 0; i < n; i++) {
            ui_Rect r = { x + i * (KEY_W + KEY_GAP), y, KEY_W, KEY_H };
            char_key(app, upper ? layer[2][i].upper : layer[2][i].lower, r);
        }
        key(app, "key:backspace", back, "\xE2\x86\x90", UI_FONT_KEY, 0);  /* ← */
    }
    y += KEY_H + KEY_GAP;
    {
        ui_Rect layer_key = { x0, y, WIDE_W, KEY_H };
        ui_Rect space;
        key(app, "key:layer", layer_key, app->kb_accents ? "abc" : "àé", UI_FONT_KEY, 0);
        x = x0 + WIDE_W + KEY_GAP;
        for (int i = 0; i < 5; i++) {
            ui_Rect r = { x, y, KEY_W, KEY_H };
            char_key(app, marks[i], r);
            x += KEY_W + KEY_GAP;
        }
        space = (ui_Rect){ x, y, x0 + full - x, KEY_H };
        key(app, "key:space", space, _("SPACE"), UI_FONT_LABEL, 0);
    }
}

/* Appends to a staff form field, within its size. */
static void type_into(char *buf, size_t cap, const char *utf8)
{
    size_t have = strlen(buf), add = strlen(utf8);
    if (have + add < cap) memcpy(buf + have, utf8, add + 1);
}

void ui_keyboard_type(ui_App *app, const char *utf8)
{
    model_Session *s = &app->session;
    if (app->kb_buf) {
        type_into(app->kb_buf, app->kb_cap, utf8);
        if (app->kb_shift == 1) app->kb_shift = 0;
        return;
    }
    const model_Charm *c = model_catalogue_charm(app->cat, s->charm_id);
    char msg[256];
    if (model_session_type(s, utf8) != 0) {
        if (c && c->max_chars > 0)
            snprintf(msg, sizeof msg, _("The %s holds up to %d characters."), CAT_NAME(c->name), c->max_chars);
        else
            snprintf(msg, sizeof msg, "%s", _("That is as long as an engraving can be."));
        ui_app_notice(app, msg);
        return;
    }
    if (app->kb_shift == 1) app->kb_shift = 0;
}

int ui_keyboard_act(ui_App *app, const ui_Action *a)
{
    switch (a->kind) {
    case UI_ACT_KEY_SHIFT:
        app->kb_shift = (app->kb_shift + 1) % 3;
        return 1;
    case UI_ACT_KEY_LAYER:
        app->kb_accents = !app->kb_accents;
        return 1;
    case UI_ACT_KEY_BACKSPACE:
        if (app->kb_buf) {
            char *f = app->kb_buf;
            size_t n = strlen(f);
            while (n > 0 && ((unsigned char)f[--n] & 0xC0) == 0x80) {}
            f[n] = '\0';
            return 1;
        }
        model_session_backspace(&app->session);
        if (app->session.text[0] == '\0') app->kb_shift = 1;
        return 1;
    case UI_ACT_KEY_SPACE:
        ui_keyboard_type(app, " ");
        return 1;
    case UI_ACT_KEY_CHAR:
        ui_keyboard_type(app, a->text);
        return 1;
    default:
        return 0;
    }
}
