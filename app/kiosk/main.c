/* main.c — the kiosk program: configuration, store, SDL, and the loop.
 *
 *   kiosk [--config FILE] [--db PATH] [--fullscreen] [--window WxH]
 *         [--locale L] [--theme NAME] [--idle-timeout S] [--data-dir DIR]
 *         [--headless --script FILE [--shots DIR] [--frame-stats]] [--trace FILE]
 *
 * Process-wide state lives here only. The UI process never opens a socket:
 * sync is another process (kioskctl sync), sharing only the database.
 */
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kiosk/store_port.h"
#include "config/config.h"
#include "i18n/i18n.h"
#include "headless/driver.h"
#include "jobs/font_check.h"
#include "store/store.h"
#include "ui/ui.h"

/* The boutique's day and staff settings, from the configuration. */
/* Exit status when no catalogue the kiosk can use is there: not a crash,
 * so kiosk.service does not restart it (see open_store). */
#define KIOSK_EXIT_CANNOT_SERVE 3

#define HOURS(cfg)          ((store_Hours){ (cfg)->open_minute, (cfg)->close_minute, \
                                            (cfg)->slot_minutes, (cfg)->stations })
#define RETENTION_DAYS(cfg) ((cfg)->retention_days)
#define STAFF_IDLE_MS(cfg)  ((int64_t)(cfg)->staff_idle_timeout * 1000)

typedef struct {
    config_Kiosk cfg;
    const char *config_file;
    int headless;
    const char *script, *shots, *trace;
    int frame_stats;
} Options;

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void usage(FILE *out)
{
    fprintf(out,
        "usage: kiosk [--config FILE] [--db PATH] [--fullscreen] [--window WxH]\n"
        "             [--locale L] [--theme NAME] [--idle-timeout SECONDS] [--data-dir DIR]\n"
        "             [--headless --script FILE [--shots DIR] [--frame-stats]] [--trace FILE]\n");
}

/* Flags override the config file, which overrides the defaults: the file is
 * read first (wherever --config stands), then the flags are applied. */
