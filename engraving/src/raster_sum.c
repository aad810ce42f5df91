/* raster_sum.c — the second half of the rasterizer: each row's deposits
 * (raster.c) become 8-bit coverage by a running sum, once per instruction
 * set. See raster.c's banner for the coverage scheme and the sparse rows.
 *
 * Paths (the context chooses, eng_context_set_simd):
 *   SSE2      x86-64's baseline: 4 cells a vector, font-rs's in-register
 *             scan (two shifted adds), 16 cells a step on dense rows with
 *             the carry reaching each vector through the totals before it.
 *   AVX2      dense rows 8 cells a vector, for CPUs that have it (chosen at
 *             run time: the build stays baseline x86-64).
 *   NEON      aarch64's baseline: the SSE2 code, instruction for instruction.
 *   portable  plain C, every architecture: the SSE2 code lane by lane.
 * The SSE2, NEON and portable paths add the same floats in the same order
 * and round them the same way (to nearest, even on ties), so they give the
 * same bytes; test_eng_raster.c checks that, and every path against the
 * slow reference. AVX2 associates its sums differently (8 lanes): a tie
 * may round the other way, one level at most.
 */
#include "internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

#if defined(ENG_HAVE_SSE2)
#include <emmintrin.h>
#endif
#if defined(ENG_HAVE_AVX2)
#include <immintrin.h>      /* AVX2 intrinsics, used behind a run-time check */
#endif
#if defined(ENG_HAVE_NEON)
#include <arm_neon.h>
#endif

typedef Eng_Raster Raster;

#define BLOCK_SHIFT ENG_RASTER_BLOCK_SHIFT
#define FULL ENG_RASTER_FULL

/* Coverage of a running sum s: the value of a whole run between marked
 * blocks, on every path (rounded half up, where the blocks' vector
 * conversion rounds half to even: a tie is all but impossible there). */
static inline uint8_t to_coverage(float s, eng_FillRule rule)
{
    float a = fabsf(s);
    if (rule == ENG_FILL_EVENODD) {
        a = a - 2 * FULL * (float)(int)(a * (1 / (2 * FULL)));
        a = a < 2 * FULL - a ? a : 2 * FULL - a;
    }
    a = a < FULL ? a : FULL;
    return (uint8_t)(int)(a + 0.5f);
}

/* Stores the first n (< 4) bytes of u at out. */
static inline void store_tail(uint8_t *out, uint32_t u, int n)
{
    if (n & 2) {
        uint16_t h = (uint16_t)u;
        memcpy(out, &h, 2);
        u >>= 16;
        out += 2;
    }
    if (n & 1)
        *out = (uint8_t)u;
}

/* ---- portable: SSE2's arithmetic, one lane at a time ----------------------- */

/* Rounds 0 <= v <= FULL to nearest, even on ties, as cvtps2dq and NEON's
 * fcvtns do: adding 2^23 leaves no fraction bits, so the float addition
 * rounds (to nearest even), and the subtraction is exact. Needs float
 * arithmetic in float (FLT_EVAL_METHOD 0: every SSE and ARM target);
 * elsewhere the C library's nearbyintf does it (default rounding mode). */
static inline float round_even(float v)
{
#if FLT_EVAL_METHOD == 0
    return (v + 8388608.0f) - 8388608.0f;
#else
    return nearbyintf(v);
#endif
}

/* One lane of SSE2's coverage4: |s|, folded for even-odd, rounded. The
 * clamp to FULL stands for the vector path's saturating packs. */
static inline uint8_t coverage1(float v, int evenodd)
{
    v = fabsf(v);
    if (evenodd) {
        float f = (float)(int32_t)(v * (1 / (2 * FULL)));
        v = v - 2 * FULL * f;
        v = v < 2 * FULL - v ? v : 2 * FULL - v;
    }
    v = v < FULL ? v : FULL;
    return (uint8_t)(int)round_even(v);
}

/* SSE2's prefix4 lane by lane: after the two shifted adds, lane i holds
 * these sums (the zero lanes shifted in change nothing but a zero's sign,
 * which |s| drops). The 4 cells are zeroed. */
