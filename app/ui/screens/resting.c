/* resting.c — shown instead of the customer flow while the counter
 * cannot take orders (its database cannot be written, or is damaged).
 *
 * A customer must never design a piece only to learn at the end that it
 * could not be recorded; nor should they read of databases. The screen is
 * the attract screen's sibling, calm and still: the wordmark (whose long
 * press still opens staff mode), the house's piece, and one sentence
 * asking them to see the staff. Nothing else answers a touch.
 */
#include "ui/app_internal.h"

#define HERO_SIZE 760     /* the attract screen's: the same picture, already drawn */

static void draw(ui_App *app)
{
    ui_Ctx *ui = &app->ui;
    const ui_Theme *t = &ui->theme;
    ui_Rect all = { 0, 0, UI_WIDTH, UI_HEIGHT };
    ui_Rect logo = { 200, 200, UI_WIDTH - 400, 200 };
    ui_Rect words = { 80, 1380, UI_WIDTH - 160, 220 };
    const model_Charm *charm = &app->cat->charms[0];
    const model_Finish *finish = &app->cat->finishes[0];
    const model_Font *font = &app->cat->fonts[app->cat->n_fonts > 1 ? 1 : 0];
    const char *refusal;
    SDL_Texture *hero;

    ui_fill(ui, all, t->dark);
    ui_widget(ui, "staff", logo, 1);
    ui_text(ui, "staff", UI_FONT_DISPLAY, t->wordmark, UI_WIDTH / 2, 230, UI_ALIGN_CENTER, t->dark_ink, 24);
    ui_hline(ui, UI_WIDTH / 2 - 60, UI_WIDTH / 2 + 60, 400, t->accent);
    ui_text(ui, NULL, UI_FONT_ITALIC, _(t->tagline), UI_WIDTH / 2, 436, UI_ALIGN_CENTER,
            ui_alpha(t->dark_ink, 210), 0);

    /* The attract screen's piece: the same house, at rest. */
    hero = ui_preview_engraving(app->previews, charm, finish, font, "line", "Amour",
                                HERO_SIZE, ui_rgb_of(t->dark), &refusal);
    if (hero) {
        SDL_Rect dst = { (UI_WIDTH - HERO_SIZE) / 2, 560, HERO_SIZE, HERO_SIZE };
        SDL_RenderCopy(ui->renderer, hero, NULL, &dst);
    }

    ui_widget(ui, "resting", words, 0);
    ui_text(ui, "resting", UI_FONT_TITLE, _("This counter is resting"), UI_WIDTH / 2, words.y,
            UI_ALIGN_CENTER, t->dark_ink, 0);
    ui_text_wrapped(ui, "resting", UI_FONT_ITALIC, _("Please ask our staff: they will be delighted to help you."),
                    words.x, words.y + 110, words.w, ui_alpha(t->dark_ink, 200));
    ui_hline(ui, UI_WIDTH / 2 - 60, UI_WIDTH / 2 + 60, 1660, t->accent);
}

/* Nothing answers a touch but the wordmark's long press (the app's). */
const ui_Screen ui_screen_resting = {
    .name = "resting", .step = -1, .draw = draw,
};
