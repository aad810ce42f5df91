/* action.c — widget ids into typed actions: the one place that reads them. */
#include "ui/action.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Ids that are a word and nothing else. */
static const struct { const char *id; ui_ActionKind kind; } words[] = {
    { "start", UI_ACT_START },           { "staff", UI_ACT_WORDMARK },
    { "staff:hold", UI_ACT_STAFF_HOLD }, { "next", UI_ACT_NEXT },
    { "back", UI_ACT_BACK },             { "add-piece", UI_ACT_ADD_PIECE },
    { "confirm", UI_ACT_CONFIRM },       { "done", UI_ACT_DONE },
    { "key:shift", UI_ACT_KEY_SHIFT },   { "key:layer", UI_ACT_KEY_LAYER },
    { "key:space", UI_ACT_KEY_SPACE },   { "key:backspace", UI_ACT_KEY_BACKSPACE },
    { "staff:exit", UI_ACT_STAFF_EXIT },
    { "pin:ok", UI_ACT_PIN_OK },         { "pin:clear", UI_ACT_PIN_CLEAR },
    { "walkin:name", UI_ACT_WALKIN_NAME }, { "walkin:contact", UI_ACT_WALKIN_CONTACT },
    { "walkin:book", UI_ACT_WALKIN_BOOK },
};

/* Ids "<prefix><text>": the rest of the id is the argument. */
static const struct { const char *prefix; ui_ActionKind kind; } prefixed[] = {
    { "charm:", UI_ACT_CHARM },   { "finish:", UI_ACT_FINISH },
    { "font:", UI_ACT_FONT },     { "layout:", UI_ACT_LAYOUT },
    { "key:", UI_ACT_KEY_CHAR },
    { "staff:", UI_ACT_STAFF_TAB },     /* after staff:hold and staff:exit */
};

/* "<n>:<what>" after "appt:" or "order:": the number, then what is done. */
static ui_ActionKind numbered(const char *rest, ui_Action *out, const char *const *whats,
                              const ui_ActionKind *kinds, int n_whats)
{
    char *end;
    long long v = strtoll(rest, &end, 10);
    if (*end != ':') return UI_ACT_NONE;
    for (int i = 0; i < n_whats; i++) {
        if (strcmp(end + 1, whats[i]) == 0) {
            out->n = v;
            return out->kind = kinds[i];
        }
    }
    return UI_ACT_NONE;
}

ui_ActionKind ui_action_parse(const char *id, ui_Action *out)
{
    static const char *const appt_whats[] = { "start", "no-show", "ack" };
    static const ui_ActionKind appt_kinds[] = { UI_ACT_APPT_START, UI_ACT_APPT_NO_SHOW,
                                                UI_ACT_APPT_ACK };
    static const char *const order_whats[] = { "advance" };
    static const ui_ActionKind order_kinds[] = { UI_ACT_ORDER_ADVANCE };
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strcmp(id, words[i].id) == 0) return out->kind = words[i].kind;
    }
    for (size_t i = 0; i < sizeof prefixed / sizeof prefixed[0]; i++) {
        size_t n = strlen(prefixed[i].prefix);
        if (strncmp(id, prefixed[i].prefix, n) == 0) {
            snprintf(out->text, sizeof out->text, "%s", id + n);
            return out->kind = prefixed[i].kind;
        }
    }
    if (strncmp(id, "pin:", 4) == 0) {
        /* A digit key; anything else on the pad means nothing. */
        if (id[4] >= '0' && id[4] <= '9' && !id[5]) {
            snprintf(out->text, sizeof out->text, "%c", id[4]);
            return out->kind = UI_ACT_PIN_DIGIT;
        }
        return UI_ACT_NONE;
    }
    if (strncmp(id, "appt:", 5) == 0) return numbered(id + 5, out, appt_whats, appt_kinds, 3);
    if (strncmp(id, "order:", 6) == 0) return numbered(id + 6, out, order_whats, order_kinds, 1);
    if (strncmp(id, "slot:", 5) == 0) {
        out->n = atoi(id + 5);
        return out->kind = UI_ACT_SLOT;
    }
    return UI_ACT_NONE;
}
