/* render.c — the charm in polished metal with the engraving cut into it,
 * composited over the caller's RGBA image. Every shape is drawn by our
 * rasterizer (raster.c); this file only shades and blends coverage masks.
 *
 * Layers, back to front: a soft drop shadow (the body's coverage, rendered at
 * a reduced scale, box-blurred three times ~ a Gaussian, sampled offset); the
 * body with a diagonal polished-metal gradient, a bevelled rim lit from the
 * top left (its normal is the gradient of that same blurred mask, which works
 * for any outline) and a bright ridge where the bevel meets the face; the
 * engraving as a groove: darker metal, its lower-right wall catching the
 * light, its upper-left wall in shade; the jump ring(s) as a round wire with
 * a specular highlight. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct { float r, g, b; } Col;

static Col col_of(eng_Rgb c)
{
    Col k = { c.r, c.g, c.b };
    return k;
}

static Col mix(Col a, Col b, float t)
{
    Col k = { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
    return k;
}

static Col scale(Col a, float t)
{
    Col k = { a.r * t, a.g * t, a.b * t };
    return k;
}

typedef struct {
    Col base, light, shade, deep;
} Palette;

/* Polished metal mirrors its surroundings in broad bands: a ramp along the
 * diagonal, light - base - a soft dark band - base - shade. */
static Col face(const Palette *p, float t)
{
    static const float at[] = { 0.0f, 0.2f, 0.42f, 0.62f, 0.8f, 1.0f };
    Col stops[6];
    int i;
    stops[0] = mix(p->base, p->light, 0.55f);
    stops[1] = p->light;
    stops[2] = p->base;
    stops[3] = mix(p->base, p->shade, 0.5f);
    stops[4] = mix(p->base, p->light, 0.2f);
    stops[5] = p->shade;
    if (t <= 0) return stops[0];
    if (t >= 1) return stops[5];
    for (i = 0; t > at[i + 1]; i++)
        ;
    return mix(stops[i], stops[i + 1], (t - at[i]) / (at[i + 1] - at[i]));
}

/* Three box blurs of radius r, in place, rows then columns. */
static void blur(float *a, float *tmp, int w, int h, int r)
{
    int pass, x, y, i;
    for (pass = 0; pass < 3; pass++) {
        for (y = 0; y < h; y++) {
            float *row = a + (size_t)y * (size_t)w, sum = 0, inv = 1.0f / (float)(2 * r + 1);
            for (i = -r; i <= r; i++)
                sum += i >= 0 && i < w ? row[i] : 0;
            for (x = 0; x < w; x++) {
                tmp[x] = sum * inv;
                sum += (x + r + 1 < w ? row[x + r + 1] : 0) - (x - r >= 0 ? row[x - r] : 0);
            }
            memcpy(row, tmp, (size_t)w * sizeof *row);
        }
        for (x = 0; x < w; x++) {
            float sum = 0, inv = 1.0f / (float)(2 * r + 1);
            for (i = -r; i <= r; i++)
                sum += i >= 0 && i < h ? a[(size_t)i * (size_t)w + (size_t)x] : 0;
            for (y = 0; y < h; y++) {
                tmp[y] = sum * inv;
                sum += (y + r + 1 < h ? a[(size_t)(y + r + 1) * (size_t)w + (size_t)x] : 0) -
                       (y - r >= 0 ? a[(size_t)(y - r) * (size_t)w + (size_t)x] : 0);
            }
            for (y = 0; y < h; y++)
                a[(size_t)y * (size_t)w + (size_t)x] = tmp[y];
        }
    }
}

typedef struct {
    const float *a;
    int w, h;
    float inv;          /* 1 / downsampling factor */
} Low;

static float low_at(const Low *l, float x, float y)
{
    int ix, iy;
    float fx, fy, v00, v10, v01, v11;
    x = x * l->inv - 0.5f;
    y = y * l->inv - 0.5f;
    if (x < 0) x = 0;
    if (y < 0) y = 0;
    if (x > (float)(l->w - 1)) x = (float)(l->w - 1);
    if (y > (float)(l->h - 1)) y = (float)(l->h - 1);
    ix = (int)x; iy = (int)y;
    if (ix > l->w - 2) ix = l->w - 2 < 0 ? 0 : l->w - 2;
    if (iy > l->h - 2) iy = l->h - 2 < 0 ? 0 : l->h - 2;
    fx = x - (float)ix; fy = y - (float)iy;
    v00 = l->a[(size_t)iy * (size_t)l->w + (size_t)ix];
    v10 = ix + 1 < l->w ? l->a[(size_t)iy * (size_t)l->w + (size_t)ix + 1] : v00;
    v01 = iy + 1 < l->h ? l->a[(size_t)(iy + 1) * (size_t)l->w + (size_t)ix] : v00;
    v11 = ix + 1 < l->w && iy + 1 < l->h ? l->a[(size_t)(iy + 1) * (size_t)l->w + (size_t)ix + 1] : v01;
    return (v00 + (v10 - v00) * fx) * (1 - fy) + (v01 + (v11 - v01) * fx) * fy;
}

