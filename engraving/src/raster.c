/* raster.c — our coverage rasterizer: exact-area, accumulation buffer.
 *
 * Pipeline: the path's points are mapped to pixels (map_points), its curves
 * flattened to chords (flatten, after ftgrays's rules) and every chord
 * deposited into the buffer the moment it is made (draw_line; clip_line
 * first when the path does not lie inside the target); then each row's
 * running sum becomes 8-bit coverage (accumulate). There is no segment
 * list in between.
 *
 * Coverage scheme. The target is a grid of unit pixels; the coverage of a
 * pixel is the area of it inside the shape, signed by winding. We never track
 * spans: each line segment deposits, into a float buffer
 * `acc` with one cell per pixel (plus 2 spare cells a row), the *change* of
 * signed coverage it causes along its row, so that the running sum of a row
 * from the left edge is the winding-weighted area at every pixel:
 *   - a segment crossing a row over height dy (signed: +down, -up) adds dy in
 *     total to that row: the part of each touched cell to the segment's right
 *     goes into the cell itself, the rest into the following cells;
 *   - a cell the segment passes through gets the trapezoid area right of the
 *     segment; cells beyond it get the remainder (the "cover" of ftgrays).
 * A row's deposits sum to zero for a closed contour, so rows are independent.
 * This is the accumulation rasterizer of font-rs (Raph Levien, 2016), which
 * computes the same exact areas as FreeType's ftgrays (cells of area+cover,
 * David Turner) and libart before it, without sorting cells or emitting
 * spans; stb_truetype's v2 rasterizer uses the same signed-area idea with an
 * active-edge list.
 *
 * Number formats: coordinates are 32-bit floats (pixel units), areas 32-bit
 * floats in units of 1/255 pixel, exact up to float rounding (~1e-6 of a
 * pixel). Output coverage is 8-bit: round(min(|sum|, 255)) for non-zero,
 * and for even-odd |sum| folded with period 510 (a triangle wave: 255 ->
 * 255, 510 -> 0), as ftgrays does.
 *
 * Speed: the buffer is sparse. Rows are padded to a multiple of 16 cells, and
 * each row of a wide target keeps one bit per block of 4 cells (one SSE
 * vector) that a segment wrote to. The prefix sum runs only over marked
 * blocks (two shifted adds and a carry per 4 lanes, as in font-rs's
 * accumulate), zeroing them as it reads, so the buffer is all zero again
 * afterwards without a memset; between marked blocks the running sum is
 * constant and the coverage is a run of one byte value. Most pixels of a
 * large glyph are in such runs (inside: 255, outside: 0), which is where the
 * accumulation approach beats ftgrays's spans. Narrow targets sum every
 * cell. Cells count coverage in 1/255ths, so 8-bit conversion is a clamp and
 * a round. The sums live in raster_sum.c; see the README for what each fast
 * path bought.
 *
 * Code paths (ctx->simd, eng_context_set_simd): this file's deposits are
 * plain C for every path. On x86-64 (SSE2, AVX2) points are mapped two a
 * step in SSE, cubics bisected with both halves in two SSE registers and
 * quadratic points evaluated x and y in one vector; the portable path (any
 * architecture, and NEON's, whose float pairs would gain little) does the
 * same operations one float at a time, in the same order: with float
 * arithmetic in float and no contraction into fused multiply-adds
 * (-ffp-contract=off, engraving.mk), both make the same chords, bit for bit.
 */
#include "internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(ENG_HAVE_SSE2)
#include <emmintrin.h>
#endif

typedef Eng_Raster Raster;

/* Up to this many cells a row, rows are summed whole, 4 cells a step:
 * marking and scanning blocks costs more than the runs it could skip (by
 * instruction counts on the bench's glyphs; tall narrow glyphs of 250 cells
 * were a third slower dense). */
#define DENSE_STRIDE 128

/* Cells per block bit: one SSE vector. An edge usually writes two cells, so
 * a row sums about one or two vectors per edge; the rest are runs. */
#define BLOCK_SHIFT ENG_RASTER_BLOCK_SHIFT
#define BLOCK (1 << BLOCK_SHIFT)

/* Cells hold coverage in units of 1/255 (a full pixel is 255), so that the
 * conversion to 8 bits is a clamp and a rounding, without a multiply. */
#define FULL ENG_RASTER_FULL

static inline int ceil_pos(float v)     /* v >= 0 */
{
    int i = (int)v;
    return i + ((float)i < v);
}

/* Marks blocks of cells [x0, x1] of row y as written. */
static inline void mark(const Raster *r, int y, int x0, int x1)
{
    uint64_t *bw = r->bits + (size_t)y * (size_t)r->words;
    int b0 = x0 >> BLOCK_SHIFT, b1 = x1 >> BLOCK_SHIFT, b;
    bw[b0 >> 6] |= (uint64_t)1 << (b0 & 63);
    if (b1 != b0) {
        for (b = b0 + 1; b <= b1; b++)
            bw[b >> 6] |= (uint64_t)1 << (b & 63);
    }
}

