/* done.c — the thank-you, with the order number to show staff. */
#include "ui/app_internal.h"

#define PREVIEW PREVIEW_IMG

#define THANKS_TEXT N_("Please show this number to our staff. Your charm will be engraved by hand " \
                       "in our atelier and hallmarked before it is yours.")

void ui_done_prepare(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    ui_text_prepare(ui, UI_FONT_DISPLAY, _("Thank you"), t->ink, 0, 0);
    ui_text_prepare(ui, UI_FONT_LABEL, _("YOUR ORDER NUMBER"), t->muted, 6, 0);
    ui_text_prepare(ui, UI_FONT_ITALIC, _(THANKS_TEXT), t->muted, 0, UI_WIDTH - 280);
    ui_text_prepare(ui, UI_FONT_BUTTON, _("FINISH"), t->accent_ink, 3, 0);
}

static void draw(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    const model_Order *o = &app->session.placed;
    const model_Charm *charm = model_catalogue_charm(app->cat, o->charm_id);
    const model_Finish *finish = model_catalogue_finish(app->cat, o->finish_id);
    const model_Font *font = model_catalogue_font(app->cat, o->font_id);
    const char *refusal;
    char number[64];
    ui_Rect button = { 240, 1712, UI_WIDTH - 480, 128 };

    ui_chrome_background(app);
    ui_text(ui, NULL, UI_FONT_HEADING, t->wordmark, UI_WIDTH / 2, 62, UI_ALIGN_CENTER, t->ink, 14);
    ui_hline(ui, UI_WIDTH / 2 - 40, UI_WIDTH / 2 + 40, 136, t->accent);
    ui_text(ui, NULL, UI_FONT_DISPLAY, _("Thank you"), UI_WIDTH / 2, 220, UI_ALIGN_CENTER, t->ink, 0);
    if (charm && finish && font && o->n_extra == 0) {
        SDL_Texture *img = ui_preview_engraving(app->previews, charm, finish, font, o->layout,
                                                o->text, PREVIEW, ui_rgb_of(t->background), &refusal);
        if (img) {
            SDL_Rect dst = { (UI_WIDTH - PREVIEW) / 2, 420, PREVIEW, PREVIEW };
            SDL_RenderCopy(ui->renderer, img, NULL, &dst);
        }
    } else if (finish) {
        /* A set: every piece side by side, as on Review. */
        int n = 1 + o->n_extra, gap = 24, size = n == 2 ? 380 : n == 3 ? 300 : 230;
        int x = (UI_WIDTH - n * size - (n - 1) * gap) / 2;
        for (int i = 0; i < n; i++) {
            const char *cid = i ? o->extra[i - 1].charm_id : o->charm_id;
            const char *fid = i ? o->extra[i - 1].font_id : o->font_id;
            const model_Charm *c = model_catalogue_charm(app->cat, cid);
            const model_Font *f = model_catalogue_font(app->cat, fid);
            SDL_Texture *img = c && f ? ui_preview_engraving(app->previews, c, finish, f,
                                                             i ? o->extra[i - 1].layout : o->layout,
                                                             i ? o->extra[i - 1].text : o->text, size,
                                                             ui_rgb_of(t->background), &refusal) : NULL;
            if (img) {
                SDL_Rect dst = { x + i * (size + gap), 420 + (PREVIEW - size) / 2, size, size };
                SDL_RenderCopy(ui->renderer, img, NULL, &dst);
            }
        }
    }
    ui_text(ui, NULL, UI_FONT_LABEL, _("YOUR ORDER NUMBER"), UI_WIDTH / 2, 1010, UI_ALIGN_CENTER, t->muted, 6);
    snprintf(number, sizeof number, "%lld", (long long)o->number);
    ui_text(ui, "order-number", UI_FONT_NUMBER, number, UI_WIDTH / 2, 1044, UI_ALIGN_CENTER, t->accent, 10);
    ui_text_wrapped(ui, NULL, UI_FONT_ITALIC, _(THANKS_TEXT), 140, 1260, UI_WIDTH - 280, t->muted);
    ui_button_primary(app, "done", button, _("FINISH"), 1);
}

static void act(ui_App *app, const ui_Action *a)
{
    if (a->kind == UI_ACT_DONE && app->session.step == MODEL_STEP_DONE)
        model_session_reset(&app->session, app->ui.now_ms);
}

const ui_Screen ui_screen_done = {
    .name = "done", .step = MODEL_STEP_DONE, .draw = draw, .act = act,
};
