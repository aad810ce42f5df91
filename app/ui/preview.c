/* preview.c — see preview.h.
 *
 * Two painters, each an eng_Context with its own fonts (the engraving library
 * is thread-safe per context): one on the UI thread for charm pictures and
 * for an engraving shown for the first time, one on a worker thread for the
 * engraving being typed and for charm pictures asked for ahead of time.
 * While the worker draws the new text, the screen keeps the previous picture,
 * so a keystroke never waits for the rasterizer; a newer engraving replaces
 * one still waiting. A charm picture not drawn yet is simply not shown for
 * the frame or two it takes (they are asked for long before they are seen).
 */
#include "ui/preview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engrave.h"
#include "ui/refusal.h"

#define PLAIN_CACHE     48
#define ENGRAVED_CACHE  8      /* the engraving, review (a whole set) and done screens' */
#define REFUSAL_MAX     256
#define KEY_MAX         (MODEL_TEXT_MAX + 4 * MODEL_ID_MAX + 48)
#define QUEUE_MAX       16     /* jobs waiting for the worker, and pictures it drew */

/* What to draw: a charm in a finish, engraved with text (font NULL = plain). */
typedef struct {
    const model_Charm *charm;       /* borrowed from the catalogue */
    const model_Finish *finish;
    const model_Font *font;
    char layout[MODEL_ID_MAX];
    char text[MODEL_TEXT_MAX];
    int size;
    uint32_t bg;
    char key[KEY_MAX];
} Job;

typedef struct {
    eng_Context *eng;
    eng_Font *fonts[MODEL_MAX_FONTS];
    const model_Catalogue *cat;
    uint8_t *pixels;                /* RGBA, size*size */
    size_t cap;
    char refusal[REFUSAL_MAX];
    int refused;
} Painter;

typedef struct {
    char key[KEY_MAX];
    int size;
    uint32_t bg;
    char charm[MODEL_ID_MAX], finish[MODEL_ID_MAX];
    SDL_Texture *tex;
    char refusal[REFUSAL_MAX];
    int refused;
    uint64_t used;                  /* for least-recently-used eviction */
} Slot;

typedef struct {
    Job job;
    uint8_t *pixels;                /* owned */
    char refusal[REFUSAL_MAX];
    int refused;
} Done;

typedef struct {
    SDL_Thread *thread;
    SDL_mutex *lock;
    SDL_cond *wake;
    int quit;
    Painter painter;                /* the worker's own */
    Job queue[QUEUE_MAX];           /* waiting, oldest first */
    int n_queue;
    char running[KEY_MAX];          /* the job being drawn, "" if none */
    Done done[QUEUE_MAX];           /* drawn, not yet collected */
    int n_done;
} Worker;

struct ui_Previews {
    SDL_Renderer *renderer;
    const model_Catalogue *cat;
    Painter painter;                /* the UI thread's */
    Slot plain[PLAIN_CACHE];
    Slot engraved[ENGRAVED_CACHE];
    uint64_t clock;
    Worker worker;
};

/* ---- painter ---- */

static void painter_close(Painter *pt)
{
    for (int i = 0; i < MODEL_MAX_FONTS; i++) eng_font_free(pt->fonts[i]);
    eng_context_free(pt->eng);
    free(pt->pixels);
    memset(pt, 0, sizeof *pt);
}

