/* path.c — eng_Path: contours of lines and Bézier curves, float points.
 *
 * Points are float: a glyph in font units or a charm in mm at 1e-7 relative
 * precision is far below what a laser or a pixel can show, and the
 * rasterizer works in float anyway. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

eng_Path *eng_path_new(eng_Context *ctx)
{
    eng_Path *p;
    if (!ctx)
        return NULL;
    p = Eng_calloc(ctx, 1, sizeof *p);
    if (p)
        p->ctx = ctx;
    return p;
}

void eng_path_free(eng_Path *p)
{
    if (!p)
        return;
    free(p->verbs);
    free(p->pts);
    free(p);
}

void eng_path_clear(eng_Path *p)
{
    if (p) {
        p->nverbs = p->npts = 0;
        p->open = 0;
    }
}

eng_Affine eng_affine_then(eng_Affine a, eng_Affine b)
{
    eng_Affine r;
    r.xx = b.xx * a.xx + b.xy * a.yx;
    r.xy = b.xx * a.xy + b.xy * a.yy;
    r.tx = b.xx * a.tx + b.xy * a.ty + b.tx;
    r.yx = b.yx * a.xx + b.yy * a.yx;
    r.yy = b.yx * a.xy + b.yy * a.yy;
    r.ty = b.yx * a.tx + b.yy * a.ty + b.ty;
    return r;
}

/* Room for one more verb and k more points. */
static eng_Status reserve(eng_Path *p, size_t k)
{
    if (p->npts + k > ENG_MAX_PATH_POINTS)
        return ENG_ERR_LIMIT;
    if (p->nverbs + 1 > p->cap_verbs) {
        size_t cap = p->cap_verbs ? p->cap_verbs * 2 : 32;
        uint8_t *v = Eng_realloc(p->ctx, p->verbs, cap);
        if (!v)
            return ENG_ERR_NOMEM;
        p->verbs = v;
        p->cap_verbs = cap;
    }
    if (p->npts + k > p->cap_pts) {
        size_t cap = p->cap_pts ? p->cap_pts * 2 : 64;
        Eng_Pt *q;
        while (cap < p->npts + k)
            cap *= 2;
        q = Eng_realloc(p->ctx, p->pts, cap * sizeof *q);
        if (!q)
            return ENG_ERR_NOMEM;
        p->pts = q;
        p->cap_pts = cap;
    }
    return ENG_OK;
}

static eng_Status add(eng_Path *p, uint8_t verb, const double *xy, int k)
{
    eng_Status st;
    int i;
    for (i = 0; i < 2 * k; i++)
        if (!isfinite(xy[i]) || fabs(xy[i]) > 1e30)
            return ENG_ERR_ARG;
    /* A segment with no current point starts a contour at its first point. */
    if (verb != ENG_VERB_MOVE && verb != ENG_VERB_CLOSE && !p->open) {
        st = add(p, ENG_VERB_MOVE, xy, 1);
        if (st)
            return st;
    }
    if (verb == ENG_VERB_CLOSE && !p->open)
        return ENG_OK;
    st = reserve(p, (size_t)k);
    if (st)
        return st;
    p->verbs[p->nverbs++] = verb;
    for (i = 0; i < k; i++) {
        p->pts[p->npts].x = (float)xy[2 * i];
        p->pts[p->npts].y = (float)xy[2 * i + 1];
        p->npts++;
    }
    p->open = verb != ENG_VERB_CLOSE;
    return ENG_OK;
}

eng_Status eng_path_move_to(eng_Path *p, double x, double y)
{
    double xy[2] = { x, y };
    return p ? add(p, ENG_VERB_MOVE, xy, 1) : ENG_ERR_ARG;
}

eng_Status eng_path_line_to(eng_Path *p, double x, double y)
{
    double xy[2] = { x, y };
    return p ? add(p, ENG_VERB_LINE, xy, 1) : ENG_ERR_ARG;
}

eng_Status eng_path_quad_to(eng_Path *p, double cx, double cy, double x, double y)
{
    double xy[4] = { cx, cy, x, y };
    return p ? add(p, ENG_VERB_QUAD, xy, 2) : ENG_ERR_ARG;
}

eng_Status eng_path_cubic_to(eng_Path *p, double c1x, double c1y, double c2x,
                             double c2y, double x, double y)
{
    double xy[6] = { c1x, c1y, c2x, c2y, x, y };
    return p ? add(p, ENG_VERB_CUBIC, xy, 3) : ENG_ERR_ARG;
}

eng_Status eng_path_close(eng_Path *p)
{
    return p ? add(p, ENG_VERB_CLOSE, NULL, 0) : ENG_ERR_ARG;
}

