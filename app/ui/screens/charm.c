/* charm.c — step 1: a grid of charms with their picture and price. */
#include "ui/app_internal.h"

#include <string.h>

#define COLS     2
#define TILE_W   440
#define TILE_H   384
#define GAP      40
#define IMG      CHARM_TILE_IMG

static void draw(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    const model_Catalogue *cat = app->cat;
    const model_Finish *shown_finish = model_catalogue_finish(cat, app->session.finish_id);
    int y0 = ui_chrome_header(app, app->session.n_set ? _("Choose the matching charm") : _("Choose your charm"),
                           app->session.n_set ? _("It will share the metal of your first piece.")
                                              : _("Each piece is engraved by hand in our atelier."));
    int x0 = (UI_WIDTH - COLS * TILE_W - (COLS - 1) * GAP) / 2;
    char id[UI_WIDGET_ID_MAX], price[64], from[96];

    if (!shown_finish) shown_finish = &cat->finishes[0];
    ui_app_editions_refresh(app, 0);
    for (int i = 0; i < cat->n_charms && i < 6; i++) {
        const model_Charm *c = &cat->charms[i];
        ui_Rect r = { x0 + (i % COLS) * (TILE_W + GAP), y0 + 20 + (i / COLS) * (TILE_H + 30), TILE_W, TILE_H };
        int numbered = app->editions[i].numbered, sold_out = numbered && app->editions[i].remaining <= 0;
        /* A set's numbered piece can only be its first: one serial an order. */
        int choosable = !sold_out && !(numbered && app->session.n_set > 0);
        snprintf(id, sizeof id, "charm:%s", c->id);
        /* A sold-out piece is shown, but cannot be chosen. */
        ui_choice_tile(app, id, r, choosable, strcmp(app->session.charm_id, c->id) == 0,
                    ui_preview_charm(app->previews, c, shown_finish, IMG, ui_rgb_of(t->surface)), IMG, 18,
                    CAT_NAME(c->name), 262);
        ui_format_price(app, c->price_minor, price, sizeof price);
        snprintf(from, sizeof from, _("from %s"), price);
        if (numbered) {
            /* One line: the price, then the live count of the edition in gold. */
            char left[96];
            int wf, wl, x;
            if (sold_out) snprintf(left, sizeof left, "%s", _("SOLD OUT"));
            else snprintf(left, sizeof left, _("%d OF %d LEFT"), app->editions[i].remaining,
                          app->editions[i].size);
            ui_text_size(ui, UI_FONT_BODY, from, 0, &wf, NULL);
            ui_text_size(ui, UI_FONT_LABEL, left, 2, &wl, NULL);
            x = r.x + (r.w - wf - 24 - wl) / 2;
            ui_text(ui, id, UI_FONT_BODY, from, x, r.y + 322, UI_ALIGN_LEFT, t->muted, 0);
            ui_text(ui, id, UI_FONT_LABEL, left, x + wf + 24, r.y + 330, UI_ALIGN_LEFT,
                    sold_out ? t->error : t->accent, 2);
        } else {
            ui_text(ui, id, UI_FONT_BODY, from, r.x + r.w / 2, r.y + 322, UI_ALIGN_CENTER, t->muted, 0);
        }
    }
    ui_chrome_nav(app, "next", _("CONTINUE"), model_session_can_advance(&app->session));
}

static void act(ui_App *app, const ui_Action *a)
{
    if (a->kind == UI_ACT_CHARM) model_session_choose_charm(&app->session, a->text);
}

const ui_Screen ui_screen_charm = {
    .name = "charm", .step = MODEL_STEP_CHARM, .draw = draw, .act = act,
};