/* Deposits the part of a segment inside one row: x from xs to xe (any
 * order, within [0, w]), signed height d, and ds = d / (x extent) for the
 * cells it crosses whole (|d| * |dy/dx|, shared by the whole segment), or
 * when lazy, computed here only if it is needed. */
static inline __attribute__((always_inline)) void row_piece(const Raster *r, int y, float xs, float xe, float d, float ds,
                             int sparse, int lazy)
{
    float *row = r->acc + (size_t)y * (size_t)r->stride;
    float xa = xs < xe ? xs : xe, xb = xs < xe ? xe : xs;
    int xai = (int)xa, xbi = (int)xb;
    if (xbi <= xai) {
        /* Within one cell: the area right of the segment is 1 - the mean
         * x offset; the rest spills into the next cell. */
        float xmf = 0.5f * (xa + xb) - (float)xai;
        row[xai] += d - d * xmf;
        row[xai + 1] += d * xmf;
        if (sparse)
            mark(r, y, xai, xai + 1);
    } else {
        /* Across cells: a triangle in the first cell, slices of constant
         * area ds per unit x, a triangle in the last and the spill. The last
         * full cell takes what is left, so the row always adds up to d. */
        float x0f = xa - (float)xai, x1f = xb - (float)xbi, a0;
        if (lazy)
            ds = d / (xb - xa);
        a0 = 0.5f * (1 - x0f) * (1 - x0f) * ds;
        float am = 0.5f * x1f * x1f * ds;
        int xi;
        if (xbi == xai + 1) {
            row[xai] += a0;
            row[xai + 1] += d - a0 - am;
        } else {
            float a1 = (1.5f - x0f) * ds;
            row[xai] += a0;
            row[xai + 1] += a1 - a0;
            for (xi = xai + 2; xi < xbi; xi++)
                row[xi] += ds;
            row[xbi] += d - a1 - (float)(xbi - xai - 2) * ds - am;
        }
        row[xbi + 1] += am;
        if (sparse)
            mark(r, y, xai, xbi + 1);
    }
}

/* Deposits segment (x0,y0)-(x1,y1), already clipped to 0 <= x <= w; rows
 * outside [0, h) are skipped. The x of each row boundary is computed from
 * the start, not accumulated, so it stays within [x0, x1] up to an ulp; the
 * two spare cells a row and truncation towards zero absorb that ulp.
 * Unclipped (clip 0), the segment lies in [0,w]x[0,h] but for an ulp past
 * x = 0, x = w or y = 0 (quad's chords), absorbed the same way: -ulp
 * truncates to cell or row 0, w + ulp to cell w, whose spill is the spare
 * cell w + 1; deposits stay exact to float rounding. */
static inline __attribute__((always_inline)) void draw_line(const Raster *r, float x0, float y0,
                                                            float x1, float y1, int sparse,
                                                            int clip)
{
    float dir = FULL, dxdy, ds, xtop, ybot;
    int y, ystart, yend, xi;
    /* A horizontal segment adds no winding; unclipped, one on y = h would
     * deposit (zero) into row h, which is not ours. */
    if (!clip && y0 == y1)
        return;
    if (y0 > y1) {
        float t;
        t = x0; x0 = x1; x1 = t;
        t = y0; y0 = y1; y1 = t;
        dir = -FULL;
    }
    /* Unclipped segments lie inside [0, h] (see below for the ulps). */
    if (clip && (y1 <= 0 || y0 >= r->fh || y0 == y1))
        return;
    if ((!clip || y0 >= 0) && y1 <= (float)((int)y0 + 1)) {
        /* The common case at text sizes: the segment stays in one row. */
        row_piece(r, (int)y0, x0, x1, (y1 - y0) * dir, 0, sparse, 1);
        return;
    }
    dxdy = (x1 - x0) / (y1 - y0);
    ystart = clip && y0 < 0 ? 0 : (int)y0;
    yend = clip && y1 > r->fh ? r->h : ceil_pos(y1);
    xi = (int)x0;
    if (xi == (int)x1) {
        /* Within one column of cells (a stem, or any steep short line):
         * each row splits its height between the cell and the next by the
         * mean x of its part. Whole rows in the middle differ only by that
         * mean, dxdy a row (the column is fixed: no drift can leave it). */
        float *row = r->acc + (size_t)ystart * (size_t)r->stride;
        float fx = (float)xi, yt = y0 > (float)ystart ? y0 : (float)ystart, yb, d, xmf;
        int ylast = yend - 1;
        y = ystart;
        yb = (float)(y + 1) < y1 ? (float)(y + 1) : y1;
        d = (yb - yt) * dir;
        xmf = x0 + (0.5f * (yt + yb) - y0) * dxdy - fx;
        row[xi] += d - d * xmf;
        row[xi + 1] += d * xmf;
        if (sparse)
            mark(r, y, xi, xi + 1);
        if (ylast == ystart)
            return;
        xmf = x0 + ((float)(y + 1) + 0.5f - y0) * dxdy - fx;
        for (y++, row += r->stride; y < ylast; y++, row += r->stride) {
            row[xi] += dir - dir * xmf;
            row[xi + 1] += dir * xmf;
            if (sparse)
                mark(r, y, xi, xi + 1);
            xmf += dxdy;
        }
        yt = (float)ylast;
        yb = y1 < (float)(ylast + 1) ? y1 : (float)(ylast + 1);
        d = (yb - yt) * dir;
        xmf = x0 + (0.5f * (yt + yb) - y0) * dxdy - fx;
        row[xi] += d - d * xmf;
        row[xi + 1] += d * xmf;
        if (sparse)
            mark(r, ylast, xi, xi + 1);
        return;
    }
    /* Area per unit x of a row slice: the same for every row. Capped for
     * near-vertical lines, whose slices never span a whole cell. */
    ds = fabsf(dxdy) > 1e-6f ? dir / fabsf(dxdy) : dir * 1e6f;
    ybot = (float)ystart > y0 ? (float)ystart : y0;
    xtop = x0 + (ybot - y0) * dxdy;
    for (y = ystart; y < yend; y++) {
        float ytop = ybot, xnext;
        ybot = (float)(y + 1) < y1 ? (float)(y + 1) : y1;
        xnext = ybot == y1 ? x1 : x0 + (ybot - y0) * dxdy;
        row_piece(r, y, xtop, xnext, (ybot - ytop) * dir, ds, sparse, 0);
        xtop = xnext;
    }
}

