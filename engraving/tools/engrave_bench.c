/* engrave-bench — our rasterizer against FreeType's (FT_Outline_Get_Bitmap,
 * smooth, unhinted) and stb_truetype's (stbtt_Rasterize) on the same
 * outlines, and the kiosk's preview path end to end.
 *
 * For each font and pixel size, every glyph is loaded once by FreeType
 * (unhinted, at that size) and its curve outline handed to the three
 * rasterizers in their own formats, built before timing: decoding is
 * excluded for all three; flattening and coverage are included for all
 * three. Each rasterizer draws the whole glyph set per batch, batches are
 * interleaved and repeated, and the median batch is reported in ns per
 * glyph. Our coverage is compared with FreeType's pixel by pixel on the same
 * grid (0-255).
 *
 *   raster font=NAME px=N ours_ns= freetype_ns= stb_ns= vs_freetype= vs_stb=
 *          mean_abs_diff= p99_abs_diff= max_abs_diff=
 *   preview ns=...   (shape + arc layout + rasterize 12 chars and the charm
 *                     at 800x800 px; render_ns adds the metal compositing)
 *
 * `engrave-bench [FONT [PX]]` runs one font (or "preview") and one size only,
 * for profiling; ENGRAVE_SIMD=portable|sse2|avx2|neon times that code path
 * (default: the best the CPU has), named on the first line, `simd path=`.
 */
#include "engrave.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#include <stb/stb_truetype.h>
#pragma GCC diagnostic pop

#define BATCHES 9
#define MAX_GLYPHS 64
#define STB_UNITS 16    /* stb vertices are shorts: 1/16 px keeps 512 px glyphs in range */

typedef struct {
    int w, h;
    FT_Outline ft;          /* translated to the bitmap's origin */
    eng_Path *ours;         /* the same, y down */
    stbtt_vertex *sv;
    int nsv;
    uint8_t *a, *b, *c;     /* bitmaps: ours, FreeType, stb */
} Glyph;

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Outline decomposition into our path (y flipped) and stb vertices. */
typedef struct {
    eng_Path *p;
    stbtt_vertex *v;
    int n, cap, h;
} Dec;

static void sv_add(Dec *d, unsigned char type, long x, long y, long cx, long cy, long cx1, long cy1)
{
    stbtt_vertex *v;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->v = realloc(d->v, (size_t)d->cap * sizeof *d->v);
        if (!d->v) {
            fprintf(stderr, "engrave-bench: out of memory\n");
            exit(1);
        }
    }
    v = &d->v[d->n++];
    memset(v, 0, sizeof *v);
    v->type = type;
    /* 26.6 -> 1/16 px */
    v->x = (short)(x / 4); v->y = (short)(y / 4);
    v->cx = (short)(cx / 4); v->cy = (short)(cy / 4);
    v->cx1 = (short)(cx1 / 4); v->cy1 = (short)(cy1 / 4);
}

#define PX(v) ((v) / 64.0)
#define PY(d, v) ((d)->h - (v) / 64.0)

static int d_move(const FT_Vector *to, void *u)
{
    Dec *d = u;
    eng_path_close(d->p);
    eng_path_move_to(d->p, PX(to->x), PY(d, to->y));
    sv_add(d, STBTT_vmove, to->x, to->y, 0, 0, 0, 0);
    return 0;
}

static int d_line(const FT_Vector *to, void *u)
{
    Dec *d = u;
    eng_path_line_to(d->p, PX(to->x), PY(d, to->y));
    sv_add(d, STBTT_vline, to->x, to->y, 0, 0, 0, 0);
    return 0;
}

static int d_conic(const FT_Vector *c, const FT_Vector *to, void *u)
{
    Dec *d = u;
    eng_path_quad_to(d->p, PX(c->x), PY(d, c->y), PX(to->x), PY(d, to->y));
    sv_add(d, STBTT_vcurve, to->x, to->y, c->x, c->y, 0, 0);
    return 0;
}

static int d_cubic(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *u)
{
    Dec *d = u;
    eng_path_cubic_to(d->p, PX(c1->x), PY(d, c1->y), PX(c2->x), PY(d, c2->y), PX(to->x), PY(d, to->y));
    sv_add(d, STBTT_vcubic, to->x, to->y, c1->x, c1->y, c2->x, c2->y);
    return 0;
}

