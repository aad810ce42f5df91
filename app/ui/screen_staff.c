/* screen_staff.c — staff mode: PIN pad, today's appointments, walk-in
 * booking, the atelier's order queue.
 *
 * Entered by a long press on the wordmark; it lies over the customer flow,
 * which it leaves as it was, and leaves by itself after staff_idle_ms
 * without a touch. Everything it knows comes through the ui_Backend (the
 * store): personal data is only ever on this screen, never in the customer
 * screens or the capture view.
 */
#include "ui/app_internal.h"

#include <stdlib.h>
#include <string.h>

#define LEFT      80
#define RIGHT     (UI_WIDTH - 80)
#define ROW_H     176
#define LIST_Y    340
#define LIST_ROWS 6     /* the list ends at 1396: room for the message and the sync line */
#define SYNC_BOTTOM 1608 /* the sync line stands on the tabs (1624) */

/* The message under the list: a confirmation (ok: drawn in a calm colour)
 * or an error (in the theme's error colour). "" clears it. */
static void say(ui_App *app, int ok, const char *text)
{
    snprintf(app->staff_msg, sizeof app->staff_msg, "%s", text);
    app->staff_msg_ok = ok;
}

static void refresh(ui_App *app)
{
    int64_t now = app_unix_now(app);
    app->n_appts = app->be.appointments ?
        app->be.appointments(app->be.user, now, app->appts, STAFF_MAX_ROWS) : 0;
    if (app->n_appts < 0) app->n_appts = 0;
    app->n_slots = app->be.free_slots ?
        app->be.free_slots(app->be.user, now, app->slots, 8) : 0;
    if (app->n_slots < 0) app->n_slots = 0;
    app->n_queue = app->be.queue ? app->be.queue(app->be.user, app->queue, STAFF_MAX_ROWS) : 0;
    if (app->n_queue < 0) app->n_queue = 0;
    if (!app->be.sync_status || app->be.sync_status(app->be.user, app->sync_line, &app->sync_problem) != 0)
        app->sync_line[0] = '\0';
}

void staff_enter(ui_App *app)
{
    app->staff = STAFF_PIN;
    app->pin[0] = '\0';
    app->staff_msg[0] = '\0';
    app->staff_last_ms = app->ui.now_ms;
}

void staff_leave(ui_App *app)
{
    staff_pin_abandon(app);
    app->staff = STAFF_OFF;
    app->pin[0] = '\0';
    app->staff_name[0] = '\0';
    app->staff_msg[0] = '\0';
    app->walkin_name[0] = app->walkin_contact[0] = '\0';
    app->slot_chosen = -1;
    /* Nothing personal stays in memory once staff leaves. */
    memset(app->appts, 0, sizeof app->appts);
    app->n_appts = 0;
}

/* The PIN goes to the backend, which checks it on another thread (argon2id
 * against every staff member takes seconds): meanwhile the pad says
 * "Checking…", takes no touch, and frames keep coming. A PIN shorter than
 * any staff PIN is refused at once and never counted as a try, so tapping
 * OK cannot lock staff out. */
static void check_pin(ui_App *app)
{
    char msg[UI_MSG_MAX] = "";
    int n = (int)strlen(app->pin);
    if (!app->be.check_pin || !app->be.pin_answer) {
        say(app, 0, _("Staff mode is not available."));
        return;
    }
    if (n < STAFF_PIN_MIN) {
        /* Said calmly, in ink: nothing was counted. The digits stay, to add to. */
        snprintf(msg, sizeof msg, _("PIN too short: staff PINs have %d to %d digits."),
                 STAFF_PIN_MIN, STAFF_PIN_MAX);
        say(app, 1, msg);
        return;
    }
    if (app->be.check_pin(app->be.user, app->pin, app_unix_now(app), msg) == 0) {
        app->pin_checking = 1;
        app->pin_dots = n;
        say(app, 1, "");
    } else {
        say(app, 0, msg);
    }
    /* The PIN never stays in memory longer than its check. */
    memset(app->pin, 0, sizeof app->pin);
}