/* Clips to 0 <= x <= w: what lies left becomes a vertical edge at x = 0 (same
 * winding for every pixel), what lies right changes no pixel and goes. */
static void clip_line(const Raster *r, float x0, float y0, float x1, float y1, int sparse)
{
    float w = r->fw;
    if (x0 < 0 || x1 < 0) {
        float ym;
        if (x0 <= 0 && x1 <= 0) {
            draw_line(r, 0, y0, 0, y1, sparse, 1);
            return;
        }
        ym = y0 + (y1 - y0) * (0 - x0) / (x1 - x0);
        if (x0 < 0) {
            draw_line(r, 0, y0, 0, ym, sparse, 1);
            x0 = 0; y0 = ym;
        } else {
            draw_line(r, 0, ym, 0, y1, sparse, 1);
            x1 = 0; y1 = ym;
        }
    }
    if (x0 > w || x1 > w) {
        float ym;
        if (x0 >= w && x1 >= w)
            return;
        ym = y0 + (y1 - y0) * (w - x0) / (x1 - x0);
        if (x0 > w) { x0 = w; y0 = ym; }
        else { x1 = w; y1 = ym; }
    }
    /* Clamps the endpoints against float rounding in the intersections. */
    x0 = x0 < 0 ? 0 : x0 > w ? w : x0;
    x1 = x1 < 0 ? 0 : x1 > w ? w : x1;
    draw_line(r, x0, y0, x1, y1, sparse, 1);
}

/* ---- flattening, fused with deposition -------------------------------------
 *
 * Each Bézier is mapped by the affine first (an affine image of a Bézier is
 * the Bézier of the mapped control points), then cut into chords by
 * ftgrays's own rules, so that both rasterizers see the same polygon:
 *   quadratic: 2^k chords of equal parameter step, k the smallest that
 *              keeps |p0 - 2 p1 + p2| / 4^k within 4 tol (ftgrays's
 *              tolerance; cutting into the exact number of chords the bound
 *              needs saves a quarter of them but moves the polygon off
 *              FreeType's: p99 5 instead of 1 at 16 px);
 *   cubic:     adaptive bisection until both inner control points lie
 *              within 8 tol / 3 of the chord's trisection points.
 * Every chord is deposited as soon as it is made: there is no segment
 * buffer (storing four floats a segment and loading them back in a second
 * loop was a third of the flattening's instructions). The flattener is one
 * always_inline function instantiated, by constant arguments, for each of
 * dense/sparse rows and clipped/unclipped segments, as is everything it
 * calls down to the deposits.
 *
 * Clipping: only segments that can change a pixel matter. A piece entirely
 * right of, above or below the target changes none and is dropped; a piece
 * entirely left of it only adds winding to the rows it spans, which its
 * chord does just as well (winding is invariant under any deformation that
 * stays left of the pixels). When every point of the path maps inside the
 * target (a glyph in its own box, the usual case), there is nothing to cull
 * or clip (see draw_line and quad for the ulps that may stray). */

/* Where a piece with control points p[0..k-1] stands: 0 visible, 1 can be
 * dropped, 2 left of the target (its chord will do). Only when clipping. */