static int load(FT_Library lib, FT_Face face, eng_Context *ctx, unsigned cp, int px, Glyph *g)
{
    static const FT_Outline_Funcs funcs = { d_move, d_line, d_conic, d_cubic, 0, 0 };
    FT_BBox box;
    FT_Pos x0, y0;
    Dec d;
    FT_UInt gid = FT_Get_Char_Index(face, cp);
    if (!gid || FT_Load_Glyph(face, gid, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) ||
        face->glyph->format != FT_GLYPH_FORMAT_OUTLINE)
        return 0;
    memset(g, 0, sizeof *g);
    if (FT_Outline_New(lib, (FT_UInt)face->glyph->outline.n_points,
                       face->glyph->outline.n_contours, &g->ft))
        return 0;
    FT_Outline_Copy(&face->glyph->outline, &g->ft);
    FT_Outline_Get_CBox(&g->ft, &box);
    x0 = box.xMin & ~63;
    y0 = box.yMin & ~63;
    FT_Outline_Translate(&g->ft, -x0, -y0);
    g->w = (int)((box.xMax - x0 + 63) / 64);
    g->h = (int)((box.yMax - y0 + 63) / 64);
    if (g->w < 1) g->w = 1;
    if (g->h < 1) g->h = 1;
    memset(&d, 0, sizeof d);
    d.p = g->ours = eng_path_new(ctx);
    d.h = g->h;
    FT_Outline_Decompose(&g->ft, &funcs, &d);
    eng_path_close(d.p);
    g->sv = d.v;
    g->nsv = d.n;
    g->a = calloc((size_t)g->w * (size_t)g->h, 1);
    g->b = calloc((size_t)g->w * (size_t)g->h, 1);
    g->c = calloc((size_t)g->w * (size_t)g->h, 1);
    return g->a && g->b && g->c;
}

static void free_glyph(FT_Library lib, Glyph *g)
{
    FT_Outline_Done(lib, &g->ft);
    eng_path_free(g->ours);
    free(g->sv);
    free(g->a);
    free(g->b);
    free(g->c);
}

static void run_ours(eng_Context *ctx, Glyph *g, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        eng_Mask m = { g[i].a, g[i].w, g[i].h, g[i].w };
        eng_path_fill(ctx, g[i].ours, NULL, ENG_FILL_NONZERO, &m);
    }
}

static void run_ft(FT_Library lib, Glyph *g, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        FT_Bitmap bm;
        memset(&bm, 0, sizeof bm);
        bm.rows = (unsigned)g[i].h;
        bm.width = (unsigned)g[i].w;
        bm.pitch = g[i].w;      /* positive: row 0 at the top, like ours; the */
        bm.buffer = g[i].b;     /* outline is y up, FreeType flips it itself  */
        bm.num_grays = 256;
        bm.pixel_mode = FT_PIXEL_MODE_GRAY;
        /* FreeType only writes spans: it needs a cleared buffer. */
        memset(g[i].b, 0, (size_t)g[i].w * (size_t)g[i].h);
        FT_Outline_Get_Bitmap(lib, &g[i].ft, &bm);
    }
}

static void run_stb(Glyph *g, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        stbtt__bitmap bm;
        bm.w = g[i].w;
        bm.h = g[i].h;
        bm.stride = g[i].w;
        bm.pixels = g[i].c;
        /* stb clears what it rasterizes row by row itself. */
        stbtt_Rasterize(&bm, 0.35f, g[i].sv, g[i].nsv, 1.0f / STB_UNITS, 1.0f / STB_UNITS,
                        0, 0, 0, -g[i].h, 1, NULL);
    }
}

static const char *only_font;   /* argv filters, for profiling one case */
static int only_px;

