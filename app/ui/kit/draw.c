/* draw.c — text and shapes for the UI, cached as textures (see kit.h).
 *
 * SDL_ttf renders each distinct (font, colour, tracking, wrap, text) once into
 * a texture; the cache is flushed whole when three quarters full, which on a
 * kiosk happens rarely (the texts of a screen are few and repeat every frame).
 * Rounded rectangles are drawn once per size and colours, on their flat
 * background, and cached as opaque textures.
 * Every text draw writes a trace line when tracing is on.
 */
#include "ui/kit/kit.h"

#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct TextEntry {
    char *text;               /* owned; NULL = free slot */
    uint32_t hash;
    int font, tracking, wrap;
    uint32_t rgba;
    SDL_Texture *tex;
    int w, h;
};

struct ShapeEntry {
    int w, h, radius, bw;
    uint32_t fill, border, bg;
    SDL_Texture *tex;         /* NULL = free slot */
};

static const struct { int serif; int italic; int size; } font_specs[UI_FONT_COUNT] = {
    [UI_FONT_DISPLAY]   = { 1, 0, 118 },
    [UI_FONT_TITLE]     = { 1, 0, 74 },
    [UI_FONT_HEADING]   = { 1, 0, 44 },
    [UI_FONT_ENGRAVING] = { 1, 0, 66 },
    [UI_FONT_ITALIC]    = { 1, 1, 36 },
    [UI_FONT_BODY]      = { 0, 0, 30 },
    [UI_FONT_LABEL]     = { 0, 0, 22 },
    [UI_FONT_KEY]       = { 0, 0, 38 },
    [UI_FONT_BUTTON]    = { 0, 0, 28 },
    [UI_FONT_FIGURES]   = { 0, 0, 52 },
    [UI_FONT_NUMBER]    = { 0, 0, 104 },
};

