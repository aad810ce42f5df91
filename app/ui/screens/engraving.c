/* engraving.c — step 3: type the words, see them on the charm. */
#include "ui/app_internal.h"

#include <string.h>

#define PREVIEW   PREVIEW_IMG
#define PREVIEW_Y 400
#define CHIPS_Y   (PREVIEW_Y + PREVIEW + 16)   /* fonts; layouts below them */
#define CHIP_H    56
#define FIELD_Y   1040
#define KEYS_Y    1232

/* A row of pill-shaped choices; the one equal to `current` is filled. */
static void chips(ui_App *app, int y, const char *prefix, const char *const *ids,
                  const char *const *labels, int n, const char *current)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    int gap = 14, w = (990 - (n - 1) * gap) / (n > 0 ? n : 1);
    int x = (UI_WIDTH - 990) / 2;
    char id[UI_WIDGET_ID_MAX];
    for (int i = 0; i < n; i++) {
        ui_Rect r = { x + i * (w + gap), y, w, CHIP_H };
        int on = strcmp(current, ids[i]) == 0;
        int down;
        snprintf(id, sizeof id, "%s:%s", prefix, ids[i]);
        down = ui_widget(ui, id, r, 1);
        ui_round_rect(ui, r, CHIP_H / 2, on ? t->ink : down ? t->line : t->background,
                      on ? t->ink : t->line, 2, t->background);
        ui_text_in(ui, id, UI_FONT_BODY, labels[i], r, on ? t->accent_ink : t->ink, 0);
    }
}

static void font_choices(ui_App *app, int y)
{
    const char *ids[MODEL_MAX_FONTS], *labels[MODEL_MAX_FONTS];
    int n = app->cat->n_fonts;
    for (int i = 0; i < n; i++) {
        ids[i] = app->cat->fonts[i].id;
        labels[i] = CAT_NAME(app->cat->fonts[i].name);
    }
    chips(app, y, "font", ids, labels, n, app->session.font_id);
}

static const char *layout_label(const char *layout)
{
    if (strcmp(layout, "line") == 0) return _("Centred");
    if (strcmp(layout, "arc-top") == 0) return _("Arc above");
    if (strcmp(layout, "arc-bottom") == 0) return _("Arc below");
    if (strcmp(layout, "monogram") == 0) return _("Monogram");
    if (strcmp(layout, "vertical") == 0) return _("Vertical");
    return layout;
}

static void layout_choices(ui_App *app, const model_Charm *charm, int y)
{
    const char *ids[8], *labels[8];
    int n = model_layouts_for_charm(charm, ids, 8);
    for (int i = 0; i < n; i++) labels[i] = layout_label(ids[i]);
    chips(app, y, "layout", ids, labels, n, app->session.layout);
}

static void text_field(ui_App *app, const model_Charm *charm, const char *refusal)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    ui_Rect field = { 45, FIELD_Y, 990, 100 };
    char count[32];
    int w = 0, h = 0, x;
    const char *below = NULL;
    ui_Color below_color = t->muted;

    ui_widget(ui, "text", field, 0);
    ui_round_rect(ui, field, 18, t->surface, t->line, 2, t->background);
    if (app->session.text[0]) {
        /* In the chosen font; in the UI's sans when that font lacks a
         * character (the refusal below says which). */
        const model_Font *font = model_catalogue_font(app->cat, app->session.font_id);
        ui_Font f = font ? (ui_Font)app->field_font[font - app->cat->fonts] : UI_FONT_ENGRAVING;
        if (!ui_font_covers(ui, f, app->session.text)) f = UI_FONT_KEY;
        ui_text_size(ui, f, app->session.text, 0, &w, &h);
        x = UI_WIDTH / 2 - w / 2;
        ui_text(ui, "text", f, app->session.text, x, field.y + (field.h - h) / 2 + 4, UI_ALIGN_LEFT, t->ink, 0);
    } else {
        x = UI_WIDTH / 2;
        ui_text_in(ui, "text", UI_FONT_ITALIC, _("Initials, a name, a date"), field, t->muted, 0);
        x = field.x + 40;
    }
    {
        /* A thin gold caret after the text. */
        ui_Rect caret = { app->session.text[0] ? x + w + 6 : x - 10, field.y + 24, 3, field.h - 48 };
        ui_fill(ui, caret, t->accent);
    }
    snprintf(count, sizeof count, "%d / %d", model_session_text_chars(&app->session), charm->max_chars);
    ui_text(ui, NULL, UI_FONT_LABEL, count, field.x + field.w - 28, field.y + field.h + 14, UI_ALIGN_RIGHT, t->muted, 2);

    if (refusal && app->session.text[0]) {
        below = refusal;
        below_color = t->error;
    } else if (app->notice[0] && ui->now_ms < app->notice_until_ms) {
        below = app->notice;
        below_color = t->error;
    }
    if (below) {
        ui_Rect line = { field.x, field.y + field.h + 4, field.w - 120, 44 };
        ui_widget(ui, "message", line, 0);
        /* A refusal may quote a character the italic lacks (a kanji): the
         * sans has it, and a box would be no answer. */
        ui_text(ui, "message", ui_font_covers(ui, UI_FONT_ITALIC, below) ? UI_FONT_ITALIC : UI_FONT_BODY, below,
                field.x + 28, field.y + field.h + 6, UI_ALIGN_LEFT, below_color, 0);
    }
}

