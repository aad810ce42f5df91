/* app.c — the UI's loop body: events in, actions to the session, one frame out. */
#include "ui/app_internal.h"
#include "ui/screens/staff.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void order_followups(ui_App *app);

ui_App *ui_app_new(const ui_AppOptions *opt, int64_t now_ms, char *err, int errlen)
{
    ui_App *app = calloc(1, sizeof *app);
    if (!app) {
        snprintf(err, (size_t)errlen, "out of memory");
        return NULL;
    }
    if (ui_ctx_init(&app->ui, opt->renderer, opt->theme, opt->data_dir, err, errlen) != 0)
        goto fail;
    app->previews = ui_previews_new(opt->renderer, opt->catalogue, opt->data_dir, err, errlen);
    if (!app->previews) goto fail;
    if (opt->catalogue->n_charms == 0 || opt->catalogue->n_finishes == 0 ||
        opt->catalogue->n_fonts == 0) {
        snprintf(err, (size_t)errlen, "the catalogue has no charms, finishes or fonts");
        goto fail;
    }
    /* The text field shows the words in the chosen engraving font. */
    for (int i = 0; i < opt->catalogue->n_fonts; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", opt->data_dir, opt->catalogue->fonts[i].file);
        app->field_font[i] = ui_ctx_add_font(&app->ui, path, opt->catalogue->fonts[i].face_index,
                                             64, err, errlen);
        if (app->field_font[i] < 0) goto fail;
    }
    for (int i = 0; i < ui_n_screens; i++) {
        if (ui_screens[i]->state_size == 0) continue;
        app->screen_state[i] = calloc(1, ui_screens[i]->state_size);
        if (!app->screen_state[i]) {
            snprintf(err, (size_t)errlen, "out of memory");
            goto fail;
        }
    }
    app->staff = ui_staff_new();
    if (!app->staff) {
        snprintf(err, (size_t)errlen, "out of memory");
        goto fail;
    }
    app->ui.trace = opt->trace;
    app->cat = opt->catalogue;
    snprintf(app->locale, sizeof app->locale, "%s", opt->locale ? opt->locale : "en_US");
    app->idle_timeout_ms = opt->idle_timeout_ms;
    app->be = opt->backend;
    app->staff_idle_ms = opt->staff_idle_ms > 0 ? opt->staff_idle_ms : 120000;
    app->unix_base = (int64_t)time(NULL) - now_ms / 1000;
    app->kb.layout = &ui_keys_latin;
    model_session_init(&app->session, app->cat, now_ms);
    app->drawn_step = app->session.step;
    ui_app_prefetch(app);
    return app;
fail:
    ui_app_free(app);
    return NULL;
}

void ui_app_free(ui_App *app)
{
    if (!app) return;
    if (app->staff_screen) ui_staff_leave(app);   /* a PIN check still running ends */
    ui_app_release_serial(app);
    order_followups(app);           /* a script may end on the number */
    ui_previews_free(app->previews);
    ui_ctx_release(&app->ui);
    for (int i = 0; i < ui_n_screens; i++) free(app->screen_state[i]);
    free(app->staff);
    free(app);
}

void ui_format_price(const ui_App *app, int64_t minor, char *buf, size_t cap)
{
    model_money_format(buf, cap, minor, app->cat->currency, app->locale);
}

void ui_app_editions_refresh(ui_App *app, int force)
{
    if (!app->be.edition || (!force && app->editions_ms &&
                             app->ui.now_ms - app->editions_ms < UI_EDITION_REFRESH_MS))
        return;
    for (int i = 0; i < app->cat->n_charms; i++) {
        int size = 0, left = 0;
        app->editions[i].numbered = app->be.edition(app->be.user, app->cat->charms[i].id,
                                                    ui_app_unix_now(app), &size, &left) == 1;
        app->editions[i].size = size;
        app->editions[i].remaining = left;
    }
    app->editions_ms = app->ui.now_ms;
}

int64_t ui_app_unix_now(const ui_App *app)
{
    return app->unix_base + app->ui.now_ms / 1000;
}

void ui_app_notice(ui_App *app, const char *message)
{
    snprintf(app->notice, sizeof app->notice, "%s", message);
    app->notice_until_ms = app->ui.now_ms + UI_NOTICE_MS;
}

void ui_app_prefetch(ui_App *app)
{
    const model_Catalogue *cat = app->cat;
    const model_Charm *charm = model_catalogue_charm(cat, app->session.charm_id);
    const model_Finish *finish = model_catalogue_finish(cat, app->session.finish_id);
    uint32_t surface = ui_rgb_of(app->ui.theme.surface);
    if (!charm) charm = &cat->charms[0];
    if (!finish) finish = &cat->finishes[0];
    for (int i = 0; i < cat->n_charms; i++)
        ui_preview_charm(app->previews, &cat->charms[i], finish, CHARM_TILE_IMG, surface);
    for (int i = 0; i < cat->n_finishes; i++)
        ui_preview_charm(app->previews, charm, &cat->finishes[i], FINISH_TILE_IMG, surface);
}