static void bench_font(FT_Library lib, eng_Context *ctx, const char *name, const char *path,
                       const unsigned *cps, int ncp)
{
    static const int sizes[] = { 16, 32, 64, 128, 256, 512 };
    FT_Face face;
    int s;
    if (only_font && strcmp(only_font, name) != 0)
        return;
    if (FT_New_Face(lib, path, 0, &face)) {
        printf("raster font=%s cannot open %s\n", name, path);
        return;
    }
    for (s = 0; s < 6; s++) {
        Glyph g[MAX_GLYPHS];
        int n = 0, i, b, reps;
        double t[3][BATCHES], med[3];
        long hist[256], total = 0, p99 = 0, acc = 0;
        double sum = 0;
        int maxd = 0;
        long pixels = 0;
        if (only_px && sizes[s] != only_px)
            continue;
        FT_Set_Pixel_Sizes(face, 0, (FT_UInt)sizes[s]);
        for (i = 0; i < ncp && n < MAX_GLYPHS; i++)
            if (load(lib, face, ctx, cps[i], sizes[s], &g[n]))
                n++;
        for (i = 0; i < n; i++)
            pixels += (long)g[i].w * g[i].h;
        /* Enough repetitions for ~20 ms per batch and rasterizer. */
        reps = (int)(4e6 / (double)(pixels + 2000L * n)) + 1;
        run_ours(ctx, g, n);    /* warm up: scratch buffers, caches */
        run_ft(lib, g, n);
        run_stb(g, n);
        for (b = 0; b < BATCHES; b++) {
            double t0;
            int r;
            t0 = now_ns();
            for (r = 0; r < reps; r++) run_ours(ctx, g, n);
            t[0][b] = (now_ns() - t0) / reps / n;
            t0 = now_ns();
            for (r = 0; r < reps; r++) run_ft(lib, g, n);
            t[1][b] = (now_ns() - t0) / reps / n;
            t0 = now_ns();
            for (r = 0; r < reps; r++) run_stb(g, n);
            t[2][b] = (now_ns() - t0) / reps / n;
        }
        for (i = 0; i < 3; i++) {
            qsort(t[i], BATCHES, sizeof t[i][0], cmp_double);
            med[i] = t[i][BATCHES / 2];
        }
        memset(hist, 0, sizeof hist);
        for (i = 0; i < n; i++) {
            long k, np = (long)g[i].w * g[i].h;
            for (k = 0; k < np; k++) {
                int d = abs(g[i].a[k] - g[i].b[k]);
                hist[d]++;
                sum += d;
                if (d > maxd) maxd = d;
            }
            total += np;
        }
        for (p99 = 0; p99 < 256; p99++) {
            acc += hist[p99];
            if (acc >= 0.99 * total)
                break;
        }
        printf("raster font=%s px=%d ours_ns=%.0f freetype_ns=%.0f stb_ns=%.0f vs_freetype=%.2f "
               "vs_stb=%.2f mean_abs_diff=%.3f p99_abs_diff=%ld max_abs_diff=%d\n",
               name, sizes[s], med[0], med[1], med[2], med[0] / med[1], med[0] / med[2],
               sum / (double)total, p99, maxd);
        fflush(stdout);
        for (i = 0; i < n; i++)
            free_glyph(lib, &g[i]);
    }
    FT_Done_Face(face);
}

/* The kiosk's preview: the customer typed the 12th character of an arc
 * engraving; shape, lay out, rasterize it and the charm at 800 x 800 px. */
