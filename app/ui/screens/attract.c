/* attract.c — shown when nobody is at the counter; any touch starts. */
#include "ui/app_internal.h"

#include <math.h>

#define HERO_SIZE 760

static void draw(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    ui_Rect all = { 0, 0, UI_WIDTH, UI_HEIGHT };
    const model_Charm *charm = &app->cat->charms[0];
    const model_Finish *finish = &app->cat->finishes[0];
    const model_Font *font = &app->cat->fonts[app->cat->n_fonts > 1 ? 1 : 0];
    const char *refusal;
    SDL_Texture *hero;
    double phase = (double)(ui->now_ms % 3200) / 3200.0;
    uint8_t pulse = (uint8_t)(150 + 105 * (0.5 + 0.5 * sin(phase * 2 * M_PI)));

    ui_fill(ui, all, t->dark);
    ui_widget(ui, "start", all, 1);
    {
        /* The wordmark: a long press opens staff mode, a tap starts as anywhere. */
        ui_Rect logo = { 200, 200, UI_WIDTH - 400, 200 };
        ui_widget(ui, "staff", logo, 1);
    }
    ui_text(ui, "start", UI_FONT_DISPLAY, t->wordmark, UI_WIDTH / 2, 230, UI_ALIGN_CENTER, t->dark_ink, 24);
    ui_hline(ui, UI_WIDTH / 2 - 60, UI_WIDTH / 2 + 60, 400, t->accent);
    ui_text(ui, "start", UI_FONT_ITALIC, _(t->tagline), UI_WIDTH / 2, 436, UI_ALIGN_CENTER,
            ui_alpha(t->dark_ink, 210), 0);

    hero = ui_preview_engraving(app->previews, charm, finish, font, "line", "Amour",
                                HERO_SIZE, ui_rgb_of(t->dark), &refusal);
    if (hero) {
        SDL_Rect dst = { (UI_WIDTH - HERO_SIZE) / 2, 560, HERO_SIZE, HERO_SIZE };
        SDL_RenderCopy(ui->renderer, hero, NULL, &dst);
    }
    ui_text(ui, "start", UI_FONT_ITALIC, _("Choose a charm, a precious metal and your words."),
            UI_WIDTH / 2, 1400, UI_ALIGN_CENTER, ui_alpha(t->dark_ink, 200), 0);
    ui_text(ui, "start", UI_FONT_LABEL, _("TOUCH TO BEGIN"), UI_WIDTH / 2, 1640, UI_ALIGN_CENTER,
            ui_alpha(t->accent, pulse), 8);
}

/* Any touch starts, the wordmark's tap too (its long press is staff's). */
static void act(ui_App *app, const ui_Action *a)
{
    if ((a->kind == UI_ACT_START || a->kind == UI_ACT_WORDMARK) &&
        app->session.step == MODEL_STEP_ATTRACT)
        model_session_next(&app->session);
}

const ui_Screen ui_screen_attract = {
    .name = "attract", .step = MODEL_STEP_ATTRACT, .draw = draw, .act = act,
};
