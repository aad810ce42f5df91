/* raster.c — our coverage rasterizer: exact-area, accumulation buffer.
 *
 * Coverage scheme. The target is a grid of unit pixels; the coverage of a
 * pixel is the area of it inside the shape, signed by winding. We never track
 * spans: each line segment (after flatten.c) deposits, into a float buffer
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
 * Number formats: coordinates and areas are 32-bit floats (pixel units);
 * areas are exact up to float rounding (~1e-6 of a pixel). Output coverage is
 * 8-bit: round(255 * min(|sum|, 1)) for non-zero, and for even-odd |sum|
 * folded with period 2 (a triangle wave: 1 -> 255, 2 -> 0), as ftgrays does.
 *
 * Speed: the buffer is sparse by row. Each row remembers the span of cells it
 * was given [lo, hi]; the prefix sum runs only there (4 cells at a time with
 * SSE2: two shifted adds and a carry, as in font-rs's accumulate), zeroing the
 * cells as it reads them, so the buffer is all zero again afterwards without a
 * memset of the whole buffer. Left of lo the coverage is 0; right of hi it is
 * the row's final sum (nonzero only when part of a shape lies right of the
 * target and was clipped away).
 */
#include "internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef struct {
    float *acc;
    int *lo, *hi;
    int w, h, stride;
} Raster;

/* Deposits segment (x0,y0)-(x1,y1), already clipped to 0 <= x <= w. */
static inline void draw_line(Raster *r, float x0, float y0, float x1, float y1)
{
    float dir = 1, dxdy, x, fw = (float)r->w;
    int y, ystart, yend;
    if (y0 > y1) {
        float t;
        t = x0; x0 = x1; x1 = t;
        t = y0; y0 = y1; y1 = t;
        dir = -1;
    }
    if (y1 <= 0 || y0 >= (float)r->h || y0 == y1)
        return;
    dxdy = (x1 - x0) / (y1 - y0);
    ystart = y0 < 0 ? 0 : (int)y0;
    yend = y1 > (float)r->h ? r->h : (int)ceilf(y1);
    x = x0 + ((float)ystart > y0 ? ((float)ystart - y0) * dxdy : 0);
    for (y = ystart; y < yend; y++) {
        float ytop = (float)y > y0 ? (float)y : y0;
        float ybot = (float)(y + 1) < y1 ? (float)(y + 1) : y1;
        float dy = ybot - ytop, d = dy * dir;
        float xnext = ybot == y1 ? x1 : x + dxdy * dy;
        float xa = x < xnext ? x : xnext, xb = x < xnext ? xnext : x;
        float *row = r->acc + (size_t)y * (size_t)r->stride;
        int xai, xbi;
        xa = xa < 0 ? 0 : xa > fw ? fw : xa;
        xb = xb < 0 ? 0 : xb > fw ? fw : xb;
        xai = (int)xa;
        xbi = (int)ceilf(xb);
        if (xbi <= xai + 1) {
            /* Within one cell: the area right of the segment is 1 - the mean
             * x offset; the rest spills into the next cell. */
            float xmf = 0.5f * (xa + xb) - (float)xai;
            row[xai] += d - d * xmf;
            row[xai + 1] += d * xmf;
            xbi = xai + 1;
        } else {
            /* Across cells: triangle in the first cell, then slices of
             * constant area s per unit x, and a triangle in the last. */
            float s = 1.0f / (xb - xa);
            float x0f = xa - (float)xai;
            float a0 = 0.5f * s * (1 - x0f) * (1 - x0f);
            float x1f = xb - (float)xbi + 1;
            float am = 0.5f * s * x1f * x1f;
            row[xai] += d * a0;
            if (xbi == xai + 2) {
                row[xai + 1] += d * (1 - a0 - am);
            } else {
                float a1 = s * (1.5f - x0f), a2, ds = d * s;
                int xi;
                row[xai + 1] += d * (a1 - a0);
                for (xi = xai + 2; xi < xbi - 1; xi++)
                    row[xi] += ds;
                a2 = a1 + (float)(xbi - xai - 3) * s;
                row[xbi - 1] += d * (1 - a2 - am);
            }
            row[xbi] += d * am;
        }
        if (xai < r->lo[y]) r->lo[y] = xai;
        if (xbi > r->hi[y]) r->hi[y] = xbi;
        x = xnext;
    }
}

/* Clips to 0 <= x <= w: what lies left becomes a vertical edge at x = 0 (same
 * winding for every pixel), what lies right changes no pixel and goes. */
