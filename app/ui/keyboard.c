/* keyboard.c — the on-screen keyboard (see keyboard.h). */
#include "ui/keyboard.h"

#include <string.h>

#include "i18n/i18n.h"

#define KEY_W   90
#define KEY_H   80
#define KEY_GAP 10
#define WIDE_W  140

static const ui_KeyLayer latin_layers[] = {
    { "àé", {
        { {"q","Q"},{"w","W"},{"e","E"},{"r","R"},{"t","T"},{"y","Y"},{"u","U"},{"i","I"},{"o","O"},{"p","P"} },
        { {"a","A"},{"s","S"},{"d","D"},{"f","F"},{"g","G"},{"h","H"},{"j","J"},{"k","K"},{"l","L"} },
        { {"z","Z"},{"x","X"},{"c","C"},{"v","V"},{"b","B"},{"n","N"},{"m","M"} },
    } },
    { "abc", {
        { {"é","É"},{"è","È"},{"ê","Ê"},{"ë","Ë"},{"à","À"},{"â","Â"},{"ä","Ä"},{"å","Å"},{"æ","Æ"},{"œ","Œ"} },
        { {"ç","Ç"},{"ô","Ô"},{"ö","Ö"},{"ø","Ø"},{"û","Û"},{"ü","Ü"},{"ù","Ù"},{"ï","Ï"},{"î","Î"} },
        { {"ñ","Ñ"},{"á","Á"},{"í","Í"},{"ó","Ó"},{"ú","Ú"},{"õ","Õ"},{"ÿ","Ÿ"} },
    } },
};

const ui_KeyLayout ui_keys_latin = {
    .digits = { "1","2","3","4","5","6","7","8","9","0" },
    .marks = { "&", ".", "'", "-", "@" },
    .layers = latin_layers,
    .n_layers = 2,
    .caps_lock = 1,
};

static int row_len(const ui_Key *row)
{
    int n = 0;
    while (n < UI_KEY_ROW_MAX && row[n].lower) n++;
    return n;
}

void ui_keyboard_reset(ui_Keyboard *kb)
{
    kb->shift = 0;
    kb->layer = 0;
}

/* Draws one key; `label` may differ from the character (space, shift). */
static void key(ui_Ctx *ui, const char *id, ui_Rect r, const char *label, ui_Font font, int active)
{
    const ui_Theme *t = &ui->theme;
    int down = ui_widget(ui, id, r, 1);
    ui_Color fill = down ? t->line : active ? t->ink : t->surface;
    ui_round_rect(ui, r, 14, fill, active ? t->ink : t->line, 2, t->background);
    ui_text_in(ui, id, font, label, r, active ? t->accent_ink : t->ink, font == UI_FONT_LABEL ? 3 : 0);
}

static void char_key(ui_Ctx *ui, const char *ch, ui_Rect r)
{
    char id[UI_WIDGET_ID_MAX];
    snprintf(id, sizeof id, "key:%s", ch);
    key(ui, id, r, ch, UI_FONT_KEY, 0);
}