/* Collects the answer of the PIN check, on the UI thread, once it is there. */
static void pin_poll(ui_App *app)
{
    char name[64] = "", msg[UI_MSG_MAX] = "";
    int r;
    if (!app->pin_checking) return;
    r = app->be.pin_answer(app->be.user, 0, name, msg);
    if (r == 1) {
        app->staff_last_ms = app->ui.now_ms;    /* waiting is not idling */
        return;
    }
    app->pin_checking = 0;
    app->pin_dots = 0;
    if (r == 0) {
        snprintf(app->staff_name, sizeof app->staff_name, "%s", name);
        app->staff = STAFF_TODAY;
        say(app, 1, "");
        refresh(app);
    } else {
        say(app, 0, msg);
    }
}

void staff_pin_abandon(ui_App *app)
{
    char name[64], msg[UI_MSG_MAX];
    if (!app->pin_checking) return;
    app->be.pin_answer(app->be.user, 1, name, msg);
    app->pin_checking = 0;
    app->pin_dots = 0;
    memset(name, 0, sizeof name);
}

/* Starts the customer flow for an appointment: the order will be linked. */
static void start_session(ui_App *app, const ui_Appointment *a)
{
    char msg[UI_MSG_MAX] = "";
    if (app->be.set_appointment_status &&
        app->be.set_appointment_status(app->be.user, a->id, "in-session", msg) != 0) {
        say(app, 0, msg);
        return;
    }
    int64_t id = a->id;                     /* a lives in app->appts, which leaving clears */
    staff_leave(app);
    model_session_reset(&app->session, app->ui.now_ms);
    app->session.appointment_id = id;
    model_session_next(&app->session);      /* straight to the charms */
}

static void book(ui_App *app)
{
    char msg[UI_MSG_MAX] = "";
    int64_t id = 0;
    if (app->slot_chosen < 0 || app->slot_chosen >= app->n_slots || !app->walkin_name[0] ||
        !app->be.book)
        return;
    if (app->be.book(app->be.user, app->walkin_name, app->walkin_contact,
                     &app->slots[app->slot_chosen], &id, msg) != 0) {
        say(app, 0, msg);
        refresh(app);
        return;
    }
    snprintf(msg, sizeof msg, _("Booked for %s."), app->slots[app->slot_chosen].slot + 11);
    say(app, 1, msg);
    app->walkin_name[0] = app->walkin_contact[0] = '\0';
    app->slot_chosen = -1;
    app->staff = STAFF_TODAY;
    refresh(app);
}

/* "ID:start", "ID:no-show", "ID:ack" on a row of the Today list. */
static void appointment_action(ui_App *app, const char *what)
{
    char *end, msg[UI_MSG_MAX] = "";
    long long appt = strtoll(what, &end, 10);
    for (int i = 0; i < app->n_appts && *end == ':'; i++) {
        if (app->appts[i].id != appt) continue;
        if (strcmp(end + 1, "start") == 0) {
            start_session(app, &app->appts[i]);
            return;
        }
        if (strcmp(end + 1, "no-show") == 0 && app->be.set_appointment_status)
            app->be.set_appointment_status(app->be.user, appt, "no-show", msg);
        else if (strcmp(end + 1, "ack") == 0 && app->be.acknowledge)
            app->be.acknowledge(app->be.user, appt, msg);
        else
            return;
        say(app, 0, msg);                   /* an error, or nothing */
        refresh(app);
        return;
    }
}

