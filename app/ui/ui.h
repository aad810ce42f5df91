/* ui.h — the kiosk's touch UI: the face of app/ui/ for main.c.
 *
 * The UI turns input events into actions on the customer session
 * (app/model) and draws the current screen with SDL_Renderer onto a
 * 1080x1920 logical canvas. It never touches SQLite or the network: what it
 * needs from the store goes through the ui_Backend callbacks that main.c
 * wires to it. The same code runs in a window and headless (tests,
 * screenshots).
 */
#ifndef UI_H
#define UI_H

#include <SDL.h>
#include <stdint.h>
#include <stdio.h>

#include "model/catalogue.h"
#include "ui/kit/kit.h"

#define UI_MSG_MAX 256

/* One of today's appointments, as the staff screen shows it. */
typedef struct {
    int64_t id;
    char time[8];                     /* "14:30" */
    int station;
    char name[128], contact[128], party[64], notes[512];
    char status[16];                  /* booked, checked-in, in-session, completed, no-show,
                                       * cancelled, waiting, not-placed */
    int cancel_conflict;              /* 1: cancelled online after the customer arrived */
    int acknowledged;                 /* 1: not placed or a conflict staff marked dealt with */
} ui_Appointment;

/* A free slot for a walk-in. */
typedef struct {
    char slot[20];                    /* "YYYY-MM-DD HH:MM", local time */
    int station;
} ui_Slot;

/* An order in the atelier's queue. */
typedef struct {
    int64_t number;
    char summary[400];                /* "Heart, 18k Rose Gold, “Léa”" */
    char status[16];                  /* queued, engraving, ready, collected */
    int64_t repeat_of;                /* likely a repeat of that order (same piece and
                                       * words minutes before), 0 none */
} ui_QueueItem;

/* What the UI asks of the store. Every callback may be NULL: the feature is
 * then not offered. Messages (msg, size UI_MSG_MAX) are for the person at
 * the screen: a customer for orders, staff for the rest. `now` is Unix time. */
typedef struct {
    void *user;
    /* Stores the order (and converts a hold into its serial). 0 with
     * order->uuid and ->number set; -1 with a message. */
    int (*place_order)(void *user, model_Order *order, const char *hold_token, char *msg);
    /* What follows a stored order and the customer need not wait for (its
     * appointment completed, its production files queued): called in the
     * frame after the one that showed the number. */
    void (*order_placed)(void *user, const model_Order *order);
    /* Starts checking a PIN typed on the staff pad, away from the UI thread
     * (argon2id against every staff member takes seconds): 0 when started,
     * -1 with why. The answer comes through pin_answer. */
    int (*check_pin)(void *user, const char *pin, int64_t now, char *msg);
    /* The answer to the check started last: 1 while it runs (wait = 1
     * blocks until it ends); 0 when the PIN opens staff mode (name set, 64
     * bytes); -1 with why (wrong, locked, too short). */
    int (*pin_answer)(void *user, int wait, char *name, char *msg);
    /* Fills out with today's appointments; returns the count or -1. */
    int (*appointments)(void *user, int64_t now, ui_Appointment *out, int max);
    int (*set_appointment_status)(void *user, int64_t id, const char *status, char *msg);
    /* Marks a not-placed appointment (the customer was called) or a
     * cancellation conflict (settled) as dealt with; 0 (also when it
     * already was), -1 with a message. */
    int (*acknowledge)(void *user, int64_t id, char *msg);
    /* The next free slots for a walk-in; count or -1. */
    int (*free_slots)(void *user, int64_t now, ui_Slot *out, int max);
    /* Books a slot; 0 with *id set, -1 with a message (taken, bad name...). */
    int (*book)(void *user, const char *name, const char *contact, const ui_Slot *slot,
                int64_t *id, char *msg);
    int (*queue)(void *user, ui_QueueItem *out, int max);
    int (*advance)(void *user, int64_t number, char *msg);
    /* For a charm of a limited edition: 1 with its size and what is left;
     * 0 when the charm is not numbered. */
    int (*edition)(void *user, const char *charm_id, int64_t now, int *size, int *remaining);
    /* Holds the next serial for the customer: 0 with token and serial, -1. */
    int (*hold)(void *user, const char *charm_id, int64_t now, char *token, int *serial, char *msg);
    void (*release)(void *user, const char *token);
    /* Upstream sync in plain words for staff ("3 orders waiting; last sent
     * at 14:05"), and whether something is wrong; -1 when unknown. */
    int (*sync_status)(void *user, char *line, int *problem);
    /* 1 while the counter cannot take orders (the database cannot be
     * written, or is damaged): the customer sees the resting screen, staff
     * can still enter. Asked every frame: must be cheap. */
    int (*resting)(void *user, int64_t now);
} ui_Backend;

typedef struct {
    SDL_Renderer *renderer;           /* borrowed */
    const model_Catalogue *catalogue; /* borrowed, outlives the app */
    const char *data_dir;
    const ui_Theme *theme;
    const char *locale;
    int64_t idle_timeout_ms;
    int64_t staff_idle_ms;            /* staff mode leaves by itself after this */
    FILE *trace;                      /* borrowed, may be NULL */
    ui_Backend backend;
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

/* 1 while the screen waits for an answer before it takes a touch (a staff
 * PIN being checked): a script's next step waits for it, as a person would. */
int ui_app_waiting(const ui_App *app);

/* The widget `id` as drawn in the last frame, or NULL. */
const ui_Widget *ui_app_widget(const ui_App *app, const char *id);

/* SDL_GetPerformanceCounter() when the last order's commit returned, once
 * (then 0): the headless driver measures how long the number took to be on
 * screen. */
uint64_t ui_app_take_commit_ticks(ui_App *app);

/* Stable name of the screen drawn last: "attract", "charm", ... */
const char *ui_app_screen(const ui_App *app);

#endif
