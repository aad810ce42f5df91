/* charm_shapes.c — the six charm outlines, in millimetres (origin top-left,
 * y down, contours clockwise on screen), their jump-ring holes and rings.
 *
 * Shapes are drawn the way a jeweller's CAD would: true ellipses (cubic
 * quarter arcs), softened corners (no sharp point anywhere: a real charm is
 * tumbled and polished), the hole set back from the edge by at least its own
 * radius so the metal around it is strong enough. */
#include "internal.h"

#include <math.h>
#include <string.h>

/* Shadow and frame: the soft shadow falls down-right and spreads; these are
 * in units of the charm's size / 20 mm so small charms keep the look. */
#define SHADOW_DX    0.25
#define SHADOW_DY    0.55
#define SHADOW_BLUR  0.9

int eng_charm_shape_parse(const char *name, eng_CharmShape *out)
{
    static const char *names[] = { "disc", "heart", "bar", "tag", "oval", "dogtag" };
    int i;
    for (i = 0; name && out && i < 6; i++) {
        if (!strcmp(name, names[i])) {
            *out = (eng_CharmShape)i;
            return 0;
        }
    }
    return -1;
}

int Eng_charm_valid(const eng_Charm *c)
{
    const double big = 500;
    if (!isfinite(c->width_mm) || !isfinite(c->height_mm) || !isfinite(c->area_x_mm) ||
        !isfinite(c->area_y_mm) || !isfinite(c->area_w_mm) || !isfinite(c->area_h_mm))
        return 0;
    if ((unsigned)c->shape > ENG_CHARM_DOGTAG || c->max_chars < 0)
        return 0;
    if (c->width_mm < 1 || c->height_mm < 1 || c->width_mm > big || c->height_mm > big)
        return 0;
    if (c->area_w_mm <= 0 || c->area_h_mm <= 0 || c->area_x_mm < 0 || c->area_y_mm < 0 ||
        c->area_x_mm + c->area_w_mm > c->width_mm + 1e-9 ||
        c->area_y_mm + c->area_h_mm > c->height_mm + 1e-9)
        return 0;
    return 1;
}

static double hole_radius(const eng_Charm *c)
{
    double m = fmin(c->width_mm, c->height_mm), r = 0.045 * m;
    return r < 0.45 ? 0.45 : r > 0.9 ? 0.9 : r;
}

/* The heart's dip (top centre) as a fraction of its height. */
#define HEART_DIP 0.16

int Eng_charm_holes(const eng_Charm *c, Eng_Circle holes[2], Eng_Circle rings[2],
                    double *wire)
{
    double hr = hole_radius(c), edge = fmax(0.55, 0.8 * hr), w = c->width_mm, h = c->height_mm;
    double rr = 2.4 * hr;   /* ring centre-line radius */
    int n = 1;
    *wire = hr;
    holes[0].r = holes[1].r = hr;
    rings[0].r = rings[1].r = rr;
    if (c->shape == ENG_CHARM_BAR) {
        /* A bar hangs from both ends, its rings reaching outwards. */
        holes[0].cx = edge + hr;
        holes[1].cx = w - edge - hr;
        holes[0].cy = holes[1].cy = 0.5 * h;
        rings[0].cx = holes[0].cx - (rr - 0.05 * rr);
        rings[1].cx = holes[1].cx + (rr - 0.05 * rr);
        rings[0].cy = rings[1].cy = 0.5 * h;
        return 2;
    }
    holes[0].cx = 0.5 * w;
    holes[0].cy = edge + hr;
    if (c->shape == ENG_CHARM_HEART)
        holes[0].cy = HEART_DIP * h - hr - 0.35;   /* in the bail tab, above the dip */
    if (c->shape == ENG_CHARM_TAG)
        holes[0].cy = edge + hr + 0.3;
    rings[0].cx = holes[0].cx;
    rings[0].cy = holes[0].cy - rr;
    return n;
}

/* A polygon (clockwise) with each corner i rounded by a quadratic of radius
 * r[i] (clamped to half the adjacent edges). */