static void bench_preview(eng_Context *ctx)
{
    static const eng_Metal gold = { { 0xD2, 0xAC, 0x4E }, { 0xF7, 0xE3, 0xA1 }, { 0x8A, 0x6A, 0x22 } };
    eng_Charm disc = { "Round Disc", ENG_CHARM_DISC, 20, 20, 3, 5, 14, 10, 12 };
    eng_Font *font;
    eng_Request req;
    eng_Path *body = eng_path_new(ctx), *ring = eng_path_new(ctx);
    uint8_t *m1 = malloc(800 * 800), *m2 = malloc(800 * 800), *rgba = malloc(800 * 800 * 4);
    eng_Mask a = { m1, 800, 800, 800 }, b = { m2, 800, 800, 800 };
    eng_Image img = { rgba, 800, 800, 3200 };
    double x0, y0, x1, y1, t[41], r[15];
    eng_View view;
    eng_Affine px;
    int i;
    if (!body || !ring || !m1 || !m2 || !rgba ||
        eng_font_open(ctx, "assets/fonts/EBGaramond12-Regular.otf", 0, &font)) {
        printf("preview cannot run: %s\n", eng_errmsg(ctx));
        return;
    }
    eng_charm_frame(&disc, &x0, &y0, &x1, &y1);
    view.px_per_mm = 800 / (x1 - x0 > y1 - y0 ? x1 - x0 : y1 - y0);
    view.origin_x = -x0 * view.px_per_mm;
    view.origin_y = -y0 * view.px_per_mm;
    px.xx = px.yy = view.px_per_mm;
    px.xy = px.yx = 0;
    px.tx = view.origin_x;
    px.ty = view.origin_y;
    req.font = font;
    req.min_height_mm = 1.2;
    req.max_height_mm = 0;
    req.layout = ENG_LAYOUT_ARC_TOP;
    req.text = "Forever Love";
    for (i = 0; i < 41; i++) {
        eng_Engraving *e;
        double t0 = now_ns();
        eng_engrave(ctx, &disc, &req, &e);
        eng_path_clear(body);
        eng_path_clear(ring);
        eng_charm_outline(&disc, body, ring);
        eng_path_fill(ctx, body, &px, ENG_FILL_NONZERO, &a);
        eng_path_fill(ctx, ring, &px, ENG_FILL_NONZERO, &b);
        eng_path_fill(ctx, eng_engraving_path(e), &px, ENG_FILL_NONZERO, &b);
        t[i] = now_ns() - t0;
        eng_engraving_free(e);
    }
    for (i = 0; i < 15; i++) {
        eng_Engraving *e;
        double t0 = now_ns();
        eng_engrave(ctx, &disc, &req, &e);
        eng_render_charm(ctx, &disc, &gold, e, &view, &img);
        r[i] = now_ns() - t0;
        eng_engraving_free(e);
    }
    qsort(t, 41, sizeof t[0], cmp_double);
    qsort(r, 15, sizeof r[0], cmp_double);
    printf("preview ns=%.0f render_ns=%.0f\n", t[20], r[7]);
    eng_font_free(font);
    eng_path_free(body);
    eng_path_free(ring);
    free(m1);
    free(m2);
    free(rgba);
}

int main(int argc, char **argv)
{
    static const unsigned kanji[] = { 0x611B, 0x5149, 0x6C38, 0x9060, 0x5E78, 0x798F, 0x82B1,
                                      0x5FC3, 0x5922, 0x661F, 0x6708, 0x7A7A, 0x6D77, 0x5C71,
                                      0x98A8, 0x96EA, 0x6625, 0x79CB, 0x685C, 0x548C };
    unsigned latin[62];
    int i, n = 0;
    FT_Library lib;
    eng_Context *ctx = eng_context_new();
    if (!ctx || FT_Init_FreeType(&lib)) {
        fprintf(stderr, "engrave-bench: cannot start\n");
        return 1;
    }
    /* ENGRAVE_SIMD=portable|sse2|avx2|neon times one code path (the tool's
     * switch: the library reads no environment). */
    if (getenv("ENGRAVE_SIMD")) {
        eng_Simd simd;
        if (eng_simd_parse(getenv("ENGRAVE_SIMD"), &simd) || eng_context_set_simd(ctx, simd)) {
            fprintf(stderr, "engrave-bench: ENGRAVE_SIMD=%s is not a path this build and CPU have\n",
                    getenv("ENGRAVE_SIMD"));
            return 1;
        }
    }
    printf("simd path=%s\n", eng_simd_name(eng_context_simd(ctx)));
    if (argc > 1)
        only_font = argv[1];
    if (argc > 2)
        only_px = atoi(argv[2]);
    for (i = 'A'; i <= 'Z'; i++) latin[n++] = (unsigned)i;
    for (i = 'a'; i <= 'z'; i++) latin[n++] = (unsigned)i;
    for (i = '0'; i <= '9'; i++) latin[n++] = (unsigned)i;
    bench_font(lib, ctx, "DejaVuSans", "assets/fonts/DejaVuSans.ttf", latin, n);
    bench_font(lib, ctx, "EBGaramond", "assets/fonts/EBGaramond12-Regular.otf", latin, n);
    bench_font(lib, ctx, "NotoSansCJK", "assets/fonts/NotoSansCJK-Regular.ttc", kanji, 20);
    if (!only_font || strcmp(only_font, "preview") == 0)
        bench_preview(ctx);
    FT_Done_FreeType(lib);
    eng_context_free(ctx);
    return 0;
}
