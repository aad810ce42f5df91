/* driver.c — see driver.h. */
#include "headless/driver.h"

#include <SDL_image.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define TYPE_ATTEMPTS 8     /* shift/layer presses tried to reach a key */
#define SETTLE_ROUNDS 2000  /* frames to wait for background drawing */
#define ANSWER_WAIT_MS 120000 /* real time a step waits for the screen's answer */

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void pump(headless_Driver *d)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) ui_app_event(d->app, &ev, d->now_ms);
}

void headless_frame(headless_Driver *d)
{
    double t = mono_ms();
    pump(d);
    ui_app_frame(d->app, d->now_ms);
    SDL_RenderPresent(d->renderer);
    if (d->stats) {
        uint64_t commit = ui_app_take_commit_ticks(d->app);
        if (commit)
            headless_stats_number(d->stats, (double)(SDL_GetPerformanceCounter() - commit) * 1e3 /
                                                (double)SDL_GetPerformanceFrequency());
        headless_stats_add(d->stats, ui_app_screen(d->app), mono_ms() - t);
    }
    d->now_ms += HEADLESS_FRAME_MS;
}

static void finger(headless_Driver *d, int down, double x, double y)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = down ? SDL_FINGERDOWN : SDL_FINGERUP;
    ev.tfinger.touchId = 1;
    ev.tfinger.fingerId = 0;
    ev.tfinger.x = (float)(x / UI_WIDTH);
    ev.tfinger.y = (float)(y / UI_HEIGHT);
    ev.tfinger.pressure = down ? 1.0f : 0.0f;
    ev.tfinger.timestamp = (Uint32)d->now_ms;
    SDL_PushEvent(&ev);
}

static void wait_ms(headless_Driver *d, long ms)
{
    /* Frames every 16 ms, but at most ~200 frames for a long wait: what
     * happens in time (idle timeout) depends on the clock, not frame count. */
    int64_t end = d->now_ms + ms, step = ms / 200 > HEADLESS_FRAME_MS ? ms / 200 : HEADLESS_FRAME_MS;
    while (d->now_ms < end) {
        headless_frame(d);
        d->now_ms += step - HEADLESS_FRAME_MS;
    }
}

static void tap_point(headless_Driver *d, double x, double y, long hold_ms)
{
    finger(d, 1, x, y);
    headless_frame(d);
    if (hold_ms > 0) wait_ms(d, hold_ms);
    finger(d, 0, x, y);
    headless_frame(d);
}

static int press(headless_Driver *d, const char *id, long hold_ms, char *why, size_t cap)
{
    const ui_Widget *w = ui_app_widget(d->app, id);
    if (!w) {
        snprintf(why, cap, "press %s: no such widget on the %s screen", id, ui_app_screen(d->app));
        return -1;
    }
    tap_point(d, w->rect.x + w->rect.w / 2.0, w->rect.y + w->rect.h / 2.0, hold_ms);
    return 0;
}

static int type_char(headless_Driver *d, const char *ch, char *why, size_t cap)
{
    char id[UI_WIDGET_ID_MAX];
    snprintf(id, sizeof id, "key:%s", strcmp(ch, " ") == 0 ? "space" : ch);
    for (int attempt = 0; attempt <= TYPE_ATTEMPTS; attempt++) {
        const char *toggle = attempt % 2 == 0 ? "key:shift" : "key:layer";
        if (ui_app_widget(d->app, id)) return press(d, id, 0, why, cap);
        if (attempt == TYPE_ATTEMPTS) break;
        if (press(d, toggle, 0, why, cap) != 0) {
            snprintf(why, cap, "type: no keyboard on the %s screen", ui_app_screen(d->app));
            return -1;
        }
    }
    snprintf(why, cap, "type: the keyboard has no key for '%s'", ch);
    return -1;
}

static int type_text(headless_Driver *d, const char *text, char *why, size_t cap)
{
    while (*text) {
        char ch[5] = { 0 };
        int n = 1;
        while (n < 4 && ((unsigned char)text[n] & 0xC0) == 0x80) n++;
        memcpy(ch, text, (size_t)n);
        if (type_char(d, ch, why, cap) != 0) return -1;
        text += n;
    }
    return 0;
}

static int key(headless_Driver *d, const char *name, char *why, size_t cap)
{
    SDL_Event ev;
    SDL_Keycode k = SDL_GetKeyFromName(name);
    if (k == SDLK_UNKNOWN) {
        snprintf(why, cap, "key: '%s' is not an SDL key name", name);
        return -1;
    }
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_KEYDOWN;
    ev.key.state = SDL_PRESSED;
    ev.key.keysym.sym = k;
    ev.key.keysym.scancode = SDL_GetScancodeFromKey(k);
    SDL_PushEvent(&ev);
    ev.type = SDL_KEYUP;
    ev.key.state = SDL_RELEASED;
    SDL_PushEvent(&ev);
    headless_frame(d);
    return 0;
}

/* Lets background drawing finish (real time; the virtual clock advances
 * one frame per round) so that what is checked is the settled screen. */
static void settle(headless_Driver *d)
{
    for (int i = 0; i < SETTLE_ROUNDS && ui_app_busy(d->app); i++) {
        SDL_Delay(1);
        headless_frame(d);
    }
}