static int parse_args(int argc, char **argv, Options *o)
{
    static const struct { const char *flag, *key; } keyed[] = {
        { "--db", "db" }, { "--locale", "locale" }, { "--theme", "theme" },
        { "--idle-timeout", "idle_timeout" }, { "--data-dir", "data_dir" },
    };
    char err[512];
    memset(o, 0, sizeof *o);
    config_defaults(&o->cfg);
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) o->config_file = argv[i + 1];
    if (o->config_file && config_load_file(&o->cfg, o->config_file, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk: %s\n", err);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        size_t k;
        for (k = 0; k < sizeof keyed / sizeof keyed[0]; k++)
            if (strcmp(a, keyed[k].flag) == 0) break;
        if (k < sizeof keyed / sizeof keyed[0]) {
            if (!v) goto missing;
            if (config_set(&o->cfg, keyed[k].key, v, err, sizeof err) != 0) {
                fprintf(stderr, "kiosk: %s: %s\n", a, err);
                return 2;
            }
            i++;
        } else if (strcmp(a, "--config") == 0) {
            i++;
        } else if (strcmp(a, "--fullscreen") == 0) {
            o->cfg.fullscreen = 1;
        } else if (strcmp(a, "--window") == 0) {
            char w[32], h[32];
            if (!v || sscanf(v, "%31[0-9]x%31[0-9]", w, h) != 2 ||
                config_set(&o->cfg, "window_width", w, err, sizeof err) != 0 ||
                config_set(&o->cfg, "window_height", h, err, sizeof err) != 0) {
                fprintf(stderr, "kiosk: --window: expected WIDTHxHEIGHT such as 540x960\n");
                return 2;
            }
            i++;
        } else if (strcmp(a, "--headless") == 0) {
            o->headless = 1;
        } else if (strcmp(a, "--frame-stats") == 0) {
            o->frame_stats = 1;
        } else if (strcmp(a, "--script") == 0 || strcmp(a, "--shots") == 0 ||
                   strcmp(a, "--trace") == 0) {
            if (!v) goto missing;
            if (a[2] == 's' && a[3] == 'c') o->script = v;
            else if (a[2] == 's') o->shots = v;
            else o->trace = v;
            i++;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else {
            fprintf(stderr, "kiosk: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
        continue;
missing:
        fprintf(stderr, "kiosk: %s needs a value\n", a);
        return 2;
    }
    if (o->script && !o->headless) {
        fprintf(stderr, "kiosk: --script needs --headless\n");
        return 2;
    }
    return 0;
}

/* Creates the parent directory of the database (var/ on a fresh checkout). */
static void make_parent_dir(const char *path)
{
    char dir[CONFIG_STR_MAX];
    char *slash;
    snprintf(dir, sizeof dir, "%s", path);
    slash = strrchr(dir, '/');
    if (!slash || slash == dir) return;
    *slash = '\0';
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        fprintf(stderr, "kiosk: cannot create %s: %s\n", dir, strerror(errno));
}

/* A font whose file has gone since its catalogue was imported (a restore
 * without assets/, a bad deploy) is hidden, said in the log by name, and
 * the rest of the catalogue serves: one missing file must not stop the
 * counter. Returns how many fonts remain. */
static int hide_unusable_fonts(jobs_FontCheck *fc, model_Catalogue *cat)
{
    int kept = 0;
    for (int i = 0; i < cat->n_fonts; i++) {
        char why[256];
        store_FontCheck r = jobs_font_check(fc, cat->fonts[i].file, cat->fonts[i].face_index,
                                            why, sizeof why);
        if (r == STORE_FONT_OK) {
            cat->fonts[kept++] = cat->fonts[i];
            continue;
        }
        fprintf(stderr, "kiosk: hiding the font '%s' (%s): %s\n", cat->fonts[i].id,
                cat->fonts[i].name, why);
    }
    cat->n_fonts = kept;
    return kept;
}

/* 0, 1 (a fault: the message said), or KIOSK_EXIT_CANNOT_SERVE. */
static int open_store(const Options *o, jobs_FontCheck *fc, store_Db **db, model_Catalogue *cat)
{
    char path[2 * CONFIG_STR_MAX + 2];
    int present;
    make_parent_dir(o->cfg.db);
    if (store_open(o->cfg.db, db) != STORE_OK) goto fail;
    store_set_font_check(*db, jobs_font_check, fc);
    present = store_catalogue_present(*db);
    if (present < 0) goto fail;
    if (!present) {
        if (o->cfg.catalogue[0] == '/') snprintf(path, sizeof path, "%s", o->cfg.catalogue);
        else snprintf(path, sizeof path, "%s/%s", o->cfg.data_dir, o->cfg.catalogue);
        if (store_catalogue_import(*db, path) != STORE_OK) {
            fprintf(stderr, "kiosk: %s: %s\n", o->cfg.db, store_errmsg(*db));
            goto cannot_serve;
        }
    }
    if (store_catalogue_load(*db, cat) != STORE_OK) goto fail;
    if (hide_unusable_fonts(fc, cat) == 0) {
        fprintf(stderr, "kiosk: not one engraving font of the catalogue can be opened under %s\n",
                o->cfg.data_dir);
        goto cannot_serve;
    }
    return 0;
fail:
    fprintf(stderr, "kiosk: %s: %s\n", o->cfg.db, *db ? store_errmsg(*db) : "out of memory");
    return 1;
cannot_serve:
    /* Restarting cannot help: kiosk.service does not restart on this
     * status (RestartPreventExitStatus), so the journal's last words are
     * these rather than a loop. */
    fprintf(stderr, "kiosk: cannot serve customers without a usable catalogue; restore the "
            "files under %s or import one with 'kioskctl init --catalogue FILE', then start "
            "the kiosk again\n", o->cfg.data_dir);
    return KIOSK_EXIT_CANNOT_SERVE;
}

/* The trace file, readable by its owner only (mode 0600, also when it
 * existed with a wider mode): it shows what the screens showed. NULL with
 * errno. */
static FILE *trace_open(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FILE *f;
    if (fd < 0) return NULL;
    if (fchmod(fd, 0600) != 0 || !(f = fdopen(fd, "w"))) {
        int saved = errno;
        close(fd);
        errno = saved;
        return NULL;
    }
    return f;
}

/* Housekeeping the kiosk owes the store: at start, then once a day. */
static void housekeeping(store_Db *db, int retention_days)
{
    int64_t now = (int64_t)time(NULL);
    int n = 0;
    if (store_holds_sweep(db, now, &n) != STORE_OK)
        fprintf(stderr, "kiosk: releasing expired holds: %s\n", store_errmsg(db));
    if (store_purge(db, now, retention_days, &n) != STORE_OK)
        fprintf(stderr, "kiosk: purging personal data: %s\n", store_errmsg(db));
    else if (n > 0)
        fprintf(stderr, "kiosk: erased the personal data of %d past appointments\n", n);
}

/* A portrait window, 9:16, as tall as the screen allows. */
static void window_size(const config_Kiosk *cfg, int *w, int *h)
{
    SDL_Rect usable;
    *w = cfg->window_width;
    *h = cfg->window_height;
    if (*w > 0 && *h > 0) return;
    if (SDL_GetDisplayUsableBounds(0, &usable) != 0) usable.h = 1000;
    *h = usable.h * 92 / 100;
    *w = *h * 9 / 16;
}

#define HOUSEKEEPING_MS (24 * 3600 * 1000LL)

static int run_window(ui_App *app, SDL_Renderer *renderer, store_Db *db, int retention_days)
{
    int running = 1;
    int64_t last_housekeeping = (int64_t)SDL_GetTicks64();
    while (running) {
        SDL_Event ev;
        int64_t now = (int64_t)SDL_GetTicks64();
        if (now - last_housekeeping >= HOUSEKEEPING_MS) {
            housekeeping(db, retention_days);
            last_housekeeping = now;
        }
        /* Sleep while nothing moves; vsync paces the frames that do. */
        if (SDL_WaitEventTimeout(&ev, ui_app_animating(app, now) ? 16 : 250)) {
            do {
                if (ev.type == SDL_QUIT) running = 0;
                else ui_app_event(app, &ev, (int64_t)SDL_GetTicks64());
            } while (SDL_PollEvent(&ev));
        }
        ui_app_frame(app, (int64_t)SDL_GetTicks64());
        SDL_RenderPresent(renderer);
    }
    return 0;
}

int main(int argc, char **argv)
{
    double t0 = mono_ms();
    Options o;
    store_Db *db = NULL;
    model_Catalogue *cat = NULL;
    ui_Theme theme;
    SDL_Window *window = NULL;
    SDL_Surface *canvas = NULL;
    SDL_Renderer *renderer = NULL;
    ui_App *app = NULL;
    FILE *trace = NULL;
    script_Script script = { NULL, 0 };
    headless_FrameStats stats;
    backend_Store backend = { 0 };
    job_Writer *jobs = NULL;
    jobs_FontCheck *fonts = NULL;
    char jobs_dir[CONFIG_STR_MAX + 8];
    char err[1024], path[2 * CONFIG_STR_MAX + 16];
    int rc = parse_args(argc, argv, &o);

    headless_stats_init(&stats);
    if (rc != 0) return rc;
    rc = 1;
    i18n_init(o.cfg.data_dir, o.cfg.locale);

    ui_theme_defaults(&theme);
    snprintf(path, sizeof path, "%s/themes/%s.ini", o.cfg.data_dir, o.cfg.theme);
    if (ui_theme_load(&theme, path, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk: %s\n", err);
        goto done;
    }
    if (o.script && script_load(o.script, &script, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk: %s\n", err);
        rc = 2;
        goto done;
    }
    cat = calloc(1, sizeof *cat);
    fonts = jobs_font_check_new(o.cfg.data_dir);
    if (!cat || !fonts) goto done;
    if ((rc = open_store(&o, fonts, &db, cat)) != 0) goto done;
    rc = 1;
    /* Refuse to start on a bad personal-data key rather than at the first booking. */
    if (store_key_load(db) != STORE_OK) {
        fprintf(stderr, "kiosk: %s: %s\n", o.cfg.db, store_errmsg(db));
        goto done;
    }
    backend.db = db;
    /* A counter that cannot record an order rests rather than let a
     * customer design a piece for nothing (before housekeeping writes). */
    backend_check_health(&backend, 1);
    housekeeping(db, RETENTION_DAYS(&o.cfg));
    backend.cat = cat;
    backend.hours = HOURS(&o.cfg);
    backend.data_dir = o.cfg.data_dir;
    backend.jobs_dir = config_jobs_dir(&o.cfg, jobs_dir, sizeof jobs_dir);
    /* The writer catches up missing production files on its own thread:
     * the first frame never waits for a backlog. */
    backend.jobs = jobs = job_writer_start(jobs_dir, o.cfg.data_dir, cat, o.cfg.db);
    if (!jobs) fprintf(stderr, "kiosk: cannot start the production-file writer\n");
    if (o.trace && !(trace = trace_open(o.trace))) {
        fprintf(stderr, "kiosk: %s: cannot write the trace: %s\n", o.trace, strerror(errno));
        goto done;
    }

    if (o.headless) SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0 || TTF_Init() != 0 ||
        (IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG) == 0) {
        fprintf(stderr, "kiosk: cannot start SDL: %s\n", SDL_GetError());
        goto done;
    }
    if (o.headless) {
        canvas = SDL_CreateRGBSurfaceWithFormat(0, UI_WIDTH, UI_HEIGHT, 32, SDL_PIXELFORMAT_ARGB8888);
        renderer = canvas ? SDL_CreateSoftwareRenderer(canvas) : NULL;
    } else {
        int w, h;
        window_size(&o.cfg, &w, &h);
        window = SDL_CreateWindow("Atelier", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                                  SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI |
                                  (o.cfg.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0));
        renderer = window ? SDL_CreateRenderer(window, -1, SDL_RENDERER_PRESENTVSYNC) : NULL;
        if (window && !renderer) renderer = SDL_CreateRenderer(window, -1, 0);
        if (renderer) {
            SDL_RendererInfo info;
            SDL_RenderSetLogicalSize(renderer, UI_WIDTH, UI_HEIGHT);
            if (SDL_GetRendererInfo(renderer, &info) == 0)
                fprintf(stderr, "kiosk: %dx%d window, video %s, renderer %s\n", w, h,
                        SDL_GetCurrentVideoDriver(), info.name);
        }
        if (o.cfg.fullscreen) SDL_ShowCursor(SDL_DISABLE);
    }
    if (!renderer) {
        fprintf(stderr, "kiosk: cannot create the screen: %s\n", SDL_GetError());
        goto done;
    }

    {
        ui_AppOptions opt = {
            .renderer = renderer, .catalogue = cat, .data_dir = o.cfg.data_dir,
            .theme = &theme, .locale = o.cfg.locale,
            .idle_timeout_ms = (int64_t)o.cfg.idle_timeout * 1000, .trace = trace,
            .backend = backend_for_store(&backend),
            .staff_idle_ms = STAFF_IDLE_MS(&o.cfg),
        };
        app = ui_app_new(&opt, o.headless ? 0 : (int64_t)SDL_GetTicks64(), err, sizeof err);
        if (!app) {
            fprintf(stderr, "kiosk: %s\n", err);
            goto done;
        }
    }

    if (o.headless) {
        headless_Driver d = { app, canvas, renderer, o.shots, o.script, o.frame_stats ? &stats : NULL, 0 };
        headless_frame(&d);
        stats.first_frame_ms = mono_ms() - t0;
        if (headless_run(&d, &script, err, sizeof err) != 0) {
            fprintf(stderr, "kiosk: %s\n", err);
            goto done;
        }
        if (o.frame_stats) {
            headless_stats_print(&stats, stdout);
            fflush(stdout);     /* before the production files still owed are written */
        }
    } else {
        run_window(app, renderer, db, RETENTION_DAYS(&o.cfg));
    }
    rc = 0;
done:
    if (trace) fclose(trace);
    ui_app_free(app);
    job_writer_stop(jobs);      /* finishes the files still queued and owed */
    if (renderer) SDL_DestroyRenderer(renderer);
    if (canvas) SDL_FreeSurface(canvas);
    if (window) SDL_DestroyWindow(window);
    IMG_Quit();
    TTF_Quit();
    SDL_Quit();
    script_free(&script);
    headless_stats_free(&stats);
    store_close(db);
    jobs_font_check_free(fonts);
    free(cat);
    return rc;
}