void ui_keyboard_draw(ui_Ctx *ui, const ui_Keyboard *kb, ui_Rect area)
{
    const ui_KeyLayer *layer = &kb->layout->layers[kb->layer];
    int upper = kb->shift != 0;
    int full = 10 * KEY_W + 9 * KEY_GAP;
    int x0 = area.x + (area.w - full) / 2, y = area.y, n, x;

    for (int i = 0; i < 10; i++) {
        ui_Rect r = { x0 + i * (KEY_W + KEY_GAP), y, KEY_W, KEY_H };
        char_key(ui, kb->layout->digits[i], r);
    }
    for (int row = 0; row < 2; row++) {
        y += KEY_H + KEY_GAP;
        n = row_len(layer->rows[row]);
        x = x0 + (full - (n * KEY_W + (n - 1) * KEY_GAP)) / 2;
        for (int i = 0; i < n; i++) {
            ui_Rect r = { x + i * (KEY_W + KEY_GAP), y, KEY_W, KEY_H };
            char_key(ui, upper ? layer->rows[row][i].upper : layer->rows[row][i].lower, r);
        }
    }
    y += KEY_H + KEY_GAP;
    {
        ui_Rect shift = { x0, y, WIDE_W, KEY_H };
        ui_Rect back = { x0 + full - WIDE_W, y, WIDE_W, KEY_H };
        n = row_len(layer->rows[2]);
        x = x0 + (full - (n * KEY_W + (n - 1) * KEY_GAP)) / 2;
        key(ui, "key:shift", shift, kb->shift == 2 ? _("CAPS") : "\xE2\x86\x91", /* ↑ */
            kb->shift == 2 ? UI_FONT_LABEL : UI_FONT_KEY, kb->shift != 0);
        for (int i = 0; i < n; i++) {
            ui_Rect r = { x + i * (KEY_W + KEY_GAP), y, KEY_W, KEY_H };
            char_key(ui, upper ? layer->rows[2][i].upper : layer->rows[2][i].lower, r);
        }
        key(ui, "key:backspace", back, "\xE2\x86\x90", UI_FONT_KEY, 0);  /* ← */
    }
    y += KEY_H + KEY_GAP;
    {
        ui_Rect layer_key = { x0, y, WIDE_W, KEY_H };
        ui_Rect space;
        key(ui, "key:layer", layer_key, layer->next_label, UI_FONT_KEY, 0);
        x = x0 + WIDE_W + KEY_GAP;
        for (int i = 0; i < 5; i++) {
            ui_Rect r = { x, y, KEY_W, KEY_H };
            char_key(ui, kb->layout->marks[i], r);
            x += KEY_W + KEY_GAP;
        }
        space = (ui_Rect){ x, y, x0 + full - x, KEY_H };
        key(ui, "key:space", space, _("SPACE"), UI_FONT_LABEL, 0);
    }
}

/* Appends to a plain field, within its size. */
static void type_into(char *buf, size_t cap, const char *utf8)
{
    size_t have = strlen(buf), add = strlen(utf8);
    if (have + add < cap) memcpy(buf + have, utf8, add + 1);
}

void ui_keyboard_type(ui_App *app, ui_Keyboard *kb, const ui_TypingTarget *t, const char *utf8)
{
    if (t->type) {
        if (t->type(app, utf8) != 0) return;   /* refused: shift stays for the next try */
    } else {
        type_into(t->buf, t->cap, utf8);
    }
    if (kb->shift == 1) kb->shift = 0;
}

static void erase(ui_App *app, const ui_TypingTarget *t)
{
    size_t n;
    if (t->erase) {
        t->erase(app);
        return;
    }
    /* One UTF-8 character back. */
    n = strlen(t->buf);
    while (n > 0 && ((unsigned char)t->buf[--n] & 0xC0) == 0x80) {}
    t->buf[n] = '\0';
}

int ui_keyboard_act(ui_App *app, ui_Keyboard *kb, const ui_TypingTarget *t, const ui_Action *a)
{
    switch (a->kind) {
    case UI_ACT_KEY_SHIFT:
        kb->shift = (kb->shift + 1) % (kb->layout->caps_lock ? 3 : 2);
        return 1;
    case UI_ACT_KEY_LAYER:
        kb->layer = (kb->layer + 1) % kb->layout->n_layers;
        return 1;
    case UI_ACT_KEY_BACKSPACE:
        erase(app, t);
        if (t->capital_when_empty && t->buf[0] == '\0') kb->shift = 1;
        return 1;
    case UI_ACT_KEY_SPACE:
        ui_keyboard_type(app, kb, t, " ");
        return 1;
    case UI_ACT_KEY_CHAR:
        ui_keyboard_type(app, kb, t, a->text);
        return 1;
    default:
        return 0;
    }
}