static eng_Status rounded_polygon(eng_Path *p, const double *xy, const double *r, int n,
                                  const eng_Affine *m)
{
    eng_Status st = ENG_OK;
    int i;
    for (i = 0; i <= n && !st; i++) {
        int k = i % n, a = (k + n - 1) % n, b = (k + 1) % n;
        double px = xy[2 * k], py = xy[2 * k + 1];
        double ax = xy[2 * a] - px, ay = xy[2 * a + 1] - py;
        double bx = xy[2 * b] - px, by = xy[2 * b + 1] - py;
        double la = hypot(ax, ay), lb = hypot(bx, by), rk = r[k];
        double inx, iny, outx, outy;
        if (rk > 0.5 * la) rk = 0.5 * la;
        if (rk > 0.5 * lb) rk = 0.5 * lb;
        inx = px + ax / la * rk; iny = py + ay / la * rk;
        outx = px + bx / lb * rk; outy = py + by / lb * rk;
#define MX(x, y) (m->xx * (x) + m->xy * (y) + m->tx)
#define MY(x, y) (m->yx * (x) + m->yy * (y) + m->ty)
        if (i == 0) {
            st = eng_path_move_to(p, MX(outx, outy), MY(outx, outy));
        } else {
            /* i == n rounds corner 0 last, ending where the contour began. */
            st = eng_path_line_to(p, MX(inx, iny), MY(inx, iny));
            if (!st)
                st = eng_path_quad_to(p, MX(px, py), MY(px, py), MX(outx, outy), MY(outx, outy));
        }
    }
#undef MX
#undef MY
    return st ? st : eng_path_close(p);
}

/* The heart in a 100 x 100 box, y down: plump lobes, a softened tip. */
static eng_Status heart(eng_Path *p, const eng_Affine *m)
{
    static const double d[] = {
        /* start at the dip, then cubic triples */
        50, HEART_DIP * 100,
        56, 6, 68, 0, 79, 0,
        93, 0, 100, 11, 100, 27,
        100, 50, 75, 71, 53.5, 96,
        51.5, 98.6, 48.5, 98.6, 46.5, 96,
        25, 71, 0, 50, 0, 27,
        0, 11, 7, 0, 21, 0,
        32, 0, 44, 6, 50, HEART_DIP * 100,
    };
    eng_Status st;
    int i;
#define MX(k) (m->xx * d[k] + m->xy * d[(k) + 1] + m->tx)
#define MY(k) (m->yx * d[k] + m->yy * d[(k) + 1] + m->ty)
    st = eng_path_move_to(p, MX(0), MY(0));
    for (i = 2; i + 6 <= (int)(sizeof d / sizeof d[0]) && !st; i += 6)
        st = eng_path_cubic_to(p, MX(i), MY(i), MX(i + 2), MY(i + 2), MX(i + 4), MY(i + 4));
#undef MX
#undef MY
    return st ? st : eng_path_close(p);
}