static inline int cull(const Raster *r, const Eng_Pt *p, int k)
{
    float x0 = p[0].x, x1 = p[0].x, y0 = p[0].y, y1 = p[0].y;
    int i;
    for (i = 1; i < k; i++) {
        x0 = p[i].x < x0 ? p[i].x : x0; x1 = p[i].x > x1 ? p[i].x : x1;
        y0 = p[i].y < y0 ? p[i].y : y0; y1 = p[i].y > y1 ? p[i].y : y1;
    }
    if (y1 <= 0 || y0 >= r->fh || x0 >= r->fw)
        return 1;
    if (x1 <= 0)
        return 2;
    return 0;
}

/* Chords for a quadratic whose second differences reach dd px, k = 1 /
 * (4 tol): a power of two, at least 1, at most ENG_MAX_CURVE_STEPS. */
static inline int steps(float dd, float k)
{
    int n = 1;
    /* Each halving of the step divides the second difference by 4. */
    dd *= k;
    while (dd > 1 && n < ENG_MAX_CURVE_STEPS) {
        dd *= 0.25f;
        n *= 2;
    }
    return n;
}

/* Deposits one chord. */
static inline __attribute__((always_inline)) void chord(const Raster *r, float x0, float y0,
                                                        float x1, float y1, int sparse,
                                                        int clip)
{
    if (clip)
        clip_line(r, x0, y0, x1, y1, sparse);
    else
        draw_line(r, x0, y0, x1, y1, sparse, 0);
}

/* Each of these returns the number of chords it deposited. */
static inline __attribute__((always_inline)) size_t line(const Raster *r, Eng_Pt a, Eng_Pt b,
                                                         int sparse, int clip)
{
    if (clip) {
        Eng_Pt p[2];
        p[0] = a; p[1] = b;
        if (cull(r, p, 2) == 1)
            return 0;
    }
    chord(r, a.x, a.y, b.x, b.y, sparse, clip);
    return 1;
}

/* vec: evaluate x and y in one SSE vector (x86-64), or one float at a time
 * (everywhere else, and the portable path): the same products and sums in
 * the same order either way, so the same chords. */
static inline __attribute__((always_inline)) size_t quad(const Raster *r, const Eng_Pt *p,
                                                         float k, int sparse, int clip, int vec)
{
    float ax = p[0].x - 2 * p[1].x + p[2].x, ay = p[0].y - 2 * p[1].y + p[2].y;
    float bx = 2 * (p[1].x - p[0].x), by = 2 * (p[1].y - p[0].y);
    float dd = fabsf(ax) > fabsf(ay) ? fabsf(ax) : fabsf(ay), px = p[0].x, py = p[0].y, dt;
    int n, i, c = clip ? cull(r, p, 3) : 0;
    if (c == 1)
        return 0;
    n = c == 2 ? 1 : steps(dd, k);
    dt = 1.0f / (float)n;
#if defined(ENG_HAVE_SSE2)
    if (vec) {
        /* x and y in one vector. n is a power of two, so t += dt is exact:
         * the same t = i / n as a multiply, without the conversion. */
        const __m128 a = _mm_setr_ps(ax, ay, 0, 0), b = _mm_setr_ps(bx, by, 0, 0);
        const __m128 p0 = _mm_setr_ps(p[0].x, p[0].y, 0, 0);
        float t = dt;
        for (i = 1; i < n; i++, t += dt) {
            __m128 tv = _mm_set1_ps(t);
            __m128 v = _mm_add_ps(_mm_mul_ps(_mm_add_ps(_mm_mul_ps(a, tv), b), tv), p0);
            float x = _mm_cvtss_f32(v), y = _mm_cvtss_f32(_mm_shuffle_ps(v, v, 1));
            /* The polynomial may round an ulp outside the control box.
             * Unclipped, an ulp past x = 0, x = w or y = 0 is harmless (see
             * draw_line); an ulp past y = h would be a deposit in row h,
             * which is not ours. */
            if (!clip)
                y = y < r->fh ? y : r->fh;
            chord(r, px, py, x, y, sparse, clip);
            px = x; py = y;
        }
        chord(r, px, py, p[2].x, p[2].y, sparse, clip);
        return (size_t)n;
    }
#endif
    {
        float t = dt, x0 = p[0].x, y0 = p[0].y;
        for (i = 1; i < n; i++, t += dt) {
            float x = (ax * t + bx) * t + x0, y = (ay * t + by) * t + y0;
            if (!clip)
                y = y < r->fh ? y : r->fh;
            chord(r, px, py, x, y, sparse, clip);
            px = x; py = y;
        }
    }
    chord(r, px, py, p[2].x, p[2].y, sparse, clip);
    return (size_t)n;
}

/* Cubics, portable: the arithmetic of the SSE version below, one float at
 * a time (the same operations in the same order: the same chords). */