/* The screen to draw: staff's over the flow, the resting one, the step's. */
static const ui_Screen *current(const ui_App *app)
{
    if (app->staff_screen) return app->staff_screen;
    if (app->resting) return &ui_screen_resting;
    return ui_screen_for_step(app->session.step);
}

static int typing_target(ui_App *app, ui_TypingTarget *out)
{
    const ui_Screen *screen = current(app);
    return screen->typing && screen->typing(app, out);
}

void ui_app_event(ui_App *app, const SDL_Event *ev, int64_t now_ms)
{
    ui_TypingTarget target;
    ui_Ctx *ui = &app->ui;
    ui->now_ms = now_ms;
    switch (ev->type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
        /* Finger positions are normalised to the logical canvas. */
        model_session_touch(&app->session, now_ms);
        ui_pointer(ui, ev->type == SDL_FINGERDOWN,
                   (int)(ev->tfinger.x * UI_WIDTH), (int)(ev->tfinger.y * UI_HEIGHT));
        break;
    case SDL_FINGERMOTION:
        ui->pointer_x = (int)(ev->tfinger.x * UI_WIDTH);
        ui->pointer_y = (int)(ev->tfinger.y * UI_HEIGHT);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        /* Touch screens also send mouse events made from the finger: skip them. */
        if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT) break;
        model_session_touch(&app->session, now_ms);
        ui_pointer(ui, ev->type == SDL_MOUSEBUTTONDOWN, ev->button.x, ev->button.y);
        break;
    case SDL_MOUSEMOTION:
        if (ev->motion.which == SDL_TOUCH_MOUSEID) break;
        ui->pointer_x = ev->motion.x;
        ui->pointer_y = ev->motion.y;
        break;
    case SDL_KEYDOWN:
        /* A physical keyboard (staff, development) mirrors the on-screen one. */
        model_session_touch(&app->session, now_ms);
        switch (ev->key.keysym.sym) {
        case SDLK_ESCAPE: case SDLK_AC_BACK: ui_push_action(ui, "back"); break;
        case SDLK_RETURN: case SDLK_KP_ENTER: ui_push_action(ui, "next"); break;
        case SDLK_BACKSPACE: ui_push_action(ui, "key:backspace"); break;
        default: break;
        }
        break;
    case SDL_TEXTINPUT:
        model_session_touch(&app->session, now_ms);
        if (typing_target(app, &target)) {
            const char *p = ev->text.text;
            while (*p) {
                char ch[5] = { 0 };
                int n = 1;
                while (n < 4 && ((unsigned char)p[n] & 0xC0) == 0x80) n++;
                memcpy(ch, p, (size_t)n);
                ui_keyboard_type(app, &app->kb, &target, ch);
                p += n;
            }
        }
        break;
    default:
        break;
    }
}

void ui_app_place_order(ui_App *app)
{
    model_Order order;
    char msg[UI_MSG_MAX] = "";
    app->error[0] = '\0';
    if (model_session_to_order(&app->session, &order) != 0) return;
    if (!app->be.place_order ||
        app->be.place_order(app->be.user, &order, app->hold_token[0] ? app->hold_token : NULL,
                            msg) != 0) {
        snprintf(app->error, sizeof app->error, "%s",
                 msg[0] ? msg : _("We could not record your order. Please ask our staff."));
        return;
    }
    /* The number goes on screen in this very frame: the commit is the
     * last thing it waits for. Everything else waits for the next one. */
    app->commit_ticks = SDL_GetPerformanceCounter();
    app->hold_token[0] = '\0';     /* the hold became the sale */
    model_session_placed(&app->session, &order);
    app->placed_pending = 1;
}

/* The stored order's follow-ups, a frame after the number was shown. */
static void order_followups(ui_App *app)
{
    if (!app->placed_pending) return;
    app->placed_pending = 0;
    if (app->be.order_placed) app->be.order_placed(app->be.user, &app->session.placed);
    ui_app_editions_refresh(app, 1);
}

/* A numbered piece is held for the customer while they review it. */
void ui_app_hold_serial(ui_App *app)
{
    char msg[UI_MSG_MAX];
    int size, left;
    /* In a set, the numbered piece can only be the first (one serial an order). */
    const char *charm = app->session.n_set ? app->session.set[0].charm_id : app->session.charm_id;
    if (!app->be.hold || !app->be.edition || app->hold_token[0] ||
        app->be.edition(app->be.user, charm, ui_app_unix_now(app), &size, &left) != 1)
        return;
    if (app->be.hold(app->be.user, charm, ui_app_unix_now(app), app->hold_token,
                     &app->hold_serial, msg) != 0) {
        app->hold_token[0] = '\0';
        snprintf(app->error, sizeof app->error, "%s", msg);
    }
    ui_app_editions_refresh(app, 1);
}

void ui_app_release_serial(ui_App *app)
{
    if (app->hold_token[0] && app->be.release) app->be.release(app->be.user, app->hold_token);
    app->hold_token[0] = '\0';
    app->hold_serial = 0;
}

