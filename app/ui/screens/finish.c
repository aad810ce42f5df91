/* finish.c — step 2: the precious metal, with hallmark and surcharge. */
#include "ui/app_internal.h"

#include <string.h>

#define COLS     2
#define TILE_W   440
#define TILE_H   560
#define GAP      40
#define IMG      FINISH_TILE_IMG

static void draw(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    const model_Catalogue *cat = app->cat;
    const model_Charm *charm = model_catalogue_charm(cat, app->session.charm_id);
    int y0 = ui_chrome_header(app, _("Choose the metal"), _("Every piece is hallmarked by the assay office."));
    int x0 = (UI_WIDTH - COLS * TILE_W - (COLS - 1) * GAP) / 2;
    char id[UI_WIDGET_ID_MAX], line[96], price[64];

    if (!charm) charm = &cat->charms[0];
    for (int i = 0; i < cat->n_finishes && i < 4; i++) {
        const model_Finish *f = &cat->finishes[i];
        ui_Rect r = { x0 + (i % COLS) * (TILE_W + GAP), y0 + 20 + (i / COLS) * (TILE_H + 30), TILE_W, TILE_H };
        snprintf(id, sizeof id, "finish:%s", f->id);
        ui_choice_tile(app, id, r, 1, strcmp(app->session.finish_id, f->id) == 0,
                    ui_preview_charm(app->previews, charm, f, IMG, ui_rgb_of(t->surface)), IMG, 24,
                    CAT_NAME(f->name), 362);
        snprintf(line, sizeof line, _("HALLMARK %s"), f->hallmark);
        ui_text(ui, id, UI_FONT_LABEL, line, r.x + r.w / 2, r.y + 430, UI_ALIGN_CENTER, t->accent, 4);
        if (f->surcharge_minor > 0) {
            ui_format_price(app, f->surcharge_minor, price, sizeof price);
            snprintf(line, sizeof line, "+ %s", price);
        } else {
            snprintf(line, sizeof line, "%s", _("Included"));
        }
        ui_text(ui, id, UI_FONT_BODY, line, r.x + r.w / 2, r.y + 476, UI_ALIGN_CENTER, t->muted, 0);
    }
    ui_chrome_nav(app, "next", _("CONTINUE"), model_session_can_advance(&app->session));
}

static void act(ui_App *app, const ui_Action *a)
{
    if (a->kind == UI_ACT_FINISH) model_session_choose_finish(&app->session, a->text);
}

const ui_Screen ui_screen_finish = {
    .name = "finish", .step = MODEL_STEP_FINISH, .draw = draw, .act = act,
};
