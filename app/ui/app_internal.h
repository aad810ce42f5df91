/* app_internal.h — what the screens of app/ui/ share; not for other parts. */
#ifndef UI_APP_INTERNAL_H
#define UI_APP_INTERNAL_H

#include "config/i18n.h"
#include "model/money.h"
#include "model/session.h"
#include "ui/ctx.h"
#include "ui/preview.h"
#include "ui/ui.h"

#define UI_NOTICE_MS 2600     /* how long a passing notice stays */
#define CHARM_TILE_IMG   240  /* picture sizes: the charm grid, */
#define FINISH_TILE_IMG  320  /* the metal choices, */
#define PREVIEW_IMG      484  /* the engraved piece (engraving, review, done) */
#define UI_DONE_RETURN_MS 45000  /* the thank-you screen returns to attract */
#define UI_STAFF_HOLD_MS  2000   /* long-press on the wordmark opens staff mode */
#define UI_EDITION_REFRESH_MS 3000

typedef enum {
    STAFF_OFF,        /* the customer flow */
    STAFF_PIN,        /* the PIN pad */
    STAFF_TODAY,      /* today's appointments */
    STAFF_WALKIN,     /* booking a walk-in */
    STAFF_ORDERS      /* the atelier's queue */
} StaffView;

#define STAFF_MAX_ROWS 24
#define STAFF_PIN_MIN  6      /* shorter: "too short" at once, never a try (STORE_PIN_MIN_DIGITS) */
#define STAFF_PIN_MAX  8

struct ui_App {
    ui_Ctx ui;
    model_Session session;
    const model_Catalogue *cat;
    ui_Previews *previews;
    char locale[32];
    int64_t idle_timeout_ms;
    ui_Backend be;
    int64_t unix_base;            /* Unix time = unix_base + ui clock / 1000 */

    /* Staff mode: over the customer flow, which it leaves untouched. */
    StaffView staff;
    int64_t staff_idle_ms;
    int64_t staff_last_ms;        /* last touch in staff mode */
    char staff_name[64];
    char pin[STAFF_PIN_MAX + 1];
    int pin_checking;             /* 1: the backend checks the PIN; the pad waits */
    int pin_dots;                 /* digits of the PIN being checked (it is wiped) */
    char staff_msg[UI_MSG_MAX];
    int staff_msg_ok;             /* 1: staff_msg confirms a success (calm), 0: an error */
    ui_Appointment appts[STAFF_MAX_ROWS];
    int n_appts;
    ui_Slot slots[STAFF_MAX_ROWS];
    int n_slots, slot_chosen;
    char walkin_name[128], walkin_contact[128];
    int walkin_field;             /* 0 name, 1 contact: where the keyboard types */
    ui_QueueItem queue[STAFF_MAX_ROWS];
    int n_queue;
    char sync_line[UI_MSG_MAX];   /* upstream sync in plain words, "" unknown */
    int sync_problem;

    /* Limited editions' live counts per charm, refreshed every few seconds
     * (not every frame: the UI thread keeps its queries rare). */
    struct { int numbered, size, remaining; } editions[MODEL_MAX_CHARMS];
    int64_t editions_ms;
    /* A limited edition's serial, held from review until confirm or back. */
    char hold_token[64];
    int hold_serial;

    int field_font[MODEL_MAX_FONTS]; /* the catalogue's fonts, for the text field */
    int kb_shift;                 /* 0 lower, 1 next letter upper, 2 caps lock */
    int kb_accents;               /* 1 = accented letters layer */
    char notice[256];             /* passing message under the text field */
    int64_t notice_until_ms;
    char error[256];              /* an order that could not be stored */
    int resting;                  /* 1: the counter takes no orders (ui_Backend.resting) */
    int placed_pending;           /* 1: the order's follow-ups wait for the next frame */
    uint64_t commit_ticks;        /* when the last commit returned, until taken */
    model_Step drawn_step;
};

/* Screens: draw the current state, handle an action (a widget id). */
void screen_attract_draw(ui_App *app);
void screen_charm_draw(ui_App *app);
void screen_finish_draw(ui_App *app);
void screen_engraving_draw(ui_App *app);
void screen_review_draw(ui_App *app);
void screen_done_draw(ui_App *app);
void screen_resting_draw(ui_App *app);
/* Renders the thank-you screen's fixed words ahead (on Review), so that the
 * frame that shows the order number has almost nothing to draw. */
void screen_done_prepare(ui_App *app);

/* Keyboard (keyboard.c): draws in area; action returns 1 when it was a key. */
void keyboard_draw(ui_App *app, ui_Rect area);
int  keyboard_action(ui_App *app, const char *id);
/* Types one UTF-8 character into the session, with the notices. */
void keyboard_type(ui_App *app, const char *utf8);

/* Chrome (chrome.c): the common frame of the flow screens. */
void chrome_background(ui_App *app);
/* Wordmark, step indicator, title and subtitle; returns the y below them. */
int  chrome_header(ui_App *app, const char *title, const char *subtitle);
/* Back (left) and the primary button (right) at the bottom. */
void chrome_nav(ui_App *app, const char *primary_id, const char *primary_label, int enabled);
/* A card of the charm or metal grid: the widget, its border (gold when
 * selected or pressed), the picture (img_size px, top-centred, may be NULL)
 * and the name below it. Leaves ui->current_widget set to id for the
 * caller's own lines; the caller resets it. */
void choice_tile(ui_App *app, const char *id, ui_Rect r, int enabled, int selected,
                 SDL_Texture *img, int img_size, int img_top, const char *name, int name_y);
void button_primary(ui_App *app, const char *id, ui_Rect r, const char *label, int enabled);
void button_secondary(ui_App *app, const char *id, ui_Rect r, const char *label);
/* Price in the session's currency and the app's locale. */
void format_price(const ui_App *app, int64_t minor, char *buf, size_t cap);
void app_notice(ui_App *app, const char *message);
/* Unix time now, on the UI's clock (virtual when headless). */
int64_t app_unix_now(const ui_App *app);

/* Edition counts for the catalogue's charms, at most UI_EDITION_REFRESH_MS old. */
void app_editions_refresh(ui_App *app, int force);

/* Staff mode (screen_staff.c). */
void screen_staff_draw(ui_App *app);
/* Handles an action while staff mode is on; 1 when it was one of staff's. */
int staff_action(ui_App *app, const char *id);
/* Enters staff mode at the PIN pad. */
void staff_enter(ui_App *app);
/* Leaves staff mode, back to the customer flow as it was. */
void staff_leave(ui_App *app);
/* Ends a PIN check still running (ui_app_free), its answer unused. */
void staff_pin_abandon(ui_App *app);
/* Asks the preview worker for the pictures the next screens will show. */
void app_prefetch(ui_App *app);

static inline uint32_t rgb_of(ui_Color c)
{
    return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

/* Catalogue names are English source strings: shown through gettext. */
#define CAT_NAME(s) _(s)

#endif