int staff_action(ui_App *app, const char *id)
{
    if (app->pin_checking) {
        return 1;                           /* the pad waits for its answer */
    } else if (strcmp(id, "staff:exit") == 0 || (app->staff == STAFF_PIN && strcmp(id, "back") == 0)) {
        staff_leave(app);
    } else if (strncmp(id, "pin:", 4) == 0) {
        const char *k = id + 4;
        size_t n = strlen(app->pin);
        if (strcmp(k, "ok") == 0) check_pin(app);
        else if (strcmp(k, "clear") == 0) app->pin[0] = '\0';
        else if (k[0] >= '0' && k[0] <= '9' && !k[1] && n < STAFF_PIN_MAX) {
            app->pin[n] = k[0];
            app->pin[n + 1] = '\0';
        }
    } else if (app->staff == STAFF_PIN) {
        return 0;                           /* nothing else before the PIN */
    } else if (strcmp(id, "staff:today") == 0) {
        app->staff = STAFF_TODAY;
        app->staff_msg[0] = '\0';
        refresh(app);
    } else if (strcmp(id, "staff:walkin") == 0) {
        app->staff = STAFF_WALKIN;
        app->staff_msg[0] = '\0';
        app->slot_chosen = -1;
        app->walkin_field = 0;
        app->kb_shift = app->walkin_name[0] ? 0 : 1;
        refresh(app);
    } else if (strcmp(id, "staff:orders") == 0) {
        app->staff = STAFF_ORDERS;
        app->staff_msg[0] = '\0';
        refresh(app);
    } else if (strncmp(id, "appt:", 5) == 0) {
        appointment_action(app, id + 5);
    } else if (strncmp(id, "order:", 6) == 0) {
        char *end, msg[UI_MSG_MAX] = "";
        long long number = strtoll(id + 6, &end, 10);
        if (strcmp(end, ":advance") == 0 && app->be.advance) {
            app->be.advance(app->be.user, number, msg);
            say(app, 0, msg);
            refresh(app);
        }
    } else if (strncmp(id, "slot:", 5) == 0) {
        int i = atoi(id + 5);
        if (i >= 0 && i < app->n_slots) app->slot_chosen = i;
    } else if (strcmp(id, "walkin:name") == 0 || strcmp(id, "walkin:contact") == 0) {
        app->walkin_field = strcmp(id, "walkin:name") == 0 ? 0 : 1;
        app->kb_shift = 0;
    } else if (strcmp(id, "walkin:book") == 0) {
        book(app);
    } else if (app->staff == STAFF_WALKIN) {
        return keyboard_action(app, id);
    } else {
        return 0;
    }
    return 1;
}

/* ---- drawing ---- */

static void header(ui_App *app, const char *title)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    char who[128];
    chrome_background(app);
    ui_text(ui, UI_FONT_HEADING, t->wordmark, UI_WIDTH / 2, 62, UI_ALIGN_CENTER, t->ink, 14);
    ui_hline(ui, UI_WIDTH / 2 - 40, UI_WIDTH / 2 + 40, 136, t->accent);
    if (app->staff_name[0]) snprintf(who, sizeof who, _("STAFF \xC2\xB7 %s"), app->staff_name);
    else snprintf(who, sizeof who, "%s", _("STAFF"));
    ui->trace_private = app->staff_name[0] != '\0';     /* a person's name */
    ui_text(ui, UI_FONT_LABEL, who, UI_WIDTH / 2, 158, UI_ALIGN_CENTER, t->accent, 6);
    ui->trace_private = 0;
    ui_text(ui, UI_FONT_TITLE, title, UI_WIDTH / 2, 204, UI_ALIGN_CENTER, t->ink, 0);
}

static void tabs(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    static const char *const ids[3] = { "staff:today", "staff:walkin", "staff:orders" };
    const char *labels[3] = { _("TODAY"), _("WALK-IN"), _("ORDERS") };
    StaffView views[3] = { STAFF_TODAY, STAFF_WALKIN, STAFF_ORDERS };
    int w = (RIGHT - LEFT - 2 * 16) / 3;
    for (int i = 0; i < 3; i++) {
        ui_Rect r = { LEFT + i * (w + 16), 1712 - 88, w, 64 };
        int on = app->staff == views[i], down = ui_widget(ui, ids[i], r, 1);
        ui_round_rect(ui, r, 32, on ? t->ink : down ? t->line : t->background,
                      on ? t->ink : t->line, 2, t->background);
        ui->current_widget = ids[i];
        ui_text_in(ui, UI_FONT_BUTTON, labels[i], r, on ? t->accent_ink : t->ink, 3);
        ui->current_widget = NULL;
    }
    if (app->sync_line[0]) {
        /* Wrapped to the content width: with upstream appointments to report
         * it takes two lines, in any language. */
        ui_Color c = app->sync_problem ? t->error : t->muted;
        int h = ui_text_wrapped_height(ui, UI_FONT_BODY, app->sync_line, RIGHT - LEFT, c);
        ui_Rect line = { LEFT, SYNC_BOTTOM - h, RIGHT - LEFT, h };
        ui_widget(ui, "sync-status", line, 0);
        ui->current_widget = "sync-status";
        ui_text_wrapped(ui, UI_FONT_BODY, app->sync_line, LEFT, line.y, RIGHT - LEFT, c);
        ui->current_widget = NULL;
    }
    {
        ui_Rect exit = { LEFT, 1730, RIGHT - LEFT, 110 };
        button_secondary(app, "staff:exit", exit, _("BACK TO THE BOUTIQUE"));
    }
}

