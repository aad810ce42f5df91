/* flatten.c — curves to line segments, in pixel space, to a tolerance.
 *
 * Each Bézier is mapped by the affine first (an affine image of a Bézier is
 * the Bézier of the mapped control points), then cut into n equal parameter
 * steps, n chosen from the second difference so that no chord strays more
 * than `tolerance` px from the curve:
 *   quadratic: |B''| = 2|p0-2p1+p2|        -> err(h) = |p0-2p1+p2| h^2 / 4
 *   cubic:     |B''| <= 6 max|second diff| -> err(h) = 3 dd h^2 / 4
 * (the chord error of a step h is |B''| h^2 / 8). The same bound as
 * FreeType's ftgrays and stb_truetype use, in closed form instead of
 * recursion.
 *
 * Clipping: the rasterizer only needs segments that can change a pixel. A
 * piece entirely right of, above or below the target changes none and is
 * dropped; a piece entirely left of it only adds winding to the rows it spans,
 * which its chord does just as well (winding is invariant under any
 * deformation that stays left of the pixels).
 */
#include "internal.h"

#include <math.h>

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
        x0 = fminf(x0, p[i].x); x1 = fmaxf(x1, p[i].x);
        y0 = fminf(y0, p[i].y); y1 = fmaxf(y1, p[i].y);
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
    float dd = sqrtf(ax * ax + ay * ay), px = p[0].x, py = p[0].y;
    int n = (int)ceilf(sqrtf(dd / (4 * f->tol))), i, c = cull(f, p, 3);
    eng_Status st = ENG_OK;
    if (c == 1)
        return ENG_OK;
    if (c == 2 || n <= 1)
        return push(f->ctx, p[0].x, p[0].y, p[2].x, p[2].y);
    if (n > ENG_MAX_CURVE_STEPS)
        n = ENG_MAX_CURVE_STEPS;
    for (i = 1; i < n && !st; i++) {
        float t = (float)i / (float)n;
        float x = (ax * t + bx) * t + p[0].x, y = (ay * t + by) * t + p[0].y;
        st = push(f->ctx, px, py, x, y);
        px = x; py = y;
    }
    return st ? st : push(f->ctx, px, py, p[2].x, p[2].y);
}

static eng_Status cubic(const Flat *f, const Eng_Pt *p)
{
    float d1x = p[0].x - 2 * p[1].x + p[2].x, d1y = p[0].y - 2 * p[1].y + p[2].y;
    float d2x = p[1].x - 2 * p[2].x + p[3].x, d2y = p[1].y - 2 * p[2].y + p[3].y;
    float dd = sqrtf(fmaxf(d1x * d1x + d1y * d1y, d2x * d2x + d2y * d2y));
    int n = (int)ceilf(sqrtf(3 * dd / (4 * f->tol))), i, c = cull(f, p, 4);
    /* Power basis: B(t) = a t^3 + b t^2 + c t + p0. */
    float cx = 3 * (p[1].x - p[0].x), cy = 3 * (p[1].y - p[0].y);
    float bx = 3 * (p[2].x - 2 * p[1].x + p[0].x), by = 3 * (p[2].y - 2 * p[1].y + p[0].y);
    float ax = p[3].x - p[0].x - cx - bx, ay = p[3].y - p[0].y - cy - by;
    float px = p[0].x, py = p[0].y;
    eng_Status st = ENG_OK;
    if (c == 1)
        return ENG_OK;
    if (c == 2 || n <= 1)
        return push(f->ctx, p[0].x, p[0].y, p[3].x, p[3].y);
    if (n > ENG_MAX_CURVE_STEPS)
        n = ENG_MAX_CURVE_STEPS;
    for (i = 1; i < n && !st; i++) {
        float t = (float)i / (float)n;
        float x = ((ax * t + bx) * t + cx) * t + p[0].x;
        float y = ((ay * t + by) * t + cy) * t + p[0].y;
        st = push(f->ctx, px, py, x, y);
        px = x; py = y;
    }
    return st ? st : push(f->ctx, px, py, p[3].x, p[3].y);
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
    f.ctx = ctx; f.w = (float)w; f.h = (float)h; f.tol = tolerance;
    ctx->segs_len = 0;
    for (v = 0; v < path->nverbs && !st; v++) {
        uint8_t verb = path->verbs[v];
        int k = Eng_verb_points(verb), i;
        q[0] = cur;
        for (i = 0; i < k; i++) {
            double x = path->pts[pi + (size_t)i].x, y = path->pts[pi + (size_t)i].y;
            q[i + 1].x = (float)(m->xx * x + m->xy * y + m->tx);
            q[i + 1].y = (float)(m->yx * x + m->yy * y + m->ty);
            if (!isfinite(q[i + 1].x) || !isfinite(q[i + 1].y))
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
