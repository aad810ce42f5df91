/* preview.c — see preview.h. */
#include "ui/preview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engrave.h"

#define PLAIN_CACHE 48

typedef struct {
    char charm[MODEL_ID_MAX], finish[MODEL_ID_MAX];
    int size;
    uint32_t bg;
    SDL_Texture *tex;
} Plain;

typedef struct {
    char key[MODEL_TEXT_MAX + 4 * MODEL_ID_MAX + 32];
    SDL_Texture *tex;
    char refusal[256];
    int refused;
} Engraved;

struct ui_Previews {
    SDL_Renderer *renderer;
    const model_Catalogue *cat;
    eng_Context *eng;
    eng_Font *fonts[MODEL_MAX_FONTS];
    Plain plain[PLAIN_CACHE];
    int plain_next;                 /* round-robin eviction */
    Engraved engraved[4];           /* the engraving and review screens' */
    int engraved_next;
    uint8_t *pixels;                /* scratch RGBA, grown as needed */
    size_t pixels_cap;
};

ui_Previews *ui_previews_new(SDL_Renderer *r, const model_Catalogue *cat,
                             const char *data_dir, char *err, int errlen)
{
    char path[512];
    ui_Previews *p = calloc(1, sizeof *p);
    if (!p) goto oom;
    p->renderer = r;
    p->cat = cat;
    p->eng = eng_context_new();
    if (!p->eng) goto oom;
    for (int i = 0; i < cat->n_fonts; i++) {
        snprintf(path, sizeof path, "%s/%s", data_dir, cat->fonts[i].file);
        if (eng_font_open(p->eng, path, cat->fonts[i].face_index, &p->fonts[i]) != ENG_OK) {
            snprintf(err, (size_t)errlen, "engraving font '%s': %s", cat->fonts[i].id,
                     eng_errmsg(p->eng));
            ui_previews_free(p);
            return NULL;
        }
    }
    return p;
oom:
    snprintf(err, (size_t)errlen, "out of memory");
    ui_previews_free(p);
    return NULL;
}

void ui_previews_free(ui_Previews *p)
{
    if (!p) return;
    for (int i = 0; i < PLAIN_CACHE; i++)
        if (p->plain[i].tex) SDL_DestroyTexture(p->plain[i].tex);
    for (int i = 0; i < 4; i++)
        if (p->engraved[i].tex) SDL_DestroyTexture(p->engraved[i].tex);
    for (int i = 0; i < MODEL_MAX_FONTS; i++) eng_font_free(p->fonts[i]);
    eng_context_free(p->eng);
    free(p->pixels);
    free(p);
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

static eng_Metal to_metal(const model_Finish *f)
{
    eng_Metal m = { to_rgb(f->base_rgb), to_rgb(f->light_rgb), to_rgb(f->shade_rgb) };
    return m;
}

/* Renders the charm (and engraving e, may be NULL) centred in size x size. */
static SDL_Texture *render(ui_Previews *p, const eng_Charm *charm, const model_Finish *finish,
                           const eng_Engraving *e, int size, uint32_t bg)
{
    double x0, y0, x1, y1, w, h, scale;
    size_t need = (size_t)size * (size_t)size * 4;
    eng_Metal metal = to_metal(finish);
    eng_View view;
    eng_Image img;
    SDL_Texture *tex;

    if (need > p->pixels_cap) {
        uint8_t *grown = realloc(p->pixels, need);
        if (!grown) return NULL;
        p->pixels = grown;
        p->pixels_cap = need;
    }
    for (size_t i = 0; i < need; i += 4) {
        p->pixels[i] = (uint8_t)(bg >> 16);
        p->pixels[i + 1] = (uint8_t)(bg >> 8);
        p->pixels[i + 2] = (uint8_t)bg;
        p->pixels[i + 3] = 255;
    }
    eng_charm_frame(charm, &x0, &y0, &x1, &y1);
    w = x1 - x0;
    h = y1 - y0;
    scale = (double)size / (w > h ? w : h);
    view.px_per_mm = scale;
    view.origin_x = (size - w * scale) / 2 - x0 * scale;
    view.origin_y = (size - h * scale) / 2 - y0 * scale;
    img.pixels = p->pixels;
    img.width = img.height = size;
    img.stride = size * 4;
    if (eng_render_charm(p->eng, charm, &metal, e, &view, &img) != ENG_OK) return NULL;
    tex = SDL_CreateTexture(p->renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, size, size);
    if (!tex) return NULL;
    SDL_UpdateTexture(tex, NULL, p->pixels, size * 4);
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_NONE);
    return tex;
}

SDL_Texture *ui_preview_charm(ui_Previews *p, const model_Charm *c, const model_Finish *f, int size,
                              uint32_t bg)
{
    eng_Charm charm;
    Plain *slot;
    for (int i = 0; i < PLAIN_CACHE; i++) {
        Plain *e = &p->plain[i];
        if (e->tex && e->size == size && e->bg == bg && strcmp(e->charm, c->id) == 0 &&
            strcmp(e->finish, f->id) == 0)
            return e->tex;
    }
    if (to_eng_charm(c, &charm) != 0) return NULL;
    slot = &p->plain[p->plain_next];
    p->plain_next = (p->plain_next + 1) % PLAIN_CACHE;
    if (slot->tex) SDL_DestroyTexture(slot->tex);
    slot->tex = render(p, &charm, f, NULL, size, bg);
    slot->bg = bg;
    snprintf(slot->charm, sizeof slot->charm, "%s", c->id);
    snprintf(slot->finish, sizeof slot->finish, "%s", f->id);
    slot->size = size;
    return slot->tex;
}

SDL_Texture *ui_preview_engraving(ui_Previews *p, const model_Charm *c, const model_Finish *f,
                                  const model_Font *font, const char *layout, const char *text,
                                  int size, uint32_t bg, const char **refusal)
{
    char key[sizeof p->engraved[0].key];
    eng_Charm charm;
    eng_Request req;
    eng_Engraving *e = NULL;
    Engraved *slot;
    int font_index = (int)(font - p->cat->fonts);

    *refusal = NULL;
    snprintf(key, sizeof key, "%s|%s|%s|%s|%d|%06x|%s", c->id, f->id, font->id, layout, size,
             (unsigned)bg, text);
    for (int i = 0; i < 4; i++) {
        slot = &p->engraved[i];
        if (slot->tex && strcmp(slot->key, key) == 0) {
            if (slot->refused) *refusal = slot->refusal;
            return slot->tex;
        }
    }
    if (to_eng_charm(c, &charm) != 0 || font_index < 0 || font_index >= p->cat->n_fonts) return NULL;
    slot = &p->engraved[p->engraved_next];
    p->engraved_next = (p->engraved_next + 1) % 4;
    if (slot->tex) SDL_DestroyTexture(slot->tex);
    slot->tex = NULL;
    slot->refused = 0;
    memset(&req, 0, sizeof req);
    req.font = p->fonts[font_index];
    req.min_height_mm = font->min_height_mm;
    req.text = text;
    if (eng_layout_parse(layout, &req.layout) != 0) req.layout = ENG_LAYOUT_LINE;
    if (eng_engrave(p->eng, &charm, &req, &e) != ENG_OK) {
        snprintf(slot->refusal, sizeof slot->refusal, "%s", eng_errmsg(p->eng));
        slot->refused = 1;
        *refusal = slot->refusal;
        e = NULL;
    }
    slot->tex = render(p, &charm, f, e, size, bg);
    eng_engraving_free(e);
    snprintf(slot->key, sizeof slot->key, "%s", key);
    return slot->tex;
}