static void message(ui_App *app, int y)
{
    ui_Rect line = { LEFT, y, RIGHT - LEFT, 48 };
    if (!app->staff_msg[0]) return;
    ui_widget(&app->ui, "message", line, 0);
    app->ui.current_widget = "message";
    /* A confirmation in the ink of the text, calm; only an error in red. */
    ui_text(&app->ui, UI_FONT_ITALIC, app->staff_msg, UI_WIDTH / 2, y, UI_ALIGN_CENTER,
            app->staff_msg_ok ? app->ui.theme.ink : app->ui.theme.error, 0);
    app->ui.current_widget = NULL;
}

/* While the PIN is checked the pad stays in place, quiet: the dots of the
 * PIN typed, "Checking…" where the message goes, keys in the muted ink and
 * not pressable. */
static void draw_pin(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    static const char *const keys[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9",
                                          "clear", "0", "ok" };
    int busy = app->pin_checking;
    int n = busy ? app->pin_dots : (int)strlen(app->pin), kw = 220, kh = 140, gap = 28;
    int x0 = (UI_WIDTH - 3 * kw - 2 * gap) / 2, y0 = 640;
    header(app, _("Staff access"));
    ui_text(ui, UI_FONT_ITALIC, _("Enter your PIN"), UI_WIDTH / 2, 310, UI_ALIGN_CENTER, t->muted, 0);
    for (int i = 0; i < STAFF_PIN_MAX; i++) {
        /* Dots, filled for each digit typed: the digits themselves never show. */
        ui_Rect dot = { UI_WIDTH / 2 - (STAFF_PIN_MAX * 56) / 2 + i * 56 + 16, 440, 24, 24 };
        ui_round_rect(ui, dot, 12, i < n ? t->ink : t->background, i < n ? t->ink : t->line, 2,
                      t->background);
    }
    if (busy) {
        ui_Rect line = { LEFT, 540, RIGHT - LEFT, 48 };
        ui_widget(ui, "pin-checking", line, 0);
        ui->current_widget = "pin-checking";
        ui_text(ui, UI_FONT_ITALIC, _("Checking\xE2\x80\xA6"), UI_WIDTH / 2, 540, UI_ALIGN_CENTER,
                t->ink, 0);
        ui->current_widget = NULL;
    } else {
        message(app, 540);
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
        ui->current_widget = id;
        ui_text_in(ui, special ? UI_FONT_BUTTON : UI_FONT_FIGURES, label, r,
                   ok ? t->accent_ink : busy ? t->muted : t->ink, special ? 3 : 0);
        ui->current_widget = NULL;
    }
    {
        ui_Rect back = { LEFT, 1712, 300, 128 };
        if (!busy) {
            button_secondary(app, "back", back, _("BACK"));
        } else {
            ui_widget(ui, "back", back, 0);
            ui_round_rect(ui, back, back.h / 2, t->background, t->line, 2, t->background);
            ui->current_widget = "back";
            ui_text_in(ui, UI_FONT_BUTTON, _("BACK"), back, t->muted, 3);
            ui->current_widget = NULL;
        }
    }
}

static void small_button(ui_App *app, const char *id, ui_Rect r, const char *label, int primary)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    int down = ui_widget(ui, id, r, 1);
    ui_Color fill = primary ? (down ? t->accent : t->ink) : (down ? t->line : t->background);
    ui_round_rect(ui, r, r.h / 2, fill, primary ? fill : t->ink, primary ? 0 : 2, t->background);
    ui->current_widget = id;
    ui_text_in(ui, UI_FONT_LABEL, label, r, primary ? t->accent_ink : t->ink, 3);
    ui->current_widget = NULL;
}