static inline void scan4(float *acc, float s[4])
{
    float a = acc[0], b = acc[1], c = acc[2], d = acc[3];
    s[0] = a;
    s[1] = b + a;
    s[2] = (c + b) + a;
    s[3] = (d + c) + (b + a);
    memset(acc, 0, 4 * sizeof *acc);
}

/* SSE2's cells16: 16 cells to 16 bytes, the carry added as it does. */
static inline __attribute__((always_inline)) void cells16_c(float *acc, float *carry, uint8_t *out,
                                                            int evenodd)
{
    float v[4][4], c = *carry, t0, t01, t2, t012, add[4];
    int i, j;
    for (j = 0; j < 4; j++)
        scan4(acc + 4 * j, v[j]);
    t0 = v[0][3];
    t01 = t0 + v[1][3];
    t2 = v[2][3];
    t012 = t01 + t2;
    add[0] = c;
    add[1] = c + t0;
    add[2] = c + t01;
    add[3] = c + t012;
    *carry = c + (t01 + (t2 + v[3][3]));
    for (j = 0; j < 4; j++)
        for (i = 0; i < 4; i++)
            out[4 * j + i] = coverage1(v[j][i] + add[j], evenodd);
}

static inline __attribute__((always_inline)) void accumulate_dense_c(const Raster *r, int y,
                                                                     uint8_t *out, int evenodd)
{
    float *acc = r->acc + (size_t)y * (size_t)r->stride, carry = 0;
    int x, w = r->w;
    for (x = 0; x + 16 <= w; x += 16)
        cells16_c(acc + x, &carry, out + x, evenodd);
    if (x < w) {
        uint8_t t[16];
        cells16_c(acc + x, &carry, t, evenodd);
        memcpy(out + x, t, (size_t)(w - x));
        x += 16;
    }
    for (; x < w + 2; x += 4)
        memset(acc + x, 0, 4 * sizeof *acc);
}

static inline __attribute__((always_inline)) void accumulate_sparse_c(const Raster *r, int y,
                                                                      uint8_t *out, int evenodd)
{
    float *acc = r->acc + (size_t)y * (size_t)r->stride, carry = 0;
    uint64_t *bw = r->bits + (size_t)y * (size_t)r->words;
    eng_FillRule rule = evenodd ? ENG_FILL_EVENODD : ENG_FILL_NONZERO;
    int x = 0, k, i, w = r->w;
    for (k = 0; k < r->words; k++) {
        uint64_t word = bw[k];
        bw[k] = 0;
        while (word) {
            int bx = ((k << 6) + __builtin_ctzll(word)) << BLOCK_SHIFT;
            float s[4];
            word &= word - 1;
            if (bx > x && x < w)
                memset(out + x, to_coverage(carry, rule), (size_t)((bx < w ? bx : w) - x));
            scan4(acc + bx, s);
            for (i = 0; i < 4; i++) {
                float v = s[i] + carry;
                if (bx + i < w)
                    out[bx + i] = coverage1(v, evenodd);
                if (i == 3)
                    carry = v;
            }
            x = bx + 4;
        }
    }
    if (x < w)
        memset(out + x, to_coverage(carry, rule), (size_t)(w - x));
}

static void accumulate_c(const Raster *r, const eng_Mask *dst, eng_FillRule rule)
{
    int y, evenodd = rule == ENG_FILL_EVENODD;
    for (y = 0; y < r->h; y++) {
        uint8_t *out = dst->pixels + (size_t)y * (size_t)dst->stride;
        if (!r->bits && evenodd)
            accumulate_dense_c(r, y, out, 1);
        else if (!r->bits)
            accumulate_dense_c(r, y, out, 0);
        else if (evenodd)
            accumulate_sparse_c(r, y, out, 1);
        else
            accumulate_sparse_c(r, y, out, 0);
    }
}

/* ---- SSE2 and AVX2 ---------------------------------------------------------- */

