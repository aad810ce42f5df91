/* staff.c — staff mode: its way in and out, its frame, shared by its screens.
 *
 * Entered by a long press on the wordmark; it lies over the customer flow,
 * which it leaves as it was, and leaves by itself after staff_idle_ms
 * without a touch. Everything it knows comes through the ui_Backend (the
 * store): personal data is only ever on these screens, never in the
 * customer screens or the capture view.
 */
#include "ui/screens/staff.h"

#include <stdlib.h>
#include <string.h>

#define SYNC_BOTTOM 1608 /* the sync line stands on the tabs (1624) */

ui_Staff *ui_staff_new(void)
{
    return calloc(1, sizeof(ui_Staff));
}

void ui_staff_say(ui_App *app, int ok, const char *text)
{
    snprintf(app->staff->msg, sizeof app->staff->msg, "%s", text);
    app->staff->msg_ok = ok;
}

void ui_staff_refresh_sync(ui_App *app)
{
    ui_Staff *st = app->staff;
    if (!app->be.sync_status || app->be.sync_status(app->be.user, st->sync_line, &st->sync_problem) != 0)
        st->sync_line[0] = '\0';
}

void ui_staff_go(ui_App *app, const ui_Screen *to)
{
    if (app->staff_screen && app->staff_screen->leave) app->staff_screen->leave(app);
    app->staff_screen = to;
    if (to->enter) to->enter(app);
}

void ui_staff_enter(ui_App *app)
{
    app->staff->msg[0] = '\0';
    app->staff_last_ms = app->ui.now_ms;
    ui_staff_go(app, &ui_screen_staff_pin);
}

void ui_staff_leave(ui_App *app)
{
    if (app->staff_screen && app->staff_screen->leave) app->staff_screen->leave(app);
    app->staff_screen = NULL;
    /* Nothing personal stays in memory once staff leaves. */
    for (int i = 0; i < ui_n_screens; i++)
        if (ui_screens[i]->staff && app->screen_state[i])
            memset(app->screen_state[i], 0, ui_screens[i]->state_size);
    memset(app->staff, 0, sizeof *app->staff);
}

void ui_staff_act(ui_App *app, const ui_Action *a)
{
    const ui_Screen *tab;
    if (ui_staff_waiting(app)) return;         /* the pad waits for its answer */
    if (a->kind == UI_ACT_STAFF_EXIT) {
        ui_staff_leave(app);
        return;
    }
    /* The tabs, once the PIN opened staff mode. */
    if (a->kind == UI_ACT_STAFF_TAB && app->staff_screen != &ui_screen_staff_pin &&
        (tab = ui_screen_tab(a->text)) != NULL) {
        app->staff->msg[0] = '\0';
        ui_staff_go(app, tab);
        return;
    }
    if (app->staff_screen->act) app->staff_screen->act(app, a);
}

/* ---- drawing ---- */

void ui_staff_header(ui_App *app, const char *title)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    char who[128];
    ui_chrome_background(app);
    ui_text(ui, NULL, UI_FONT_HEADING, t->wordmark, UI_WIDTH / 2, 62, UI_ALIGN_CENTER, t->ink, 14);
    ui_hline(ui, UI_WIDTH / 2 - 40, UI_WIDTH / 2 + 40, 136, t->accent);
    if (app->staff->name[0]) snprintf(who, sizeof who, _("STAFF \xC2\xB7 %s"), app->staff->name);
    else snprintf(who, sizeof who, "%s", _("STAFF"));
    ui->trace_private = app->staff->name[0] != '\0';     /* a person's name */
    ui_text(ui, NULL, UI_FONT_LABEL, who, UI_WIDTH / 2, 158, UI_ALIGN_CENTER, t->accent, 6);
    ui->trace_private = 0;
    ui_text(ui, NULL, UI_FONT_TITLE, title, UI_WIDTH / 2, 204, UI_ALIGN_CENTER, t->ink, 0);
}

/* The staff screens that have a tab, in table order. */
void ui_staff_tabs(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    const ui_Screen *tabs[UI_MAX_SCREENS];
    int n = 0, w;
    for (int i = 0; i < ui_n_screens; i++)
        if (ui_screens[i]->staff && ui_screens[i]->tab) tabs[n++] = ui_screens[i];
    w = n ? (STAFF_RIGHT - STAFF_LEFT - (n - 1) * 16) / n : 0;
    for (int i = 0; i < n; i++) {
        char id[UI_WIDGET_ID_MAX];
        ui_Rect r = { STAFF_LEFT + i * (w + 16), 1712 - 88, w, 64 };
        int on = app->staff_screen == tabs[i], down;
        snprintf(id, sizeof id, "staff:%s", tabs[i]->tab);
        down = ui_widget(ui, id, r, 1);
        ui_round_rect(ui, r, 32, on ? t->ink : down ? t->line : t->background,
                      on ? t->ink : t->line, 2, t->background);
        ui_text_in(ui, id, UI_FONT_BUTTON, _(tabs[i]->tab_label), r, on ? t->accent_ink : t->ink, 3);
    }
    if (app->staff->sync_line[0]) {
        /* Wrapped to the content width: with upstream appointments to report
         * it takes two lines, in any language. */
        ui_Color c = app->staff->sync_problem ? t->error : t->muted;
        int h = ui_text_wrapped_height(ui, UI_FONT_BODY, app->staff->sync_line,
                                       STAFF_RIGHT - STAFF_LEFT, c);
        ui_Rect line = { STAFF_LEFT, SYNC_BOTTOM - h, STAFF_RIGHT - STAFF_LEFT, h };
        ui_widget(ui, "sync-status", line, 0);
        ui_text_wrapped(ui, "sync-status", UI_FONT_BODY, app->staff->sync_line, STAFF_LEFT, line.y,
                        STAFF_RIGHT - STAFF_LEFT, c);
    }
    {
        ui_Rect exit = { STAFF_LEFT, 1730, STAFF_RIGHT - STAFF_LEFT, 110 };
        ui_button_secondary(app, "staff:exit", exit, _("BACK TO THE BOUTIQUE"));
    }
}

void ui_staff_message(ui_App *app, int y)
{
    ui_Rect line = { STAFF_LEFT, y, STAFF_RIGHT - STAFF_LEFT, 48 };
    if (!app->staff->msg[0]) return;
    ui_widget(&app->ui, "message", line, 0);
    /* A confirmation in the ink of the text, calm; only an error in red. */
    ui_text(&app->ui, "message", UI_FONT_ITALIC, app->staff->msg, UI_WIDTH / 2, y, UI_ALIGN_CENTER,
            app->staff->msg_ok ? app->ui.theme.ink : app->ui.theme.error, 0);
}

void ui_staff_small_button(ui_App *app, const char *id, ui_Rect r, const char *label, int primary)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    int down = ui_widget(ui, id, r, 1);
    ui_Color fill = primary ? (down ? t->accent : t->ink) : (down ? t->line : t->background);
    ui_round_rect(ui, r, r.h / 2, fill, primary ? fill : t->ink, primary ? 0 : 2, t->background);
    ui_text_in(ui, id, UI_FONT_LABEL, label, r, primary ? t->accent_ink : t->ink, 3);
}

const char *ui_staff_status_label(const char *status)
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
