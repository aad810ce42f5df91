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

#if defined(ENG_HAVE_SSE2)
#include <emmintrin.h>
#endif
#if defined(ENG_HAVE_NEON)
#include <arm_neon.h>
#endif

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
 * diagonal, light - base - a soft dark band - base - shade; tabulated at
 * t = i / n, i = 0..n, into out[n + 1]. */
static void face_table(const Palette *p, Col *out, int n)
{
    static const float at[] = { 0.0f, 0.2f, 0.42f, 0.62f, 0.8f, 1.0f };
    Col stops[6];
    int i, k = 0;
    stops[0] = mix(p->base, p->light, 0.55f);
    stops[1] = p->light;
    stops[2] = p->base;
    stops[3] = mix(p->base, p->shade, 0.5f);
    stops[4] = mix(p->base, p->light, 0.2f);
    stops[5] = p->shade;
    for (i = 0; i <= n; i++) {
        float t = (float)i / (float)n;
        if (t <= 0) { out[i] = stops[0]; continue; }
        if (t >= 1) { out[i] = stops[5]; continue; }
        while (t > at[k + 1])
            k++;
        out[i] = mix(stops[k], stops[k + 1], (t - at[k]) / (at[k + 1] - at[k]));
    }
}

/* One box blur of radius r along each row of src (w x h) into dst. */
static void blur_rows(const float *src, float *dst, int w, int h, int r, float inv)
{
    int x, y, i;
    for (y = 0; y < h; y++) {
        const float *row = src + (size_t)y * (size_t)w;
        float *out = dst + (size_t)y * (size_t)w, acc = 0;
        for (i = 0; i <= r && i < w; i++)
            acc += row[i];
        /* x + r + 1 and x - r step in and out of the row: three runs. */
        for (x = 0; x < w && x <= r && x + r + 1 < w; x++) {
            out[x] = acc * inv;
            acc += row[x + r + 1];
        }
        for (; x < w && x + r + 1 < w; x++) {
            out[x] = acc * inv;
            acc += row[x + r + 1] - row[x - r];
        }
        for (; x < w; x++) {
            out[x] = acc * inv;
            acc += (x + r + 1 < w ? row[x + r + 1] : 0) - (x - r >= 0 ? row[x - r] : 0);
        }
    }
}

/* One box blur of radius r down the columns of src into dst: a running sum
 * per column (sum, w floats), updated a row at a time, 4 columns a step
 * with vec (SSE2 or NEON), else one at a time with the same arithmetic, so
 * that every path blurs to the same floats. */
static void blur_cols(const float *src, float *dst, float *sum, const float *zero, int w,
                      int h, int r, float inv, int vec)
{
    int x, y, i, w4 = w & ~3;
    memset(sum, 0, (size_t)w * sizeof *sum);
    for (i = 0; i <= r && i < h; i++)
        for (x = 0; x < w; x++)
            sum[x] += src[(size_t)i * (size_t)w + (size_t)x];
    for (y = 0; y < h; y++) {
        const float *add = y + r + 1 < h ? src + (size_t)(y + r + 1) * (size_t)w : zero;
        const float *sub = y - r >= 0 ? src + (size_t)(y - r) * (size_t)w : zero;
        float *out = dst + (size_t)y * (size_t)w;
        x = 0;
#if defined(ENG_HAVE_SSE2)
        if (vec) {
            const __m128 k = _mm_set1_ps(inv);
            for (; x < w4; x += 4) {
                __m128 v = _mm_loadu_ps(sum + x);
                _mm_storeu_ps(out + x, _mm_mul_ps(v, k));
                v = _mm_add_ps(v, _mm_loadu_ps(add + x));
                _mm_storeu_ps(sum + x, _mm_sub_ps(v, _mm_loadu_ps(sub + x)));
            }
        }
#elif defined(ENG_HAVE_NEON)
        if (vec) {
            const float32x4_t k = vdupq_n_f32(inv);
            for (; x < w4; x += 4) {
                float32x4_t v = vld1q_f32(sum + x);
                vst1q_f32(out + x, vmulq_f32(v, k));
                v = vaddq_f32(v, vld1q_f32(add + x));
                vst1q_f32(sum + x, vsubq_f32(v, vld1q_f32(sub + x)));
            }
        }
#endif
        for (; x < w4; x++) {
            out[x] = sum[x] * inv;
            sum[x] = (sum[x] + add[x]) - sub[x];
        }
        for (; x < w; x++) {
            out[x] = sum[x] * inv;
            sum[x] += add[x] - sub[x];
        }
    }
}