/* Waits, drawing frames, while the screen waits for an answer (a staff PIN
 * being checked on another thread), as a person would before the next
 * touch: a script's steps then never depend on how fast the machine is.
 * Bounded in real time; -1 with why when the answer never came. */
static int await_answer(headless_Driver *d, char *why, size_t cap)
{
    double end = mono_ms() + ANSWER_WAIT_MS;
    while (ui_app_waiting(d->app)) {
        if (mono_ms() > end) {
            snprintf(why, cap, "the %s screen waited %d s for an answer that never came",
                     ui_app_screen(d->app), ANSWER_WAIT_MS / 1000);
            return -1;
        }
        SDL_Delay(1);
        headless_frame(d);
    }
    return 0;
}

/* Text as a physical keyboard or an input method delivers it: SDL events
 * of at most 31 bytes each, cut between UTF-8 sequences. */
static void input_text(headless_Driver *d, const char *text)
{
    size_t len = strlen(text), at = 0;
    while (at < len) {
        SDL_Event ev;
        size_t n = len - at;
        if (n > sizeof ev.text.text - 1) {
            n = sizeof ev.text.text - 1;
            while (n > 0 && ((unsigned char)text[at + n] & 0xC0) == 0x80) n--;
        }
        memset(&ev, 0, sizeof ev);
        ev.type = SDL_TEXTINPUT;
        memcpy(ev.text.text, text + at, n);
        SDL_PushEvent(&ev);
        at += n;
    }
    headless_frame(d);
}

static int shot(headless_Driver *d, const char *name, char *why, size_t cap)
{
    char path[1024];
    if (!d->shots_dir) {
        snprintf(why, cap, "shot: no --shots directory given");
        return -1;
    }
    if (strchr(name, '/') || name[0] == '.') {
        snprintf(why, cap, "shot: '%s' is not a plain file name", name);
        return -1;
    }
    settle(d);
    snprintf(path, sizeof path, "%s/%s.png", d->shots_dir, name);
    if (IMG_SavePNG(d->canvas, path) != 0) {
        snprintf(why, cap, "shot: cannot write %.300s: %.150s", path, IMG_GetError());
        return -1;
    }
    return 0;
}

static int expect(headless_Driver *d, const script_Command *c, char *why, size_t cap)
{
    const ui_Widget *w;
    const char *screen;
    settle(d);
    w = ui_app_widget(d->app, c->arg);
    screen = ui_app_screen(d->app);
    switch (c->op) {
    case SCRIPT_EXPECT:
        if (w) return 0;
        snprintf(why, cap, "expect %s: not on the %s screen", c->arg, screen);
        return -1;
    case SCRIPT_EXPECT_NOT:
        if (!w) return 0;
        snprintf(why, cap, "expect-not %s: it is on the %s screen", c->arg, screen);
        return -1;
    case SCRIPT_EXPECT_ENABLED:
    case SCRIPT_EXPECT_DISABLED: {
        int want = c->op == SCRIPT_EXPECT_ENABLED;
        if (w && w->enabled == want) return 0;
        snprintf(why, cap, "%s %s: %s", want ? "expect-enabled" : "expect-disabled", c->arg,
                 !w ? "not on screen" : want ? "it is disabled" : "it is enabled");
        return -1;
    }
    case SCRIPT_EXPECT_SCREEN:
        if (strcmp(screen, c->arg) == 0) return 0;
        snprintf(why, cap, "expect-screen %s: the %s screen is shown", c->arg, screen);
        return -1;
    default:
        return 0;
    }
}

int headless_run(headless_Driver *d, const script_Script *s, char *err, size_t errlen)
{
    char why[512];
    if (d->shots_dir && mkdir(d->shots_dir, 0755) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s: cannot create: %s", d->shots_dir, strerror(errno));
        return -1;
    }
    for (int i = 0; i < s->n; i++) {
        const script_Command *c = &s->commands[i];
        int rc = 0;
        why[0] = '\0';
        /* A shot may show the waiting itself; a wait lets virtual time pass. */
        if (c->op != SCRIPT_SHOT && c->op != SCRIPT_WAIT && await_answer(d, why, sizeof why) != 0) {
            snprintf(err, errlen, "%s:%d: %s", d->script_path, c->line, why);
            return -1;
        }
        switch (c->op) {
        case SCRIPT_PRESS: rc = press(d, c->arg, 0, why, sizeof why); break;
        case SCRIPT_HOLD:  rc = press(d, c->arg, c->x, why, sizeof why); break;
        case SCRIPT_TAP:   tap_point(d, (double)c->x, (double)c->y, 0); break;
        case SCRIPT_TYPE:  rc = type_text(d, c->arg, why, sizeof why); break;
        case SCRIPT_KEY:   rc = key(d, c->arg, why, sizeof why); break;
        case SCRIPT_INPUT: input_text(d, c->arg); break;
        case SCRIPT_WAIT:  wait_ms(d, c->x); break;
        case SCRIPT_SHOT:  rc = shot(d, c->arg, why, sizeof why); break;
        default:           rc = expect(d, c, why, sizeof why); break;
        }
        if (rc != 0) {
            snprintf(err, errlen, "%s:%d: %s", d->script_path, c->line, why);
            return -1;
        }
    }
    return 0;
}
