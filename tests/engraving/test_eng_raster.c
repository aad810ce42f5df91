/* test_eng_raster.c — the rasterizer against analytic areas and a slow,
 * obviously-correct reference (exact polygon clipping per pixel). */
#include "../test.h"
#include "engrave.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 64
#define H 64

static eng_Context *ctx;
static eng_Simd path = ENG_SIMD_AUTO;   /* for tests that make their own context */
static uint8_t pix[W * H];
static eng_Mask mask = { pix, W, H, W };

static long total(const eng_Mask *m)
{
    long s = 0;
    int x, y;
    for (y = 0; y < m->height; y++)
        for (x = 0; x < m->width; x++)
            s += m->pixels[y * m->stride + x];
    return s;
}

static eng_Path *polygon(const double *xy, int n)
{
    eng_Path *p = eng_path_new(ctx);
    int i;
    eng_path_move_to(p, xy[0], xy[1]);
    for (i = 1; i < n; i++)
        eng_path_line_to(p, xy[2 * i], xy[2 * i + 1]);
    eng_path_close(p);
    return p;
}

/* ---- the reference: signed area of the polygon clipped to each pixel ---- */

typedef struct { double x, y; } P;

static int clip(const P *in, int n, P *out, int axis, double v, int keep_less)
{
    int i, k = 0;
    for (i = 0; i < n; i++) {
        P a = in[i], b = in[(i + 1) % n];
        double da = (axis ? a.y : a.x) - v, db = (axis ? b.y : b.x) - v;
        int ina = keep_less ? da <= 0 : da >= 0, inb = keep_less ? db <= 0 : db >= 0;
        if (ina)
            out[k++] = a;
        if (ina != inb) {
            double t = da / (da - db);
            P c = { a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t };
            out[k++] = c;
        }
    }
    return k;
}

static double pixel_area(const P *poly, int n, int px, int py)
{
    P a[64], b[64];
    double s = 0;
    int i, k;
    k = clip(poly, n, a, 0, px, 0);
    k = clip(a, k, b, 0, px + 1, 1);
    k = clip(b, k, a, 1, py, 0);
    k = clip(a, k, b, 1, py + 1, 1);
    for (i = 0; i < k; i++)
        s += b[i].x * b[(i + 1) % k].y - b[(i + 1) % k].x * b[i].y;
    return 0.5 * s;
}

static int reference_max_diff(const double *xy, int n, const eng_Mask *m)
{
    P poly[32];
    int i, x, y, worst = 0;
    for (i = 0; i < n; i++) {
        poly[i].x = xy[2 * i];
        poly[i].y = xy[2 * i + 1];
    }
    for (y = 0; y < m->height; y++) {
        for (x = 0; x < m->width; x++) {
            double a = fabs(pixel_area(poly, n, x, y));
            int ref = (int)(fmin(a, 1) * 255 + 0.5), d = abs(ref - m->pixels[y * m->stride + x]);
            if (d > worst)
                worst = d;
        }
    }
    return worst;
}

/* The rasterizer's definition, computed the slow way: the winding-weighted
 * area of each pixel (the polygon's contours clipped to the pixel, their
 * shoelace areas summed: exact for any polygon, self-crossing included),
 * folded by the fill rule. */
static int reference_coverage(const P *pts, const int *len, int ncont, int x, int y,
                              eng_FillRule rule)
{
    double a = 0;
    int c, off = 0;
    for (c = 0; c < ncont; c++) {
        a += pixel_area(pts + off, len[c], x, y);
        off += len[c];
    }
    a = fabs(a);
    if (rule == ENG_FILL_EVENODD) {
        a = fmod(a, 2);
        a = a < 2 - a ? a : 2 - a;
    }
    return (int)(fmin(a, 1) * 255 + 0.5);
}

static double frand(double lo, double hi)
{
    return lo + (hi - lo) * (rand() / (double)RAND_MAX);
}

