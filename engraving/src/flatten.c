/* flatten.c — curves to line segments, in pixel space, to a tolerance.
 *
 * Each Bézier is mapped by the affine first (an affine image of a Bézier is
 * the Bézier of the mapped control points), then cut into chords that stray
 * at most about `tol` px from the curve, with the same subdivision rules as
 * FreeType's ftgrays, so that both rasterizers see the same polygon and
 * differ only by their arithmetic:
 *   quadratic: 2^k uniform steps, k the smallest with dd / 4^k <= 4 tol,
 *              dd = max component of p0 - 2 p1 + p2 (the chord of a step
 *              strays dd / 4^(k+1) from the curve);
 *   cubic:     adaptive bisection until both inner control points lie within
 *              8 tol (per component, x3) of the chord's trisection points.
 * With tol = 1/16 px these are ftgrays's thresholds (ONE_PIXEL/4, /2).
 *
 * Clipping: the rasterizer only needs segments that can change a pixel. A
 * piece entirely right of, above or below the target changes none and is
 * dropped; a piece entirely left of it only adds winding to the rows it spans,
 * which its chord does just as well (winding is invariant under any
 * deformation that stays left of the pixels).
 */
#include "internal.h"

#include <math.h>
#include <string.h>

static eng_Status push(eng_Context *ctx, float x0, float y0, float x1, float y1)
{
    float *s;
    if (y0 == y1)
        return ENG_OK;      /* horizontal: adds no winding, covers nothing */
    if (ctx->segs_len == ctx->segs_cap) {
        size_t cap = ctx->segs_cap ? ctx->segs_cap * 2 : 1024;
        float *n;
        if (ctx->segs_len >= ENG_MAX_SEGMENTS)
            return ENG_ERR_LIMIT;
        n = Eng_realloc(ctx, ctx->segs, cap * 4 * sizeof *n);
        if (!n)
            return ENG_ERR_NOMEM;
        ctx->segs = n;
        ctx->segs_cap = cap;
    }
    s = ctx->segs + 4 * ctx->segs_len++;
    s[0] = x0; s[1] = y0; s[2] = x1; s[3] = y1;
    return ENG_OK;
}

typedef struct {
    eng_Context *ctx;
    float w, h, tol;
} Flat;

/* Where a piece with control points p[0..k-1] stands: 0 visible, 1 can be
 * dropped, 2 left of the target (its chord will do). */