eng_Status Eng_path_append_range(eng_Path *dst, const eng_Path *src, size_t v0,
                                 size_t v1, size_t p0, const eng_Affine *m)
{
    size_t v, pi = p0;
    for (v = v0; v < v1; v++) {
        uint8_t verb = src->verbs[v];
        int k = Eng_verb_points(verb), i;
        double xy[6];
        eng_Status st;
        for (i = 0; i < k; i++) {
            double x = src->pts[pi + (size_t)i].x, y = src->pts[pi + (size_t)i].y;
            xy[2 * i] = m ? m->xx * x + m->xy * y + m->tx : x;
            xy[2 * i + 1] = m ? m->yx * x + m->yy * y + m->ty : y;
        }
        pi += (size_t)k;
        st = add(dst, verb, xy, k);
        if (st)
            return st;
    }
    return ENG_OK;
}

eng_Status eng_path_append(eng_Path *dst, const eng_Path *src, const eng_Affine *m)
{
    if (!dst || !src)
        return ENG_ERR_ARG;
    return Eng_path_append_range(dst, src, 0, src->nverbs, 0, m);
}

int eng_path_bounds(const eng_Path *p, double *x0, double *y0, double *x1, double *y1)
{
    float ax = INFINITY, ay = INFINITY, bx = -INFINITY, by = -INFINITY;
    size_t i;
    if (!p || !p->npts)
        return 0;
    for (i = 0; i < p->npts; i++) {
        ax = fminf(ax, p->pts[i].x);
        ay = fminf(ay, p->pts[i].y);
        bx = fmaxf(bx, p->pts[i].x);
        by = fmaxf(by, p->pts[i].y);
    }
    *x0 = ax; *y0 = ay; *x1 = bx; *y1 = by;
    return 1;
}

/* Quarter circles as cubics: the usual kappa = 4/3 (sqrt 2 - 1), radial error
 * 2.7e-4 of the radius (5 um on a 20 mm disc). */
#define KAPPA 0.5522847498

eng_Status eng_path_ellipse(eng_Path *p, double cx, double cy, double rx, double ry, int ccw)
{
    double kx = rx * KAPPA, ky = ry * KAPPA, s = ccw ? -1 : 1;
    eng_Status st = eng_path_move_to(p, cx + rx, cy);
    /* Clockwise on screen (y down): right -> bottom -> left -> top. */
    if (!st) st = eng_path_cubic_to(p, cx + rx, cy + s * ky, cx + kx, cy + s * ry, cx, cy + s * ry);
    if (!st) st = eng_path_cubic_to(p, cx - kx, cy + s * ry, cx - rx, cy + s * ky, cx - rx, cy);
    if (!st) st = eng_path_cubic_to(p, cx - rx, cy - s * ky, cx - kx, cy - s * ry, cx, cy - s * ry);
    if (!st) st = eng_path_cubic_to(p, cx + kx, cy - s * ry, cx + rx, cy - s * ky, cx + rx, cy);
    if (!st) st = eng_path_close(p);
    return st;
}

eng_Status eng_path_round_rect(eng_Path *p, double x, double y, double w, double h,
                               double r, int ccw)
{
    double k, x1 = x + w, y1 = y + h;
    eng_Status st;
    if (r > w / 2) r = w / 2;
    if (r > h / 2) r = h / 2;
    if (r < 0) r = 0;
    k = r * (1 - KAPPA);
    if (!ccw) {
        st = eng_path_move_to(p, x + r, y);
        if (!st) st = eng_path_line_to(p, x1 - r, y);
        if (!st) st = eng_path_cubic_to(p, x1 - k, y, x1, y + k, x1, y + r);
        if (!st) st = eng_path_line_to(p, x1, y1 - r);
        if (!st) st = eng_path_cubic_to(p, x1, y1 - k, x1 - k, y1, x1 - r, y1);
        if (!st) st = eng_path_line_to(p, x + r, y1);
        if (!st) st = eng_path_cubic_to(p, x + k, y1, x, y1 - k, x, y1 - r);
        if (!st) st = eng_path_line_to(p, x, y + r);
        if (!st) st = eng_path_cubic_to(p, x, y + k, x + k, y, x + r, y);
    } else {
        st = eng_path_move_to(p, x + r, y);
        if (!st) st = eng_path_cubic_to(p, x + k, y, x, y + k, x, y + r);
        if (!st) st = eng_path_line_to(p, x, y1 - r);
        if (!st) st = eng_path_cubic_to(p, x, y1 - k, x + k, y1, x + r, y1);
        if (!st) st = eng_path_line_to(p, x1 - r, y1);
        if (!st) st = eng_path_cubic_to(p, x1 - k, y1, x1, y1 - k, x1, y1 - r);
        if (!st) st = eng_path_line_to(p, x1, y + r);
        if (!st) st = eng_path_cubic_to(p, x1, y + k, x1 - k, y, x1 - r, y);
        if (!st) st = eng_path_line_to(p, x + r, y);
    }
    if (!st) st = eng_path_close(p);
    return st;
}