/* Three box blurs of radius r (~ a Gaussian), rows then columns, a into
 * tmp and back. tmp: w * h floats; sum, zero: w floats, zero all zero. */
static void blur(float *a, float *tmp, float *sum, const float *zero, int w, int h, int r,
                 int vec)
{
    float inv = 1.0f / (float)(2 * r + 1);
    int pass;
    for (pass = 0; pass < 3; pass++) {
        blur_rows(a, tmp, w, h, r, inv);
        blur_cols(tmp, a, sum, zero, w, h, r, inv, vec);
    }
}

typedef struct {
    const float *a;
    int w, h;
    float inv;          /* 1 / downsampling factor */
    int vec;            /* 4 columns a step (SSE2, NEON): the same floats */
} Low;

/* Bilinear sampling of the low-res plane, split in its two passes so that
 * a row of pixels interpolates vertically once (low_row: the low-res row at
 * image y, into out[0, w)) and then only horizontally per pixel (row_at). */
static void low_row(const Low *l, float y, float *out)
{
    int iy, i;
    float fy;
    const float *a, *b;
    y = y * l->inv - 0.5f;
    if (y < 0) y = 0;
    if (y > (float)(l->h - 1)) y = (float)(l->h - 1);
    iy = (int)y;
    if (iy > l->h - 2) iy = l->h - 2 < 0 ? 0 : l->h - 2;
    fy = y - (float)iy;
    a = l->a + (size_t)iy * (size_t)l->w;
    b = iy + 1 < l->h ? a + l->w : a;
    i = 0;
#if defined(ENG_HAVE_SSE2)
    if (l->vec) {
        const __m128 ka = _mm_set1_ps(1 - fy), kb = _mm_set1_ps(fy);
        for (; i + 4 <= l->w; i += 4)
            _mm_storeu_ps(out + i, _mm_add_ps(_mm_mul_ps(_mm_loadu_ps(a + i), ka),
                                              _mm_mul_ps(_mm_loadu_ps(b + i), kb)));
    }
#elif defined(ENG_HAVE_NEON)
    if (l->vec) {
        const float32x4_t ka = vdupq_n_f32(1 - fy), kb = vdupq_n_f32(fy);
        for (; i + 4 <= l->w; i += 4)
            vst1q_f32(out + i, vaddq_f32(vmulq_f32(vld1q_f32(a + i), ka),
                                         vmulq_f32(vld1q_f32(b + i), kb)));
    }
#endif
    for (; i < l->w; i++)
        out[i] = a[i] * (1 - fy) + b[i] * fy;
}

static inline float row_at(const Low *l, const float *row, float x)
{
    int ix;
    float fx, v0, v1;
    x = x * l->inv - 0.5f;
    if (x < 0) x = 0;
    if (x > (float)(l->w - 1)) x = (float)(l->w - 1);
    ix = (int)x;
    if (ix > l->w - 2) ix = l->w - 2 < 0 ? 0 : l->w - 2;
    fx = x - (float)ix;
    v0 = row[ix];
    v1 = ix + 1 < l->w ? row[ix + 1] : v0;
    return v0 + (v1 - v0) * fx;
}

#define FACE_STEPS 2048   /* face ramp table: < 0.1 of a level per step */

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
    Col face[FACE_STEPS + 1];       /* face(t) at t = i / FACE_STEPS */
    uint32_t face_px[FACE_STEPS + 1]; /* the same as opaque RGBA bytes */
    float *up, *mid, *down;         /* low-res rows at y - 1, y, y + 1 */
} Shade;

/* Where pixel x of a row falls on the face ramp, which runs along
 * t = 0.55 u + 0.45 v (u, v: 0..1 across the body's box): a table index,
 * tx per pixel on top of the row's t0 (both in table steps, rounding
 * included). */
