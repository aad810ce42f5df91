/* layout_arc.c — text along a circular arc, at the top or the bottom of a
 * round charm (on other shapes, the largest circle centred on the body).
 *
 * Glyphs stay rigid (a laser cannot bend them any better than a hand
 * engraver would) and are rotated so that their baseline is tangent to a
 * baseline circle: arc-top reads clockwise with the letters' tops outward,
 * arc-bottom reads anticlockwise with the tops towards the centre, so both
 * read left to right for a viewer. The rim band is what must hold the text:
 * every glyph box corner stays inside the body less a margin and clear of the
 * jump-ring hole; the arc spans at most ENG_ARC_MAX_SPAN_DEG. The charm's
 * engravable rectangle is for straight layouts and does not apply. */
#include "internal.h"

#include <math.h>

typedef struct {
    double cx, cy, body, outer;     /* centre; body radius; text outer radius */
    double hx, hy, hr;              /* the hole to keep clear of */
    int nholes;
    Eng_Circle holes[2];
} Rim;

static Rim rim_of(const eng_Charm *c, int top)
{
    Rim r;
    Eng_Circle rings[2];
    double wire, margin;
    int i;
    r.cx = 0.5 * c->width_mm;
    r.cy = 0.5 * c->height_mm;
    r.body = 0.5 * fmin(c->width_mm, c->height_mm);
    margin = fmax(0.5, 0.07 * r.body);
    r.outer = r.body - margin;
    r.nholes = Eng_charm_holes(c, r.holes, rings, &wire);
    r.hx = r.holes[0].cx; r.hy = r.holes[0].cy; r.hr = r.holes[0].r;
    for (i = 0; top && i < r.nholes; i++) {
        double d = hypot(r.holes[i].cx - r.cx, r.holes[i].cy - r.cy) - r.holes[i].r - 0.35;
        if (d < r.outer)
            r.outer = d;
    }
    return r;
}

static int place_arc(const Eng_LayoutIn *in, double h, Eng_Placed *out, int top)
{
    Rim rim = rim_of(in->charm, top);
    double s = h / in->font->cap_height, len = 0, span, start, pen = 0, base;
    double limit = rim.body - 0.5 * fmax(0.5, 0.07 * rim.body);
    int i, k, fits = 1;
    for (i = 0; i < in->nglyphs; i++)
        len += in->glyphs[i].x_adv * s;
    /* Top: caps touch the outer radius. Bottom: room for descenders. */
    base = top ? rim.outer - h : rim.outer - 0.3 * h;
    if (base <= 0.25 * rim.body)
        return 0;
    span = len / base;
    if (span > ENG_ARC_MAX_SPAN_DEG * M_PI / 180)
        fits = 0;
    start = top ? -M_PI / 2 - span / 2 : M_PI / 2 + span / 2;
    for (i = 0; i < in->nglyphs; i++) {
        const Eng_ShapedGlyph *g = &in->glyphs[i];
        double mid = (pen + 0.5 * g->x_adv * s) / base;
        double phi = top ? start + mid : start - mid;
        double nx = cos(phi), ny = sin(phi);            /* outward normal */
        double ux = top ? nx : -nx, uy = top ? ny : -ny; /* the glyph's up */
        double theta = top ? phi + M_PI / 2 : phi - M_PI / 2;
        double tx = cos(theta), ty = sin(theta);         /* the glyph's right */
        double along = (g->x_off - 0.5 * g->x_adv) * s, up = g->y_off * s;
        double ox = rim.cx + base * nx + along * tx + up * ux;
        double oy = rim.cy + base * ny + along * ty + up * uy;
        double xs[4], ys[4];
        int r;
        out[i].gid = g->gid;
        out[i].char_index = g->char_index;
        out[i].angle = theta;
        out[i].m = Eng_glyph_affine(s, theta, ox, oy);
        pen += g->x_adv * s;
        r = Eng_glyph_corners(in, g->gid, &out[i].m, xs, ys);
        if (r < 0)
            return r;
        if (!r)
            continue;
        /* The box corners must stay on the metal, off the hole(s). */
        for (k = 0; k < 4; k++) {
            double x = xs[k], y = ys[k];
            int j;
            if (hypot(x - rim.cx, y - rim.cy) > limit)
                fits = 0;
            for (j = 0; j < rim.nholes; j++)
                if (hypot(x - rim.holes[j].cx, y - rim.holes[j].cy) < rim.holes[j].r + 0.2)
                    fits = 0;
        }
    }
    return fits;
}

int Eng_layout_arc_top(const Eng_LayoutIn *in, double h, Eng_Placed *out)
{
    return place_arc(in, h, out, 1);
}

int Eng_layout_arc_bottom(const Eng_LayoutIn *in, double h, Eng_Placed *out)
{
    return place_arc(in, h, out, 0);
}

double Eng_layout_arc_max(const Eng_LayoutIn *in)
{
    /* Letters taller than a fifth of the radius crowd the centre. */
    return 0.2 * fmin(in->charm->width_mm, in->charm->height_mm);
}
