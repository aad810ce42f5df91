/* screen_review.c — step 4: every choice, its price, the total; confirm. */
#include "ui/app_internal.h"

#include <string.h>

#define PREVIEW PREVIEW_IMG
#define LEFT    110
#define RIGHT   (UI_WIDTH - 110)

static int row(ui_App *app, int y, const char *label, const char *value, const char *detail,
               const char *price)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    ui_text(ui, UI_FONT_LABEL, label, LEFT, y + 16, UI_ALIGN_LEFT, t->muted, 4);
    ui_text(ui, UI_FONT_HEADING, value, LEFT + 250, y, UI_ALIGN_LEFT, t->ink, 0);
    if (detail && detail[0])
        ui_text(ui, UI_FONT_BODY, detail, LEFT + 250, y + 58, UI_ALIGN_LEFT, t->muted, 0);
    ui_text(ui, UI_FONT_BODY, price, RIGHT, y + 10, UI_ALIGN_RIGHT, t->ink, 0);
    ui_hline(ui, LEFT, RIGHT, y + (detail && detail[0] ? 112 : 80), t->line);
    return y + (detail && detail[0] ? 132 : 100);
}

void screen_review_draw(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    const model_Catalogue *cat = app->cat;
    const model_Session *s = &app->session;
    const model_Charm *charm = model_catalogue_charm(cat, s->charm_id);
    const model_Finish *finish = model_catalogue_finish(cat, s->finish_id);
    const model_Font *font = model_catalogue_font(cat, s->font_id);
    const char *refusal = NULL;
    char price[64], detail[128], quoted[MODEL_TEXT_MAX + 16];
    SDL_Texture *img;
    int y;

    chrome_header(app, _("Your piece"), _("Please take a moment to review it."));
    if (!charm || !finish || !font) {
        chrome_nav(app, "confirm", _("PLACE ORDER"), 0);
        return;
    }
    img = ui_preview_engraving(app->previews, charm, finish, font, s->layout, s->text, PREVIEW,
                               rgb_of(t->background), &refusal);
    if (img) {
        SDL_Rect dst = { (UI_WIDTH - PREVIEW) / 2, 410, PREVIEW, PREVIEW };
        SDL_RenderCopy(ui->renderer, img, NULL, &dst);
    }
    y = 1000;
    format_price(app, charm->price_minor, price, sizeof price);
    if (app->hold_token[0]) {
        /* A numbered piece: its number is held for this customer. */
        const int i = (int)(charm - cat->charms);
        snprintf(detail, sizeof detail, _("Limited edition, No. %02d / %d"), app->hold_serial,
                 app->editions[i].size);
        ui->current_widget = "serial";
        y = row(app, y, _("CHARM"), CAT_NAME(charm->name), detail, price);
        ui->current_widget = NULL;
    } else {
        y = row(app, y, _("CHARM"), CAT_NAME(charm->name), NULL, price);
    }
    snprintf(detail, sizeof detail, _("Hallmark %s"), finish->hallmark);
    if (finish->surcharge_minor > 0) {
        char p[48];
        format_price(app, finish->surcharge_minor, p, sizeof p);
        snprintf(price, sizeof price, "+ %s", p);
    } else {
        snprintf(price, sizeof price, "%s", _("Included"));
    }
    y = row(app, y, _("METAL"), CAT_NAME(finish->name), detail, price);
    /* Typographic quotes around the customer's words, as each language has them. */
    snprintf(quoted, sizeof quoted, _("\xE2\x80\x9C%s\xE2\x80\x9D"), s->text);
    snprintf(detail, sizeof detail, _("%s, engraved by hand"), CAT_NAME(font->name));
    if (cat->engraving_fee_minor > 0) format_price(app, cat->engraving_fee_minor, price, sizeof price);
    else snprintf(price, sizeof price, "%s", _("Complimentary"));
    ui->current_widget = "engraving";
    y = row(app, y, _("ENGRAVING"), quoted, detail, price);
    ui->current_widget = NULL;

    format_price(app, model_session_price(s), price, sizeof price);
    ui->current_widget = "total";
    ui_text(ui, UI_FONT_LABEL, _("TOTAL"), LEFT, y + 30, UI_ALIGN_LEFT, t->ink, 4);
    ui_text(ui, UI_FONT_FIGURES, price, RIGHT, y + 4, UI_ALIGN_RIGHT, t->ink, 0);
    ui->current_widget = NULL;

    if (app->error[0]) {
        ui_Rect line = { LEFT, 1630, RIGHT - LEFT, 50 };
        ui_widget(ui, "message", line, 0);
        ui->current_widget = "message";
        ui_text(ui, UI_FONT_ITALIC, _("We could not record your order. Please ask our staff."),
                UI_WIDTH / 2, 1640, UI_ALIGN_CENTER, t->error, 0);
        ui->current_widget = NULL;
    }
    chrome_nav(app, "confirm", _("PLACE ORDER"), refusal == NULL);
}