typedef struct { float x0, y0, x1, y1, x2, y2, x3, y3; } CubicC;

static inline int cubic_flat_c(const CubicC *c, float lim)
{
    return !(fabsf((c->x0 * 2 + c->x3) - c->x1 * 3) > lim || fabsf((c->y0 * 2 + c->y3) - c->y1 * 3) > lim ||
             fabsf((c->x0 + c->x3 * 2) - c->x2 * 3) > lim || fabsf((c->y0 + c->y3 * 2) - c->y2 * 3) > lim);
}

static inline CubicC cubic_split_c(CubicC *c)
{
    CubicC l;
    float x01 = (c->x0 + c->x1) * 0.5f, y01 = (c->y0 + c->y1) * 0.5f;
    float x12 = (c->x1 + c->x2) * 0.5f, y12 = (c->y1 + c->y2) * 0.5f;
    float x23 = (c->x2 + c->x3) * 0.5f, y23 = (c->y2 + c->y3) * 0.5f;
    float qx0 = (x01 + x12) * 0.5f, qy0 = (y01 + y12) * 0.5f;
    float qx1 = (x12 + x23) * 0.5f, qy1 = (y12 + y23) * 0.5f;
    float mx = (qx0 + qx1) * 0.5f, my = (qy0 + qy1) * 0.5f;
    l.x0 = c->x0; l.y0 = c->y0; l.x1 = x01; l.y1 = y01;
    l.x2 = qx0; l.y2 = qy0; l.x3 = mx; l.y3 = my;
    c->x0 = mx; c->y0 = my; c->x1 = qx1; c->y1 = qy1;
    c->x2 = x23; c->y2 = y23;
    return l;
}

static inline __attribute__((always_inline)) size_t cubic_c(const Raster *r, const Eng_Pt *p,
                                                            float lim, int sparse, int clip)
{
    CubicC stack[16], cur;
    int depth[16], top = 0, d, c = clip ? cull(r, p, 4) : 0;
    size_t n = 0;
    if (c == 1)
        return 0;
    cur.x0 = p[0].x; cur.y0 = p[0].y; cur.x1 = p[1].x; cur.y1 = p[1].y;
    cur.x2 = p[2].x; cur.y2 = p[2].y; cur.x3 = p[3].x; cur.y3 = p[3].y;
    d = c == 2 ? 16 : 0;
    for (;;) {
        if (d < 16 && !cubic_flat_c(&cur, lim)) {
            CubicC left = cubic_split_c(&cur);
            stack[top] = cur;
            depth[top++] = ++d;
            cur = left;
            continue;
        }
        chord(r, cur.x0, cur.y0, cur.x3, cur.y3, sparse, clip);
        n++;
        if (!top)
            return n;
        cur = stack[--top];
        d = depth[top];
    }
}

/* Maps every point of path by m into ctx->tpts (one spare slot after them);
 * says whether all of them fall inside [0,w]x[0,h]. ENG_ERR_ARG for a
 * non-finite result. Portable: x' = xx x + xy y + tx, y' = yy y + yx x + ty
 * in float, as the SSE version does. */
static __attribute__((noinline)) eng_Status map_points_c(eng_Context *ctx, const eng_Path *path,
                                                         const eng_Affine *m, float w, float h,
                                                         int *inside)
{
    const float xx = (float)m->xx, yy = (float)m->yy, xy = (float)m->xy, yx = (float)m->yx;
    const float tx = (float)m->tx, ty = (float)m->ty;
    float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    size_t i, n = path->npts;
    if (n + 1 > ctx->tpts_cap) {
        Eng_Pt *tp = Eng_alloc(ctx, (n + 1) * sizeof *tp);
        if (!tp)
            return ENG_ERR_NOMEM;
        free(ctx->tpts);
        ctx->tpts = tp;
        ctx->tpts_cap = n + 1;
    }
    *inside = 0;
    for (i = 0; i < n; i++) {
        float x = path->pts[i].x, y = path->pts[i].y;
        float qx = (x * xx + y * xy) + tx, qy = (y * yy + x * yx) + ty;
        if (!isfinite(qx) || !isfinite(qy))
            return ENG_ERR_ARG;
        ctx->tpts[i].x = qx;
        ctx->tpts[i].y = qy;
        x0 = qx < x0 ? qx : x0; x1 = qx > x1 ? qx : x1;
        y0 = qy < y0 ? qy : y0; y1 = qy > y1 ? qy : y1;
    }
    *inside = n && x0 >= 0 && y0 >= 0 && x1 <= w && y1 <= h;
    return ENG_OK;
}

#if defined(ENG_HAVE_SSE2)
/* A cubic as two vectors: (p0, p1) and (p2, p3), x and y interleaved. */
typedef struct { __m128 a, b; } Cubic;