TEST(fast_path_matches_slow_reference_on_random_polygons_both_rules)
{
    /* Random self-crossing polygons, one to three contours in either
     * direction, at fractional positions, some hanging over the edges, into
     * a wide mask (block-sparse rows) and a narrow one (dense rows). */
    static uint8_t buf[104 * 40];
    int t, worst = 0;
    srand(2024);
    for (t = 0; t < 120; t++) {
        int wide = t % 2, mw = wide ? 100 : 24, mh = wide ? 40 : 30;
        eng_Mask m = { buf, mw, mh, mw + (t % 3) };
        eng_FillRule rule = t % 4 < 2 ? ENG_FILL_NONZERO : ENG_FILL_EVENODD;
        P pts[3 * 10];
        int len[3], ncont = 1 + t % 3, c, i, off = 0, x, y;
        eng_Path *p = eng_path_new(ctx);
        for (c = 0; c < ncont; c++) {
            len[c] = 3 + rand() % 8;
            for (i = 0; i < len[c]; i++) {
                pts[off + i].x = frand(-6, mw + 6);
                pts[off + i].y = frand(-6, mh + 6);
                if (i == 0)
                    eng_path_move_to(p, pts[off].x, pts[off].y);
                else
                    eng_path_line_to(p, pts[off + i].x, pts[off + i].y);
            }
            eng_path_close(p);
            off += len[c];
        }
        CHECK(eng_path_fill(ctx, p, NULL, rule, &m) == ENG_OK);
        eng_path_free(p);
        for (y = 0; y < mh; y++) {
            for (x = 0; x < mw; x++) {
                int d = abs(reference_coverage(pts, len, ncont, x, y, rule) -
                            buf[y * m.stride + x]);
                if (d > worst)
                    worst = d;
                if (d > 1)
                    CHECKF(0, "polygon %d (%s, %dx%d) at %d,%d: %d vs reference %d", t,
                           rule == ENG_FILL_EVENODD ? "even-odd" : "non-zero", mw, mh, x, y,
                           buf[y * m.stride + x], reference_coverage(pts, len, ncont, x, y, rule));
            }
        }
    }
    CHECKF(worst <= 1, "worst difference %d", worst);
}

TEST(unit_square_at_fractional_offsets_covers_exact_areas)
{
    static const double off[][2] = { { 0, 0 }, { 0.5, 0.5 }, { 0.25, 0.75 }, { 0.9, 0.1 }, { 0.33, 0.0 } };
    int i;
    for (i = 0; i < 5; i++) {
        double fx = off[i][0], fy = off[i][1], x0 = 10 + fx, y0 = 20 + fy;
        double sq[] = { x0, y0, x0 + 1, y0, x0 + 1, y0 + 1, x0, y0 + 1 };
        eng_Path *p = polygon(sq, 4);
        int a = (int)((1 - fx) * (1 - fy) * 255 + 0.5), b = (int)(fx * (1 - fy) * 255 + 0.5);
        int c = (int)((1 - fx) * fy * 255 + 0.5), d = (int)(fx * fy * 255 + 0.5);
        CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_NONZERO, &mask) == ENG_OK);
        eng_path_free(p);
        CHECKF(abs(pix[20 * W + 10] - a) <= 1, "offset %g,%g: %d vs %d", fx, fy, pix[20 * W + 10], a);
        CHECKF(abs(pix[20 * W + 11] - b) <= 1, "offset %g,%g: %d vs %d", fx, fy, pix[20 * W + 11], b);
        CHECKF(abs(pix[21 * W + 10] - c) <= 1, "offset %g,%g: %d vs %d", fx, fy, pix[21 * W + 10], c);
        CHECKF(abs(pix[21 * W + 11] - d) <= 1, "offset %g,%g: %d vs %d", fx, fy, pix[21 * W + 11], d);
        CHECKF(labs(total(&mask) - 255) <= 2, "offset %g,%g: total %ld", fx, fy, total(&mask));
    }
}

TEST(triangle_matches_exact_area_per_pixel)
{
    double tri[] = { 3.3, 4.7, 50.2, 12.9, 20.6, 58.1 };
    eng_Path *p = polygon(tri, 3);
    double area = 0.5 * fabs((tri[2] - tri[0]) * (tri[5] - tri[1]) - (tri[4] - tri[0]) * (tri[3] - tri[1]));
    CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_NONZERO, &mask) == ENG_OK);
    eng_path_free(p);
    CHECKF(fabs(total(&mask) / 255.0 - area) < 0.002 * area, "area %g vs %g", total(&mask) / 255.0, area);
    CHECKF(reference_max_diff(tri, 3, &mask) <= 1, "max diff %d", reference_max_diff(tri, 3, &mask));
}