static uint32_t pack(ui_Color c)
{
    return (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
}

int ui_ctx_init(ui_Ctx *ui, SDL_Renderer *r, const ui_Theme *theme,
                const char *data_dir, char *err, int errlen)
{
    char path[512];
    memset(ui, 0, sizeof *ui);
    ui->renderer = r;
    ui->theme = *theme;
    ui->window_name = "main";
    ui->text_cache = calloc(UI_TEXT_CACHE, sizeof *ui->text_cache);
    ui->shape_cache = calloc(UI_SHAPE_CACHE, sizeof *ui->shape_cache);
    if (!ui->text_cache || !ui->shape_cache) {
        snprintf(err, (size_t)errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < UI_FONT_COUNT; i++) {
        const char *file = font_specs[i].serif
            ? (font_specs[i].italic ? theme->serif_italic : theme->serif) : theme->sans;
        int face = font_specs[i].serif ? 0 : theme->sans_face;
        snprintf(path, sizeof path, "%s/%s", data_dir, file);
        ui->fonts[i] = TTF_OpenFontIndex(path, font_specs[i].size, face);
        if (!ui->fonts[i]) {
            snprintf(err, (size_t)errlen, "cannot open the font %s: %s", path, TTF_GetError());
            return -1;
        }
        TTF_SetFontHinting(ui->fonts[i], TTF_HINTING_LIGHT);
    }
    return 0;
}

int ui_ctx_add_font(ui_Ctx *ui, const char *path, int face, int size, char *err, int errlen)
{
    TTF_Font *font;
    if (ui->n_extra >= UI_MAX_EXTRA_FONTS) {
        snprintf(err, (size_t)errlen, "more than %d extra fonts", UI_MAX_EXTRA_FONTS);
        return -1;
    }
    font = TTF_OpenFontIndex(path, size, face);
    if (!font) {
        snprintf(err, (size_t)errlen, "cannot open the font %s: %s", path, TTF_GetError());
        return -1;
    }
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    ui->fonts[UI_FONT_EXTRA + ui->n_extra] = font;
    return UI_FONT_EXTRA + ui->n_extra++;
}

int ui_font_covers(ui_Ctx *ui, ui_Font f, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        /* Decode one UTF-8 sequence (the text was validated on input). */
        uint32_t cp = *p;
        int n = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
        if (n > 1) cp &= 0x3F >> (n - 1);
        for (int i = 1; i < n; i++) {
            if ((p[i] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (p[i] & 0x3F);
        }
        if (!TTF_GlyphIsProvided32(ui->fonts[f], cp)) return 0;
        p += n;
    }
    return 1;
}

static void text_cache_flush(ui_Ctx *ui)
{
    for (int i = 0; i < UI_TEXT_CACHE; i++) {
        free(ui->text_cache[i].text);
        if (ui->text_cache[i].tex) SDL_DestroyTexture(ui->text_cache[i].tex);
    }
    memset(ui->text_cache, 0, sizeof *ui->text_cache * UI_TEXT_CACHE);
    ui->text_used = 0;
}

static void shape_cache_flush(ui_Ctx *ui)
{
    for (int i = 0; i < UI_SHAPE_CACHE; i++)
        if (ui->shape_cache[i].tex) SDL_DestroyTexture(ui->shape_cache[i].tex);
    memset(ui->shape_cache, 0, sizeof *ui->shape_cache * UI_SHAPE_CACHE);
    ui->shape_used = 0;
}

void ui_ctx_release(ui_Ctx *ui)
{
    if (ui->text_cache) text_cache_flush(ui);
    if (ui->shape_cache) shape_cache_flush(ui);
    free(ui->text_cache);
    free(ui->shape_cache);
    for (int i = 0; i < UI_FONT_COUNT + UI_MAX_EXTRA_FONTS; i++)
        if (ui->fonts[i]) TTF_CloseFont(ui->fonts[i]);
    memset(ui, 0, sizeof *ui);
}

/* ---- text ---- */

static uint32_t hash_text(const char *s, int font, uint32_t rgba, int tracking, int wrap)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    h = (h ^ (uint32_t)font) * 16777619u;
    h = (h ^ rgba) * 16777619u;
    h = (h ^ (uint32_t)tracking) * 16777619u;
    return (h ^ (uint32_t)wrap) * 16777619u;
}

/* Renders text with `tracking` extra pixels after each character: glyph by
 * glyph (SDL_ttf has no letter spacing), for small capital labels. */
static SDL_Surface *render_tracked(TTF_Font *font, const char *text, SDL_Color c, int tracking)
{
    int w = 0, h = TTF_FontHeight(font), x = 0;
    const char *p;
    SDL_Surface *out;
    for (p = text; *p;) {
        char ch[5] = { 0 };
        int n = 1, adv;
        while (n < 4 && ((uint8_t)p[n] & 0xC0) == 0x80) n++;
        memcpy(ch, p, (size_t)n);
        p += n;
        TTF_SizeUTF8(font, ch, &adv, NULL);
        w += adv + (*p ? tracking : 0);
    }
    out = SDL_CreateRGBSurfaceWithFormat(0, w > 0 ? w : 1, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!out) return NULL;
    SDL_FillRect(out, NULL, 0);
    for (p = text; *p;) {
        char ch[5] = { 0 };
        int n = 1, adv;
        SDL_Surface *g;
        while (n < 4 && ((uint8_t)p[n] & 0xC0) == 0x80) n++;
        memcpy(ch, p, (size_t)n);
        p += n;
        TTF_SizeUTF8(font, ch, &adv, NULL);
        g = ch[0] == ' ' ? NULL : TTF_RenderUTF8_Blended(font, ch, c);
        if (g) {
            SDL_Rect dst = { x, 0, g->w, g->h };
            SDL_SetSurfaceBlendMode(g, SDL_BLENDMODE_NONE);
            SDL_BlitSurface(g, NULL, out, &dst);
            SDL_FreeSurface(g);
        }
        x += adv + tracking;
    }
    return out;
}

static TextEntry *text_get(ui_Ctx *ui, ui_Font f, const char *text, ui_Color c, int tracking, int wrap)
{
    uint32_t rgba = pack(c), h = hash_text(text, f, rgba, tracking, wrap);
    int i = (int)(h % UI_TEXT_CACHE);
    SDL_Surface *s;
    SDL_Color sc = { c.r, c.g, c.b, c.a };
    TextEntry *e;

    for (;; i = (i + 1) % UI_TEXT_CACHE) {
        e = &ui->text_cache[i];
        if (!e->text) break;
        if (e->hash == h && e->font == (int)f && e->rgba == rgba && e->tracking == tracking &&
            e->wrap == wrap && strcmp(e->text, text) == 0)
            return e;
    }
    if (ui->text_used >= UI_TEXT_CACHE * 3 / 4) {
        text_cache_flush(ui);
        return text_get(ui, f, text, c, tracking, wrap);
    }
    if (wrap != 0) {
        /* wrap > 0: lines centred; < 0: lines flush left, at width -wrap. */
        TTF_SetFontWrappedAlign(ui->fonts[f], wrap > 0 ? TTF_WRAPPED_ALIGN_CENTER
                                                       : TTF_WRAPPED_ALIGN_LEFT);
        s = TTF_RenderUTF8_Blended_Wrapped(ui->fonts[f], text, sc, (Uint32)(wrap > 0 ? wrap : -wrap));
    } else if (tracking > 0) {
        s = render_tracked(ui->fonts[f], text, sc, tracking);
    } else {
        s = TTF_RenderUTF8_Blended(ui->fonts[f], text, sc);
    }
    if (!s) return NULL;
    e->tex = SDL_CreateTextureFromSurface(ui->renderer, s);
    e->w = s->w;
    e->h = s->h;
    SDL_FreeSurface(s);
    if (!e->tex) return NULL;
    e->text = strdup(text);
    if (!e->text) {
        SDL_DestroyTexture(e->tex);
        e->tex = NULL;
        return NULL;
    }
    e->hash = h;
    e->font = f;
    e->rgba = rgba;
    e->tracking = tracking;
    e->wrap = wrap;
    ui->text_used++;
    return e;
}

static void trace_text(ui_Ctx *ui, const char *id, const char *text, SDL_Rect r, ui_Color c)
{
    cJSON *o, *rect;
    char *line, color[8];
    if (!ui->trace) return;
    o = cJSON_CreateObject();
    if (!o) return;
    cJSON_AddStringToObject(o, "window", ui->window_name);
    cJSON_AddNumberToObject(o, "frame", (double)ui->frame);
    if (id) cJSON_AddStringToObject(o, "widget", id);
    else cJSON_AddNullToObject(o, "widget");
    /* Names, contacts and notes never reach the trace file: tests and
     * readers still see where the text stood and in which colour. */
    cJSON_AddStringToObject(o, "text", ui->trace_private ? UI_TRACE_MASK : text);
    rect = cJSON_AddArrayToObject(o, "rect");
    if (rect) {
        cJSON_AddItemToArray(rect, cJSON_CreateNumber(r.x));
        cJSON_AddItemToArray(rect, cJSON_CreateNumber(r.y));
        cJSON_AddItemToArray(rect, cJSON_CreateNumber(r.w));
        cJSON_AddItemToArray(rect, cJSON_CreateNumber(r.h));
    }
    /* Tests tell an error from a confirmation by its colour. */
    snprintf(color, sizeof color, "#%02X%02X%02X", c.r, c.g, c.b);
    cJSON_AddStringToObject(o, "color", color);
    line = cJSON_PrintUnformatted(o);
    if (line) {
        fprintf(ui->trace, "%s\n", line);
        cJSON_free(line);
    }
    cJSON_Delete(o);
}

void ui_text_size(ui_Ctx *ui, ui_Font f, const char *text, int tracking, int *w, int *h)
{
    TextEntry *e = text[0] ? text_get(ui, f, text, ui->theme.ink, tracking, 0) : NULL;
    if (w) *w = e ? e->w : 0;
    if (h) *h = e ? e->h : TTF_FontHeight(ui->fonts[f]);
}

void ui_text_prepare(ui_Ctx *ui, ui_Font f, const char *text, ui_Color c, int tracking, int wrap)
{
    if (text[0]) text_get(ui, f, text, c, wrap ? 0 : tracking, wrap);
}

int ui_text(ui_Ctx *ui, const char *id, ui_Font f, const char *text, int x, int y, ui_Align align,
            ui_Color c, int tracking)
{
    TextEntry *e;
    SDL_Rect dst;
    if (!text[0]) return 0;
    e = text_get(ui, f, text, c, tracking, 0);
    if (!e) return 0;
    dst.w = e->w;
    dst.h = e->h;
    dst.x = align == UI_ALIGN_LEFT ? x : align == UI_ALIGN_CENTER ? x - e->w / 2 : x - e->w;
    dst.y = y;
    SDL_SetTextureAlphaMod(e->tex, c.a);
    SDL_RenderCopy(ui->renderer, e->tex, NULL, &dst);
    trace_text(ui, id, text, dst, c);
    return e->w;
}

void ui_text_in(ui_Ctx *ui, const char *id, ui_Font f, const char *text, ui_Rect r, ui_Color c,
                int tracking)
{
    int h = TTF_FontHeight(ui->fonts[f]);
    ui_text(ui, id, f, text, r.x + r.w / 2, r.y + (r.h - h) / 2, UI_ALIGN_CENTER, c, tracking);
}

/* Text wrapped to width w at (x, y): each line centred in w, or flush
 * left. Returns the height drawn. */
static int text_wrapped(ui_Ctx *ui, const char *id, ui_Font f, const char *text, int x, int y, int w,
                        ui_Color c, int left)
{
    TextEntry *e;
    SDL_Rect dst;
    if (!text[0] || (left && w <= 0)) return 0;
    e = text_get(ui, f, text, c, 0, left ? -w : w);
    if (!e) return 0;
    dst.x = left ? x : x + (w - e->w) / 2;
    dst.y = y;
    dst.w = e->w;
    dst.h = e->h;
    SDL_RenderCopy(ui->renderer, e->tex, NULL, &dst);
    trace_text(ui, id, text, dst, c);
    return e->h;
}

int ui_text_wrapped(ui_Ctx *ui, const char *id, ui_Font f, const char *text, int x, int y, int w,
                    ui_Color c)
{
    return text_wrapped(ui, id, f, text, x, y, w, c, 0);
}

int ui_text_wrapped_left(ui_Ctx *ui, const char *id, ui_Font f, const char *text, int x, int y,
                         int w, ui_Color c)
{
    return text_wrapped(ui, id, f, text, x, y, w, c, 1);
}

int ui_text_wrapped_height(ui_Ctx *ui, ui_Font f, const char *text, int w, ui_Color c)
{
    TextEntry *e = text[0] && w > 0 ? text_get(ui, f, text, c, 0, w) : NULL;
    return e ? e->h : 0;
}

/* ---- shapes ---- */

void ui_fill(ui_Ctx *ui, ui_Rect r, ui_Color c)
{
    if (r.w <= 0 || r.h <= 0) return;
    SDL_Rect sr = { r.x, r.y, r.w, r.h };
    SDL_SetRenderDrawBlendMode(ui->renderer, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(ui->renderer, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(ui->renderer, &sr);
}

void ui_hline(ui_Ctx *ui, int x0, int x1, int y, ui_Color c)
{
    ui_Rect r = { x0, y, x1 - x0, 2 };
    ui_fill(ui, r, c);
}

/* Coverage (0..1) of the pixel centred at (px,py) by a rounded box of half
 * size (hx,hy) and corner radius rad centred at the origin: from the signed
 * distance to its edge, which is exact enough for a one-pixel ramp. */
static float box_coverage(float px, float py, float hx, float hy, float rad)
{
    float qx = fabsf(px) - (hx - rad), qy = fabsf(py) - (hy - rad);
    float ox = qx > 0 ? qx : 0, oy = qy > 0 ? qy : 0;
    float d = sqrtf(ox * ox + oy * oy) + fminf(fmaxf(qx, qy), 0.0f) - rad;
    float cov = 0.5f - d;
    return cov < 0 ? 0 : cov > 1 ? 1 : cov;
}

/* An opaque w x h texture of the rounded rectangle on bg, with an analytic
 * anti-aliased edge from the signed distance to the rounded box. */
static SDL_Texture *make_round_rect(SDL_Renderer *r, int w, int h, int rad, ui_Color fill,
                                    ui_Color border, int bw, ui_Color bg)
{
    SDL_Texture *tex = NULL;
    uint8_t *px = malloc((size_t)w * (size_t)h * 4);
    float hx = w * 0.5f, hy = h * 0.5f;
    if (!px) return NULL;
    for (int y = 0; y < h; y++) {
        int corner_row = y < rad || y >= h - rad;
        for (int x = 0; x < w; x++) {
            uint8_t *p = px + ((size_t)y * (size_t)w + (size_t)x) * 4;
            float outer, inner;
            if (corner_row && (x < rad || x >= w - rad)) {
                float cx = x + 0.5f - hx, cy = y + 0.5f - hy;
                outer = box_coverage(cx, cy, hx, hy, (float)rad);
                inner = bw > 0 ? box_coverage(cx, cy, hx - bw, hy - bw,
                                              rad > bw ? (float)(rad - bw) : 0.0f) : outer;
            } else {
                /* Straight parts are pixel-aligned: no distance needed. */
                int edge = x < bw || y < bw || x >= w - bw || y >= h - bw;
                outer = 1.0f;
                inner = edge ? 0.0f : 1.0f;
            }
            float fa = inner, ba = outer - inner, ga = 1.0f - outer;
            p[0] = (uint8_t)(fill.r * fa + border.r * ba + bg.r * ga + 0.5f);
            p[1] = (uint8_t)(fill.g * fa + border.g * ba + bg.g * ga + 0.5f);
            p[2] = (uint8_t)(fill.b * fa + border.b * ba + bg.b * ga + 0.5f);
            p[3] = 255;
        }
    }
    tex = SDL_CreateTexture(r, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, w, h);
    if (tex) {
        SDL_UpdateTexture(tex, NULL, px, w * 4);
        SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_NONE);
    }
    free(px);
    return tex;
}

void ui_round_rect(ui_Ctx *ui, ui_Rect r, int radius, ui_Color fill, ui_Color border, int bw,
                   ui_Color bg)
{
    uint32_t f = pack(fill), b = pack(border), g = pack(bg);
    ShapeEntry *e = NULL;
    SDL_Rect dst = { r.x, r.y, r.w, r.h };
    if (r.w <= 0 || r.h <= 0) return;
    for (int i = 0; i < ui->shape_used; i++) {
        ShapeEntry *s = &ui->shape_cache[i];
        if (s->w == r.w && s->h == r.h && s->radius == radius && s->bw == bw && s->fill == f &&
            s->border == b && s->bg == g) { e = s; break; }
    }
    if (!e) {
        if (ui->shape_used >= UI_SHAPE_CACHE) shape_cache_flush(ui);
        e = &ui->shape_cache[ui->shape_used];
        e->tex = make_round_rect(ui->renderer, r.w, r.h, radius, fill, border, bw, bg);
        if (!e->tex) return;
        e->w = r.w; e->h = r.h; e->radius = radius; e->bw = bw;
        e->fill = f; e->border = b; e->bg = g;
        ui->shape_used++;
    }
    SDL_RenderCopy(ui->renderer, e->tex, NULL, &dst);
}
