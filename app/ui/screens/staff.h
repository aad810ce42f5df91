/* staff.h — what the staff screens share: staff mode's words (who, the
 * message, the sync line), its frame (header, tabs, message) and its way
 * in and out. Not for the customer screens. */
#ifndef UI_SCREENS_STAFF_H
#define UI_SCREENS_STAFF_H

#include "ui/app_internal.h"

#define STAFF_LEFT      80
#define STAFF_RIGHT     (UI_WIDTH - 80)
#define STAFF_ROW_H     176
#define STAFF_LIST_Y    340
#define STAFF_LIST_ROWS 6     /* the list ends at 1396: room for the message and the sync line */
#define STAFF_MAX_ROWS  24

struct ui_Staff {
    char name[64];                /* who opened staff mode, "" before the PIN */
    char msg[UI_MSG_MAX];
    int msg_ok;                   /* 1: msg confirms a success (calm), 0: an error */
    char sync_line[UI_MSG_MAX];   /* upstream sync in plain words, "" unknown */
    int sync_problem;
};

/* A zeroed ui_Staff, NULL when out of memory (freed with free). */
ui_Staff *ui_staff_new(void);
/* Makes `to` the current staff screen (the current one leaves first; the
 * same screen leaves and enters again). */
void ui_staff_go(ui_App *app, const ui_Screen *to);
/* The message under the list: a confirmation (ok: drawn in a calm colour)
 * or an error (in the theme's error colour). "" clears it. */
void ui_staff_say(ui_App *app, int ok, const char *text);
/* Asks the backend for the sync line again. */
void ui_staff_refresh_sync(ui_App *app);

/* Drawing: the header (wordmark, STAFF · name, title), the tabs with the
 * sync line and the way back, the message at y, a small pill button. */
void ui_staff_header(ui_App *app, const char *title);
void ui_staff_tabs(ui_App *app);
void ui_staff_message(ui_App *app, int y);
void ui_staff_small_button(ui_App *app, const char *id, ui_Rect r, const char *label, int primary);
/* An appointment's or an order's status in staff's words. */
const char *ui_staff_status_label(const char *status);

#endif