TEST(circle_area_within_half_a_percent)
{
    /* Flattening puts chords inside the arc, to ftgrays's tolerance: the
     * relative loss falls as 1 / r: 0.3% at 30 px, 0.6% at 16 px. */
    static const double radii[] = { 30, 38.5, 47.25, 62 };
    static uint8_t big[128 * 128];
    eng_Mask bm = { big, 128, 128, 128 };
    int i;
    for (i = 0; i < 4; i++) {
        double r = radii[i];
        eng_Path *p = eng_path_new(ctx);
        double got, want = M_PI * r * r;
        eng_path_ellipse(p, 64.37, 63.81, r, r, 0);
        CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_NONZERO, &bm) == ENG_OK);
        eng_path_free(p);
        got = total(&bm) / 255.0;
        CHECKF(fabs(got - want) < 0.005 * want, "r=%g: %g vs %g", r, got, want);
    }
}

TEST(random_polygons_match_the_reference)
{
    int t;
    srand(7);
    for (t = 0; t < 40; t++) {
        double xy[2 * 12], cx = 32 + (rand() % 100) / 37.0, cy = 32 + (rand() % 100) / 41.0;
        int i, n = 3 + t % 10;
        eng_Path *p;
        /* Star-shaped around (cx, cy): simple, any convexity. */
        for (i = 0; i < n; i++) {
            double a = 2 * M_PI * i / n, r = 4 + (rand() % 1000) / 1000.0 * 24;
            xy[2 * i] = cx + r * cos(a);
            xy[2 * i + 1] = cy + r * sin(a);
        }
        p = polygon(xy, n);
        CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_NONZERO, &mask) == ENG_OK);
        eng_path_free(p);
        CHECKF(reference_max_diff(xy, n, &mask) <= 1, "polygon %d: max diff %d", t,
               reference_max_diff(xy, n, &mask));
    }
}

TEST(nonzero_and_evenodd_differ_on_self_overlap)
{
    /* Two overlapping squares, same direction: winding 2 in the overlap. */
    eng_Path *p = eng_path_new(ctx);
    eng_path_round_rect(p, 8, 8, 30, 30, 0, 0);
    eng_path_round_rect(p, 20, 20, 30, 30, 0, 0);
    CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_NONZERO, &mask) == ENG_OK);
    CHECK(pix[25 * W + 25] == 255 && pix[10 * W + 10] == 255 && pix[45 * W + 45] == 255);
    CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_EVENODD, &mask) == ENG_OK);
    CHECK(pix[25 * W + 25] == 0 && pix[10 * W + 10] == 255 && pix[45 * W + 45] == 255);
    eng_path_free(p);
}

TEST(pentagram_centre_is_filled_only_with_nonzero)
{
    double xy[10];
    int i;
    eng_Path *p;
    for (i = 0; i < 5; i++) {
        double a = -M_PI / 2 + i * 4 * M_PI / 5;
        xy[2 * i] = 32 + 28 * cos(a);
        xy[2 * i + 1] = 32 + 28 * sin(a);
    }
    p = polygon(xy, 5);
    CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_NONZERO, &mask) == ENG_OK);
    CHECK(pix[32 * W + 32] == 255);
    CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_EVENODD, &mask) == ENG_OK);
    CHECK(pix[32 * W + 32] == 0);
    CHECK(pix[8 * W + 32] == 255);  /* a point of the star */
    eng_path_free(p);
}

TEST(opposite_contour_cuts_a_hole)
{
    eng_Path *p = eng_path_new(ctx);
    eng_path_ellipse(p, 32, 32, 25, 25, 0);
    eng_path_ellipse(p, 32, 32, 10, 10, 1);
    CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_NONZERO, &mask) == ENG_OK);
    CHECK(pix[32 * W + 32] == 0 && pix[32 * W + 12] == 255);
    eng_path_free(p);
}