#if defined(ENG_HAVE_SSE2)
/* Prefix sum of the 4 cells at acc (16-byte aligned) on top of *carry (the
 * running sum in every lane), zeroing them; returns their coverage as 4
 * int32 (two shifted adds: font-rs's in-register scan). */
static inline __attribute__((always_inline)) __m128i cells4(float *acc, __m128 *carry,
                                                            int evenodd)
{
    const __m128 two = _mm_set1_ps(2 * FULL);
    const __m128 absmask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
    __m128 v = _mm_load_ps(acc);
    v = _mm_add_ps(v, _mm_castsi128_ps(_mm_slli_si128(_mm_castps_si128(v), 4)));
    v = _mm_add_ps(v, _mm_castsi128_ps(_mm_slli_si128(_mm_castps_si128(v), 8)));
    v = _mm_add_ps(v, *carry);
    *carry = _mm_shuffle_ps(v, v, _MM_SHUFFLE(3, 3, 3, 3));
    _mm_store_ps(acc, _mm_setzero_ps());
    v = _mm_and_ps(v, absmask);
    if (evenodd) {
        __m128 f = _mm_cvtepi32_ps(_mm_cvttps_epi32(_mm_mul_ps(v, _mm_set1_ps(1 / (2 * FULL)))));
        v = _mm_sub_ps(v, _mm_mul_ps(two, f));
        v = _mm_min_ps(v, _mm_sub_ps(two, v));
    }
    /* Round to nearest (even on exact halves: at most 1 level apart from
     * to_coverage's half-up, on those only). No clamp to 255: the packs to
     * 16 and 8 bits saturate, and |sum| <= 255 ENG_MAX_SEGMENTS < 2^31
     * (each segment adds at most 255 to a row) stays a valid int32. */
    return _mm_cvtps_epi32(v);
}

/* In-register prefix sum of the 4 cells at acc, which are zeroed. */
static inline __attribute__((always_inline)) __m128 prefix4(float *acc)
{
    __m128 v = _mm_load_ps(acc);
    v = _mm_add_ps(v, _mm_castsi128_ps(_mm_slli_si128(_mm_castps_si128(v), 4)));
    v = _mm_add_ps(v, _mm_castsi128_ps(_mm_slli_si128(_mm_castps_si128(v), 8)));
    _mm_store_ps(acc, _mm_setzero_ps());
    return v;
}

static inline __m128 last(__m128 v)
{
    return _mm_shuffle_ps(v, v, _MM_SHUFFLE(3, 3, 3, 3));
}

/* Coverage of 4 running sums as int32 (as cells4). */
static inline __attribute__((always_inline)) __m128i coverage4(__m128 v, int evenodd)
{
    const __m128 two = _mm_set1_ps(2 * FULL);
    const __m128 absmask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
    v = _mm_and_ps(v, absmask);
    if (evenodd) {
        __m128 f = _mm_cvtepi32_ps(_mm_cvttps_epi32(_mm_mul_ps(v, _mm_set1_ps(1 / (2 * FULL)))));
        v = _mm_sub_ps(v, _mm_mul_ps(two, f));
        v = _mm_min_ps(v, _mm_sub_ps(two, v));
    }
    return _mm_cvtps_epi32(v);
}

/* 16 cells: the prefix sum and coverage of cells4 4 times, packed to 16
 * bytes. */
static inline __attribute__((always_inline)) __m128i cells16(float *acc, __m128 *carry,
                                                             int evenodd)
{
    /* The four in-register scans do not depend on the carry, nor on each
     * other; the carry reaches each vector through the sums of the vectors
     * before it, so the chain from one 16 cells to the next is one add
     * (one add and a shuffle every 4 cells was the bound on wide rows). */
    __m128 v0 = prefix4(acc), v1 = prefix4(acc + 4), v2 = prefix4(acc + 8), v3 = prefix4(acc + 12);
    __m128 t0 = last(v0), t01 = _mm_add_ps(t0, last(v1)), t2 = last(v2);
    __m128 t012 = _mm_add_ps(t01, t2), t0123 = _mm_add_ps(t01, _mm_add_ps(t2, last(v3)));
    __m128 c = *carry;
    __m128i q0 = coverage4(_mm_add_ps(v0, c), evenodd);
    __m128i q1 = coverage4(_mm_add_ps(v1, _mm_add_ps(c, t0)), evenodd);
    __m128i q2 = coverage4(_mm_add_ps(v2, _mm_add_ps(c, t01)), evenodd);
    __m128i q3 = coverage4(_mm_add_ps(v3, _mm_add_ps(c, t012)), evenodd);
    *carry = _mm_add_ps(c, t0123);
    return _mm_packus_epi16(_mm_packs_epi32(q0, q1), _mm_packs_epi32(q2, q3));
}