/* Is the cubic flat enough: both inner control points within lim / 3 of
 * the chord's trisection points (ftgrays's test)? Tests the four
 * coordinates 2 p0 - 3 p1 + p3 and p0 - 3 p2 + 2 p3 at once. */
static inline int cubic_flat(Cubic c, __m128 lim)
{
    const __m128 k0 = _mm_setr_ps(2, 2, 1, 1), k3 = _mm_setr_ps(1, 1, 2, 2);
    const __m128 absmask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
    __m128 p0 = _mm_movelh_ps(c.a, c.a), p3 = _mm_movehl_ps(c.b, c.b);
    __m128 p12 = _mm_shuffle_ps(c.a, c.b, _MM_SHUFFLE(1, 0, 3, 2));
    __m128 t = _mm_add_ps(_mm_mul_ps(p0, k0), _mm_mul_ps(p3, k3));
    t = _mm_sub_ps(t, _mm_mul_ps(p12, _mm_set1_ps(3)));
    return _mm_movemask_ps(_mm_cmpgt_ps(_mm_and_ps(t, absmask), lim)) == 0;
}

/* de Casteljau at t = 1/2: *c becomes the right half, the left returned.
 * Midpoints of floats round within their operands, so the halves' points
 * never leave the control box (unclipped cubics need no clamp). */
static inline Cubic cubic_split(Cubic *c)
{
    const __m128 half = _mm_set1_ps(0.5f);
    __m128 p12 = _mm_shuffle_ps(c->a, c->b, _MM_SHUFFLE(1, 0, 3, 2));
    __m128 m1 = _mm_mul_ps(_mm_add_ps(c->a, p12), half);        /* p01, p12 */
    __m128 m2 = _mm_mul_ps(_mm_add_ps(p12, c->b), half);        /* p12, p23 */
    __m128 q = _mm_mul_ps(_mm_add_ps(m1, m2), half);            /* q0, q1 */
    __m128 m = _mm_mul_ps(_mm_add_ps(q, _mm_movehl_ps(q, q)), half); /* mid, - */
    Cubic l;
    l.a = _mm_movelh_ps(c->a, m1);                              /* p0, p01 */
    l.b = _mm_movelh_ps(q, m);                                  /* q0, mid */
    c->a = _mm_shuffle_ps(m, q, _MM_SHUFFLE(3, 2, 1, 0));       /* mid, q1 */
    c->b = _mm_movehl_ps(c->b, m2);                             /* p23, p3 */
    return l;
}

static inline __attribute__((always_inline)) size_t cubic(const Raster *r, const Eng_Pt *p,
                                                          __m128 lim, int sparse, int clip)
{
    /* ftgrays's adaptive bisection, left half first: the piece at hand
     * stays in registers, right halves wait on a stack. Each level divides
     * the control polygon's deviation from the chord's trisection points
     * by ~4, so 16 levels flatten anything finite. */
    Cubic stack[16], cur;
    int depth[16], top = 0, d, c = clip ? cull(r, p, 4) : 0;
    size_t n = 0;
    if (c == 1)
        return 0;
    cur.a = _mm_setr_ps(p[0].x, p[0].y, p[1].x, p[1].y);
    cur.b = _mm_setr_ps(p[2].x, p[2].y, p[3].x, p[3].y);
    d = c == 2 ? 16 : 0;
    for (;;) {
        if (d < 16 && !cubic_flat(cur, lim)) {
            Cubic left = cubic_split(&cur);
            stack[top] = cur;
            depth[top++] = ++d;
            cur = left;
            continue;
        }
        chord(r, _mm_cvtss_f32(cur.a), _mm_cvtss_f32(_mm_shuffle_ps(cur.a, cur.a, 1)),
              _mm_cvtss_f32(_mm_movehl_ps(cur.b, cur.b)),
              _mm_cvtss_f32(_mm_shuffle_ps(cur.b, cur.b, 3)), sparse, clip);
        n++;
        if (!top)
            return n;
        cur = stack[--top];
        d = depth[top];
    }
}

/* Maps every point of path by m into ctx->tpts; says whether all of them
 * fall inside [0,w]x[0,h]. ENG_ERR_ARG for a non-finite result. Two points
 * a step: x' = xx x + xy y + tx, y' = yy y + yx x + ty on (x, y, x, y). */