static int cull(const Flat *f, const Eng_Pt *p, int k)
{
    float x0 = p[0].x, x1 = p[0].x, y0 = p[0].y, y1 = p[0].y;
    int i;
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

static eng_Status quad(const Flat *f, const Eng_Pt *p)
{
    float ax = p[0].x - 2 * p[1].x + p[2].x, ay = p[0].y - 2 * p[1].y + p[2].y;
    float bx = 2 * (p[1].x - p[0].x), by = 2 * (p[1].y - p[0].y);
    float dd = fabsf(ax) > fabsf(ay) ? fabsf(ax) : fabsf(ay), px = p[0].x, py = p[0].y;
    int n = 1, i, c = cull(f, p, 3);
    eng_Status st = ENG_OK;
    if (c == 1)
        return ENG_OK;
    /* Each halving divides the second difference by 4; the chord of a piece
     * strays dd / 4 from it. */
    while (dd > 4 * f->tol && n < ENG_MAX_CURVE_STEPS) {
        dd *= 0.25f;
        n *= 2;
    }
    if (c == 2 || n == 1)
        return push(f->ctx, p[0].x, p[0].y, p[2].x, p[2].y);
    for (i = 1; i < n && !st; i++) {
        float t = (float)i / (float)n;
        float x = (ax * t + bx) * t + p[0].x, y = (ay * t + by) * t + p[0].y;
        st = push(f->ctx, px, py, x, y);
        px = x; py = y;
    }
    return st ? st : push(f->ctx, px, py, p[2].x, p[2].y);
}

/* Is the cubic flat enough: both inner control points within the bound of
 * the chord's trisection points (the test ftgrays uses)? */
static int cubic_flat(const Eng_Pt *p, float lim)
{
    return fabsf(2 * p[0].x - 3 * p[1].x + p[3].x) <= lim &&
           fabsf(2 * p[0].y - 3 * p[1].y + p[3].y) <= lim &&
           fabsf(p[0].x - 3 * p[2].x + 2 * p[3].x) <= lim &&
           fabsf(p[0].y - 3 * p[2].y + 2 * p[3].y) <= lim;
}

static eng_Status cubic(const Flat *f, const Eng_Pt *p)
{
    /* Adaptive bisection with an explicit stack, left half first: each
     * level divides the control polygon's deviation from the chord's
     * trisection points by ~4, so 16 levels flatten anything finite; a piece
     * is drawn once its inner control points lie within 8 tol of them (the
     * curve then within ~tol of its chord). */
    Eng_Pt stack[17][4];
    int depth[17], top = 0, c = cull(f, p, 4);
    float lim = 8 * f->tol;
    eng_Status st = ENG_OK;
    if (c == 1)
        return ENG_OK;
    if (c == 2)
        return push(f->ctx, p[0].x, p[0].y, p[3].x, p[3].y);
    memcpy(stack[0], p, sizeof stack[0]);
    depth[0] = 0;
    while (top >= 0 && !st) {
        Eng_Pt *a = stack[top];
        if (depth[top] < 16 && !cubic_flat(a, lim)) {
            Eng_Pt p01, p12, p23, q0, q1, m, *l = stack[top + 1];
            p01.x = 0.5f * (a[0].x + a[1].x); p01.y = 0.5f * (a[0].y + a[1].y);
            p12.x = 0.5f * (a[1].x + a[2].x); p12.y = 0.5f * (a[1].y + a[2].y);
            p23.x = 0.5f * (a[2].x + a[3].x); p23.y = 0.5f * (a[2].y + a[3].y);
            q0.x = 0.5f * (p01.x + p12.x); q0.y = 0.5f * (p01.y + p12.y);
            q1.x = 0.5f * (p12.x + p23.x); q1.y = 0.5f * (p12.y + p23.y);
            m.x = 0.5f * (q0.x + q1.x); m.y = 0.5f * (q0.y + q1.y);
            l[0] = a[0]; l[1] = p01; l[2] = q0; l[3] = m;     /* left, on top */
            a[0] = m; a[1] = q1; a[2] = p23;                  /* right, below */
            depth[top + 1] = ++depth[top];
            top++;
            continue;
        }
        st = push(f->ctx, a[0].x, a[0].y, a[3].x, a[3].y);
        top--;
    }
    return st;
}

static eng_Status line(const Flat *f, Eng_Pt a, Eng_Pt b)
{
    Eng_Pt p[2];
    p[0] = a; p[1] = b;
    if (cull(f, p, 2) == 1)
        return ENG_OK;
    return push(f->ctx, a.x, a.y, b.x, b.y);
}

eng_Status Eng_flatten(eng_Context *ctx, const eng_Path *path, const eng_Affine *m,
                       float tolerance, int w, int h)
{
    Flat f;
    Eng_Pt start = { 0, 0 }, cur = { 0, 0 }, q[4];
    size_t v, pi = 0;
    int open = 0;
    eng_Status st = ENG_OK;
    eng_Affine id = eng_affine_identity();
    if (!m)
        m = &id;
    float mxx, mxy, mtx, myx, myy, mty;
    f.ctx = ctx; f.w = (float)w; f.h = (float)h; f.tol = tolerance;
    /* Float is enough for pixel space (2^-24 of 8192 px is 5e-4 px); the
     * transform in double would cost more than the rest of a small glyph. */
    mxx = (float)m->xx; mxy = (float)m->xy; mtx = (float)m->tx;
    myx = (float)m->yx;
    myy = (float)m->yy; mty = (float)m->ty;
    ctx->segs_len = 0;
    for (v = 0; v < path->nverbs && !st; v++) {
        uint8_t verb = path->verbs[v];
        int k = Eng_verb_points(verb), i;
        q[0] = cur;
        for (i = 0; i < k; i++) {
            const Eng_Pt *s = &path->pts[pi + (size_t)i];
            q[i + 1].x = mxx * s->x + mxy * s->y + mtx;
            q[i + 1].y = myx * s->x + myy * s->y + mty;
            /* x - x is NaN for NaN and infinities: one test for both. */
            if (q[i + 1].x - q[i + 1].x != 0 || q[i + 1].y - q[i + 1].y != 0)
                return ENG_ERR_ARG;
        }
        pi += (size_t)k;
        switch (verb) {
        case ENG_VERB_MOVE:
            /* Filling closes every contour implicitly. */
            if (open)
                st = line(&f, cur, start);
            start = cur = q[1];
            open = 1;
            break;
        case ENG_VERB_LINE:
            st = line(&f, cur, q[1]);
            cur = q[1];
            break;
        case ENG_VERB_QUAD:
            st = quad(&f, q);
            cur = q[2];
            break;
        case ENG_VERB_CUBIC:
            st = cubic(&f, q);
            cur = q[3];
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
    return st;
}