TEST(clipping_equals_drawing_larger_and_cropping)
{
    /* A shape hanging over every edge, drawn into the mask and into a larger
     * mask shifted by (16, 16): the overlapping pixels must agree. */
    static uint8_t big[96 * 96];
    eng_Mask bm = { big, 96, 96, 96 };
    eng_Affine shift = { 1, 0, 16, 0, 1, 16 };
    eng_Path *p = eng_path_new(ctx);
    int x, y;
    eng_path_move_to(p, -10.3, 30.2);
    eng_path_cubic_to(p, 10, -30, 60, -12, 75.5, 20.7);
    eng_path_quad_to(p, 90, 70, 30, 77.7);
    eng_path_line_to(p, -5, 60);
    eng_path_close(p);
    CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_NONZERO, &mask) == ENG_OK);
    CHECK(eng_path_fill(ctx, p, &shift, ENG_FILL_NONZERO, &bm) == ENG_OK);
    eng_path_free(p);
    for (y = 0; y < H; y++)
        for (x = 0; x < W; x++)
            CHECKF(abs(pix[y * W + x] - big[(y + 16) * 96 + x + 16]) <= 1, "at %d,%d: %d vs %d",
                   x, y, pix[y * W + x], big[(y + 16) * 96 + x + 16]);
}

TEST(rotation_keeps_the_area)
{
    eng_Path *p = eng_path_new(ctx);
    double a = 0.5236, c = cos(a), s = sin(a);
    eng_Affine m = { c, -s, 32, s, c, 32 };
    eng_path_round_rect(p, -15, -10, 30, 20, 0, 0);
    CHECK(eng_path_fill(ctx, p, &m, ENG_FILL_NONZERO, &mask) == ENG_OK);
    eng_path_free(p);
    CHECKF(fabs(total(&mask) / 255.0 - 600) < 1.0, "area %g", total(&mask) / 255.0);
}

TEST(garbage_coordinates_are_refused_or_harmless)
{
    eng_Path *p = eng_path_new(ctx);
    eng_Affine huge = { 1e300, 0, 0, 0, 1e300, 0 };
    CHECK(eng_path_line_to(p, NAN, 1) == ENG_ERR_ARG);
    CHECK(eng_path_move_to(p, 1e20, -1e20) == ENG_OK);
    CHECK(eng_path_cubic_to(p, -1e20, 1e20, 5, 5, 1e19, 3) == ENG_OK);
    CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_NONZERO, &mask) == ENG_OK);
    eng_path_clear(p);
    eng_path_ellipse(p, 1, 1, 1, 1, 0);
    CHECK(eng_path_fill(ctx, p, &huge, ENG_FILL_NONZERO, &mask) == ENG_ERR_ARG);
    eng_path_free(p);
}

TEST(wide_rows_use_every_block_word)
{
    /* 2048 px rows need 3 words of block bits: edges in the second and third. */
    static uint8_t wide[2050 * 3];
    eng_Mask wm = { wide, 2050, 3, 2050 };
    eng_Path *p = eng_path_new(ctx);
    int x;
    eng_path_round_rect(p, 1100.5, 0, 900, 3, 0, 0);
    eng_path_round_rect(p, 2040.25, 0, 100, 3, 0, 0);   /* off the right edge */
    CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_NONZERO, &wm) == ENG_OK);
    eng_path_free(p);
    for (x = 0; x < 2050; x++) {
        int want = x < 1100 ? 0 : x == 1100 ? 128 : x < 2000 ? 255 : x == 2000 ? 128 :
                   x < 2040 ? 0 : x == 2040 ? 191 : 255;
        CHECKF(abs(wide[2050 + x] - want) <= 1, "x=%d: %d vs %d", x, wide[2050 + x], want);
    }
}

/* A random closed path of quadratics and cubics with every point in
 * [0,w]x[0,h], a third of the coordinates on an edge (where the curve's
 * chords may round an ulp outside). */
static void random_curves(eng_Path *p, int mw, int mh)
{
    int i, n = 3 + rand() % 6;
    double c[6];
    for (i = 0; i < 6; i++) {
        double lim = i % 2 ? mh : mw;
        int k = rand() % 6;
        c[i] = k == 0 ? 0 : k == 1 ? lim : frand(0, lim);
    }
    eng_path_move_to(p, c[0], c[1]);
    for (i = 0; i < n; i++) {
        int j;
        for (j = 0; j < 6; j++) {
            double lim = j % 2 ? mh : mw;
            int k = rand() % 6;
            c[j] = k == 0 ? 0 : k == 1 ? lim : frand(0, lim);
        }
        if (rand() % 2)
            eng_path_quad_to(p, c[0], c[1], c[2], c[3]);
        else
            eng_path_cubic_to(p, c[0], c[1], c[2], c[3], c[4], c[5]);
    }
    eng_path_close(p);
}