static inline uint32_t pack4(__m128i q)
{
    q = _mm_packs_epi32(q, q);
    return (uint32_t)_mm_cvtsi128_si32(_mm_packus_epi16(q, q));
}

/* out[0, n) = v, for the constant runs between marked blocks. */
static inline void fill(uint8_t *out, uint8_t v, int n)
{
    if (n >= 64) {
        memset(out, v, (size_t)n);
    } else {
        uint32_t u = 0x01010101u * v;
        if (n >= 16) {
            __m128i b = _mm_set1_epi8((char)v);
            /* Overlapping last store: no tail loop. */
            uint8_t *end = out + n - 16;
            for (; out < end; out += 16)
                _mm_storeu_si128((__m128i *)(void *)out, b);
            _mm_storeu_si128((__m128i *)(void *)end, b);
            return;
        }
        for (; n >= 4; n -= 4, out += 4)
            memcpy(out, &u, 4);
        store_tail(out, u, n);
    }
}

/* Stores the first n (1-15) bytes of v at out, with two overlapping
 * copies. */
static inline void store_partial16(uint8_t *out, __m128i v, int n)
{
    uint8_t t[16];
    _mm_storeu_si128((__m128i *)(void *)t, v);
    if (n >= 8) {
        memcpy(out, t, 8);
        memcpy(out + n - 8, t + n - 8, 8);
    } else if (n >= 4) {
        memcpy(out, t, 4);
        memcpy(out + n - 4, t + n - 4, 4);
    } else {
        out[0] = t[0];
        out[n - 1] = t[n - 1];
        out[n >> 1] = t[n >> 1];
    }
}

/* Row y, every cell: for narrow targets. Cells w and w + 1 (the spill) are
 * cleared too. */
static inline __attribute__((always_inline)) void accumulate_dense(const Raster *r, int y,
                                                                   uint8_t *out, int evenodd)
{
    float *acc = r->acc + (size_t)y * (size_t)r->stride;
    __m128 carry = _mm_setzero_ps();
    int x, w = r->w;
    for (x = 0; x + 16 <= w; x += 16)
        _mm_storeu_si128((__m128i *)(void *)(out + x), cells16(acc + x, &carry, evenodd));
    if (x < w) {
        /* The last 1-15 pixels: 16 cells (the row is padded to 16). */
        store_partial16(out + x, cells16(acc + x, &carry, evenodd), w - x);
        x += 16;
    }
    for (; x < w + 2; x += 4)
        _mm_store_ps(acc + x, _mm_setzero_ps());
}

#if defined(ENG_HAVE_AVX2)
#define AVX2 __attribute__((target("avx2"), always_inline)) static inline

/* The same prefix sum 8 cells a vector, for CPUs with AVX2 (chosen at run
 * time: the kiosk's x86-64 baseline build must still run without it). The
 * in-register scan works within each 128-bit half; the low half's total is
 * then added to the high half. */
AVX2 __m256 prefix8(float *acc)
{
    __m256 v = _mm256_loadu_ps(acc), t;
    v = _mm256_add_ps(v, _mm256_castsi256_ps(_mm256_slli_si256(_mm256_castps_si256(v), 4)));
    v = _mm256_add_ps(v, _mm256_castsi256_ps(_mm256_slli_si256(_mm256_castps_si256(v), 8)));
    t = _mm256_permute_ps(v, _MM_SHUFFLE(3, 3, 3, 3));
    v = _mm256_add_ps(v, _mm256_permute2f128_ps(t, t, 0x08));
    _mm256_storeu_ps(acc, _mm256_setzero_ps());
    return v;
}