/* What every customer screen shares (its long press, Back, Continue),
 * then the screen's own. */
static void apply_action(ui_App *app, const ui_Action *a)
{
    model_Session *s = &app->session;
    const ui_Screen *screen;
    if (app->staff_screen) {
        ui_staff_act(app, a);
        return;
    }
    if (a->kind == UI_ACT_STAFF_HOLD) {
        ui_staff_enter(app);
        return;
    }
    if (app->resting) return;       /* only staff's long press, on a resting counter */
    if (a->kind == UI_ACT_NEXT) {
        /* The screen decides when Continue is enabled (it knows, for
         * instance, that the engraving was refused); a keyboard's Return
         * obeys the same button. */
        const ui_Widget *w = ui_widget_shown(&app->ui, "next");
        if (w && w->enabled) model_session_next(s);
        return;
    }
    if (a->kind == UI_ACT_BACK) {
        model_session_back(s);
        return;
    }
    screen = ui_screen_for_step(s->step);
    if (screen->act) screen->act(app, a);
}

/* A counter that cannot take orders rests: the customer's draft (which
 * could not be ordered) is let go, and the flow resumes at the attract
 * screen once the store takes orders again. */
static void rest_update(ui_App *app, int64_t now_ms)
{
    int resting = app->be.resting && app->be.resting(app->be.user, ui_app_unix_now(app));
    if (resting && !app->resting) {
        ui_app_release_serial(app);
        model_session_reset(&app->session, now_ms);
        app->drawn_step = app->session.step;
        app->error[0] = '\0';
        app->notice[0] = '\0';
    }
    app->resting = resting;
}

static void update(ui_App *app, int64_t now_ms)
{
    char id[UI_WIDGET_ID_MAX];
    ui_Action action;
    model_Session *s = &app->session;
    ui_previews_collect(app->previews);
    order_followups(app);
    ui_long_press(&app->ui, "staff", UI_STAFF_HOLD_MS);
    while (ui_pop_action(&app->ui, id, sizeof id)) {
        if (app->staff_screen) app->staff_last_ms = now_ms;
        ui_action_parse(id, &action);
        apply_action(app, &action);
        /* The confirming frame draws the number and nothing ahead. */
        if (!app->placed_pending) ui_app_prefetch(app);
    }
    /* After the actions: a write that just failed may have sent the
     * counter to rest, and this frame already shows it. */
    rest_update(app, now_ms);
    if (app->staff_screen) {
        /* Staff mode never stays open on an unattended counter. */
        if (app->ui.pointer_down) app->staff_last_ms = now_ms;
        if (now_ms - app->staff_last_ms >= app->staff_idle_ms) ui_staff_leave(app);
        else s->last_input_ms = now_ms;   /* the customer's draft waits for staff */
    }
    if (model_session_idle_expired(s, now_ms, app->idle_timeout_ms) ||
        (s->step == MODEL_STEP_DONE && now_ms - s->last_input_ms >= UI_DONE_RETURN_MS)) {
        /* The customer walked away: nothing of theirs stays on screen. */
        ui_app_release_serial(app);
        model_session_reset(s, now_ms);
        ui_keyboard_reset(&app->kb);
        app->error[0] = '\0';
    }
    if (s->step != app->drawn_step) {
        const ui_Screen *from = ui_screen_for_step(app->drawn_step);
        const ui_Screen *to = ui_screen_for_step(s->step);
        if (from->leave) from->leave(app);
        if (to->enter) to->enter(app);
        app->drawn_step = s->step;
        app->notice[0] = '\0';
        app->error[0] = '\0';
    }
}

void ui_app_frame(ui_App *app, int64_t now_ms)
{
    ui_Ctx *ui = &app->ui;
    const ui_Screen *screen;
    update(app, now_ms);
    ui_frame_begin(ui, now_ms);
    screen = current(app);
    if (screen->poll) screen->poll(app);
    current(app)->draw(app);
    ui_frame_end(ui);
}

int ui_app_animating(const ui_App *app, int64_t now_ms)
{
    return app->ui.pointer_down || ui_previews_busy(app->previews) || ui_staff_waiting(app) ||
           (app->session.step == MODEL_STEP_ATTRACT && !app->resting) ||
           (app->notice[0] && now_ms < app->notice_until_ms);
}

int ui_app_busy(const ui_App *app)
{
    return ui_previews_busy(app->previews);
}

int ui_app_waiting(const ui_App *app)
{
    return ui_staff_waiting(app);
}

const ui_Widget *ui_app_widget(const ui_App *app, const char *id)
{
    return ui_widget_shown(&app->ui, id);
}

uint64_t ui_app_take_commit_ticks(ui_App *app)
{
    uint64_t t = app->commit_ticks;
    app->commit_ticks = 0;
    return t;
}

const char *ui_app_screen(const ui_App *app)
{
    if (app->staff_screen) return app->staff_screen->name;
    if (app->resting) return "resting";
    return model_step_name(app->drawn_step);
}
