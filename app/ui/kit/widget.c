/* widget.c — widget declaration, pointer tracking, actions (see kit.h). */
#include "ui/kit/kit.h"

#include <string.h>

static void copy_id(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n >= UI_WIDGET_ID_MAX) n = UI_WIDGET_ID_MAX - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void ui_frame_begin(ui_Ctx *ui, int64_t now_ms)
{
    ui->n_widgets = 0;
    ui->trace_private = 0;
    ui->now_ms = now_ms;
}

void ui_frame_end(ui_Ctx *ui)
{
    memcpy(ui->shown, ui->widgets, sizeof ui->widgets[0] * (size_t)ui->n_widgets);
    ui->n_shown = ui->n_widgets;
    ui->frame++;
    /* Readers follow the trace while the kiosk runs: whole frames only. */
    if (ui->trace) fflush(ui->trace);
}

/* Topmost (last declared) enabled widget under the point, in the shown frame. */
static const ui_Widget *widget_at(const ui_Ctx *ui, int x, int y)
{
    for (int i = ui->n_shown - 1; i >= 0; i--)
        if (ui_rect_contains(ui->shown[i].rect, x, y))
            return ui->shown[i].enabled ? &ui->shown[i] : NULL;
    return NULL;
}

void ui_push_action(ui_Ctx *ui, const char *id)
{
    if (ui->n_actions < UI_MAX_ACTIONS) copy_id(ui->actions[ui->n_actions++], id);
}

int ui_pop_action(ui_Ctx *ui, char *id, size_t cap)
{
    if (ui->n_actions == 0) return 0;
    snprintf(id, cap, "%s", ui->actions[0]);
    memmove(ui->actions[0], ui->actions[1], sizeof ui->actions[0] * (size_t)(ui->n_actions - 1));
    ui->n_actions--;
    return 1;
}

void ui_pointer(ui_Ctx *ui, int down, int x, int y)
{
    const ui_Widget *w = widget_at(ui, x, y);
    ui->pointer_x = x;
    ui->pointer_y = y;
    if (down) {
        ui->pointer_down = 1;
        ui->pressed_ms = ui->now_ms;
        ui->hold_fired = 0;
        copy_id(ui->pressed_id, w ? w->id : "");
        return;
    }
    /* A tap is a press and a release on the same widget: sliding off cancels. */
    if (ui->pointer_down && !ui->hold_fired && w && strcmp(w->id, ui->pressed_id) == 0)
        ui_push_action(ui, w->id);
    ui->pointer_down = 0;
    ui->pressed_id[0] = '\0';
}

void ui_long_press(ui_Ctx *ui, const char *id, int64_t ms)
{
    char action[UI_WIDGET_ID_MAX];
    if (!ui->pointer_down || ui->hold_fired || strcmp(ui->pressed_id, id) != 0 ||
        ui->now_ms - ui->pressed_ms < ms)
        return;
    ui->hold_fired = 1;
    snprintf(action, sizeof action, "%s:hold", id);
    ui_push_action(ui, action);
}

int ui_widget(ui_Ctx *ui, const char *id, ui_Rect r, int enabled)
{
    if (ui->n_widgets < UI_MAX_WIDGETS) {
        ui_Widget *w = &ui->widgets[ui->n_widgets++];
        copy_id(w->id, id);
        w->rect = r;
        w->enabled = enabled;
    }
    return enabled && ui->pointer_down && strcmp(ui->pressed_id, id) == 0 &&
           ui_rect_contains(r, ui->pointer_x, ui->pointer_y);
}

const ui_Widget *ui_widget_shown(const ui_Ctx *ui, const char *id)
{
    for (int i = 0; i < ui->n_shown; i++)
        if (strcmp(ui->shown[i].id, id) == 0) return &ui->shown[i];
    return NULL;
}