static eng_Status map_points(eng_Context *ctx, const eng_Path *path, const eng_Affine *m,
                             float w, float h, int *inside)
{
    /* Float is enough for pixel space (2^-24 of 8192 px is 5e-4 px); the
     * transform in double would cost more than the rest of a small glyph. */
    const __m128 k = _mm_setr_ps((float)m->xx, (float)m->yy, (float)m->xx, (float)m->yy);
    const __m128 kx = _mm_setr_ps((float)m->xy, (float)m->yx, (float)m->xy, (float)m->yx);
    const __m128 t = _mm_setr_ps((float)m->tx, (float)m->ty, (float)m->tx, (float)m->ty);
    __m128 lo, hi, bad = _mm_setzero_ps();
    size_t i, n = path->npts;
    float b[4], c[4];
    if (n + 1 > ctx->tpts_cap) {
        Eng_Pt *tp = Eng_alloc(ctx, (n + 1) * sizeof *tp);
        if (!tp)
            return ENG_ERR_NOMEM;
        free(ctx->tpts);
        ctx->tpts = tp;
        ctx->tpts_cap = n + 1;
    }
    *inside = 0;
    if (!n)
        return ENG_OK;
    lo = _mm_set1_ps(INFINITY);
    hi = _mm_set1_ps(-INFINITY);
    for (i = 0; i < n; i += 2) {
        /* An odd count's last point is loaded twice; its copy lands in
         * tpts's spare slot. */
        __m128 v, q;
        if (i + 1 < n)
            v = _mm_loadu_ps(&path->pts[i].x);
        else
            v = _mm_castpd_ps(_mm_load1_pd((const double *)(const void *)&path->pts[i]));
        q = _mm_add_ps(_mm_add_ps(_mm_mul_ps(v, k),
                                  _mm_mul_ps(_mm_shuffle_ps(v, v, _MM_SHUFFLE(2, 3, 0, 1)), kx)), t);
        _mm_storeu_ps(&ctx->tpts[i].x, q);
        /* q - q is NaN for NaN and infinities: one sum tests them all. */
        bad = _mm_add_ps(bad, _mm_sub_ps(q, q));
        lo = _mm_min_ps(lo, q);
        hi = _mm_max_ps(hi, q);
    }
    _mm_storeu_ps(b, bad);
    if (b[0] + b[1] + b[2] + b[3] != 0)
        return ENG_ERR_ARG;
    _mm_storeu_ps(b, lo);
    _mm_storeu_ps(c, hi);
    *inside = b[0] >= 0 && b[2] >= 0 && b[1] >= 0 && b[3] >= 0 && c[0] <= w && c[2] <= w &&
              c[1] <= h && c[3] <= h;
    return ENG_OK;
}
#endif

/* Flattens the path, whose points map_points put in tp, depositing every
 * chord. ENG_ERR_LIMIT past ENG_MAX_SEGMENTS chords (checked a verb at a
 * time: a verb makes at most 2^16), with deposits left behind. */
static inline __attribute__((always_inline)) eng_Status flatten(const Raster *r,
                                                                const eng_Path *path,
                                                                const Eng_Pt *tp, float tol,
                                                                int sparse, int clip, int vec)
{
    Eng_Pt start = { 0, 0 }, cur = { 0, 0 }, q[4];
    const float k = 0.25f / tol;
#if defined(ENG_HAVE_SSE2)
    const __m128 lim = _mm_set1_ps(8 * tol);
#endif
    size_t v, pi = 0, nseg = 0;
    int open = 0;
    for (v = 0; v < path->nverbs; v++) {
        switch (path->verbs[v]) {
        case ENG_VERB_MOVE:
            /* Filling closes every contour implicitly. */
            if (open)
                nseg += line(r, cur, start, sparse, clip);
            start = cur = tp[pi++];
            open = 1;
            break;
        case ENG_VERB_LINE:
            nseg += line(r, cur, tp[pi], sparse, clip);
            cur = tp[pi++];
            break;
        case ENG_VERB_QUAD:
            q[0] = cur; q[1] = tp[pi]; q[2] = tp[pi + 1];
            nseg += quad(r, q, k, sparse, clip, vec);
            cur = q[2];
            pi += 2;
            break;
        case ENG_VERB_CUBIC:
            q[0] = cur; q[1] = tp[pi]; q[2] = tp[pi + 1]; q[3] = tp[pi + 2];
#if defined(ENG_HAVE_SSE2)
            if (vec)
                nseg += cubic(r, q, lim, sparse, clip);
            else
#endif
                nseg += cubic_c(r, q, 8 * tol, sparse, clip);
            cur = q[3];
            pi += 3;
            break;
        default: /* close */
            if (open)
                nseg += line(r, cur, start, sparse, clip);
            cur = start;
            open = 0;
            break;
        }
        if (nseg > ENG_MAX_SEGMENTS)
            return ENG_ERR_LIMIT;
    }
    if (open)
        nseg += line(r, cur, start, sparse, clip);
    return nseg > ENG_MAX_SEGMENTS ? ENG_ERR_LIMIT : ENG_OK;
}


/* The portable flattener's four instances, in a function of their own, as
 * is map_points_c: inlined into eng_path_fill next to the SSE code, they
 * left x86-64's instruction count as it was but its wall time at 16 px
 * 4-10% slower than before the portable path (medians of 24 interleaved
 * runs, where a build against itself spread 2%); out of line, 1-3%. */