/* Everything the per-pixel shading needs. */
typedef struct {
    Palette pal;
    const uint8_t *body, *inner, *eng, *ring;
    Low low;
    int w, h, groove_d;
    float sdx, sdy;                 /* shadow offset, px */
    float bx0, by0, bw, bh;         /* body box, px (region coordinates) */
    Eng_Circle rings[2];            /* px */
    int nrings;
    float wire;                     /* px */
} Shade;

static Col body_color(const Shade *s, int x, int y, size_t i)
{
    float u = ((float)x - s->bx0) / s->bw, v = ((float)y - s->by0) / s->bh;
    float b = s->body[i] / 255.0f, in = s->inner[i] / 255.0f;
    float rim = b > 0 ? 1 - in / b : 0, e;
    Col c = face(&s->pal, 0.55f * u + 0.45f * v);
    if (rim > 0.001f) {
        /* The blurred body falls off outwards: its gradient is the bevel's
         * inward normal. Lit from the top left. */
        float gx = low_at(&s->low, (float)x + 1, (float)y) - low_at(&s->low, (float)x - 1, (float)y);
        float gy = low_at(&s->low, (float)x, (float)y + 1) - low_at(&s->low, (float)x, (float)y - 1);
        float len = sqrtf(gx * gx + gy * gy), lit;
        Col rc;
        if (len > 1e-6f) {
            lit = (gx * 0.6f + gy * 0.8f) / len;    /* -normal . light */
            rc = lit > 0 ? mix(s->pal.base, s->pal.light, lit) : mix(s->pal.base, s->pal.shade, -lit);
        } else {
            rc = s->pal.base;
        }
        c = mix(c, rc, rim < 1 ? rim : 1);
        /* The ridge between face and bevel catches a line of light. */
        c = mix(c, s->pal.light, 0.55f * 4 * in * (1 - in) * (rim < 1 ? 1 : 0));
    }
    e = s->eng[i] / 255.0f;
    {
        int d = s->groove_d;
        size_t off = (size_t)d * (size_t)(s->w + 1) + (size_t)d;
        float below = x + d < s->w && y + d < s->h ? s->eng[i + off] / 255.0f : 0;
        float above = x >= d && y >= d ? s->eng[i - off] / 255.0f : 0;
        if (e <= 0 && above <= 0)
            return c;
        Col groove = mix(c, s->pal.deep, 0.72f);
        c = mix(c, groove, e);
        c = mix(c, s->pal.light, 0.8f * e * (1 - below));          /* lit lower wall */
        c = mix(c, scale(s->pal.deep, 0.6f), 0.55f * e * (1 - above)); /* shaded upper wall */
        c = mix(c, s->pal.light, 0.35f * (1 - e) * above);         /* the lip above it */
    }
    return c;
}

static Col ring_color(const Shade *s, int x, int y)
{
    float best = 1e30f, nr = 0, dx = 0, dy = 0, r, nz, lit, spec;
    int k;
    Col c;
    for (k = 0; k < s->nrings; k++) {
        float ex = (float)x + 0.5f - (float)s->rings[k].cx, ey = (float)y + 0.5f - (float)s->rings[k].cy;
        float d = sqrtf(ex * ex + ey * ey), off = fabsf(d - (float)s->rings[k].r);
        if (off < best) {
            best = off;
            nr = (d - (float)s->rings[k].r) / (0.5f * s->wire);
            dx = d > 0 ? ex / d : 0;
            dy = d > 0 ? ey / d : 0;
        }
    }
    if (nr > 1) nr = 1;
    if (nr < -1) nr = -1;
    nz = sqrtf(1 - nr * nr);
    /* Wire normal (nr*dx, nr*dy, nz); light from the top left, in front. */
    r = nr * dx * -0.45f + nr * dy * -0.6f + nz * 0.66f;
    lit = r;
    spec = powf(fmaxf(0, r), 22);
    c = lit > 0.5f ? mix(s->pal.base, s->pal.light, (lit - 0.5f) * 2) : mix(s->pal.shade, s->pal.base, lit * 2 > 0 ? lit * 2 : 0);
    return mix(c, mix(s->pal.light, (Col){ 255, 255, 255 }, 0.5f), spec);
}