static int painter_open(Painter *pt, const model_Catalogue *cat, const char *data_dir,
                        char *err, int errlen)
{
    char path[512];
    memset(pt, 0, sizeof *pt);
    pt->cat = cat;
    pt->eng = eng_context_new();
    if (!pt->eng) {
        snprintf(err, (size_t)errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < cat->n_fonts; i++) {
        snprintf(path, sizeof path, "%s/%s", data_dir, cat->fonts[i].file);
        if (eng_font_open(pt->eng, path, cat->fonts[i].face_index, &pt->fonts[i]) != ENG_OK) {
            snprintf(err, (size_t)errlen, "engraving font '%s': %s", cat->fonts[i].id,
                     eng_errmsg(pt->eng));
            painter_close(pt);
            return -1;
        }
    }
    return 0;
}

static int to_eng_charm(const model_Charm *c, eng_Charm *out)
{
    memset(out, 0, sizeof *out);
    out->name = c->name;
    if (eng_charm_shape_parse(c->shape, &out->shape) != 0) return -1;
    out->width_mm = c->width_mm;
    out->height_mm = c->height_mm;
    out->area_x_mm = c->area_x_mm;
    out->area_y_mm = c->area_y_mm;
    out->area_w_mm = c->area_w_mm;
    out->area_h_mm = c->area_h_mm;
    out->max_chars = c->max_chars;
    return 0;
}

static eng_Rgb to_rgb(uint32_t v)
{
    eng_Rgb c = { (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
    return c;
}

/* Draws the job into pt->pixels (opaque, on the job's background); an
 * engraving that is refused leaves the charm plain and says why. */
static int painter_draw(Painter *pt, const Job *job)
{
    size_t need = (size_t)job->size * (size_t)job->size * 4;
    eng_Metal metal = { to_rgb(job->finish->base_rgb), to_rgb(job->finish->light_rgb),
                        to_rgb(job->finish->shade_rgb) };
    double x0, y0, x1, y1, w, h, scale;
    eng_Engraving *e = NULL;
    eng_Charm charm;
    eng_View view;
    eng_Image img;
    int rc;

    pt->refused = 0;
    pt->refusal[0] = '\0';
    if (to_eng_charm(job->charm, &charm) != 0) return -1;
    if (need > pt->cap) {
        uint8_t *grown = realloc(pt->pixels, need);
        if (!grown) return -1;
        pt->pixels = grown;
        pt->cap = need;
    }
    for (size_t i = 0; i < need; i += 4) {
        pt->pixels[i] = (uint8_t)(job->bg >> 16);
        pt->pixels[i + 1] = (uint8_t)(job->bg >> 8);
        pt->pixels[i + 2] = (uint8_t)job->bg;
        pt->pixels[i + 3] = 255;
    }
    if (job->font) {
        int fi = (int)(job->font - pt->cat->fonts);
        eng_Request req = { pt->fonts[fi], job->font->min_height_mm, 0, ENG_LAYOUT_LINE, job->text };
        eng_layout_parse(job->layout, &req.layout);
        if (eng_engrave(pt->eng, &charm, &req, &e) != ENG_OK) {
            ui_refusal_sentence(eng_refusal(pt->eng), job->font, pt->refusal, sizeof pt->refusal);
            pt->refused = 1;
            e = NULL;
        }
    }
    eng_charm_frame(&charm, &x0, &y0, &x1, &y1);
    w = x1 - x0;
    h = y1 - y0;
    scale = (double)job->size / (w > h ? w : h);
    view.px_per_mm = scale;
    view.origin_x = (job->size - w * scale) / 2 - x0 * scale;
    view.origin_y = (job->size - h * scale) / 2 - y0 * scale;
    img.pixels = pt->pixels;
    img.width = img.height = job->size;
    img.stride = job->size * 4;
    rc = eng_render_charm(pt->eng, &charm, &metal, e, &view, &img) == ENG_OK ? 0 : -1;
    eng_engraving_free(e);
    return rc;
}

/* ---- worker ---- */

static int worker_main(void *user)
{
    Worker *w = user;
    SDL_LockMutex(w->lock);
    for (;;) {
        Job job;
        while (w->n_queue == 0 && !w->quit) SDL_CondWait(w->wake, w->lock);
        if (w->quit) break;
        job = w->queue[0];
        memmove(&w->queue[0], &w->queue[1], sizeof w->queue[0] * (size_t)--w->n_queue);
        snprintf(w->running, sizeof w->running, "%s", job.key);
        SDL_UnlockMutex(w->lock);

        int ok = painter_draw(&w->painter, &job) == 0;
        size_t n = (size_t)job.size * (size_t)job.size * 4;
        uint8_t *copy = ok ? malloc(n) : NULL;
        if (copy) memcpy(copy, w->painter.pixels, n);

        SDL_LockMutex(w->lock);
        w->running[0] = '\0';
        if (copy && w->n_done < QUEUE_MAX) {
            Done *d = &w->done[w->n_done++];
            d->job = job;
            d->pixels = copy;
            snprintf(d->refusal, sizeof d->refusal, "%s", w->painter.refusal);
            d->refused = w->painter.refused;
        } else {
            free(copy);
        }
    }
    SDL_UnlockMutex(w->lock);
    return 0;
}

/* 1 when a job with this key waits, runs or waits to be collected. Locked. */
static int worker_has(const Worker *w, const char *key)
{
    if (strcmp(w->running, key) == 0) return 1;
    for (int i = 0; i < w->n_queue; i++)
        if (strcmp(w->queue[i].key, key) == 0) return 1;
    for (int i = 0; i < w->n_done; i++)
        if (strcmp(w->done[i].job.key, key) == 0) return 1;
    return 0;
}

/* Queues a job unless it is already under way. An engraving replaces the
 * engravings still waiting: only the latest text matters. */
static void worker_post(Worker *w, const Job *job)
{
    SDL_LockMutex(w->lock);
    if (!worker_has(w, job->key)) {
        if (job->font) {
            int k = 0;
            for (int i = 0; i < w->n_queue; i++)
                if (!w->queue[i].font) w->queue[k++] = w->queue[i];
            w->n_queue = k;
        }
        if (w->n_queue < QUEUE_MAX) {
            w->queue[w->n_queue++] = *job;
            SDL_CondSignal(w->wake);
        }
    }
    SDL_UnlockMutex(w->lock);
}

static int worker_start(Worker *w, const model_Catalogue *cat, const char *data_dir,
                        char *err, int errlen)
{
    if (painter_open(&w->painter, cat, data_dir, err, errlen) != 0) return -1;
    w->lock = SDL_CreateMutex();
    w->wake = SDL_CreateCond();
    if (w->lock && w->wake) w->thread = SDL_CreateThread(worker_main, "engrave-preview", w);
    if (!w->thread) {
        snprintf(err, (size_t)errlen, "cannot start the preview thread: %s", SDL_GetError());
        return -1;
    }
    return 0;
}

static void worker_stop(Worker *w)
{
    if (w->thread) {
        SDL_LockMutex(w->lock);
        w->quit = 1;
        SDL_CondSignal(w->wake);
        SDL_UnlockMutex(w->lock);
        SDL_WaitThread(w->thread, NULL);
    }
    if (w->wake) SDL_DestroyCond(w->wake);
    if (w->lock) SDL_DestroyMutex(w->lock);
    painter_close(&w->painter);
    for (int i = 0; i < w->n_done; i++) free(w->done[i].pixels);
    memset(w, 0, sizeof *w);
}

/* ---- caches (UI thread) ---- */

ui_Previews *ui_previews_new(SDL_Renderer *r, const model_Catalogue *cat,
                             const char *data_dir, char *err, int errlen)
{
    ui_Previews *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, (size_t)errlen, "out of memory");
        return NULL;
    }
    p->renderer = r;
    p->cat = cat;
    if (painter_open(&p->painter, cat, data_dir, err, errlen) != 0 ||
        worker_start(&p->worker, cat, data_dir, err, errlen) != 0) {
        ui_previews_free(p);
        return NULL;
    }
    return p;
}

void ui_previews_free(ui_Previews *p)
{
    if (!p) return;
    worker_stop(&p->worker);
    for (int i = 0; i < PLAIN_CACHE; i++)
        if (p->plain[i].tex) SDL_DestroyTexture(p->plain[i].tex);
    for (int i = 0; i < ENGRAVED_CACHE; i++)
        if (p->engraved[i].tex) SDL_DestroyTexture(p->engraved[i].tex);
    painter_close(&p->painter);
    free(p);
}

/* Stores pixels into the slot's texture, reusing it when the size matches. */
static int slot_fill(ui_Previews *p, Slot *s, const Job *job, const uint8_t *pixels,
                     const char *refusal, int refused)
{
    if (s->tex && s->size != job->size) {
        SDL_DestroyTexture(s->tex);
        s->tex = NULL;
    }
    if (!s->tex) {
        s->tex = SDL_CreateTexture(p->renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC,
                                   job->size, job->size);
        if (!s->tex) return -1;
        SDL_SetTextureBlendMode(s->tex, SDL_BLENDMODE_NONE);
    }
    SDL_UpdateTexture(s->tex, NULL, pixels, job->size * 4);
    snprintf(s->key, sizeof s->key, "%s", job->key);
    snprintf(s->charm, sizeof s->charm, "%s", job->charm->id);
    snprintf(s->finish, sizeof s->finish, "%s", job->finish->id);
    snprintf(s->refusal, sizeof s->refusal, "%s", refusal);
    s->refused = refused;
    s->size = job->size;
    s->bg = job->bg;
    s->used = ++p->clock;
    return 0;
}

static Slot *lru(Slot *slots, int n)
{
    Slot *oldest = &slots[0];
    for (int i = 1; i < n; i++)
        if (slots[i].used < oldest->used) oldest = &slots[i];
    return oldest;
}

static Slot *find(Slot *slots, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (slots[i].tex && strcmp(slots[i].key, key) == 0) return &slots[i];
    return NULL;
}

static SDL_Texture *draw_now(ui_Previews *p, Slot *slots, int n, const Job *job, const char **refusal)
{
    Slot *s = lru(slots, n);
    if (painter_draw(&p->painter, job) != 0) return NULL;
    if (slot_fill(p, s, job, p->painter.pixels, p->painter.refusal, p->painter.refused) != 0)
        return NULL;
    if (refusal) *refusal = s->refused ? s->refusal : NULL;
    return s->tex;
}

static void make_key(Job *job)
{
    snprintf(job->key, sizeof job->key, "%s|%s|%s|%s|%d|%06x|%s", job->charm->id, job->finish->id,
             job->font ? job->font->id : "", job->layout, job->size, (unsigned)job->bg, job->text);
}

SDL_Texture *ui_preview_charm(ui_Previews *p, const model_Charm *c, const model_Finish *f, int size,
                              uint32_t bg)
{
    Job job = { c, f, NULL, "", "", size, bg, "" };
    Slot *s;
    make_key(&job);
    s = find(p->plain, PLAIN_CACHE, job.key);
    if (s) {
        s->used = ++p->clock;
        return s->tex;
    }
    worker_post(&p->worker, &job);
    return NULL;
}

/* Takes the finished pictures from the worker into their caches. */
static void collect(ui_Previews *p)
{
    Worker *w = &p->worker;
    SDL_LockMutex(w->lock);
    for (int i = 0; i < w->n_done; i++) {
        Done *d = &w->done[i];
        Slot *slots = d->job.font ? p->engraved : p->plain;
        int n = d->job.font ? ENGRAVED_CACHE : PLAIN_CACHE;
        Slot *s = find(slots, n, d->job.key);
        slot_fill(p, s ? s : lru(slots, n), &d->job, d->pixels, d->refusal, d->refused);
        free(d->pixels);
    }
    w->n_done = 0;
    SDL_UnlockMutex(w->lock);
}

void ui_previews_collect(ui_Previews *p)
{
    collect(p);
}

SDL_Texture *ui_preview_engraving(ui_Previews *p, const model_Charm *c, const model_Finish *f,
                                  const model_Font *font, const char *layout, const char *text,
                                  int size, uint32_t bg, const char **refusal)
{
    Job job;
    Slot *s, *stale = NULL;

    memset(&job, 0, sizeof job);
    job.charm = c;
    job.finish = f;
    job.font = font;
    snprintf(job.layout, sizeof job.layout, "%s", layout);
    snprintf(job.text, sizeof job.text, "%s", text);
    job.size = size;
    job.bg = bg;
    make_key(&job);
    *refusal = NULL;

    s = find(p->engraved, ENGRAVED_CACHE, job.key);
    if (s) {
        s->used = ++p->clock;
        if (s->refused) *refusal = s->refusal;
        return s->tex;
    }
    /* The latest picture of the same charm at the same place stands in
     * while the worker draws the new one. */
    for (int i = 0; i < ENGRAVED_CACHE; i++) {
        Slot *e = &p->engraved[i];
        if (e->tex && e->size == size && e->bg == bg && strcmp(e->charm, c->id) == 0 &&
            strcmp(e->finish, f->id) == 0 && (!stale || e->used > stale->used))
            stale = e;
    }
    if (!stale) return draw_now(p, p->engraved, ENGRAVED_CACHE, &job, refusal);
    worker_post(&p->worker, &job);
    stale->used = ++p->clock;
    if (stale->refused) *refusal = stale->refusal;
    return stale->tex;
}

int ui_previews_busy(ui_Previews *p)
{
    int busy;
    SDL_LockMutex(p->worker.lock);
    busy = p->worker.n_queue > 0 || p->worker.running[0] || p->worker.n_done > 0;
    SDL_UnlockMutex(p->worker.lock);
    return busy;
}
