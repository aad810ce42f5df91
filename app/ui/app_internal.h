/* app_internal.h — what the screens of app/ui/ share; not for other parts. */
#ifndef UI_APP_INTERNAL_H
#define UI_APP_INTERNAL_H

#include "i18n/i18n.h"
#include "model/money.h"
#include "model/session.h"
#include "ui/action.h"
#include "ui/keyboard.h"
#include "ui/kit/kit.h"
#include "ui/preview.h"
#include "ui/screen.h"
#include "ui/ui.h"

#define UI_NOTICE_MS 2600     /* how long a passing notice stays */
#define CHARM_TILE_IMG   240  /* picture sizes: the charm grid, */
#define FINISH_TILE_IMG  320  /* the metal choices, */
#define PREVIEW_IMG      484  /* the engraved piece (engraving, review, done) */
#define UI_DONE_RETURN_MS 45000  /* the thank-you screen returns to attract */
#define UI_STAFF_HOLD_MS  2000   /* long-press on the wordmark opens staff mode */
#define UI_EDITION_REFRESH_MS 3000

#define UI_MAX_SCREENS 32

typedef struct ui_Staff ui_Staff;    /* staff mode's shared words (screens/staff.h) */

struct ui_App {
    ui_Ctx ui;
    model_Session session;
    const model_Catalogue *cat;
    ui_Previews *previews;
    char locale[32];
    int64_t idle_timeout_ms;
    ui_Backend be;
    int64_t unix_base;            /* Unix time = unix_base + ui clock / 1000 */

    /* The screens' own states (ui_screen_state), in table order. */
    void *screen_state[UI_MAX_SCREENS];
    model_Step drawn_step;        /* the customer flow's screen drawn last */

    /* Staff mode: a staff screen over the customer flow, which it leaves
     * untouched; NULL in the customer flow. */
    const ui_Screen *staff_screen;
    ui_Staff *staff;
    int64_t staff_idle_ms;
    int64_t staff_last_ms;        /* last touch in staff mode */

    /* Limited editions' live counts per charm, refreshed every few seconds
     * (not every frame: the UI thread keeps its queries rare). */
    struct { int numbered, size, remaining; } editions[MODEL_MAX_CHARMS];
    int64_t editions_ms;
    /* A limited edition's serial, held from review until confirm or back. */
    char hold_token[64];
    int hold_serial;

    int field_font[MODEL_MAX_FONTS]; /* the catalogue's fonts, for the text field */
    ui_Keyboard kb;               /* the on-screen keyboard; its screen gives it a target */
    char notice[256];             /* passing message under the text field */
    int64_t notice_until_ms;
    char error[256];              /* an order that could not be stored */
    int resting;                  /* 1: the counter takes no orders (ui_Backend.resting) */
    int placed_pending;           /* 1: the order's follow-ups wait for the next frame */
    uint64_t commit_ticks;        /* when the last commit returned, until taken */
};

/* The order (app.c): places the reviewed order; holds a limited edition's
 * serial for the customer on review; lets it go. */
void ui_app_place_order(ui_App *app);
void ui_app_hold_serial(ui_App *app);
void ui_app_release_serial(ui_App *app);

/* Renders the thank-you screen's fixed words ahead (on Review), so that the
 * frame that shows the order number has almost nothing to draw. */
void ui_done_prepare(ui_App *app);

/* Chrome (chrome.c): the common frame of the flow screens. */
void ui_chrome_background(ui_App *app);
/* Wordmark, step indicator, title and subtitle; returns the y below them. */
int  ui_chrome_header(ui_App *app, const char *title, const char *subtitle);
/* Back (left) and the primary button (right) at the bottom. */
void ui_chrome_nav(ui_App *app, const char *primary_id, const char *primary_label, int enabled);
/* A card of the charm or metal grid: the widget, its border (gold when
 * selected or pressed), the picture (img_size px, top-centred, may be NULL)
 * and the name below it (the caller draws its own lines for id). */
void ui_choice_tile(ui_App *app, const char *id, ui_Rect r, int enabled, int selected,
                    SDL_Texture *img, int img_size, int img_top, const char *name, int name_y);
void ui_button_primary(ui_App *app, const char *id, ui_Rect r, const char *label, int enabled);
void ui_button_secondary(ui_App *app, const char *id, ui_Rect r, const char *label);
/* Price in the session's currency and the app's locale. */
void ui_format_price(const ui_App *app, int64_t minor, char *buf, size_t cap);
void ui_app_notice(ui_App *app, const char *message);
/* Unix time now, on the UI's clock (virtual when headless). */
int64_t ui_app_unix_now(const ui_App *app);

/* Edition counts for the catalogue's charms, at most UI_EDITION_REFRESH_MS old. */
void ui_app_editions_refresh(ui_App *app, int force);

/* Asks the preview worker for the pictures the next screens will show. */
void ui_app_prefetch(ui_App *app);

/* Staff mode (screens/staff.c). */
void ui_staff_enter(ui_App *app);
void ui_staff_leave(ui_App *app);
/* Acts on an action while staff mode is on. */
void ui_staff_act(ui_App *app, const ui_Action *a);
/* 1 while a PIN is being checked (the pad takes no touch). */
int ui_staff_waiting(const ui_App *app);

static inline uint32_t ui_rgb_of(ui_Color c)
{
    return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

/* Catalogue names are English source strings: shown through gettext. */
#define CAT_NAME(s) _(s)

#endif