/* Source-over of (c, a) onto a straight-alpha RGBA pixel. */
static void blend(uint8_t *p, Col c, float a)
{
    float da = p[3] / 255.0f, oa = a + da * (1 - a), k;
    if (a <= 0)
        return;
    if (oa <= 0)
        return;
    k = da * (1 - a);
    p[0] = (uint8_t)((c.r * a + p[0] * k) / oa + 0.5f);
    p[1] = (uint8_t)((c.g * a + p[1] * k) / oa + 0.5f);
    p[2] = (uint8_t)((c.b * a + p[2] * k) / oa + 0.5f);
    p[3] = (uint8_t)(oa * 255 + 0.5f);
}

static int view_ok(const eng_View *v)
{
    return isfinite(v->px_per_mm) && v->px_per_mm > 0 && v->px_per_mm <= 1e4 &&
           isfinite(v->origin_x) && isfinite(v->origin_y) && fabs(v->origin_x) < 1e7 &&
           fabs(v->origin_y) < 1e7;
}

eng_Status eng_render_charm(eng_Context *ctx, const eng_Charm *charm, const eng_Metal *metal,
                            const eng_Engraving *e, const eng_View *view, eng_Image *dst)
{
    double fx0, fy0, fx1, fy1, ppm, sdx, sdy, sblur, wire, bevel;
    int rx0, ry0, rx1, ry1, W, H, ds, lw, lh, n, i, x, y, rb;
    eng_Path *body = NULL, *inner = NULL, *ring = NULL;
    Eng_Circle holes[2], rings[2];
    size_t plane, need, lowsz;
    uint8_t *m, *lowbytes;
    float *low, *tmp;
    eng_Affine px, lowm;
    eng_Mask mk;
    Shade s;
    eng_Status st;
    if (!ctx)
        return ENG_ERR_ARG;
    Eng_clear_error(ctx);
    if (!charm || !Eng_charm_valid(charm) || !metal || !view || !view_ok(view) || !dst ||
        !dst->pixels || dst->width <= 0 || dst->height <= 0 ||
        dst->width > ENG_MAX_IMAGE_SIDE || dst->height > ENG_MAX_IMAGE_SIDE ||
        dst->stride < 4 * dst->width || (e && e->ctx != ctx))
        return Eng_fail(ctx, ENG_ERR_ARG, 0, "cannot draw this charm: bad parameters");
    ppm = view->px_per_mm;
    eng_charm_frame(charm, &fx0, &fy0, &fx1, &fy1);
    rx0 = (int)fmax(0, floor(view->origin_x + fx0 * ppm));
    ry0 = (int)fmax(0, floor(view->origin_y + fy0 * ppm));
    rx1 = (int)fmin(dst->width, ceil(view->origin_x + fx1 * ppm));
    ry1 = (int)fmin(dst->height, ceil(view->origin_y + fy1 * ppm));
    if (rx1 <= rx0 || ry1 <= ry0)
        return ENG_OK;      /* the charm is off the image */
    W = rx1 - rx0;
    H = ry1 - ry0;
    Eng_charm_shadow(charm, &sdx, &sdy, &sblur);
    ds = (int)(sblur * ppm / 4);
    if (ds < 1) ds = 1;
    rb = (int)(sblur * ppm / ds / 1.7 + 0.5);
    if (rb < 1) rb = 1;
    lw = W / ds + 2;
    lh = H / ds + 2;
    /* Four byte planes (stride W + 1: a spare column keeps the groove's
     * diagonal neighbour lookups in bounds), the low-res plane and a row. */
    plane = (size_t)(W + 1) * (size_t)(H + 1);
    lowsz = (size_t)lw * (size_t)lh;
    need = 4 * plane + lowsz + 16 + (lowsz + (size_t)(lw > lh ? lw : lh)) * sizeof(float);
    if (need > ctx->masks_cap) {
        uint8_t *nm = Eng_alloc(ctx, need);
        if (!nm)
            return Eng_fail(ctx, ENG_ERR_NOMEM, 0, "out of memory");
        free(ctx->masks);
        ctx->masks = nm;
        ctx->masks_cap = need;
    }
    m = ctx->masks;
    memset(m, 0, 4 * plane);
    lowbytes = m + 4 * plane;
    low = (float *)(void *)(m + ((4 * plane + lowsz + 15) & ~(size_t)15));
    tmp = low + lowsz;
    body = eng_path_new(ctx);
    inner = eng_path_new(ctx);
    ring = eng_path_new(ctx);
    if (!body || !inner || !ring) {
        st = Eng_fail(ctx, ENG_ERR_NOMEM, 0, "out of memory");
        goto fail;
    }
    n = Eng_charm_holes(charm, holes, rings, &wire);
    bevel = fmin(1.0, fmax(0.35, 0.03 * fmax(charm->width_mm, charm->height_mm)));
    st = eng_charm_outline(charm, body, ring);
    if (!st)
        st = Eng_charm_body(charm, bevel, inner);
    for (i = 0; i < n && !st; i++)
        st = eng_path_ellipse(inner, holes[i].cx, holes[i].cy, holes[i].r + bevel * 0.6,
                              holes[i].r + bevel * 0.6, 1);
    if (st) {
        st = Eng_fail(ctx, st, 0, "out of memory");
        goto fail;
    }
    px.xx = ppm; px.xy = 0; px.tx = view->origin_x - rx0;
    px.yx = 0; px.yy = ppm; px.ty = view->origin_y - ry0;
    mk.width = W; mk.height = H; mk.stride = W + 1;
    mk.pixels = m;
    st = eng_path_fill(ctx, body, &px, ENG_FILL_NONZERO, &mk);
    mk.pixels = m + plane;
    if (!st) st = eng_path_fill(ctx, inner, &px, ENG_FILL_NONZERO, &mk);
    mk.pixels = m + 2 * plane;
    if (!st && e && e->nglyphs) st = eng_path_fill(ctx, e->path, &px, ENG_FILL_NONZERO, &mk);
    mk.pixels = m + 3 * plane;
    if (!st) st = eng_path_fill(ctx, ring, &px, ENG_FILL_NONZERO, &mk);
    if (st) {
        st = Eng_fail(ctx, st, 0, st == ENG_ERR_NOMEM ? "out of memory" : "cannot draw this charm");
        goto fail;
    }
    /* The low-res body for the shadow and the bevel normals, at 1/ds. */
    lowm = px;
    lowm.xx /= ds; lowm.yy /= ds; lowm.tx /= ds; lowm.ty /= ds;
    {
        eng_Mask lmk = { NULL, lw, lh, lw };
        lmk.pixels = lowbytes;
        st = eng_path_fill(ctx, body, &lowm, ENG_FILL_NONZERO, &lmk);
        if (st) {
            st = Eng_fail(ctx, st, 0, "cannot draw this charm");
            goto fail;
        }
        for (i = 0; (size_t)i < lowsz; i++)
            low[i] = lowbytes[i] / 255.0f;
    }
    blur(low, tmp, lw, lh, rb);
    memset(&s, 0, sizeof s);
    s.pal.base = col_of(metal->base);
    s.pal.light = col_of(metal->light);
    s.pal.shade = col_of(metal->shade);
    s.pal.deep = mix(s.pal.shade, (Col){ 20, 16, 12 }, 0.35f);
    s.body = m; s.inner = m + plane; s.eng = m + 2 * plane; s.ring = m + 3 * plane;
    s.low.a = low; s.low.w = lw; s.low.h = lh; s.low.inv = 1.0f / (float)ds;
    s.w = W; s.h = H;
    s.groove_d = (int)fmax(1, floor(0.05 * ppm + 0.5));
    s.sdx = (float)(sdx * ppm); s.sdy = (float)(sdy * ppm);
    s.bx0 = (float)(view->origin_x - rx0);
    s.by0 = (float)(view->origin_y - ry0);
    s.bw = (float)(charm->width_mm * ppm);
    s.bh = (float)(charm->height_mm * ppm);
    s.nrings = n;
    for (i = 0; i < n; i++) {
        s.rings[i].cx = view->origin_x - rx0 + rings[i].cx * ppm;
        s.rings[i].cy = view->origin_y - ry0 + rings[i].cy * ppm;
        s.rings[i].r = rings[i].r * ppm;
    }
    s.wire = (float)(wire * ppm);
    for (y = 0; y < H; y++) {
        uint8_t *row = dst->pixels + (size_t)(ry0 + y) * (size_t)dst->stride + (size_t)rx0 * 4;
        for (x = 0; x < W; x++) {
            size_t k = (size_t)y * (size_t)(W + 1) + (size_t)x;
            float sh = low_at(&s.low, (float)x + 0.5f - s.sdx, (float)y + 0.5f - s.sdy);
            uint8_t *p = row + 4 * x;
            if (sh > 0.002f && s.body[k] < 255)
                blend(p, (Col){ 38, 30, 22 }, 0.42f * sh);
            if (s.body[k])
                blend(p, body_color(&s, x, y, k), s.body[k] / 255.0f);
            if (s.ring[k])
                blend(p, ring_color(&s, x, y), s.ring[k] / 255.0f);
        }
    }
    st = ENG_OK;
fail:
    eng_path_free(body);
    eng_path_free(inner);
    eng_path_free(ring);
    return st;
}
