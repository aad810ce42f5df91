/* review.c — step 4: every choice, its price, the total; confirm. */
#include "ui/app_internal.h"

#include <string.h>

#define PREVIEW PREVIEW_IMG
#define LEFT    110
#define RIGHT   (UI_WIDTH - 110)

static int row(ui_App *app, const char *id, int y, const char *label, const char *value,
               const char *detail, const char *price)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    ui_text(ui, id, UI_FONT_LABEL, label, LEFT, y + 16, UI_ALIGN_LEFT, t->muted, 4);
    ui_text(ui, id, UI_FONT_HEADING, value, LEFT + 250, y, UI_ALIGN_LEFT, t->ink, 0);
    if (detail && detail[0])
        ui_text(ui, id, UI_FONT_BODY, detail, LEFT + 250, y + 58, UI_ALIGN_LEFT, t->muted, 0);
    ui_text(ui, id, UI_FONT_BODY, price, RIGHT, y + 10, UI_ALIGN_RIGHT, t->ink, 0);
    ui_hline(ui, LEFT, RIGHT, y + (detail && detail[0] ? 112 : 80), t->line);
    return y + (detail && detail[0] ? 132 : 100);
}

/* "Add a matching piece" (a set in the same finish), while the set has room. */
static void add_piece_button(ui_App *app, int enabled)
{
    ui_Rect r = { LEFT, 1578, RIGHT - LEFT, 96 };
    if (app->session.n_set >= MODEL_MAX_PIECES - 1 || !enabled) return;
    ui_button_secondary(app, "add-piece", r, _("ADD A MATCHING PIECE"));
}

/* A set: every piece side by side, a row each, the shared metal, the total. */
/* Why the order could not be placed or its number held, in the customer's
 * words (the backend's sentence, never the store's own message): one line
 * between the total (at most three detailed rows: it ends by 1470) and
 * "add a matching piece" (1578). */
static void order_message(ui_App *app)
{
    const int y = 1520;
    ui_Rect line = { LEFT, y, RIGHT - LEFT, 50 };
    if (!app->error[0]) return;
    ui_widget(&app->ui, "message", line, 0);
    ui_text(&app->ui, "message", UI_FONT_ITALIC, app->error, UI_WIDTH / 2, y + 10, UI_ALIGN_CENTER,
            app->ui.theme.error, 0);
}

static void draw_set(ui_App *app, const model_Finish *finish)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    const model_Catalogue *cat = app->cat;
    const model_Session *s = &app->session;
    model_Piece all[MODEL_MAX_PIECES];
    int n = 0, size, gap = 24, y, x, ok = 1;
    char price[64], detail[192], quoted[MODEL_TEXT_MAX + 16], label[32];

    for (int i = 0; i < s->n_set; i++) all[n++] = s->set[i];
    snprintf(all[n].charm_id, sizeof all[n].charm_id, "%s", s->charm_id);
    snprintf(all[n].font_id, sizeof all[n].font_id, "%s", s->font_id);
    snprintf(all[n].layout, sizeof all[n].layout, "%s", s->layout);
    snprintf(all[n].text, sizeof all[n].text, "%s", s->text);
    n++;
    size = n == 2 ? 380 : n == 3 ? 300 : 230;
    x = (UI_WIDTH - n * size - (n - 1) * gap) / 2;
    for (int i = 0; i < n; i++) {
        const model_Charm *c = model_catalogue_charm(cat, all[i].charm_id);
        const model_Font *f = model_catalogue_font(cat, all[i].font_id);
        const char *refusal = NULL;
        SDL_Texture *img = c && f ? ui_preview_engraving(app->previews, c, finish, f, all[i].layout,
                                                         all[i].text, size, ui_rgb_of(t->background),
                                                         &refusal) : NULL;
        if (img) {
            SDL_Rect dst = { x + i * (size + gap), 410, size, size };
            SDL_RenderCopy(ui->renderer, img, NULL, &dst);
        }
        if (!c || !f || refusal) ok = 0;
    }
    y = 410 + size + 30;
    for (int i = 0; i < n; i++) {
        const model_Charm *c = model_catalogue_charm(cat, all[i].charm_id);
        const model_Font *f = model_catalogue_font(cat, all[i].font_id);
        char id[UI_WIDGET_ID_MAX];
        if (!c || !f) continue;
        snprintf(label, sizeof label, _("PIECE %d"), i + 1);
        snprintf(quoted, sizeof quoted, _("\xE2\x80\x9C%s\xE2\x80\x9D"), all[i].text);
        snprintf(detail, sizeof detail, "%s \xC2\xB7 %s", quoted, CAT_NAME(f->name));
        ui_format_price(app, c->price_minor + cat->engraving_fee_minor, price, sizeof price);
        snprintf(id, sizeof id, "piece:%d", i + 1);
        ui_widget(ui, id, (ui_Rect){ LEFT, y, RIGHT - LEFT, 120 }, 0);
        y = row(app, id, y, label, CAT_NAME(c->name), detail, price);
    }
    snprintf(detail, sizeof detail, _("Hallmark %s, every piece"), finish->hallmark);
    if (finish->surcharge_minor > 0) {
        char p[48];
        ui_format_price(app, finish->surcharge_minor * n, p, sizeof p);
        snprintf(price, sizeof price, "+ %s", p);
    } else {
        snprintf(price, sizeof price, "%s", _("Included"));
    }
    y = row(app, NULL, y, _("METAL"), CAT_NAME(finish->name), detail, price);
    ui_format_price(app, model_session_price(s), price, sizeof price);
    ui_text(ui, "total", UI_FONT_LABEL, _("TOTAL"), LEFT, y + 30, UI_ALIGN_LEFT, t->ink, 4);
    ui_text(ui, "total", UI_FONT_FIGURES, price, RIGHT, y + 4, UI_ALIGN_RIGHT, t->ink, 0);
    add_piece_button(app, ok);
    order_message(app);
    ui_chrome_nav(app, "confirm", _("PLACE ORDER"), ok);
}

