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
 * Speed: the buffer is sparse. Rows are padded to a multiple of 16 cells, and
 * each row keeps one bit per block of 16 cells that a segment wrote to. The
 * prefix sum runs only over marked blocks (16 cells at a time with SSE2: two
 * shifted adds and a carry per 4 lanes, as in font-rs's accumulate), zeroing
 * them as it reads, so the buffer is all zero again afterwards without a
 * memset; between marked blocks the running sum is constant and the coverage
 * is a memset. Most pixels of a large glyph are in such runs (inside: 255,
 * outside: 0), which is where the accumulation approach beat ftgrays's spans.
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
    uint64_t *bits;
    int w, h, stride, words;    /* stride: cells a row; words: bit words a row */
} Raster;

/* Marks blocks of cells [x0, x1] of row y as written. */
static inline void mark(Raster *r, int y, int x0, int x1)
{
    uint64_t *bw = r->bits + (size_t)y * (size_t)r->words;
    int b0 = x0 >> 4, b1 = x1 >> 4, b;
    for (b = b0; b <= b1; b++)
        bw[b >> 6] |= (uint64_t)1 << (b & 63);
}

/* Deposits segment (x0,y0)-(x1,y1), already clipped to 0 <= x <= w. */
static inline void draw_line(Raster *r, float x0, float y0, float x1, float y1)
{
    float dir = 1, dxdy, x, fw = (float)r->w, sfull;
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
    /* 1 / (x extent of a full row), shared by all full rows: no division in
     * the loop but for the first and last rows. */
    sfull = dxdy != 0 ? 1.0f / fabsf(dxdy) : 0;
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
        xbi = (int)xb;
        if (xbi <= xai) {
            /* Within one cell: the area right of the segment is 1 - the mean
             * x offset; the rest spills into the next cell. */
            float xmf = 0.5f * (xa + xb) - (float)xai;
            row[xai] += d - d * xmf;
            row[xai + 1] += d * xmf;
            mark(r, y, xai, xai + 1);
        } else {
            /* Across cells: a triangle in the first cell, slices of constant
             * area s per unit x, a triangle in the last and the spill. */
            float s = dy == 1.0f && xb - xa == fabsf(dxdy) ? sfull : 1.0f / (xb - xa), ds = d * s;
            float x0f = xa - (float)xai, x1f = xb - (float)xbi;
            float a0 = 0.5f * (1 - x0f) * (1 - x0f) * ds;
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
            mark(r, y, xai, xbi + 1);
        }
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

/* Prefix sum of the 16 cells at acc (16-byte aligned) on top of *sum, into
 * 16 coverage bytes at out; zeroes the cells. */
static inline void block16(float *acc, uint8_t *out, float *sum, eng_FillRule rule)
{
#if defined(__SSE2__)
    const __m128 one = _mm_set1_ps(1.0f), two = _mm_set1_ps(2.0f);
    const __m128 half = _mm_set1_ps(0.5f), k255 = _mm_set1_ps(255.0f), zero = _mm_setzero_ps();
    const __m128 absmask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
    __m128 carry = _mm_set1_ps(*sum);
    __m128i q[4];
    int k;
    for (k = 0; k < 4; k++) {
        __m128 v = _mm_load_ps(acc + 4 * k);
        /* In-register prefix sum: v += v << 1 lane; v += v << 2 lanes. */
        v = _mm_add_ps(v, _mm_castsi128_ps(_mm_slli_si128(_mm_castps_si128(v), 4)));
        v = _mm_add_ps(v, _mm_castsi128_ps(_mm_slli_si128(_mm_castps_si128(v), 8)));
        v = _mm_add_ps(v, carry);
        carry = _mm_shuffle_ps(v, v, _MM_SHUFFLE(3, 3, 3, 3));
        _mm_store_ps(acc + 4 * k, zero);
        v = _mm_and_ps(v, absmask);
        if (rule == ENG_FILL_EVENODD) {
            __m128 f = _mm_cvtepi32_ps(_mm_cvttps_epi32(_mm_mul_ps(v, half)));
            v = _mm_sub_ps(v, _mm_mul_ps(two, f));
            v = _mm_min_ps(v, _mm_sub_ps(two, v));
        }
        v = _mm_min_ps(v, one);
        q[k] = _mm_cvttps_epi32(_mm_add_ps(_mm_mul_ps(v, k255), half));
    }
    _mm_storeu_si128((__m128i *)(void *)out,
                     _mm_packus_epi16(_mm_packs_epi32(q[0], q[1]), _mm_packs_epi32(q[2], q[3])));
    *sum = _mm_cvtss_f32(carry);
#else
    int k;
    for (k = 0; k < 16; k++) {
        *sum += acc[k];
        acc[k] = 0;
        out[k] = to_coverage(*sum, rule);
    }
#endif
}

/* Turns row y's marked blocks into coverage; constant runs between them. */
static void accumulate_row(Raster *r, int y, uint8_t *out, eng_FillRule rule)
{
    float *acc = r->acc + (size_t)y * (size_t)r->stride, sum = 0;
    uint64_t *bw = r->bits + (size_t)y * (size_t)r->words;
    int x = 0, k;
    for (k = 0; k < r->words; k++) {
        uint64_t word = bw[k];
        bw[k] = 0;
        while (word) {
            int b = (k << 6) + __builtin_ctzll(word), bx = b << 4;
            word &= word - 1;
            if (bx >= r->w) {
                /* Spill cells past the last pixel: clear them, no output. */
                memset(acc + bx, 0, 16 * sizeof *acc);
                continue;
            }
            if (bx > x)
                memset(out + x, to_coverage(sum, rule), (size_t)(bx - x));
            if (bx + 16 <= r->w) {
                block16(acc + bx, out + bx, &sum, rule);
            } else {
                uint8_t tmp[16];
                block16(acc + bx, tmp, &sum, rule);
                memcpy(out + bx, tmp, (size_t)(r->w - bx));
            }
            x = bx + 16;
        }
    }
    if (x < r->w)
        memset(out + x, to_coverage(sum, rule), (size_t)(r->w - x));
}

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
    size_t i;
    int y;
    if (!ctx || !path || !dst || !dst->pixels || dst->width <= 0 || dst->height <= 0 ||
        dst->width > ENG_MAX_IMAGE_SIDE || dst->height > ENG_MAX_IMAGE_SIDE ||
        dst->stride < dst->width)
        return ENG_ERR_ARG;
    r.w = dst->width;
    r.h = dst->height;
    r.stride = (r.w + 2 + 15) & ~15;
    r.words = (r.stride / 16 + 63) / 64;
    st = reserve(ctx, r.stride, r.words, r.h);
    if (!st && ((uintptr_t)ctx->acc & 15))
        st = ENG_ERR_NOMEM;
    if (!st)
        st = Eng_flatten(ctx, path, m, (float)ENG_FLATTEN_TOLERANCE, r.w, r.h);
    if (st)
        return st;
    r.acc = ctx->acc;
    r.bits = ctx->bits;
    for (i = 0; i < ctx->segs_len; i++) {
        const float *s = ctx->segs + 4 * i;
        clip_line(&r, s[0], s[1], s[2], s[3]);
    }
    for (y = 0; y < r.h; y++)
        accumulate_row(&r, y, dst->pixels + (size_t)y * (size_t)dst->stride, rule);
    return ENG_OK;
}