AVX2 __m256 last8(__m256 v)
{
    return _mm256_permutevar8x32_ps(v, _mm256_set1_epi32(7));
}

AVX2 __m256i coverage8(__m256 v, int evenodd)
{
    const __m256 two = _mm256_set1_ps(2 * FULL);
    v = _mm256_and_ps(v, _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff)));
    if (evenodd) {
        __m256 f = _mm256_round_ps(_mm256_mul_ps(v, _mm256_set1_ps(1 / (2 * FULL))),
                                   _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
        v = _mm256_sub_ps(v, _mm256_mul_ps(two, f));
        v = _mm256_min_ps(v, _mm256_sub_ps(two, v));
    }
    return _mm256_cvtps_epi32(v);
}

/* 16 cells to 16 bytes, as cells16. */
AVX2 __m128i cells16_avx2(float *acc, __m256 *carry, int evenodd)
{
    __m256 v0 = prefix8(acc), v1 = prefix8(acc + 8), c = *carry, t0 = last8(v0);
    __m256i q0 = coverage8(_mm256_add_ps(v0, c), evenodd);
    __m256i q1 = coverage8(_mm256_add_ps(v1, _mm256_add_ps(c, t0)), evenodd);
    /* packs works within halves: [q0 0-3, q1 0-3 | q0 4-7, q1 4-7] as
     * int16; reordering the 64-bit quarters puts q0 before q1. */
    __m256i p = _mm256_permute4x64_epi64(_mm256_packs_epi32(q0, q1), _MM_SHUFFLE(3, 1, 2, 0));
    *carry = _mm256_add_ps(c, _mm256_add_ps(t0, last8(v1)));
    return _mm_packus_epi16(_mm256_castsi256_si128(p), _mm256_extracti128_si256(p, 1));
}

/* accumulate_dense with AVX2. */
AVX2 void accumulate_dense_avx2(const Raster *r, int y, uint8_t *out, int evenodd)
{
    float *acc = r->acc + (size_t)y * (size_t)r->stride;
    __m256 carry = _mm256_setzero_ps();
    int x, w = r->w;
    for (x = 0; x + 16 <= w; x += 16)
        _mm_storeu_si128((__m128i *)(void *)(out + x), cells16_avx2(acc + x, &carry, evenodd));
    if (x < w) {
        store_partial16(out + x, cells16_avx2(acc + x, &carry, evenodd), w - x);
        x += 16;
    }
    for (; x < w + 2; x += 4)
        _mm_store_ps(acc + x, _mm_setzero_ps());
}

static __attribute__((target("avx2"), noinline)) void accumulate_dense_rows_avx2(const Raster *r, const eng_Mask *dst, int evenodd)
{
    int y;
    for (y = 0; y < r->h; y++) {
        uint8_t *out = dst->pixels + (size_t)y * (size_t)dst->stride;
        if (evenodd)
            accumulate_dense_avx2(r, y, out, 1);
        else
            accumulate_dense_avx2(r, y, out, 0);
    }
}
#endif

/* Row y: its marked blocks of 4 cells, constant runs between them. */
static inline __attribute__((always_inline)) void accumulate_sparse(const Raster *r, int y,
                                                                    uint8_t *out, int evenodd)
{
    float *acc = r->acc + (size_t)y * (size_t)r->stride;
    uint64_t *bw = r->bits + (size_t)y * (size_t)r->words;
    eng_FillRule rule = evenodd ? ENG_FILL_EVENODD : ENG_FILL_NONZERO;
    __m128 carry = _mm_setzero_ps();
    int x = 0, k, w = r->w;
    for (k = 0; k < r->words; k++) {
        uint64_t word = bw[k];
        bw[k] = 0;
        while (word) {
            int bx = ((k << 6) + __builtin_ctzll(word)) << BLOCK_SHIFT;
            uint32_t u;
            word &= word - 1;
            /* (A block at or past w only holds spill cells; the block of
             * cell w is marked with it, so x is past w by then.) */
            if (bx > x && x < w)
                fill(out + x, to_coverage(_mm_cvtss_f32(carry), rule), (bx < w ? bx : w) - x);
            u = pack4(cells4(acc + bx, &carry, evenodd));
            if (bx + 4 <= w)
                memcpy(out + bx, &u, 4);
            else if (bx < w)
                store_tail(out + bx, u, w - bx);
            x = bx + 4;
        }
    }
    if (x < w)
        fill(out + x, to_coverage(_mm_cvtss_f32(carry), rule), w - x);
}