static const char *status_label(const char *status)
{
    if (strcmp(status, "booked") == 0) return _("Booked");
    if (strcmp(status, "checked-in") == 0) return _("Checked in");
    if (strcmp(status, "in-session") == 0) return _("In session");
    if (strcmp(status, "completed") == 0) return _("Completed");
    if (strcmp(status, "no-show") == 0) return _("No-show");
    if (strcmp(status, "cancelled") == 0) return _("Cancelled");
    if (strcmp(status, "waiting") == 0) return _("No station yet");
    if (strcmp(status, "not-placed") == 0) return _("Not placed");
    if (strcmp(status, "queued") == 0) return _("Queued");
    if (strcmp(status, "engraving") == 0) return _("Engraving");
    if (strcmp(status, "ready") == 0) return _("Ready");
    if (strcmp(status, "collected") == 0) return _("Collected");
    return status;
}

/* A row's words in a widget of their own, "appt:ID:what" (written to id,
 * which must outlive the drawing), for tests and the trace. */
static void row_note(ui_App *app, char id[UI_WIDGET_ID_MAX], long long appt, const char *what,
                     ui_Rect r)
{
    snprintf(id, UI_WIDGET_ID_MAX, "appt:%lld:%s", appt, what);
    ui_widget(&app->ui, id, r, 0);
    app->ui.current_widget = id;
}

/* What staff must do about an upstream appointment, on its row, in the
 * right column: one not placed (call the customer) or one cancelled online
 * after the customer arrived (settle it). Its button and the reason under
 * it, in red, until staff mark it dealt with; then quiet, and listed until
 * the retention purge. A checked-in row keeps START and NO-SHOW instead
 * (staff never check in by touch; kioskctl appointments ack still can). */
static void draw_follow_up(ui_App *app, const ui_Appointment *a, int y, int open)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    int not_placed = strcmp(a->status, "not-placed") == 0;
    char id[UI_WIDGET_ID_MAX], why_id[UI_WIDGET_ID_MAX];
    const char *why = not_placed ? _("Call the customer") : _("Cancelled online");
    int w = 0;
    if ((!not_placed && !a->cancel_conflict) || open) return;
    if (!a->acknowledged) {
        ui_Rect done = { RIGHT - 200, y + 14, 200, 64 };
        snprintf(id, sizeof id, "appt:%lld:ack", (long long)a->id);
        small_button(app, id, done, not_placed ? _("CALLED") : _("RESOLVED"), 1);
    } else {
        const char *said = not_placed ? _("Customer called") : _("Resolved");
        ui_text_size(ui, UI_FONT_ITALIC, said, 0, &w, NULL);
        row_note(app, id, (long long)a->id, "dealt-with", (ui_Rect){ RIGHT - w, y + 22, w, 48 });
        ui_text(ui, UI_FONT_ITALIC, said, RIGHT, y + 22, UI_ALIGN_RIGHT, t->ink, 0);
        ui->current_widget = NULL;
    }
    if (not_placed && a->acknowledged) return;      /* "Customer called" says it all */
    ui_text_size(ui, UI_FONT_ITALIC, why, 0, &w, NULL);
    row_note(app, why_id, (long long)a->id, not_placed ? "not-placed" : "conflict",
             (ui_Rect){ RIGHT - w, y + 92, w, 48 });
    ui_text(ui, UI_FONT_ITALIC, why, RIGHT, y + 92, UI_ALIGN_RIGHT,
            a->acknowledged ? t->muted : t->error, 0);
    ui->current_widget = NULL;
}

