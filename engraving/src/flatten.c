/* flatten.c — curves to line segments, in pixel space, to a tolerance.
 *
 * Each Bézier is mapped by the affine first (an affine image of a Bézier is
 * the Bézier of the mapped control points), then cut into n chords of equal
 * parameter step, n the smallest that keeps every chord within `tol` px of
 * the curve (per coordinate), from the bound on the second derivative:
 *   quadratic: a chord over a step 1/n strays |p0 - 2 p1 + p2| / (4 n^2);
 *   cubic:     at most (1/8) max|B''| / n^2 with max|B''| <= 6 max(|p0 -
 *              2 p1 + p2|, |p1 - 2 p2 + p3|) (Wang's formula).
 * For quadratics this is ftgrays's tolerance (1/16 px) without its rounding
 * of n up to a power of two (a quarter fewer segments on average); cubics
 * get twice that, which is the worst case of ftgrays's own flatness test
 * (inner control points within 1/6 px of the chord's trisection points).
 * Evaluating the polynomial at t = i/n costs a few multiply-adds a point, no
 * recursion and no stack.
 *
 * Clipping: the rasterizer only needs segments that can change a pixel. A
 * piece entirely right of, above or below the target changes none and is
 * dropped; a piece entirely left of it only adds winding to the rows it spans,
 * which its chord does just as well (winding is invariant under any
 * deformation that stays left of the pixels). When every point of the path
 * maps inside the target (a glyph in its own box, the usual case), there is
 * nothing to cull and the rasterizer is told it need not clip.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef struct {
    eng_Context *ctx;
    float w, h, tol;
    int cull;           /* some point lies outside the target */
} Flat;

static eng_Status grow(eng_Context *ctx, size_t n);

/* Room for n more segments, so that put() needs no check. */
static inline eng_Status room(eng_Context *ctx, size_t n)
{
    return ctx->segs_len + n <= ctx->segs_cap ? ENG_OK : grow(ctx, n);
}

static __attribute__((noinline)) eng_Status grow(eng_Context *ctx, size_t n)
{
    size_t cap;
    float *s;
    if (ctx->segs_len + n > ENG_MAX_SEGMENTS)
        return ENG_ERR_LIMIT;
    cap = ctx->segs_cap ? ctx->segs_cap : 1024;
    while (cap < ctx->segs_len + n)
        cap *= 2;
    s = Eng_realloc(ctx, ctx->segs, cap * 4 * sizeof *s);
    if (!s)
        return ENG_ERR_NOMEM;
    ctx->segs = s;
    ctx->segs_cap = cap;
    return ENG_OK;
}

static inline void put(eng_Context *ctx, float x0, float y0, float x1, float y1)
{
    float *s = ctx->segs + 4 * ctx->segs_len;
    /* Horizontal segments add no winding and cover nothing. */
    ctx->segs_len += y0 != y1;
    s[0] = x0; s[1] = y0; s[2] = x1; s[3] = y1;
}

/* Where a piece with control points p[0..k-1] stands: 0 visible, 1 can be
 * dropped, 2 left of the target (its chord will do). */
static int cull(const Flat *f, const Eng_Pt *p, int k)
{
    float x0 = p[0].x, x1 = p[0].x, y0 = p[0].y, y1 = p[0].y;
    int i;
    if (!f->cull)
        return 0;
    for (i = 1; i < k; i++) {
        x0 = p[i].x < x0 ? p[i].x : x0; x1 = p[i].x > x1 ? p[i].x : x1;
        y0 = p[i].y < y0 ? p[i].y : y0; y1 = p[i].y > y1 ? p[i].y : y1;
    }
    if (y1 <= 0 || y0 >= f->h || x0 >= f->w)
        return 1;
    if (x1 <= 0)
        return 2;
    return 0;
}

/* Chords for a curve whose second differences reach dd px: the n of the
 * bound above, at least 1, at most ENG_MAX_CURVE_STEPS. */
static int steps(float dd, float k)
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

static inline eng_Status line(const Flat *f, Eng_Pt a, Eng_Pt b)
{
    Eng_Pt p[2];
    eng_Status st;
    p[0] = a; p[1] = b;
    if (f->cull && cull(f, p, 2) == 1)
        return ENG_OK;
    if ((st = room(f->ctx, 1)))
        return st;
    put(f->ctx, a.x, a.y, b.x, b.y);
    return ENG_OK;
}

static eng_Status quad(const Flat *f, const Eng_Pt *p)
{
    float ax = p[0].x - 2 * p[1].x + p[2].x, ay = p[0].y - 2 * p[1].y + p[2].y;
    float bx = 2 * (p[1].x - p[0].x), by = 2 * (p[1].y - p[0].y);
    float dd = fabsf(ax) > fabsf(ay) ? fabsf(ax) : fabsf(ay), px = p[0].x, py = p[0].y, dt;
    int n, i, c = cull(f, p, 3);
    eng_Status st;
    if (c == 1)
        return ENG_OK;
    n = c == 2 ? 1 : steps(dd, 0.25f / f->tol);
    if ((st = room(f->ctx, (size_t)n)))
        return st;
    dt = 1.0f / (float)n;
    for (i = 1; i < n; i++) {
        float t = (float)i * dt;
        float x = (ax * t + bx) * t + p[0].x, y = (ay * t + by) * t + p[0].y;
        if (!f->cull) {
            /* The polynomial may round an ulp outside the control box, and
             * the rasterizer trusts segs_inside not to leave [0,w]x[0,h]. */
            x = x < 0 ? 0 : x > f->w ? f->w : x;
            y = y < 0 ? 0 : y > f->h ? f->h : y;
        }
        put(f->ctx, px, py, x, y);
        px = x; py = y;
    }
    put(f->ctx, px, py, p[2].x, p[2].y);
    return ENG_OK;
}

