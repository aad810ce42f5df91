/* screen.c — the table of screens and what the app asks of it. */
#include "ui/app_internal.h"

#include <string.h>

#define UI_SCREEN_ROW(name) &ui_screen_##name,
const ui_Screen *const ui_screens[] = { UI_SCREENS(UI_SCREEN_ROW) };
#undef UI_SCREEN_ROW
const int ui_n_screens = (int)(sizeof ui_screens / sizeof ui_screens[0]);
_Static_assert(sizeof ui_screens / sizeof ui_screens[0] <= UI_MAX_SCREENS,
               "more screens than ui_App.screen_state holds: raise UI_MAX_SCREENS");

void *ui_screen_state(const ui_App *app, const ui_Screen *screen)
{
    for (int i = 0; i < ui_n_screens; i++)
        if (ui_screens[i] == screen) return app->screen_state[i];
    return NULL;
}

const ui_Screen *ui_screen_for_step(model_Step step)
{
    for (int i = 0; i < ui_n_screens; i++)
        if (ui_screens[i]->step == (int)step) return ui_screens[i];
    return &ui_screen_attract;
}

const ui_Screen *ui_screen_tab(const char *tab)
{
    for (int i = 0; i < ui_n_screens; i++)
        if (ui_screens[i]->tab && strcmp(ui_screens[i]->tab, tab) == 0) return ui_screens[i];
    return NULL;
}