static __attribute__((noinline)) eng_Status flatten_portable(const Raster *r,
                                                             const eng_Path *path,
                                                             const Eng_Pt *tp, float tol,
                                                             int inside)
{
    if (!r->bits && inside)
        return flatten(r, path, tp, tol, 0, 0, 0);
    if (!r->bits)
        return flatten(r, path, tp, tol, 0, 1, 0);
    if (inside)
        return flatten(r, path, tp, tol, 1, 0, 0);
    return flatten(r, path, tp, tol, 1, 1, 0);
}

#if defined(ENG_HAVE_SSE2)
/* The SSE flattener's four instances, apart from the portable ones so that
 * the caller's path choice is one branch. Inlined like them: as a function
 * of its own it cost 3% more instructions at 16 px (callgrind). */
static inline __attribute__((always_inline)) eng_Status flatten_vec(const Raster *r,
                                                                    const eng_Path *path,
                                                                    const Eng_Pt *tp, float tol,
                                                                    int inside)
{
    if (!r->bits && inside)
        return flatten(r, path, tp, tol, 0, 0, 1);
    if (!r->bits)
        return flatten(r, path, tp, tol, 0, 1, 1);
    if (inside)
        return flatten(r, path, tp, tol, 1, 0, 1);
    return flatten(r, path, tp, tol, 1, 1, 1);
}
#else
#define flatten_vec(r, path, tp, tol, inside) ENG_ERR_ARG   /* never: vec is 0 */
#endif

/* Grows the scratch so that a w x h target fits; it is all zero. */
static eng_Status reserve(eng_Context *ctx, int stride, int words, int h)
{
    size_t need = (size_t)stride * (size_t)h, nbits = (size_t)words * (size_t)h;
    if (need > ctx->acc_cap) {
        /* 16-byte aligned for the SSE loads: calloc's alignment on every
         * 64-bit libc, checked rather than assumed. */
        float *a = Eng_calloc(ctx, need + 4, sizeof *a);
        if (!a)
            return ENG_ERR_NOMEM;
        free(ctx->acc);
        ctx->acc = a;
        ctx->acc_cap = need;
    }
    if (nbits > ctx->bits_cap) {
        uint64_t *b = Eng_calloc(ctx, nbits, sizeof *b);
        if (!b)
            return ENG_ERR_NOMEM;
        free(ctx->bits);
        ctx->bits = b;
        ctx->bits_cap = nbits;
    }
    return ENG_OK;
}

eng_Status eng_path_fill(eng_Context *ctx, const eng_Path *path, const eng_Affine *m,
                         eng_FillRule rule, eng_Mask *dst)
{
    Raster r;
    eng_Status st;
    eng_Affine id = eng_affine_identity();
    const float tol = (float)ENG_FLATTEN_TOLERANCE;
    int inside = 0, vec = 0;
    if (!ctx || !path || !dst || !dst->pixels || dst->width <= 0 || dst->height <= 0 ||
        dst->width > ENG_MAX_IMAGE_SIDE || dst->height > ENG_MAX_IMAGE_SIDE ||
        dst->stride < dst->width)
        return ENG_ERR_ARG;
    r.w = dst->width;
    r.h = dst->height;
    r.fw = (float)r.w;
    r.fh = (float)r.h;
    r.stride = (r.w + 2 + 15) & ~15;
    r.words = (r.stride / BLOCK + 63) / 64;
    st = reserve(ctx, r.stride, r.words, r.h);
    if (!st && ((uintptr_t)ctx->acc & 15))
        st = ENG_ERR_NOMEM;
#if defined(ENG_HAVE_SSE2)
    vec = ctx->simd == ENG_SIMD_SSE2 || ctx->simd == ENG_SIMD_AVX2;
    if (!st && vec)
        st = map_points(ctx, path, m ? m : &id, r.fw, r.fh, &inside);
#endif
    if (!st && !vec)
        st = map_points_c(ctx, path, m ? m : &id, r.fw, r.fh, &inside);
    if (st)
        return st;
    r.acc = ctx->acc;
    r.bits = r.stride <= DENSE_STRIDE ? NULL : ctx->bits;
    /* Unclipped when every point lies inside: a glyph in its own box.
     * (NEON runs the portable flattener: its float pairs gain little over
     * scalar code; NEON pays in the sums, raster_sum.c.) */
    if (vec)
        st = flatten_vec(&r, path, ctx->tpts, tol, inside);
    else
        st = flatten_portable(&r, path, ctx->tpts, tol, inside);
    if (st) {
        /* Over the segment cap: the buffer must be all zero again. */
        memset(r.acc, 0, (size_t)r.stride * (size_t)r.h * sizeof *r.acc);
        if (r.bits)
            memset(r.bits, 0, (size_t)r.words * (size_t)r.h * sizeof *r.bits);
        return st;
    }
    Eng_raster_sum(&r, dst, rule, ctx->simd);
    return ENG_OK;
}
