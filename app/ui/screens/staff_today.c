/* staff_today.c — today's appointments: start a session, mark a no-show,
 * follow up what the upstream reported. */
#include "ui/screens/staff.h"

#include <string.h>

typedef struct {
    ui_Appointment appts[STAFF_MAX_ROWS];
    int n_appts;
} TodayState;

static TodayState *state(const ui_App *app)
{
    return ui_screen_state(app, &ui_screen_staff_today);
}

static void refresh(ui_App *app)
{
    TodayState *st = state(app);
    st->n_appts = app->be.appointments ?
        app->be.appointments(app->be.user, ui_app_unix_now(app), st->appts, STAFF_MAX_ROWS) : 0;
    if (st->n_appts < 0) st->n_appts = 0;
    ui_staff_refresh_sync(app);
}

/* Starts the customer flow for an appointment: the order will be linked. */
static void start_session(ui_App *app, const ui_Appointment *a)
{
    char msg[UI_MSG_MAX] = "";
    if (app->be.set_appointment_status &&
        app->be.set_appointment_status(app->be.user, a->id, "in-session", msg) != 0) {
        ui_staff_say(app, 0, msg);
        return;
    }
    int64_t id = a->id;                     /* a lives in this screen's state, which leaving clears */
    ui_staff_leave(app);
    model_session_reset(&app->session, app->ui.now_ms);
    app->session.appointment_id = id;
    model_session_next(&app->session);      /* straight to the charms */
}

/* START, NO-SHOW or the follow-up's button on a row. */
static void act(ui_App *app, const ui_Action *a)
{
    TodayState *st = state(app);
    char msg[UI_MSG_MAX] = "";
    if (a->kind != UI_ACT_APPT_START && a->kind != UI_ACT_APPT_NO_SHOW && a->kind != UI_ACT_APPT_ACK)
        return;
    for (int i = 0; i < st->n_appts; i++) {
        if (st->appts[i].id != a->n) continue;
        if (a->kind == UI_ACT_APPT_START) {
            start_session(app, &st->appts[i]);
            return;
        }
        if (a->kind == UI_ACT_APPT_NO_SHOW && app->be.set_appointment_status)
            app->be.set_appointment_status(app->be.user, a->n, "no-show", msg);
        else if (a->kind == UI_ACT_APPT_ACK && app->be.acknowledge)
            app->be.acknowledge(app->be.user, a->n, msg);
        else
            return;
        ui_staff_say(app, 0, msg);             /* an error, or nothing */
        refresh(app);
        return;
    }
}

/* A row's words in a widget of their own, "appt:ID:what" (written to id,
 * which must outlive the drawing), for tests and the trace. */
static void row_note(ui_App *app, char id[UI_WIDGET_ID_MAX], long long appt, const char *what,
                     ui_Rect r)
{
    snprintf(id, UI_WIDGET_ID_MAX, "appt:%lld:%s", appt, what);
    ui_widget(&app->ui, id, r, 0);
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
        ui_Rect done = { STAFF_RIGHT - 200, y + 14, 200, 64 };
        snprintf(id, sizeof id, "appt:%lld:ack", (long long)a->id);
        ui_staff_small_button(app, id, done, not_placed ? _("CALLED") : _("RESOLVED"), 1);
    } else {
        const char *said = not_placed ? _("Customer called") : _("Resolved");
        ui_text_size(ui, UI_FONT_ITALIC, said, 0, &w, NULL);
        row_note(app, id, (long long)a->id, "dealt-with", (ui_Rect){ STAFF_RIGHT - w, y + 22, w, 48 });
        ui_text(ui, id, UI_FONT_ITALIC, said, STAFF_RIGHT, y + 22, UI_ALIGN_RIGHT, t->ink, 0);
    }
    if (not_placed && a->acknowledged) return;      /* "Customer called" says it all */
    ui_text_size(ui, UI_FONT_ITALIC, why, 0, &w, NULL);
    row_note(app, why_id, (long long)a->id, not_placed ? "not-placed" : "conflict",
             (ui_Rect){ STAFF_RIGHT - w, y + 92, w, 48 });
    ui_text(ui, why_id, UI_FONT_ITALIC, why, STAFF_RIGHT, y + 92, UI_ALIGN_RIGHT,
            a->acknowledged ? t->muted : t->error, 0);
}

static void draw(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    const TodayState *st = state(app);
    char id[UI_WIDGET_ID_MAX], line[256];
    ui_staff_header(app, _("Today"));
    if (st->n_appts == 0)
        ui_text(ui, NULL, UI_FONT_ITALIC, _("No appointments today."), UI_WIDTH / 2, 420, UI_ALIGN_CENTER,
                t->muted, 0);
    for (int i = 0; i < st->n_appts && i < STAFF_LIST_ROWS; i++) {
        const ui_Appointment *a = &st->appts[i];
        int y = STAFF_LIST_Y + i * STAFF_ROW_H;
        int open = strcmp(a->status, "booked") == 0 || strcmp(a->status, "checked-in") == 0;
        int call = strcmp(a->status, "not-placed") == 0 && !a->acknowledged;
        ui_text(ui, NULL, UI_FONT_BODY, a->time, STAFF_LEFT, y + 18, UI_ALIGN_LEFT, t->ink, 0);
        ui_text(ui, NULL, UI_FONT_LABEL, ui_staff_status_label(a->status), STAFF_LEFT, y + 66, UI_ALIGN_LEFT,
                call ? t->error : t->accent, 2);
        /* The customer's name, party, contact and notes: personal data,
         * masked in the trace. */
        ui->trace_private = 1;
        ui_text(ui, NULL, UI_FONT_HEADING, a->name, STAFF_LEFT + 170, y + 8, UI_ALIGN_LEFT, t->ink, 0);
        snprintf(line, sizeof line, "%s%s%s", a->party, a->party[0] && a->contact[0] ? " \xC2\xB7 " : "",
                 a->contact);
        ui_text(ui, NULL, UI_FONT_BODY, line, STAFF_LEFT + 170, y + 62, UI_ALIGN_LEFT, t->muted, 0);
        if (a->notes[0])
            ui_text(ui, NULL, UI_FONT_ITALIC, a->notes, STAFF_LEFT + 170, y + 112, UI_ALIGN_LEFT, t->muted, 0);
        ui->trace_private = 0;
        if (open) {
            ui_Rect start = { STAFF_RIGHT - 200, y + 14, 200, 64 };
            ui_Rect noshow = { STAFF_RIGHT - 200, y + 88, 200, 56 };
            snprintf(id, sizeof id, "appt:%lld:start", (long long)a->id);
            ui_staff_small_button(app, id, start, _("START"), 1);
            snprintf(id, sizeof id, "appt:%lld:no-show", (long long)a->id);
            ui_staff_small_button(app, id, noshow, _("NO-SHOW"), 0);
        }
        draw_follow_up(app, a, y, open);
        ui_hline(ui, STAFF_LEFT, STAFF_RIGHT, y + STAFF_ROW_H - 8, t->line);
    }
    ui_staff_message(app, STAFF_LIST_Y + STAFF_LIST_ROWS * STAFF_ROW_H + 4);
    ui_staff_tabs(app);
}

const ui_Screen ui_screen_staff_today = {
    .name = "staff-today", .step = -1, .staff = 1, .tab = "today", .tab_label = N_("TODAY"),
    .state_size = sizeof(TodayState),
    .enter = refresh, .draw = draw, .act = act,
};