static void accumulate_sse2(const Raster *r, const eng_Mask *dst, eng_FillRule rule, int avx2)
{
    int y;
#if defined(ENG_HAVE_AVX2)
    if (!r->bits && avx2) {
        accumulate_dense_rows_avx2(r, dst, rule == ENG_FILL_EVENODD);
        return;
    }
#endif
    for (y = 0; y < r->h; y++) {
        uint8_t *out = dst->pixels + (size_t)y * (size_t)dst->stride;
        if (!r->bits) {
            if (rule == ENG_FILL_EVENODD)
                accumulate_dense(r, y, out, 1);
            else
                accumulate_dense(r, y, out, 0);
        } else if (rule == ENG_FILL_EVENODD) {
            accumulate_sparse(r, y, out, 1);
        } else {
            accumulate_sparse(r, y, out, 0);
        }
    }
}
#endif

/* ---- NEON: SSE2's code, instruction for instruction ------------------------ */

#if defined(ENG_HAVE_NEON)
/* prefix4: two shifted adds (vext with zeros for pslldq). Cells zeroed. */
static inline float32x4_t prefix4_neon(float *acc)
{
    const float32x4_t z = vdupq_n_f32(0);
    float32x4_t v = vld1q_f32(acc);
    v = vaddq_f32(v, vextq_f32(z, v, 3));
    v = vaddq_f32(v, vextq_f32(z, v, 2));
    vst1q_f32(acc, z);
    return v;
}

static inline float32x4_t last_neon(float32x4_t v)
{
    return vdupq_laneq_f32(v, 3);
}

/* coverage4: separate multiplies and subtractions (never a fused
 * multiply-add: SSE2 rounds twice), truncation, round to nearest even. */
static inline int32x4_t coverage4_neon(float32x4_t v, int evenodd)
{
    const float32x4_t two = vdupq_n_f32(2 * FULL);
    v = vabsq_f32(v);
    if (evenodd) {
        float32x4_t f = vcvtq_f32_s32(vcvtq_s32_f32(vmulq_f32(v, vdupq_n_f32(1 / (2 * FULL)))));
        v = vsubq_f32(v, vmulq_f32(two, f));
        v = vminq_f32(v, vsubq_f32(two, v));
    }
    return vcvtnq_s32_f32(v);
}

static inline uint8x16_t cells16_neon(float *acc, float32x4_t *carry, int evenodd)
{
    float32x4_t v0 = prefix4_neon(acc), v1 = prefix4_neon(acc + 4);
    float32x4_t v2 = prefix4_neon(acc + 8), v3 = prefix4_neon(acc + 12);
    float32x4_t t0 = last_neon(v0), t01 = vaddq_f32(t0, last_neon(v1)), t2 = last_neon(v2);
    float32x4_t t012 = vaddq_f32(t01, t2);
    float32x4_t t0123 = vaddq_f32(t01, vaddq_f32(t2, last_neon(v3)));
    float32x4_t c = *carry;
    int32x4_t q0 = coverage4_neon(vaddq_f32(v0, c), evenodd);
    int32x4_t q1 = coverage4_neon(vaddq_f32(v1, vaddq_f32(c, t0)), evenodd);
    int32x4_t q2 = coverage4_neon(vaddq_f32(v2, vaddq_f32(c, t01)), evenodd);
    int32x4_t q3 = coverage4_neon(vaddq_f32(v3, vaddq_f32(c, t012)), evenodd);
    *carry = vaddq_f32(c, t0123);
    /* Saturating narrows: int32 -> int16 -> uint8, as packssdw, packuswb. */
    return vcombine_u8(vqmovun_s16(vcombine_s16(vqmovn_s32(q0), vqmovn_s32(q1))),
                       vqmovun_s16(vcombine_s16(vqmovn_s32(q2), vqmovn_s32(q3))));
}