eng_Status Eng_charm_body(const eng_Charm *c, double inset, eng_Path *out)
{
    double w = c->width_mm, h = c->height_mm;
    /* Shapes not drawn exactly inset are scaled about their centre, which
     * insets straight edges by exactly `inset`. */
    double sx = (w - 2 * inset) / w, sy = (h - 2 * inset) / h;
    eng_Affine m = { sx, 0, 0.5 * w * (1 - sx), 0, sy, 0.5 * h * (1 - sy) };
    Eng_Circle holes[2], rings[2];
    double wire;
    eng_Status st;
    if (sx <= 0.05 || sy <= 0.05)
        return ENG_OK;
    switch (c->shape) {
    case ENG_CHARM_DISC:
    case ENG_CHARM_OVAL:
        return eng_path_ellipse(out, 0.5 * w, 0.5 * h, 0.5 * w - inset, 0.5 * h - inset, 0);
    case ENG_CHARM_BAR:
        return eng_path_round_rect(out, inset, inset, w - 2 * inset, h - 2 * inset,
                                   0.3 * h - 0.5 * inset, 0);
    case ENG_CHARM_TAG: {
        double cut = 0.2 * w, rc = 0.06 * w;
        double xy[] = { cut, 0, w - cut, 0, w, cut, w, h, 0, h, 0, cut };
        double r[] = { rc, rc, rc, 1.6 * rc, 1.6 * rc, rc };
        return rounded_polygon(out, xy, r, 6, &m);
    }
    case ENG_CHARM_DOGTAG: {
        /* The notch: a small V on the left side near the bottom. */
        double ny = 0.74 * h, d = 0.06 * w, rc = 0.3 * w, rn = 0.35 * d;
        double xy[] = { 0, 0, w, 0, w, h, 0, h, 0, ny + d, 0.75 * d, ny + 0.3 * d,
                        0.75 * d, ny - 0.3 * d, 0, ny - d };
        double r[] = { rc, rc, rc, rc, rn, rn, rn, rn };
        return rounded_polygon(out, xy, r, 8, &m);
    }
    default: { /* heart, plus the bail tab that holds the jump ring */
        eng_Affine hm = { w / 100, 0, 0, 0, h / 100, 0 };
        hm = eng_affine_then(hm, m);
        st = heart(out, &hm);
        Eng_charm_holes(c, holes, rings, &wire);
        if (!st && holes[0].r + 0.65 - inset > 0.1)
            st = eng_path_ellipse(out, holes[0].cx, holes[0].cy + 0.3 * inset,
                                  holes[0].r + 0.65 - inset, holes[0].r + 0.65 - inset, 0);
        return st;
    }
    }
}

eng_Status eng_charm_outline(const eng_Charm *c, eng_Path *body, eng_Path *ring)
{
    Eng_Circle holes[2], rings[2];
    double wire;
    int n, i;
    eng_Status st = ENG_OK;
    if (!c || !Eng_charm_valid(c))
        return ENG_ERR_ARG;
    n = Eng_charm_holes(c, holes, rings, &wire);
    if (body) {
        st = Eng_charm_body(c, 0, body);
        for (i = 0; i < n && !st; i++)
            st = eng_path_ellipse(body, holes[i].cx, holes[i].cy, holes[i].r, holes[i].r, 1);
    }
    for (i = 0; ring && i < n && !st; i++) {
        st = eng_path_ellipse(ring, rings[i].cx, rings[i].cy, rings[i].r + 0.5 * wire,
                              rings[i].r + 0.5 * wire, 0);
        if (!st)
            st = eng_path_ellipse(ring, rings[i].cx, rings[i].cy, rings[i].r - 0.5 * wire,
                                  rings[i].r - 0.5 * wire, 1);
    }
    return st;
}

void eng_charm_frame(const eng_Charm *c, double *x0, double *y0, double *x1, double *y1)
{
    Eng_Circle holes[2], rings[2];
    double wire, k, pad, ax = 0, ay = 0, bx, by;
    int n, i;
    if (!c || !x0 || !y0 || !x1 || !y1)
        return;
    if (!Eng_charm_valid(c)) {
        *x0 = *y0 = *x1 = *y1 = 0;
        return;
    }
    bx = c->width_mm;
    by = c->height_mm;
    n = Eng_charm_holes(c, holes, rings, &wire);
    for (i = 0; i < n; i++) {
        double r = rings[i].r + 0.5 * wire;
        ax = fmin(ax, rings[i].cx - r); bx = fmax(bx, rings[i].cx + r);
        ay = fmin(ay, rings[i].cy - r); by = fmax(by, rings[i].cy + r);
    }
    k = fmax(c->width_mm, c->height_mm) / 20;
    pad = 2.2 * SHADOW_BLUR * k;    /* the blur's reach, with room to fade out */
    *x0 = ax - pad;
    *y0 = ay - pad;
    *x1 = bx + pad + SHADOW_DX * k;
    *y1 = by + pad + SHADOW_DY * k;
}

void Eng_charm_shadow(const eng_Charm *c, double *dx, double *dy, double *blur)
{
    double k = fmax(c->width_mm, c->height_mm) / 20;
    *dx = SHADOW_DX * k;
    *dy = SHADOW_DY * k;
    *blur = SHADOW_BLUR * k;
}