#if defined(__SSE2__)
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

/* de Casteljau at t = 1/2: *c becomes the right half, the left returned. */
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

static eng_Status cubic(const Flat *f, const Eng_Pt *p)
{
    /* ftgrays's adaptive bisection (both rasterizers then see the same
     * polygon), with an explicit stack, left half first: each level divides
     * the control polygon's deviation from the chord's trisection points by
     * ~4, so 16 levels flatten anything finite; a piece is drawn once its
     * inner control points lie within 8 tol / 3 of them. */
    Cubic stack[17];
    int depth[17], top = 0, c = cull(f, p, 4);
    __m128 lim = _mm_set1_ps(8 * f->tol);
    eng_Status st;
    if (c == 1)
        return ENG_OK;
    stack[0].a = _mm_setr_ps(p[0].x, p[0].y, p[1].x, p[1].y);
    stack[0].b = _mm_setr_ps(p[2].x, p[2].y, p[3].x, p[3].y);
    depth[0] = c == 2 ? 16 : 0;
    while (top >= 0) {
        if (depth[top] < 16 && !cubic_flat(stack[top], lim)) {
            stack[top + 1] = cubic_split(&stack[top]);
            depth[top + 1] = ++depth[top];
            top++;
            continue;
        }
        if ((st = room(f->ctx, 1)))
            return st;
        {
            float *s = f->ctx->segs + 4 * f->ctx->segs_len;
            _mm_storeu_ps(s, _mm_shuffle_ps(stack[top].a, stack[top].b, _MM_SHUFFLE(3, 2, 1, 0)));
            f->ctx->segs_len += s[1] != s[3];
        }
        top--;
    }
    return ENG_OK;
}
#else
#error "flatten.c needs SSE2 (x86-64)"
#endif

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
        __m128 v, r;
        if (i + 1 < n)
            v = _mm_loadu_ps(&path->pts[i].x);
        else
            v = _mm_castpd_ps(_mm_load1_pd((const double *)(const void *)&path->pts[i]));
        r = _mm_add_ps(_mm_add_ps(_mm_mul_ps(v, k),
                                  _mm_mul_ps(_mm_shuffle_ps(v, v, _MM_SHUFFLE(2, 3, 0, 1)), kx)), t);
        _mm_storeu_ps(&ctx->tpts[i].x, r);
        /* r - r is NaN for NaN and infinities: one sum tests them all. */
        bad = _mm_add_ps(bad, _mm_sub_ps(r, r));
        lo = _mm_min_ps(lo, r);
        hi = _mm_max_ps(hi, r);
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

eng_Status Eng_flatten(eng_Context *ctx, const eng_Path *path, const eng_Affine *m,
                       float tolerance, int w, int h)
{
    Flat f;
    Eng_Pt start = { 0, 0 }, cur = { 0, 0 }, q[4];
    const Eng_Pt *tp;
    size_t v, pi = 0;
    int open = 0, inside = 0;
    eng_Status st;
    eng_Affine id = eng_affine_identity();
    if (!m)
        m = &id;
    ctx->segs_len = 0;
    ctx->segs_inside = 0;
    if ((st = map_points(ctx, path, m, (float)w, (float)h, &inside)))
        return st;
    f.ctx = ctx; f.w = (float)w; f.h = (float)h; f.tol = tolerance;
    f.cull = !inside;
    tp = ctx->tpts;
    for (v = 0; v < path->nverbs && !st; v++) {
        uint8_t verb = path->verbs[v];
        switch (verb) {
        case ENG_VERB_MOVE:
            /* Filling closes every contour implicitly. */
            if (open)
                st = line(&f, cur, start);
            start = cur = tp[pi++];
            open = 1;
            break;
        case ENG_VERB_LINE:
            st = line(&f, cur, tp[pi]);
            cur = tp[pi++];
            break;
        case ENG_VERB_QUAD:
            q[0] = cur; q[1] = tp[pi]; q[2] = tp[pi + 1];
            st = quad(&f, q);
            cur = q[2];
            pi += 2;
            break;
        case ENG_VERB_CUBIC:
            q[0] = cur; q[1] = tp[pi]; q[2] = tp[pi + 1]; q[3] = tp[pi + 2];
            st = cubic(&f, q);
            cur = q[3];
            pi += 3;
            break;
        default: /* close */
            if (open)
                st = line(&f, cur, start);
            cur = start;
            open = 0;
            break;
        }
    }
    if (!st && open)
        st = line(&f, cur, start);
    ctx->segs_inside = inside;
    return st;
}
