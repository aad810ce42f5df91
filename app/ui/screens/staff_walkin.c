/* staff_walkin.c — booking a walk-in: name, contact, one of the next free
 * slots; the on-screen keyboard types into the field chosen. */
#include "ui/screens/staff.h"

#include <string.h>

#define MAX_SLOTS 8

typedef struct {
    ui_Slot slots[MAX_SLOTS];
    int n_slots, slot_chosen;
    char name[128], contact[128];
    int field;                    /* 0 name, 1 contact: where the keyboard types */
} WalkinState;

static WalkinState *state(const ui_App *app)
{
    return ui_screen_state(app, &ui_screen_staff_walkin);
}

static void refresh(ui_App *app)
{
    WalkinState *st = state(app);
    st->n_slots = app->be.free_slots ?
        app->be.free_slots(app->be.user, ui_app_unix_now(app), st->slots, MAX_SLOTS) : 0;
    if (st->n_slots < 0) st->n_slots = 0;
    ui_staff_refresh_sync(app);
}

/* The keyboard types into the field chosen. */
static int typing(ui_App *app, ui_TypingTarget *out)
{
    WalkinState *st = state(app);
    *out = (ui_TypingTarget){ .buf = st->field == 0 ? st->name : st->contact,
                              .cap = st->field == 0 ? sizeof st->name : sizeof st->contact };
    return 1;
}

/* The name and contact stay while staff look at another tab. */
static void enter(ui_App *app)
{
    WalkinState *st = state(app);
    st->slot_chosen = -1;
    st->field = 0;
    app->kb.shift = st->name[0] ? 0 : 1;
    refresh(app);
}

static void book(ui_App *app)
{
    WalkinState *st = state(app);
    char msg[UI_MSG_MAX] = "";
    int64_t id = 0;
    if (st->slot_chosen < 0 || st->slot_chosen >= st->n_slots || !st->name[0] || !app->be.book)
        return;
    if (app->be.book(app->be.user, st->name, st->contact, &st->slots[st->slot_chosen], &id, msg) != 0) {
        ui_staff_say(app, 0, msg);
        refresh(app);
        return;
    }
    snprintf(msg, sizeof msg, _("Booked for %s."), st->slots[st->slot_chosen].slot + 11);
    ui_staff_say(app, 1, msg);
    st->name[0] = st->contact[0] = '\0';
    st->slot_chosen = -1;
    ui_staff_go(app, &ui_screen_staff_today);
}

static void act(ui_App *app, const ui_Action *a)
{
    WalkinState *st = state(app);
    switch (a->kind) {
    case UI_ACT_SLOT:
        if (a->n >= 0 && a->n < st->n_slots) st->slot_chosen = (int)a->n;
        break;
    case UI_ACT_WALKIN_NAME:
    case UI_ACT_WALKIN_CONTACT:
        st->field = a->kind == UI_ACT_WALKIN_NAME ? 0 : 1;
        app->kb.shift = 0;
        break;
    case UI_ACT_WALKIN_BOOK:
        book(app);
        break;
    default: {
        ui_TypingTarget target;
        typing(app, &target);
        ui_keyboard_act(app, &app->kb, &target, a);
        break;
    }
    }
}

static void field(ui_App *app, const char *id, int y, const char *label, const char *value, int focused)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    ui_Rect r = { STAFF_LEFT, y, STAFF_RIGHT - STAFF_LEFT, 96 };
    int w = 0;
    ui_widget(ui, id, r, 1);
    ui_round_rect(ui, r, 16, t->surface, focused ? t->accent : t->line, focused ? 3 : 2, t->background);
    ui_text(ui, id, UI_FONT_LABEL, label, r.x + 28, r.y + 12, UI_ALIGN_LEFT, t->muted, 3);
    ui->trace_private = 1;          /* a walk-in's name or contact */
    if (value[0]) w = ui_text(ui, id, UI_FONT_BODY, value, r.x + 28, r.y + 44, UI_ALIGN_LEFT, t->ink, 0);
    ui->trace_private = 0;
    if (focused) {
        ui_Rect caret = { r.x + 32 + w, r.y + 48, 3, 36 };
        ui_fill(ui, caret, t->accent);
    }
}

static void draw(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    const WalkinState *st = state(app);
    ui_Rect keys = { 0, 1000, UI_WIDTH, 4 * 90 + 80 };
    int w = (STAFF_RIGHT - STAFF_LEFT - 3 * 14) / 4;
    ui_staff_header(app, _("Walk-in"));
    field(app, "walkin:name", 300, _("NAME"), st->name, st->field == 0);
    field(app, "walkin:contact", 410, _("PHONE OR E-MAIL"), st->contact, st->field == 1);
    ui_text(ui, NULL, UI_FONT_LABEL, _("NEXT FREE SLOTS"), STAFF_LEFT, 530, UI_ALIGN_LEFT, t->muted, 3);
    if (st->n_slots == 0)
        ui_text(ui, NULL, UI_FONT_ITALIC, _("No free slot left today."), STAFF_LEFT, 570, UI_ALIGN_LEFT,
                t->muted, 0);
    for (int i = 0; i < st->n_slots && i < MAX_SLOTS; i++) {
        char id[UI_WIDGET_ID_MAX], label[48];
        ui_Rect r = { STAFF_LEFT + (i % 4) * (w + 14), 570 + (i / 4) * 78, w, 64 };
        int on = i == st->slot_chosen, down;
        snprintf(id, sizeof id, "slot:%d", i);
        /* "14:30" from "YYYY-MM-DD 14:30". */
        snprintf(label, sizeof label, "%.5s", st->slots[i].slot + 11);
        down = ui_widget(ui, id, r, 1);
        ui_round_rect(ui, r, 32, on ? t->ink : down ? t->line : t->background, on ? t->ink : t->line,
                      2, t->background);
        ui_text_in(ui, id, UI_FONT_BODY, label, r, on ? t->accent_ink : t->ink, 0);
    }
    {
        ui_Rect r = { STAFF_LEFT, 740, STAFF_RIGHT - STAFF_LEFT, 100 };
        ui_button_primary(app, "walkin:book", r, _("BOOK"),
                       st->name[0] && st->slot_chosen >= 0 && st->slot_chosen < st->n_slots);
    }
    ui_staff_message(app, 870);
    ui_keyboard_draw(ui, &app->kb, keys);
    ui_staff_tabs(app);
}

const ui_Screen ui_screen_staff_walkin = {
    .name = "staff-walkin", .step = -1, .staff = 1, .tab = "walkin", .tab_label = N_("WALK-IN"),
    .state_size = sizeof(WalkinState),
    .enter = enter, .draw = draw, .act = act, .typing = typing,
};
