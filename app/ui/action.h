/* action.h — what a tap means: a widget id parsed once into a typed action.
 *
 * Widget ids are the UI's public names (the headless driver presses them,
 * the trace prints them): "next", "charm:heart", "key:A", "appt:12:start".
 * They are read here, and only here; the screens act on the parsed kind and
 * its argument, never on the string.
 */
#ifndef UI_ACTION_H
#define UI_ACTION_H

#include <stdint.h>

#include "ui/kit/kit.h"

typedef enum {
    UI_ACT_NONE,            /* no meaning (a widget that only labels) */
    /* The customer flow. */
    UI_ACT_START,           /* "start" */
    UI_ACT_WORDMARK,        /* "staff": a tap on the wordmark */
    UI_ACT_STAFF_HOLD,      /* "staff:hold": the long press that opens staff mode */
    UI_ACT_NEXT,            /* "next" */
    UI_ACT_BACK,            /* "back" */
    UI_ACT_ADD_PIECE,       /* "add-piece" */
    UI_ACT_CONFIRM,         /* "confirm" */
    UI_ACT_DONE,            /* "done" */
    UI_ACT_CHARM,           /* "charm:<id>": text */
    UI_ACT_FINISH,          /* "finish:<id>": text */
    UI_ACT_FONT,            /* "font:<id>": text */
    UI_ACT_LAYOUT,          /* "layout:<name>": text */
    /* The on-screen keyboard. */
    UI_ACT_KEY_CHAR,        /* "key:<character>": text, as typed */
    UI_ACT_KEY_SHIFT,       /* "key:shift" */
    UI_ACT_KEY_LAYER,       /* "key:layer" */
    UI_ACT_KEY_SPACE,       /* "key:space" */
    UI_ACT_KEY_BACKSPACE,   /* "key:backspace" */
    /* Staff mode. */
    UI_ACT_STAFF_EXIT,      /* "staff:exit" */
    UI_ACT_STAFF_TAB,       /* "staff:<tab>" (today, walkin, orders...): text */
    UI_ACT_PIN_DIGIT,       /* "pin:<0-9>": text, one digit */
    UI_ACT_PIN_OK,          /* "pin:ok" */
    UI_ACT_PIN_CLEAR,       /* "pin:clear" */
    UI_ACT_APPT_START,      /* "appt:<id>:start": n */
    UI_ACT_APPT_NO_SHOW,    /* "appt:<id>:no-show": n */
    UI_ACT_APPT_ACK,        /* "appt:<id>:ack": n */
    UI_ACT_ORDER_ADVANCE,   /* "order:<number>:advance": n */
    UI_ACT_SLOT,            /* "slot:<index>": n (not checked against the list) */
    UI_ACT_WALKIN_NAME,     /* "walkin:name": the name field takes the keyboard */
    UI_ACT_WALKIN_CONTACT,  /* "walkin:contact" */
    UI_ACT_WALKIN_BOOK      /* "walkin:book" */
} ui_ActionKind;

typedef struct {
    ui_ActionKind kind;
    int64_t n;                       /* an appointment id, an order number, a slot index */
    char text[UI_WIDGET_ID_MAX];     /* a catalogue id, a layout, a typed character */
} ui_Action;

/* Parses a widget id into *out. Returns out->kind: UI_ACT_NONE for an id
 * that means nothing when tapped (unknown ids included); never fails. */
ui_ActionKind ui_action_parse(const char *id, ui_Action *out);

#endif