static inline int face_index(float t0, float tx, int x)
{
    float t = t0 + tx * (float)x;
    return t <= 0 ? 0 : t >= FACE_STEPS ? FACE_STEPS : (int)t;
}

/* The body's colour at (x, y), pixel i of the planes, face colour c: the
 * bevel, the ridge and the groove on top of the face. */
static Col body_color(const Shade *s, int x, int y, size_t i, Col c)
{
    int bi = s->body[i], ii = s->inner[i];
    float e;
    if (ii < bi) {
        float b = bi / 255.0f, in = ii / 255.0f, rim = 1 - in / b;
        /* The blurred body falls off outwards: its gradient is the bevel's
         * inward normal. Lit from the top left. */
        if (rim > 0.001f) {
            float gx = row_at(&s->low, s->mid, (float)x + 1) - row_at(&s->low, s->mid, (float)x - 1);
            float gy = row_at(&s->low, s->down, (float)x) - row_at(&s->low, s->up, (float)x);
            float len = sqrtf(gx * gx + gy * gy), lit;
            Col rc;
            if (len > 1e-6f) {
                lit = (gx * 0.6f + gy * 0.8f) / len;    /* -normal . light */
                rc = lit > 0 ? mix(s->pal.base, s->pal.light, lit)
                             : mix(s->pal.base, s->pal.shade, -lit);
            } else {
                rc = s->pal.base;
            }
            c = mix(c, rc, rim < 1 ? rim : 1);
            /* The ridge between face and bevel catches a line of light. */
            c = mix(c, s->pal.light, 0.55f * 4 * in * (1 - in) * (rim < 1 ? 1 : 0));
        }
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
static inline void blend(uint8_t *p, Col c, float a)
{
    float da, oa, k;
    if (a <= 0)
        return;
    if (p[3] == 255) {
        /* Opaque below (the usual card): the general formula with oa = 1. */
        k = 1 - a;
        p[0] = (uint8_t)(c.r * a + p[0] * k + 0.5f);
        p[1] = (uint8_t)(c.g * a + p[1] * k + 0.5f);
        p[2] = (uint8_t)(c.b * a + p[2] * k + 0.5f);
        return;
    }
    da = p[3] / 255.0f;
    oa = a + da * (1 - a);
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
    int rx0, ry0, rx1, ry1, W, H, ds, lw, lh, n, i, x, y, rb, lo, hi, sx0, sx1;
    eng_Path *body = NULL, *inner = NULL, *ring = NULL;
    Eng_Circle holes[2], rings[2];
    size_t plane, need, lowsz;
    uint8_t *m, *lowbytes;
    float *low, *tmp, *rows, *shadow, *colsum, *zero;
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
    need = 4 * plane + lowsz + 16 + (2 * lowsz + 6 * (size_t)lw) * sizeof(float);
    if (need > ctx->masks_cap) {
        uint8_t *nm = Eng_alloc(ctx, need);
        if (!nm)
            return Eng_fail(ctx, ENG_ERR_NOMEM, 0, "out of memory");
        free(ctx->masks);
        ctx->masks = nm;
        ctx->masks_cap = need;
    }
    m = ctx->masks;
    /* The fills below overwrite W x H of each plane, all that is read; the
     * engraving's plane is cleared when there is nothing to fill it with. */
    if (!e || !e->nglyphs)
        memset(m + 2 * plane, 0, plane);
    lowbytes = m + 4 * plane;
    low = (float *)(void *)(m + ((4 * plane + lowsz + 15) & ~(size_t)15));
    tmp = low + lowsz;
    rows = tmp + lowsz;          /* 3 rows for the normals, the shadow's row */
    shadow = rows + 3 * lw;
    colsum = shadow + lw;
    zero = colsum + lw;
    memset(zero, 0, (size_t)lw * sizeof *zero);
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
            low[i] = lowbytes[i] * (1.0f / 255);
    }
    blur(low, tmp, colsum, zero, lw, lh, rb, ctx->simd != ENG_SIMD_PORTABLE);
    memset(&s, 0, sizeof s);
    s.pal.base = col_of(metal->base);
    s.pal.light = col_of(metal->light);
    s.pal.shade = col_of(metal->shade);
    s.pal.deep = mix(s.pal.shade, (Col){ 20, 16, 12 }, 0.35f);
    s.body = m; s.inner = m + plane; s.eng = m + 2 * plane; s.ring = m + 3 * plane;
    s.low.a = low; s.low.w = lw; s.low.h = lh; s.low.inv = 1.0f / (float)ds;
    s.low.vec = ctx->simd != ENG_SIMD_PORTABLE;
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
    face_table(&s.pal, s.face, FACE_STEPS);
    for (i = 0; i <= FACE_STEPS; i++) {
        Col c = s.face[i];
        uint8_t px4[4] = { (uint8_t)(c.r + 0.5f), (uint8_t)(c.g + 0.5f), (uint8_t)(c.b + 0.5f), 255 };
        memcpy(&s.face_px[i], px4, 4);
    }
    s.up = rows;
    s.mid = rows + lw;
    s.down = rows + 2 * lw;
    low_row(&s.low, -1, s.mid);
    low_row(&s.low, 0, s.down);
    for (y = 0; y < H; y++) {
        uint8_t *row = dst->pixels + (size_t)(ry0 + y) * (size_t)dst->stride + (size_t)rx0 * 4;
        const uint8_t *bo = s.body + (size_t)y * (size_t)(W + 1);
        const uint8_t *in = s.inner + (size_t)y * (size_t)(W + 1);
        const uint8_t *eg = s.eng + (size_t)y * (size_t)(W + 1);
        const uint8_t *rg = s.ring + (size_t)y * (size_t)(W + 1);
        const uint8_t *eg_up = y >= s.groove_d ? eg - (size_t)s.groove_d * (size_t)(W + 1) : NULL;
        float *t = s.up;
        float ft0 = (0.55f * -s.bx0 / s.bw + 0.45f * ((float)y - s.by0) / s.bh) * FACE_STEPS + 0.5f;
        float ftx = 0.55f / s.bw * FACE_STEPS;
        /* The rows for the bevel's normals slide down by one. */
        s.up = s.mid; s.mid = s.down; s.down = t;
        low_row(&s.low, (float)y + 1, s.down);
        low_row(&s.low, (float)y + 0.5f - s.sdy, shadow);
        /* Pixels whose shadow sample has both neighbours below the
         * threshold cannot show it: find where it can, on this row. */
        for (lo = 0; lo < lw && shadow[lo] <= 0.002f; lo++)
            ;
        for (hi = lw - 1; hi >= 0 && shadow[hi] <= 0.002f; hi--)
            ;
        sx0 = (int)floorf((float)(lo - 1) * (float)ds + s.sdx) - 2;
        sx1 = (int)ceilf((float)(hi + 2) * (float)ds + s.sdx) + 2;
        for (x = 0; x < W; x++) {
            size_t k = (size_t)y * (size_t)(W + 1) + (size_t)x;
            uint8_t *p = row + 4 * x;
            int b = bo[x];
            if (b == 255) {
                int up = eg_up && x >= s.groove_d ? eg_up[x - s.groove_d] : 0;
                if (((in[x] ^ 255) | rg[x] | eg[x] | up) == 0) {
                    /* Polished face, nothing on it: the ramp's colour. */
                    memcpy(p, &s.face_px[face_index(ft0, ftx, x)], 4);
                    continue;
                }
            } else if (!b && !rg[x] && (x < sx0 || x > sx1)) {
                continue;   /* bare card, beyond the shadow */
            }
            if (b < 255 && x >= sx0 && x <= sx1) {
                float sh = row_at(&s.low, shadow, (float)x + 0.5f - s.sdx);
                if (sh > 0.002f)
                    blend(p, (Col){ 38, 30, 22 }, 0.42f * sh);
            }
            if (b)
                blend(p, body_color(&s, x, y, k, s.face[face_index(ft0, ftx, x)]), b / 255.0f);
            if (rg[x])
                blend(p, ring_color(&s, x, y), rg[x] / 255.0f);
        }
    }
    st = ENG_OK;
fail:
    eng_path_free(body);
    eng_path_free(inner);
    eng_path_free(ring);
    return st;
}