static void draw(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const model_Catalogue *cat = app->cat;
    const model_Charm *charm = model_catalogue_charm(cat, app->session.charm_id);
    const model_Finish *finish = model_catalogue_finish(cat, app->session.finish_id);
    const model_Font *font = model_catalogue_font(cat, app->session.font_id);
    const char *refusal = NULL;
    char subtitle[160];
    SDL_Texture *img;
    ui_Rect keys = { 0, KEYS_Y, UI_WIDTH, 4 * 90 + 80 };

    if (!charm) charm = &cat->charms[0];
    if (!finish) finish = &cat->finishes[0];
    if (!font) font = &cat->fonts[0];
    snprintf(subtitle, sizeof subtitle, _("Shown at the true proportions of the %s."), CAT_NAME(charm->name));
    ui_chrome_header(app, _("Your engraving"), subtitle);

    img = ui_preview_engraving(app->previews, charm, finish, font, app->session.layout,
                               app->session.text, PREVIEW, ui_rgb_of(ui->theme.background), &refusal);
    if (img) {
        SDL_Rect dst = { (UI_WIDTH - PREVIEW) / 2, PREVIEW_Y, PREVIEW, PREVIEW };
        SDL_RenderCopy(ui->renderer, img, NULL, &dst);
    }
    font_choices(app, CHIPS_Y);
    layout_choices(app, charm, CHIPS_Y + CHIP_H + 12);
    text_field(app, charm, refusal);
    ui_keyboard_draw(ui, &app->kb, keys);
    ui_chrome_nav(app, "next", _("REVIEW"), model_session_can_advance(&app->session) && !refusal);
}

/* Engravings almost always begin with a capital. */
static void enter(ui_App *app)
{
    if (app->session.text[0] == '\0') app->kb.shift = 1;
}

/* The keys type into the session, within the charm's length; a character
 * too many is said under the field. */
static int type(ui_App *app, const char *utf8)
{
    model_Session *s = &app->session;
    const model_Charm *c = model_catalogue_charm(app->cat, s->charm_id);
    char msg[256];
    if (model_session_type(s, utf8) == 0) return 0;
    if (c && c->max_chars > 0)
        snprintf(msg, sizeof msg, _("The %s holds up to %d characters."), CAT_NAME(c->name), c->max_chars);
    else
        snprintf(msg, sizeof msg, "%s", _("That is as long as an engraving can be."));
    ui_app_notice(app, msg);
    return -1;
}

static void erase(ui_App *app)
{
    model_session_backspace(&app->session);
}

static int typing(ui_App *app, ui_TypingTarget *out)
{
    *out = (ui_TypingTarget){ .buf = app->session.text, .cap = sizeof app->session.text,
                              .type = type, .erase = erase, .capital_when_empty = 1 };
    return 1;
}

static void act(ui_App *app, const ui_Action *a)
{
    ui_TypingTarget target;
    if (a->kind == UI_ACT_FONT) model_session_choose_font(&app->session, a->text);
    else if (a->kind == UI_ACT_LAYOUT) model_session_choose_layout(&app->session, a->text);
    else if (typing(app, &target)) ui_keyboard_act(app, &app->kb, &target, a);
}

const ui_Screen ui_screen_engraving = {
    .name = "engraving", .step = MODEL_STEP_ENGRAVING, .enter = enter, .draw = draw, .act = act,
    .typing = typing,
};
