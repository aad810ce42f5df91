/* screen.h — a screen of the kiosk: one file in app/ui/screens/, one row
 * in UI_SCREENS (screens/screens.h).
 *
 * A screen draws itself every frame and acts on the typed actions of its
 * widgets; it keeps what only it needs in its own state (state_size bytes,
 * zeroed when the app starts: ui_screen_state). The app holds what every
 * screen shares (the session, the catalogue, the backend, the clock) and
 * which screen is current:
 *   - a staff screen (staff = 1) while staff mode is on, over the flow,
 *     which it leaves untouched; its state is wiped when staff mode ends;
 *   - else the resting screen while the counter takes no orders;
 *   - else the screen whose step is the session's (the model decides the
 *     customer's way through the steps).
 * A staff screen with a tab (tab = "today": widget "staff:today", label
 * tab_label) is listed in the staff tabs, in table order.
 */
#ifndef UI_SCREEN_H
#define UI_SCREEN_H

#include <stddef.h>

#include "model/session.h"
#include "ui/action.h"
#include "ui/keyboard.h"

typedef struct ui_App ui_App;

typedef struct ui_Screen {
    const char *name;              /* ui_app_screen(): "charm", "staff-pin"... */
    int step;                      /* the model_Step it shows, or -1 */
    int staff;                     /* 1: a staff screen */
    const char *tab;               /* a staff tab's id after "staff:", or NULL */
    const char *tab_label;         /* N_(): translated when drawn */
    size_t state_size;             /* its own state, 0 when none */
    void (*enter)(ui_App *app);    /* becomes current (may be NULL) */
    void (*poll)(ui_App *app);     /* before each draw while current: answers that came */
    void (*draw)(ui_App *app);
    void (*act)(ui_App *app, const ui_Action *a);  /* a tap on its widgets (may be NULL) */
    void (*leave)(ui_App *app);    /* stops being current (may be NULL) */
    /* Where typed text goes while it is current (the on-screen keyboard, a
     * physical one, an input method): 1 with *out set; NULL or 0: nowhere. */
    int (*typing)(ui_App *app, ui_TypingTarget *out);
} ui_Screen;

#include "ui/screens/screens.h"

#define UI_SCREEN_DECLARE(name) extern const ui_Screen ui_screen_##name;
UI_SCREENS(UI_SCREEN_DECLARE)
#undef UI_SCREEN_DECLARE

extern const ui_Screen *const ui_screens[];
extern const int ui_n_screens;

/* The screen's own state in this app (NULL when it has none). */
void *ui_screen_state(const ui_App *app, const ui_Screen *screen);
/* The screen of a step of the customer flow (never NULL for a model_Step). */
const ui_Screen *ui_screen_for_step(model_Step step);
/* The staff screen whose tab is `tab`, or NULL. */
const ui_Screen *ui_screen_tab(const char *tab);

#endif