static void clip_line(Raster *r, float x0, float y0, float x1, float y1)
{
    float w = (float)r->w;
    if (x0 < 0 || x1 < 0) {
        float ym;
        if (x0 <= 0 && x1 <= 0) {
            draw_line(r, 0, y0, 0, y1);
            return;
        }
        ym = y0 + (y1 - y0) * (0 - x0) / (x1 - x0);
        if (x0 < 0) {
            draw_line(r, 0, y0, 0, ym);
            x0 = 0; y0 = ym;
        } else {
            draw_line(r, 0, ym, 0, y1);
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
    draw_line(r, x0, y0, x1, y1);
}

static inline uint8_t to_coverage(float s, eng_FillRule rule)
{
    float a = fabsf(s);
    if (rule == ENG_FILL_EVENODD) {
        a = a - 2.0f * (float)(int)(a * 0.5f);
        a = a < 2 - a ? a : 2 - a;
    }
    a = a < 1 ? a : 1;
    return (uint8_t)(int)(a * 255.0f + 0.5f);
}

/* Prefix sum of acc[lo, end) into out[lo, end), zeroing acc; returns the
 * running sum at end. */
static float accumulate(float *acc, uint8_t *out, int lo, int end, eng_FillRule rule)
{
    float sum = 0;
    int x = lo;
#if defined(__SSE2__)
    {
        __m128 carry = _mm_setzero_ps(), zero = _mm_setzero_ps();
        const __m128 one = _mm_set1_ps(1.0f), two = _mm_set1_ps(2.0f);
        const __m128 half = _mm_set1_ps(0.5f), k255 = _mm_set1_ps(255.0f);
        const __m128 absmask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
        for (; x + 4 <= end; x += 4) {
            __m128 v = _mm_loadu_ps(acc + x);
            __m128i q;
            int packed;
            /* In-register prefix sum: v += v << 1 lane; v += v << 2 lanes. */
            v = _mm_add_ps(v, _mm_castsi128_ps(_mm_slli_si128(_mm_castps_si128(v), 4)));
            v = _mm_add_ps(v, _mm_castsi128_ps(_mm_slli_si128(_mm_castps_si128(v), 8)));
            v = _mm_add_ps(v, carry);
            carry = _mm_shuffle_ps(v, v, _MM_SHUFFLE(3, 3, 3, 3));
            _mm_storeu_ps(acc + x, zero);
            v = _mm_and_ps(v, absmask);
            if (rule == ENG_FILL_EVENODD) {
                __m128 f = _mm_cvtepi32_ps(_mm_cvttps_epi32(_mm_mul_ps(v, half)));
                v = _mm_sub_ps(v, _mm_mul_ps(two, f));
                v = _mm_min_ps(v, _mm_sub_ps(two, v));
            }
            v = _mm_min_ps(v, one);
            q = _mm_cvttps_epi32(_mm_add_ps(_mm_mul_ps(v, k255), half));
            q = _mm_packs_epi32(q, q);
            q = _mm_packus_epi16(q, q);
            packed = _mm_cvtsi128_si32(q);
            memcpy(out + x, &packed, 4);
        }
        sum = _mm_cvtss_f32(carry);
    }
#endif
    for (; x < end; x++) {
        sum += acc[x];
        acc[x] = 0;
        out[x] = to_coverage(sum, rule);
    }
    return sum;
}

/* Grows the scratch so that a w x h target fits; the buffer is all zero. */
static eng_Status reserve(eng_Context *ctx, int w, int h)
{
    size_t need = (size_t)(w + 2) * (size_t)h, i;
    if (need > ctx->acc_cap) {
        float *a = Eng_calloc(ctx, need, sizeof *a);
        if (!a)
            return ENG_ERR_NOMEM;
        free(ctx->acc);
        ctx->acc = a;
        ctx->acc_cap = need;
    }
    if ((size_t)h > ctx->rows_cap) {
        int *lo = Eng_alloc(ctx, (size_t)h * sizeof *lo);
        int *hi = lo ? Eng_alloc(ctx, (size_t)h * sizeof *hi) : NULL;
        if (!hi) {
            free(lo);
            return ENG_ERR_NOMEM;
        }
        for (i = 0; i < (size_t)h; i++) {
            lo[i] = INT_MAX;
            hi[i] = -1;
        }
        free(ctx->row_lo);
        free(ctx->row_hi);
        ctx->row_lo = lo;
        ctx->row_hi = hi;
        ctx->rows_cap = (size_t)h;
    }
    return ENG_OK;
}

eng_Status eng_path_fill(eng_Context *ctx, const eng_Path *path, const eng_Affine *m,
                         eng_FillRule rule, eng_Mask *dst)
{
    Raster r;
    eng_Status st;
    size_t i;
    int y;
    if (!ctx || !path || !dst || !dst->pixels || dst->width <= 0 || dst->height <= 0 ||
        dst->width > ENG_MAX_IMAGE_SIDE || dst->height > ENG_MAX_IMAGE_SIDE ||
        dst->stride < dst->width)
        return ENG_ERR_ARG;
    st = reserve(ctx, dst->width, dst->height);
    if (!st)
        st = Eng_flatten(ctx, path, m, (float)ENG_FLATTEN_TOLERANCE, dst->width, dst->height);
    if (st)
        return st;
    r.acc = ctx->acc;
    r.lo = ctx->row_lo;
    r.hi = ctx->row_hi;
    r.w = dst->width;
    r.h = dst->height;
    r.stride = dst->width + 2;
    for (i = 0; i < ctx->segs_len; i++) {
        const float *s = ctx->segs + 4 * i;
        clip_line(&r, s[0], s[1], s[2], s[3]);
    }
    for (y = 0; y < r.h; y++) {
        uint8_t *out = dst->pixels + (size_t)y * (size_t)dst->stride;
        float *acc = r.acc + (size_t)y * (size_t)r.stride;
        int lo = r.lo[y], hi = r.hi[y], end;
        float sum;
        if (lo > hi) {
            memset(out, 0, (size_t)r.w);
            continue;
        }
        end = hi + 1 < r.w ? hi + 1 : r.w;
        memset(out, 0, (size_t)lo < (size_t)r.w ? (size_t)lo : (size_t)r.w);
        sum = lo < r.w ? accumulate(acc, out, lo, end, rule) : 0;
        if (end < r.w)
            memset(out + end, to_coverage(sum, rule), (size_t)(r.w - end));
        /* Cells past the last pixel (x = w, w + 1) hold spill-over. */
        if (hi >= r.w)
            memset(acc + r.w, 0, (size_t)(hi - r.w + 1) * sizeof *acc);
        r.lo[y] = INT_MAX;
        r.hi[y] = -1;
    }
    return ENG_OK;
}