static void draw(ui_App *app)
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

    ui_chrome_header(app, s->n_set ? _("Your set") : _("Your piece"), _("Please take a moment to review it."));
    if (!charm || !finish || !font) {
        ui_chrome_nav(app, "confirm", _("PLACE ORDER"), 0);
        return;
    }
    if (s->n_set > 0) {
        draw_set(app, finish);
        return;
    }
    img = ui_preview_engraving(app->previews, charm, finish, font, s->layout, s->text, PREVIEW,
                               ui_rgb_of(t->background), &refusal);
    if (img) {
        SDL_Rect dst = { (UI_WIDTH - PREVIEW) / 2, 410, PREVIEW, PREVIEW };
        SDL_RenderCopy(ui->renderer, img, NULL, &dst);
    }
    y = 1000;
    ui_format_price(app, charm->price_minor, price, sizeof price);
    if (app->hold_token[0]) {
        /* A numbered piece: its number is held for this customer. */
        const int i = (int)(charm - cat->charms);
        snprintf(detail, sizeof detail, _("Limited edition, No. %02d / %d"), app->hold_serial,
                 app->editions[i].size);
        y = row(app, "serial", y, _("CHARM"), CAT_NAME(charm->name), detail, price);
    } else {
        y = row(app, NULL, y, _("CHARM"), CAT_NAME(charm->name), NULL, price);
    }
    snprintf(detail, sizeof detail, _("Hallmark %s"), finish->hallmark);
    if (finish->surcharge_minor > 0) {
        char p[48];
        ui_format_price(app, finish->surcharge_minor, p, sizeof p);
        snprintf(price, sizeof price, "+ %s", p);
    } else {
        snprintf(price, sizeof price, "%s", _("Included"));
    }
    y = row(app, NULL, y, _("METAL"), CAT_NAME(finish->name), detail, price);
    /* Typographic quotes around the customer's words, as each language has them. */
    snprintf(quoted, sizeof quoted, _("\xE2\x80\x9C%s\xE2\x80\x9D"), s->text);
    snprintf(detail, sizeof detail, _("%s, engraved by hand"), CAT_NAME(font->name));
    if (cat->engraving_fee_minor > 0) ui_format_price(app, cat->engraving_fee_minor, price, sizeof price);
    else snprintf(price, sizeof price, "%s", _("Complimentary"));
    y = row(app, "engraving", y, _("ENGRAVING"), quoted, detail, price);

    ui_format_price(app, model_session_price(s), price, sizeof price);
    ui_text(ui, "total", UI_FONT_LABEL, _("TOTAL"), LEFT, y + 30, UI_ALIGN_LEFT, t->ink, 4);
    ui_text(ui, "total", UI_FONT_FIGURES, price, RIGHT, y + 4, UI_ALIGN_RIGHT, t->ink, 0);

    add_piece_button(app, refusal == NULL);
    order_message(app);
    ui_chrome_nav(app, "confirm", _("PLACE ORDER"), refusal == NULL);
}

/* A numbered piece's serial is held while the customer reviews it; the
 * thank-you's words are drawn ahead. */
static void enter(ui_App *app)
{
    ui_app_hold_serial(app);
    ui_done_prepare(app);
}

/* Back to change something: the serial goes back; confirmed: it was sold. */
static void leave(ui_App *app)
{
    if (app->session.step != MODEL_STEP_DONE) ui_app_release_serial(app);
}

static void act(ui_App *app, const ui_Action *a)
{
    model_Session *s = &app->session;
    if (a->kind == UI_ACT_ADD_PIECE) {
        const ui_Widget *w = ui_widget_shown(&app->ui, "add-piece");
        if (w && w->enabled && s->step == MODEL_STEP_REVIEW) model_session_add_piece(s);
    } else if (a->kind == UI_ACT_CONFIRM && s->step == MODEL_STEP_REVIEW) {
        ui_app_place_order(app);
    }
}

const ui_Screen ui_screen_review = {
    .name = "review", .step = MODEL_STEP_REVIEW, .enter = enter, .draw = draw, .act = act,
    .leave = leave,
};
