/* keyboard.h — the on-screen keyboard: a component with its layouts as
 * data, typing into a target its screen gives it.
 *
 * A layout is a row of digits, layers of three letter rows (each key with
 * its lower and upper case) and a row of marks; the layer key goes to the
 * next layer. Shift: off, one capital (after which it falls back to off),
 * or caps lock on a second tap (caps_lock). A target that asks for it
 * (capital_when_empty) turns shift on when its text is emptied: engravings
 * almost always begin with a capital. Key widgets are `key:<character>` as
 * typed (`key:A` when shifted), plus key:shift, key:layer, key:space,
 * key:backspace.
 */
#ifndef UI_KEYBOARD_H
#define UI_KEYBOARD_H

#include <stddef.h>

#include "ui/action.h"
#include "ui/kit/kit.h"

#define UI_KEY_ROW_MAX 10

typedef struct { const char *lower, *upper; } ui_Key;

typedef struct {
    const char *next_label;       /* the layer key's label while this layer shows */
    ui_Key rows[3][UI_KEY_ROW_MAX];  /* letter rows; a row ends at its first empty key */
} ui_KeyLayer;

typedef struct {
    const char *digits[UI_KEY_ROW_MAX];
    const char *marks[5];         /* beside the space bar */
    const ui_KeyLayer *layers;
    int n_layers;
    int caps_lock;                /* 1: a second tap on shift locks the capitals */
} ui_KeyLayout;

/* Latin letters, then the accented letters of the European languages. */
extern const ui_KeyLayout ui_keys_latin;

typedef struct ui_App ui_App;

/* Where the keys type: a text field of cap bytes; type and erase, when
 * set, do it instead (the engraving's limits and notices). */
typedef struct {
    char *buf;
    size_t cap;
    int (*type)(ui_App *app, const char *utf8);   /* 0 typed, -1 refused (it said why) */
    void (*erase)(ui_App *app);
    int capital_when_empty;
} ui_TypingTarget;

typedef struct {
    const ui_KeyLayout *layout;
    int shift;                    /* 0 lower, 1 the next letter upper, 2 caps lock */
    int layer;                    /* index in layout->layers */
} ui_Keyboard;

/* Back to the first layer, shift off (a new customer). */
void ui_keyboard_reset(ui_Keyboard *kb);
/* Draws the keys in area (their widgets included). */
void ui_keyboard_draw(ui_Ctx *ui, const ui_Keyboard *kb, ui_Rect area);
/* Acts on a key: 1 when the action was one of the keyboard's. */
int ui_keyboard_act(ui_App *app, ui_Keyboard *kb, const ui_TypingTarget *t, const ui_Action *a);
/* Types one UTF-8 character into t (a key, a physical keyboard). */
void ui_keyboard_type(ui_App *app, ui_Keyboard *kb, const ui_TypingTarget *t, const char *utf8);

#endif