static inline __attribute__((always_inline)) void accumulate_dense_neon(const Raster *r, int y,
                                                                        uint8_t *out, int evenodd)
{
    float *acc = r->acc + (size_t)y * (size_t)r->stride;
    float32x4_t carry = vdupq_n_f32(0);
    int x, w = r->w;
    for (x = 0; x + 16 <= w; x += 16)
        vst1q_u8(out + x, cells16_neon(acc + x, &carry, evenodd));
    if (x < w) {
        uint8_t t[16];
        vst1q_u8(t, cells16_neon(acc + x, &carry, evenodd));
        memcpy(out + x, t, (size_t)(w - x));
        x += 16;
    }
    for (; x < w + 2; x += 4)
        vst1q_f32(acc + x, vdupq_n_f32(0));
}

static inline __attribute__((always_inline)) void accumulate_sparse_neon(const Raster *r, int y,
                                                                         uint8_t *out, int evenodd)
{
    float *acc = r->acc + (size_t)y * (size_t)r->stride;
    uint64_t *bw = r->bits + (size_t)y * (size_t)r->words;
    eng_FillRule rule = evenodd ? ENG_FILL_EVENODD : ENG_FILL_NONZERO;
    float32x4_t carry = vdupq_n_f32(0);
    int x = 0, k, w = r->w;
    for (k = 0; k < r->words; k++) {
        uint64_t word = bw[k];
        bw[k] = 0;
        while (word) {
            int bx = ((k << 6) + __builtin_ctzll(word)) << BLOCK_SHIFT;
            float32x4_t v;
            int16x4_t h;
            uint32_t u;
            word &= word - 1;
            if (bx > x && x < w)
                memset(out + x, to_coverage(vgetq_lane_f32(carry, 0), rule),
                       (size_t)((bx < w ? bx : w) - x));
            v = vaddq_f32(prefix4_neon(acc + bx), carry);
            carry = last_neon(v);
            h = vqmovn_s32(coverage4_neon(v, evenodd));
            u = vget_lane_u32(vreinterpret_u32_u8(vqmovun_s16(vcombine_s16(h, h))), 0);
            if (bx + 4 <= w)
                memcpy(out + bx, &u, 4);
            else if (bx < w)
                store_tail(out + bx, u, w - bx);
            x = bx + 4;
        }
    }
    if (x < w)
        memset(out + x, to_coverage(vgetq_lane_f32(carry, 0), rule), (size_t)(w - x));
}

static void accumulate_neon(const Raster *r, const eng_Mask *dst, eng_FillRule rule)
{
    int y, evenodd = rule == ENG_FILL_EVENODD;
    for (y = 0; y < r->h; y++) {
        uint8_t *out = dst->pixels + (size_t)y * (size_t)dst->stride;
        if (!r->bits && evenodd)
            accumulate_dense_neon(r, y, out, 1);
        else if (!r->bits)
            accumulate_dense_neon(r, y, out, 0);
        else if (evenodd)
            accumulate_sparse_neon(r, y, out, 1);
        else
            accumulate_sparse_neon(r, y, out, 0);
    }
}
#endif

void Eng_raster_sum(const Raster *r, const eng_Mask *dst, eng_FillRule rule, eng_Simd simd)
{
#if defined(ENG_HAVE_SSE2)
    if (simd == ENG_SIMD_SSE2 || simd == ENG_SIMD_AVX2) {
        accumulate_sse2(r, dst, rule, simd == ENG_SIMD_AVX2);
        return;
    }
#endif
#if defined(ENG_HAVE_NEON)
    if (simd == ENG_SIMD_NEON) {
        accumulate_neon(r, dst, rule);
        return;
    }
#endif
    accumulate_c(r, dst, rule);
}