static void draw_today(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    char id[UI_WIDGET_ID_MAX], line[256];
    header(app, _("Today"));
    if (app->n_appts == 0)
        ui_text(ui, UI_FONT_ITALIC, _("No appointments today."), UI_WIDTH / 2, 420, UI_ALIGN_CENTER,
                t->muted, 0);
    for (int i = 0; i < app->n_appts && i < LIST_ROWS; i++) {
        const ui_Appointment *a = &app->appts[i];
        int y = LIST_Y + i * ROW_H;
        int open = strcmp(a->status, "booked") == 0 || strcmp(a->status, "checked-in") == 0;
        int call = strcmp(a->status, "not-placed") == 0 && !a->acknowledged;
        ui_text(ui, UI_FONT_BODY, a->time, LEFT, y + 18, UI_ALIGN_LEFT, t->ink, 0);
        ui_text(ui, UI_FONT_LABEL, status_label(a->status), LEFT, y + 66, UI_ALIGN_LEFT,
                call ? t->error : t->accent, 2);
        /* The customer's name, party, contact and notes: personal data,
         * masked in the trace. */
        ui->trace_private = 1;
        ui_text(ui, UI_FONT_HEADING, a->name, LEFT + 170, y + 8, UI_ALIGN_LEFT, t->ink, 0);
        snprintf(line, sizeof line, "%s%s%s", a->party, a->party[0] && a->contact[0] ? " \xC2\xB7 " : "",
                 a->contact);
        ui_text(ui, UI_FONT_BODY, line, LEFT + 170, y + 62, UI_ALIGN_LEFT, t->muted, 0);
        if (a->notes[0])
            ui_text(ui, UI_FONT_ITALIC, a->notes, LEFT + 170, y + 112, UI_ALIGN_LEFT, t->muted, 0);
        ui->trace_private = 0;
        if (open) {
            ui_Rect start = { RIGHT - 200, y + 14, 200, 64 };
            ui_Rect noshow = { RIGHT - 200, y + 88, 200, 56 };
            snprintf(id, sizeof id, "appt:%lld:start", (long long)a->id);
            small_button(app, id, start, _("START"), 1);
            snprintf(id, sizeof id, "appt:%lld:no-show", (long long)a->id);
            small_button(app, id, noshow, _("NO-SHOW"), 0);
        }
        draw_follow_up(app, a, y, open);
        ui_hline(ui, LEFT, RIGHT, y + ROW_H - 8, t->line);
    }
    message(app, LIST_Y + LIST_ROWS * ROW_H + 4);
    tabs(app);
}

static void field(ui_App *app, const char *id, int y, const char *label, const char *value, int focus)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    ui_Rect r = { LEFT, y, RIGHT - LEFT, 96 };
    int w = 0;
    ui_widget(ui, id, r, 1);
    ui_round_rect(ui, r, 16, t->surface, focus ? t->accent : t->line, focus ? 3 : 2, t->background);
    ui->current_widget = id;
    ui_text(ui, UI_FONT_LABEL, label, r.x + 28, r.y + 12, UI_ALIGN_LEFT, t->muted, 3);
    ui->trace_private = 1;          /* a walk-in's name or contact */
    if (value[0]) w = ui_text(ui, UI_FONT_BODY, value, r.x + 28, r.y + 44, UI_ALIGN_LEFT, t->ink, 0);
    ui->trace_private = 0;
    ui->current_widget = NULL;
    if (focus) {
        ui_Rect caret = { r.x + 32 + w, r.y + 48, 3, 36 };
        ui_fill(ui, caret, t->accent);
    }
}

static void draw_walkin(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    ui_Rect keys = { 0, 1000, UI_WIDTH, 4 * 90 + 80 };
    int w = (RIGHT - LEFT - 3 * 14) / 4;
    header(app, _("Walk-in"));
    field(app, "walkin:name", 300, _("NAME"), app->walkin_name, app->walkin_field == 0);
    field(app, "walkin:contact", 410, _("PHONE OR E-MAIL"), app->walkin_contact, app->walkin_field == 1);
    ui_text(ui, UI_FONT_LABEL, _("NEXT FREE SLOTS"), LEFT, 530, UI_ALIGN_LEFT, t->muted, 3);
    if (app->n_slots == 0)
        ui_text(ui, UI_FONT_ITALIC, _("No free slot left today."), LEFT, 570, UI_ALIGN_LEFT, t->muted, 0);
    for (int i = 0; i < app->n_slots && i < 8; i++) {
        char id[UI_WIDGET_ID_MAX], label[48];
        ui_Rect r = { LEFT + (i % 4) * (w + 14), 570 + (i / 4) * 78, w, 64 };
        int on = i == app->slot_chosen, down;
        snprintf(id, sizeof id, "slot:%d", i);
        /* "14:30" from "YYYY-MM-DD 14:30". */
        snprintf(label, sizeof label, "%.5s", app->slots[i].slot + 11);
        down = ui_widget(ui, id, r, 1);
        ui_round_rect(ui, r, 32, on ? t->ink : down ? t->line : t->background, on ? t->ink : t->line,
                      2, t->background);
        ui->current_widget = id;
        ui_text_in(ui, UI_FONT_BODY, label, r, on ? t->accent_ink : t->ink, 0);
        ui->current_widget = NULL;
    }
    {
        ui_Rect r = { LEFT, 740, RIGHT - LEFT, 100 };
        button_primary(app, "walkin:book", r, _("BOOK"),
                       app->walkin_name[0] && app->slot_chosen >= 0 && app->slot_chosen < app->n_slots);
    }
    message(app, 870);
    keyboard_draw(app, keys);
    tabs(app);
}

