/* staff_orders.c — the atelier's queue: each order moves on by a touch
 * (queued, engraving, ready, collected). */
#include "ui/screens/staff.h"

#include <string.h>

typedef struct {
    ui_QueueItem queue[STAFF_MAX_ROWS];
    int n_queue;
} OrdersState;

static OrdersState *state(const ui_App *app)
{
    return ui_screen_state(app, &ui_screen_staff_orders);
}

static void refresh(ui_App *app)
{
    OrdersState *st = state(app);
    st->n_queue = app->be.queue ? app->be.queue(app->be.user, st->queue, STAFF_MAX_ROWS) : 0;
    if (st->n_queue < 0) st->n_queue = 0;
    ui_staff_refresh_sync(app);
}

static void act(ui_App *app, const ui_Action *a)
{
    char msg[UI_MSG_MAX] = "";
    if (a->kind != UI_ACT_ORDER_ADVANCE || !app->be.advance) return;
    app->be.advance(app->be.user, a->n, msg);
    ui_staff_say(app, 0, msg);
    refresh(app);
}

static void draw(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    const OrdersState *st = state(app);
    char id[UI_WIDGET_ID_MAX], number[32];
    int h;
    ui_staff_header(app, _("Orders"));
    if (st->n_queue == 0)
        ui_text(ui, NULL, UI_FONT_ITALIC, _("No order waits for the atelier."), UI_WIDTH / 2, 420,
                UI_ALIGN_CENTER, t->muted, 0);
    for (int i = 0; i < st->n_queue && i < STAFF_LIST_ROWS; i++) {
        const ui_QueueItem *q = &st->queue[i];
        int y = STAFF_LIST_Y + i * STAFF_ROW_H;
        snprintf(number, sizeof number, "%lld", (long long)q->number);
        ui_text(ui, NULL, UI_FONT_FIGURES, number, STAFF_LEFT, y + 14, UI_ALIGN_LEFT, t->ink, 0);
        ui_text(ui, NULL, UI_FONT_LABEL, ui_staff_status_label(q->status), STAFF_LEFT, y + 96, UI_ALIGN_LEFT,
                t->accent, 2);
        /* Piece, metal, words (and a set's other pieces): up to three lines
         * beside the button. */
        h = ui_text_wrapped_left(ui, NULL, UI_FONT_BODY, q->summary, STAFF_LEFT + 200, y + 14,
                                 STAFF_RIGHT - 240 - (STAFF_LEFT + 200), t->ink);
        if (q->repeat_of) {
            /* A customer who saw no number may have ordered again: a quiet
             * word for staff, who decide (nothing is merged or refused). */
            char mark[UI_MSG_MAX];
            int w = 0;
            snprintf(mark, sizeof mark, _("Possible repeat of No. %lld"), (long long)q->repeat_of);
            ui_text_size(ui, UI_FONT_ITALIC, mark, 0, &w, NULL);
            snprintf(id, sizeof id, "order:%lld:repeat", (long long)q->number);
            ui_widget(ui, id, (ui_Rect){ STAFF_LEFT + 200, y + 18 + h, w, 44 }, 0);
            ui_text(ui, id, UI_FONT_ITALIC, mark, STAFF_LEFT + 200, y + 18 + h, UI_ALIGN_LEFT, t->muted, 0);
        }
        if (strcmp(q->status, "collected") != 0) {
            ui_Rect r = { STAFF_RIGHT - 220, y + 30, 220, 72 };
            const char *next = strcmp(q->status, "queued") == 0 ? _("ENGRAVE")
                             : strcmp(q->status, "engraving") == 0 ? _("READY") : _("COLLECTED");
            snprintf(id, sizeof id, "order:%lld:advance", (long long)q->number);
            ui_staff_small_button(app, id, r, next, 1);
        }
        ui_hline(ui, STAFF_LEFT, STAFF_RIGHT, y + STAFF_ROW_H - 8, t->line);
    }
    ui_staff_message(app, STAFF_LIST_Y + STAFF_LIST_ROWS * STAFF_ROW_H + 4);
    ui_staff_tabs(app);
}

const ui_Screen ui_screen_staff_orders = {
    .name = "staff-orders", .step = -1, .staff = 1, .tab = "orders", .tab_label = N_("ORDERS"),
    .state_size = sizeof(OrdersState),
    .enter = refresh, .draw = draw, .act = act,
};
