/* ui.h — the kiosk's touch UI: the face of app/ui/ for main.c.
 *
 * The UI turns input events into actions on the customer session
 * (app/model) and draws the current screen with SDL_Renderer onto a
 * 1080x1920 logical canvas. It never touches SQLite or the network: placing
 * an order goes through the place_order callback that main.c wires to the
 * store. The same code runs in a window and headless (tests, screenshots).
 */
#ifndef UI_H
#define UI_H

#include <SDL.h>
#include <stdint.h>
#include <stdio.h>

#include "model/catalogue.h"
#include "ui/ctx.h"

/* Stores the order. On success returns 0 with order->uuid and ->number set;
 * else -1 with a message for staff in err. */
typedef int (*ui_PlaceOrderFn)(void *user, model_Order *order, char *err, size_t errlen);

typedef struct {
    SDL_Renderer *renderer;           /* borrowed */
    const model_Catalogue *catalogue; /* borrowed, outlives the app */
    const char *data_dir;
    const ui_Theme *theme;
    const char *locale;
    int64_t idle_timeout_ms;
    FILE *trace;                      /* borrowed, may be NULL */
    ui_PlaceOrderFn place_order;
    void *place_order_user;
} ui_AppOptions;

typedef struct ui_App ui_App;

/* NULL with a message in err when a font or the catalogue cannot be used. */
ui_App *ui_app_new(const ui_AppOptions *opt, int64_t now_ms, char *err, int errlen);
void ui_app_free(ui_App *app);

/* Feeds one SDL event (finger, mouse, keyboard, text input). */
void ui_app_event(ui_App *app, const SDL_Event *ev, int64_t now_ms);

/* Applies pending actions and timers, then draws one frame (no present). */
void ui_app_frame(ui_App *app, int64_t now_ms);

/* 1 while something moves on screen (the caller keeps drawing). */
int ui_app_animating(const ui_App *app, int64_t now_ms);

/* 1 while a picture is being drawn in the background: a frame drawn once it
 * is 0 shows the current state completely (screenshots wait for it). */
int ui_app_busy(const ui_App *app);

/* The widget `id` as drawn in the last frame, or NULL. */
const ui_Widget *ui_app_widget(const ui_App *app, const char *id);

/* Stable name of the screen drawn last: "attract", "charm", ... */
const char *ui_app_screen(const ui_App *app);

#endif
