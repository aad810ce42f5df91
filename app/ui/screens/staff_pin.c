/* staff_pin.c — the staff PIN pad: the way into staff mode. */
#include "ui/screens/staff.h"

#include <string.h>

#define PIN_MIN 6      /* shorter: "too short" at once, never a try (STORE_PIN_MIN_DIGITS) */
#define PIN_MAX 8

typedef struct {
    char pin[PIN_MAX + 1];
    int checking;                 /* 1: the backend checks the PIN; the pad waits */
    int dots;                     /* digits of the PIN being checked (it is wiped) */
} PinState;

static PinState *state(const ui_App *app)
{
    return ui_screen_state(app, &ui_screen_staff_pin);
}

int ui_staff_waiting(const ui_App *app)
{
    const PinState *st = state(app);
    return st && st->checking;
}

static void enter(ui_App *app)
{
    state(app)->pin[0] = '\0';
}

/* The PIN goes to the backend, which checks it on another thread (argon2id
 * against every staff member takes seconds): meanwhile the pad says
 * "Checking…", takes no touch, and frames keep coming. A PIN shorter than
 * any staff PIN is refused at once and never counted as a try, so tapping
 * OK cannot lock staff out. */
static void check_pin(ui_App *app)
{
    PinState *st = state(app);
    char msg[UI_MSG_MAX] = "";
    int n = (int)strlen(st->pin);
    if (!app->be.check_pin || !app->be.pin_answer) {
        ui_staff_say(app, 0, _("Staff mode is not available."));
        return;
    }
    if (n < PIN_MIN) {
        /* Said calmly, in ink: nothing was counted. The digits stay, to add to. */
        snprintf(msg, sizeof msg, _("PIN too short: staff PINs have %d to %d digits."), PIN_MIN, PIN_MAX);
        ui_staff_say(app, 1, msg);
        return;
    }
    if (app->be.check_pin(app->be.user, st->pin, ui_app_unix_now(app), msg) == 0) {
        st->checking = 1;
        st->dots = n;
        ui_staff_say(app, 1, "");
    } else {
        ui_staff_say(app, 0, msg);
    }
    /* The PIN never stays in memory longer than its check. */
    memset(st->pin, 0, sizeof st->pin);
}

/* Collects the answer of the PIN check, on the UI thread, once it is there. */
static void poll(ui_App *app)
{
    PinState *st = state(app);
    char name[64] = "", msg[UI_MSG_MAX] = "";
    int r;
    if (!st->checking) return;
    r = app->be.pin_answer(app->be.user, 0, name, msg);
    if (r == 1) {
        app->staff_last_ms = app->ui.now_ms;    /* waiting is not idling */
        return;
    }
    st->checking = 0;
    st->dots = 0;
    if (r == 0) {
        snprintf(app->staff->name, sizeof app->staff->name, "%s", name);
        ui_staff_say(app, 1, "");
        ui_staff_go(app, &ui_screen_staff_today);
    } else {
        ui_staff_say(app, 0, msg);
    }
}

/* Ends a PIN check still running (staff mode ends), its answer unused. */
static void leave(ui_App *app)
{
    PinState *st = state(app);
    char name[64], msg[UI_MSG_MAX];
    if (st->checking) {
        app->be.pin_answer(app->be.user, 1, name, msg);
        st->checking = 0;
        st->dots = 0;
        memset(name, 0, sizeof name);
    }
    memset(st->pin, 0, sizeof st->pin);
}

static void act(ui_App *app, const ui_Action *a)
{
    PinState *st = state(app);
    size_t n = strlen(st->pin);
    switch (a->kind) {
    case UI_ACT_BACK:
        ui_staff_leave(app);
        break;
    case UI_ACT_PIN_OK:
        check_pin(app);
        break;
    case UI_ACT_PIN_CLEAR:
        st->pin[0] = '\0';
        break;
    case UI_ACT_PIN_DIGIT:
        if (n < PIN_MAX) {
            st->pin[n] = a->text[0];
            st->pin[n + 1] = '\0';
        }
        break;
    default:
        break;                              /* nothing else before the PIN */
    }
}

/* While the PIN is checked the pad stays in place, quiet: the dots of the
 * PIN typed, "Checking…" where the message goes, keys in the muted ink and
 * not pressable. */
static void draw(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    const PinState *st = state(app);
    static const char *const keys[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9",
                                          "clear", "0", "ok" };
    int busy = st->checking;
    int n = busy ? st->dots : (int)strlen(st->pin), kw = 220, kh = 140, gap = 28;
    int x0 = (UI_WIDTH - 3 * kw - 2 * gap) / 2, y0 = 640;
    ui_staff_header(app, _("Staff access"));
    ui_text(ui, NULL, UI_FONT_ITALIC, _("Enter your PIN"), UI_WIDTH / 2, 310, UI_ALIGN_CENTER, t->muted, 0);
    for (int i = 0; i < PIN_MAX; i++) {
        /* Dots, filled for each digit typed: the digits themselves never show. */
        ui_Rect dot = { UI_WIDTH / 2 - (PIN_MAX * 56) / 2 + i * 56 + 16, 440, 24, 24 };
        ui_round_rect(ui, dot, 12, i < n ? t->ink : t->background, i < n ? t->ink : t->line, 2,
                      t->background);
    }
    if (busy) {
        ui_Rect line = { STAFF_LEFT, 540, STAFF_RIGHT - STAFF_LEFT, 48 };
        ui_widget(ui, "pin-checking", line, 0);
        ui_text(ui, "pin-checking", UI_FONT_ITALIC, _("Checking\xE2\x80\xA6"), UI_WIDTH / 2, 540, UI_ALIGN_CENTER,
                t->ink, 0);
    } else {
        ui_staff_message(app, 540);
    }
    for (int i = 0; i < 12; i++) {
        char id[UI_WIDGET_ID_MAX];
        const char *label = i == 9 ? _("CLEAR") : i == 11 ? _("OK") : keys[i];
        ui_Rect r = { x0 + (i % 3) * (kw + gap), y0 + (i / 3) * (kh + gap), kw, kh };
        int down, special = i == 9 || i == 11, ok = i == 11 && !busy;
        snprintf(id, sizeof id, "pin:%s", keys[i]);
        down = ui_widget(ui, id, r, !busy);
        ui_round_rect(ui, r, 24, down ? t->line : ok ? t->ink : busy && i == 11 ? t->line : t->surface,
                      ok ? t->ink : t->line, 2, t->background);
        ui_text_in(ui, id, special ? UI_FONT_BUTTON : UI_FONT_FIGURES, label, r,
                   ok ? t->accent_ink : busy ? t->muted : t->ink, special ? 3 : 0);
    }
    {
        ui_Rect back = { STAFF_LEFT, 1712, 300, 128 };
        if (!busy) {
            ui_button_secondary(app, "back", back, _("BACK"));
        } else {
            ui_widget(ui, "back", back, 0);
            ui_round_rect(ui, back, back.h / 2, t->background, t->line, 2, t->background);
            ui_text_in(ui, "back", UI_FONT_BUTTON, _("BACK"), back, t->muted, 3);
        }
    }
}

const ui_Screen ui_screen_staff_pin = {
    .name = "staff-pin", .step = -1, .staff = 1, .state_size = sizeof(PinState),
    .enter = enter, .poll = poll, .draw = draw, .act = act, .leave = leave,
};