TEST(unclipped_curves_match_the_clipped_path)
{
    /* A path inside the mask is flattened and deposited without clipping;
     * the same path plus a stray point outside (a contour of no area) goes
     * through the clipping path. Both must agree on every pixel, dense and
     * sparse rows, both rules. A fresh context sizes the buffer exactly, so
     * that a deposit outside it is caught by ASan. */
    static uint8_t a[150 * 40], b[150 * 40];
    eng_Context *own = eng_context_new();
    int t, x, y;
    srand(7);
    CHECK(own);
    CHECK(eng_context_set_simd(own, path) == ENG_OK);
    for (t = 0; t < 80; t++) {
        int wide = t % 2, mw = wide ? 150 : 30, mh = wide ? 40 : 25;
        eng_Mask ma = { a, mw, mh, mw }, mb = { b, mw, mh, mw };
        eng_FillRule rule = t % 4 < 2 ? ENG_FILL_NONZERO : ENG_FILL_EVENODD;
        eng_Path *p = eng_path_new(own);
        random_curves(p, mw, mh);
        CHECK(eng_path_fill(own, p, NULL, rule, &ma) == ENG_OK);
        eng_path_move_to(p, -3, mh + 3);
        eng_path_close(p);
        CHECK(eng_path_fill(own, p, NULL, rule, &mb) == ENG_OK);
        eng_path_free(p);
        for (y = 0; y < mh; y++)
            for (x = 0; x < mw; x++)
                CHECKF(abs(a[y * mw + x] - b[y * mw + x]) <= 1, "path %d (%dx%d) at %d,%d: %d vs %d",
                       t, mw, mh, x, y, a[y * mw + x], b[y * mw + x]);
    }
    eng_context_free(own);
}

TEST(segment_cap_is_refused_and_leaves_a_clean_buffer)
{
    /* Quadratics bowing far outside make ENG_MAX_CURVE_STEPS chords each,
     * deposited as they are made: past ENG_MAX_SEGMENTS the fill is refused
     * and must leave the buffer all zero for the next fill. */
    eng_Path *p = eng_path_new(ctx);
    int i, n = (int)(ENG_MAX_SEGMENTS / ENG_MAX_CURVE_STEPS) + 2;
    eng_path_move_to(p, 10, 10);
    for (i = 0; i < n; i++)
        eng_path_quad_to(p, 30 + i % 2, 1e6, 50 - 40 * (i % 2), 50);
    eng_path_close(p);
    CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_NONZERO, &mask) == ENG_ERR_LIMIT);
    eng_path_clear(p);
    eng_path_round_rect(p, 8, 8, 20, 20, 0, 0);
    CHECK(eng_path_fill(ctx, p, NULL, ENG_FILL_NONZERO, &mask) == ENG_OK);
    eng_path_free(p);
    CHECKF(total(&mask) == 400 * 255, "area %g", total(&mask) / 255.0);
}

/* Every code path this build has (portable everywhere; SSE2 and, on a CPU
 * that has it, AVX2 on x86-64; NEON on aarch64) through the checks above,
 * each reported under its own name. */
static void every_path_matches_the_reference(void)
{
    static void (*const checks[])(void) = {
        unit_square_at_fractional_offsets_covers_exact_areas, triangle_matches_exact_area_per_pixel,
        circle_area_within_half_a_percent, random_polygons_match_the_reference,
        nonzero_and_evenodd_differ_on_self_overlap, pentagram_centre_is_filled_only_with_nonzero,
        opposite_contour_cuts_a_hole, clipping_equals_drawing_larger_and_cropping,
        rotation_keeps_the_area, garbage_coordinates_are_refused_or_harmless,
        wide_rows_use_every_block_word, fast_path_matches_slow_reference_on_random_polygons_both_rules,
        unclipped_curves_match_the_clipped_path, segment_cap_is_refused_and_leaves_a_clean_buffer,
    };
    eng_Simd s;
    for (s = ENG_SIMD_PORTABLE; s <= ENG_SIMD_NEON; s++) {
        static char name[96];
        size_t i;
        if (!eng_simd_available(s))
            continue;
        snprintf(name, sizeof name, "%s_path_matches_the_reference", eng_simd_name(s));
        test_current = name;
        test_failed_now = 0;
        path = s;
        if (eng_context_set_simd(ctx, s) != ENG_OK || eng_context_simd(ctx) != s) {
            printf("FAIL %s: the %s path cannot be chosen\n", name, eng_simd_name(s));
            test_failed_now = 1;
        }
        for (i = 0; i < sizeof checks / sizeof *checks && !test_failed_now; i++)
            checks[i]();
        if (test_failed_now)
            test_failures++;
        else
            printf("PASS %s\n", name);
        fflush(stdout);
    }
    path = ENG_SIMD_AUTO;
    eng_context_set_simd(ctx, ENG_SIMD_AUTO);
}