static void draw_orders(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    char id[UI_WIDGET_ID_MAX], number[32];
    int h;
    header(app, _("Orders"));
    if (app->n_queue == 0)
        ui_text(ui, UI_FONT_ITALIC, _("No order waits for the atelier."), UI_WIDTH / 2, 420,
                UI_ALIGN_CENTER, t->muted, 0);
    for (int i = 0; i < app->n_queue && i < LIST_ROWS; i++) {
        const ui_QueueItem *q = &app->queue[i];
        int y = LIST_Y + i * ROW_H;
        snprintf(number, sizeof number, "%lld", (long long)q->number);
        ui_text(ui, UI_FONT_FIGURES, number, LEFT, y + 14, UI_ALIGN_LEFT, t->ink, 0);
        ui_text(ui, UI_FONT_LABEL, status_label(q->status), LEFT, y + 96, UI_ALIGN_LEFT, t->accent, 2);
        /* Piece, metal, words (and a set's other pieces): up to three lines
         * beside the button. */
        h = ui_text_wrapped_left(ui, UI_FONT_BODY, q->summary, LEFT + 200, y + 14,
                                 RIGHT - 240 - (LEFT + 200), t->ink);
        if (q->repeat_of) {
            /* A customer who saw no number may have ordered again: a quiet
             * word for staff, who decide (nothing is merged or refused). */
            char mark[UI_MSG_MAX];
            int w = 0;
            snprintf(mark, sizeof mark, _("Possible repeat of No. %lld"), (long long)q->repeat_of);
            ui_text_size(ui, UI_FONT_ITALIC, mark, 0, &w, NULL);
            snprintf(id, sizeof id, "order:%lld:repeat", (long long)q->number);
            ui_widget(ui, id, (ui_Rect){ LEFT + 200, y + 18 + h, w, 44 }, 0);
            ui->current_widget = id;
            ui_text(ui, UI_FONT_ITALIC, mark, LEFT + 200, y + 18 + h, UI_ALIGN_LEFT, t->muted, 0);
            ui->current_widget = NULL;
        }
        if (strcmp(q->status, "collected") != 0) {
            ui_Rect r = { RIGHT - 220, y + 30, 220, 72 };
            const char *next = strcmp(q->status, "queued") == 0 ? _("ENGRAVE")
                             : strcmp(q->status, "engraving") == 0 ? _("READY") : _("COLLECTED");
            snprintf(id, sizeof id, "order:%lld:advance", (long long)q->number);
            small_button(app, id, r, next, 1);
        }
        ui_hline(ui, LEFT, RIGHT, y + ROW_H - 8, t->line);
    }
    message(app, LIST_Y + LIST_ROWS * ROW_H + 4);
    tabs(app);
}

void screen_staff_draw(ui_App *app)
{
    pin_poll(app);
    switch (app->staff) {
    case STAFF_PIN:    draw_pin(app); break;
    case STAFF_TODAY:  draw_today(app); break;
    case STAFF_WALKIN: draw_walkin(app); break;
    case STAFF_ORDERS: draw_orders(app); break;
    case STAFF_OFF:    break;
    }
}
