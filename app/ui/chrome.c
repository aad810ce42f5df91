/* chrome.c — the common frame of the flow screens: wordmark, steps, buttons. */
#include "ui/app_internal.h"

#include <string.h>

#define MARGIN      80
#define NAV_Y       1712
#define NAV_H       128

void ui_chrome_background(ui_App *app)
{
    ui_Rect all = { 0, 0, UI_WIDTH, UI_HEIGHT };
    ui_fill(&app->ui, all, app->ui.theme.background);
}

static void steps(ui_App *app, int y)
{
    static const char *const names[] = { N_("CHARM"), N_("METAL"), N_("ENGRAVING"), N_("REVIEW") };
    const ui_Theme *t = &app->ui.theme;
    int current = (int)app->session.step - (int)MODEL_STEP_CHARM;
    int widths[4], total = 0, gap = 56, x;
    for (int i = 0; i < 4; i++) {
        ui_text_size(&app->ui, UI_FONT_LABEL, _(names[i]), 4, &widths[i], NULL);
        total += widths[i] + (i ? gap : 0);
    }
    x = (UI_WIDTH - total) / 2;
    for (int i = 0; i < 4; i++) {
        ui_Color c = i == current ? t->ink : i < current ? t->accent : t->muted;
        ui_text(&app->ui, NULL, UI_FONT_LABEL, _(names[i]), x, y, UI_ALIGN_LEFT, c, 4);
        if (i == current) {
            ui_Rect bar = { x, y + 40, widths[i], 3 };
            ui_fill(&app->ui, bar, t->accent);
        }
        if (i < 3) {
            /* A small gold diamond between the steps. */
            ui_Rect dot = { x + widths[i] + gap / 2 - 3, y + 14, 6, 6 };
            ui_fill(&app->ui, dot, ui_alpha(t->accent, 160));
        }
        x += widths[i] + gap;
    }
}

int ui_chrome_header(ui_App *app, const char *title, const char *subtitle)
{
    const ui_Theme *t = &app->ui.theme;
    ui_Rect logo = { 340, 40, 400, 110 };
    ui_chrome_background(app);
    /* The wordmark is also the (later) staff entrance: a widget of its own. */
    ui_widget(&app->ui, "staff", logo, 1);
    ui_text(&app->ui, "staff", UI_FONT_HEADING, t->wordmark, UI_WIDTH / 2, 62, UI_ALIGN_CENTER, t->ink, 14);
    ui_hline(&app->ui, UI_WIDTH / 2 - 40, UI_WIDTH / 2 + 40, 136, t->accent);
    steps(app, 176);
    ui_text(&app->ui, NULL, UI_FONT_TITLE, title, UI_WIDTH / 2, 262, UI_ALIGN_CENTER, t->ink, 0);
    if (subtitle && subtitle[0])
        ui_text(&app->ui, NULL, UI_FONT_ITALIC, subtitle, UI_WIDTH / 2, 356, UI_ALIGN_CENTER, t->muted, 0);
    return 430;
}

void ui_choice_tile(ui_App *app, const char *id, ui_Rect r, int enabled, int selected,
                    SDL_Texture *img, int img_size, int img_top, const char *name, int name_y)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    int down = ui_widget(ui, id, r, enabled);
    /* The picture is opaque on the surface colour: a press shows in the border. */
    ui_round_rect(ui, r, 22, t->surface, selected || down ? t->accent : t->line,
                  selected ? 4 : down ? 3 : 2, t->background);
    if (img) {
        SDL_Rect dst = { r.x + (r.w - img_size) / 2, r.y + img_top, img_size, img_size };
        SDL_RenderCopy(ui->renderer, img, NULL, &dst);
    }
    ui_text(ui, id, UI_FONT_HEADING, name, r.x + r.w / 2, r.y + name_y, UI_ALIGN_CENTER, t->ink, 0);
}

void ui_button_primary(ui_App *app, const char *id, ui_Rect r, const char *label, int enabled)
{
    const ui_Theme *t = &app->ui.theme;
    int down = ui_widget(&app->ui, id, r, enabled);
    ui_Color fill = !enabled ? t->line : down ? t->accent : t->ink;
    ui_Color ink = enabled ? t->accent_ink : t->muted;
    ui_round_rect(&app->ui, r, r.h / 2, fill, fill, 0, t->background);
    ui_text_in(&app->ui, id, UI_FONT_BUTTON, label, r, ink, 3);
}

void ui_button_secondary(ui_App *app, const char *id, ui_Rect r, const char *label)
{
    const ui_Theme *t = &app->ui.theme;
    int down = ui_widget(&app->ui, id, r, 1);
    ui_round_rect(&app->ui, r, r.h / 2, down ? t->line : t->background, t->ink, 2, t->background);
    ui_text_in(&app->ui, id, UI_FONT_BUTTON, label, r, t->ink, 3);
}

void ui_chrome_nav(ui_App *app, const char *primary_id, const char *primary_label, int enabled)
{
    ui_Rect back = { MARGIN, NAV_Y, 300, NAV_H };
    ui_Rect next = { MARGIN + 300 + 40, NAV_Y, UI_WIDTH - 2 * MARGIN - 340, NAV_H };
    ui_button_secondary(app, "back", back, _("BACK"));
    ui_button_primary(app, primary_id, next, primary_label, enabled);
}