/* Fills p into a with ctx on the portable path and into b on path s. */
static int fill_both(eng_Context *c, eng_Simd s, const eng_Path *p, const eng_Affine *m,
                     eng_FillRule rule, eng_Mask *a, eng_Mask *b)
{
    return eng_context_set_simd(c, ENG_SIMD_PORTABLE) == ENG_OK &&
           eng_path_fill(c, p, m, rule, a) == ENG_OK && eng_context_set_simd(c, s) == ENG_OK &&
           eng_path_fill(c, p, m, rule, b) == ENG_OK;
}

TEST(portable_sse2_and_neon_give_the_same_bytes)
{
    /* Random self-crossing polygons hanging over the edges (clipped), random
     * curves inside (unclipped), and an ellipse rotated a little (cubics,
     * a glyph's case), into dense (narrow) and sparse (wide) targets, both
     * rules, with every odd width: SSE2 and NEON add and round exactly as
     * the portable path does, so every byte must agree; AVX2 sums in a
     * different order and may round a tie the other way, one level. */
    static uint8_t a[300 * 40], b[300 * 40];
    eng_Context *c = eng_context_new();
    eng_Simd s;
    int compared = 0;
    CHECK(c);
    for (s = ENG_SIMD_SSE2; s <= ENG_SIMD_NEON; s++) {
        int t, i, tol = s == ENG_SIMD_AVX2 ? 1 : 0;
        if (!eng_simd_available(s))
            continue;
        compared++;
        srand(99);
        for (t = 0; t < 240; t++) {
            int mw = t % 2 ? 129 + t % 171 : 1 + t % 126, mh = 3 + t % 37;
            eng_Mask ma = { a, mw, mh, mw }, mb = { b, mw, mh, mw };
            eng_FillRule rule = t % 4 < 2 ? ENG_FILL_NONZERO : ENG_FILL_EVENODD;
            eng_Path *p = eng_path_new(c);
            double ang = 0.01 * t, co = cos(ang), si = sin(ang);
            eng_Affine rot = { co, -si, mw / 2.0, si, co, mh / 2.0 };
            const eng_Affine *m = NULL;
            if (t % 3 == 0) {
                random_curves(p, mw, mh);
            } else if (t % 3 == 1) {
                eng_path_move_to(p, frand(-6, mw + 6), frand(-6, mh + 6));
                for (i = 0; i < 3 + t % 9; i++)
                    eng_path_line_to(p, frand(-6, mw + 6), frand(-6, mh + 6));
                eng_path_close(p);
            } else {
                eng_path_ellipse(p, 0, 0, frand(1, mw / 2.0 + 4), frand(1, mh / 2.0 + 4), 0);
                eng_path_ellipse(p, 0.3, 0.1, frand(0.5, mw / 4.0 + 1), frand(0.5, mh / 4.0 + 1), 1);
                m = &rot;
            }
            CHECK(fill_both(c, s, p, m, rule, &ma, &mb));
            eng_path_free(p);
            for (i = 0; i < mw * mh; i++)
                CHECKF(abs(a[i] - b[i]) <= tol, "%s, shape %d (%dx%d) at %d,%d: %d vs portable %d",
                       eng_simd_name(s), t, mw, mh, i % mw, i / mw, b[i], a[i]);
        }
    }
    eng_context_free(c);
    /* x86-64 has SSE2, aarch64 NEON (unless built without it, as
     * -march=armv8-a+nosimd): at least one path was compared there. */
#if defined(__x86_64__) || (defined(__aarch64__) && defined(__ARM_NEON))
    CHECKF(compared > 0, "no vector path to compare with the portable one");
#endif
}

TEST(path_choice_is_a_checked_context_option)
{
    eng_Context *c = eng_context_new();
    eng_Simd s;
    CHECK(c);
    /* A new context takes the best path there is. */
#if defined(__x86_64__)
    CHECK(eng_simd_available(ENG_SIMD_SSE2) && !eng_simd_available(ENG_SIMD_NEON));
    CHECK(eng_context_simd(c) == (eng_simd_available(ENG_SIMD_AVX2) ? ENG_SIMD_AVX2 : ENG_SIMD_SSE2));
#elif defined(__aarch64__) && defined(__ARM_NEON)
    CHECK(eng_simd_available(ENG_SIMD_NEON) && !eng_simd_available(ENG_SIMD_SSE2) &&
          !eng_simd_available(ENG_SIMD_AVX2));
    CHECK(eng_context_simd(c) == ENG_SIMD_NEON);
#endif
    CHECK(eng_simd_available(ENG_SIMD_PORTABLE) && eng_simd_available(ENG_SIMD_AUTO));
    CHECK(eng_context_set_simd(c, ENG_SIMD_PORTABLE) == ENG_OK);
    CHECK(eng_context_simd(c) == ENG_SIMD_PORTABLE);
    /* A path this build lacks, or no path at all, is refused and changes
     * nothing. */
    for (s = ENG_SIMD_SSE2; s <= ENG_SIMD_NEON; s++) {
        if (eng_simd_available(s))
            continue;
        CHECK(eng_context_set_simd(c, s) == ENG_ERR_ARG);
        CHECKF(strstr(eng_errmsg(c), eng_simd_name(s)) != NULL, "message: %s", eng_errmsg(c));
        CHECK(eng_context_simd(c) == ENG_SIMD_PORTABLE);
    }
    CHECK(eng_context_set_simd(c, (eng_Simd)42) == ENG_ERR_ARG);
    CHECK(eng_context_simd(c) == ENG_SIMD_PORTABLE);
    CHECK(eng_context_set_simd(NULL, ENG_SIMD_AUTO) == ENG_ERR_ARG);
    CHECK(eng_context_set_simd(c, ENG_SIMD_AUTO) == ENG_OK && eng_context_simd(c) != ENG_SIMD_AUTO);
    /* Names, for tools' flags. */
    for (s = ENG_SIMD_AUTO; s <= ENG_SIMD_NEON; s++) {
        eng_Simd back = (eng_Simd)-1;
        CHECK(eng_simd_name(s) != NULL);
        CHECK(eng_simd_parse(eng_simd_name(s), &back) == ENG_OK && back == s);
    }
    CHECK(eng_simd_name((eng_Simd)42) == NULL);
    s = ENG_SIMD_SSE2;
    CHECK(eng_simd_parse("mmx", &s) == ENG_ERR_ARG && s == ENG_SIMD_SSE2);
    CHECK(eng_simd_parse(NULL, &s) == ENG_ERR_ARG);
    eng_context_free(c);
}

int main(void)
{
    ctx = eng_context_new();
    RUN(unit_square_at_fractional_offsets_covers_exact_areas);
    RUN(triangle_matches_exact_area_per_pixel);
    RUN(circle_area_within_half_a_percent);
    RUN(random_polygons_match_the_reference);
    RUN(nonzero_and_evenodd_differ_on_self_overlap);
    RUN(pentagram_centre_is_filled_only_with_nonzero);
    RUN(opposite_contour_cuts_a_hole);
    RUN(clipping_equals_drawing_larger_and_cropping);
    RUN(rotation_keeps_the_area);
    RUN(garbage_coordinates_are_refused_or_harmless);
    RUN(wide_rows_use_every_block_word);
    RUN(fast_path_matches_slow_reference_on_random_polygons_both_rules);
    RUN(unclipped_curves_match_the_clipped_path);
    RUN(segment_cap_is_refused_and_leaves_a_clean_buffer);
    RUN(path_choice_is_a_checked_context_option);
    RUN(portable_sse2_and_neon_give_the_same_bytes);
    every_path_matches_the_reference();
    eng_context_free(ctx);
    return test_summary();
}
