/* layout.c — eng_engrave: validate, shape, then auto-size the chosen layout
 * between the font's minimum character height and the largest that fits.
 *
 * Every layout is a function place(h) -> fits?, where h is the character
 * (cap) height in mm. Fitting shrinks monotonically with h for all of them,
 * so the largest fitting height is found by bisection; text that does not fit
 * at the minimum is refused, saying how many characters would fit. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BISECT_STEPS 18     /* 2^-18 of the range: far below a micron */

typedef struct {
    Eng_ShapedGlyph *glyphs;
    int n, cap;
    int line_start[ENG_MAX_LINES + 1];
    int nlines;
} Shaped;

typedef struct {
    Eng_LayoutFn place;
    Eng_LayoutMaxFn max;
    int vertical, multiline;
} LayoutKind;

static LayoutKind kind_of(eng_Layout l)
{
    LayoutKind k = { Eng_layout_line, Eng_layout_line_max, 0, 1 };
    switch (l) {
    case ENG_LAYOUT_ARC_TOP:
        k.place = Eng_layout_arc_top; k.max = Eng_layout_arc_max; k.multiline = 0;
        break;
    case ENG_LAYOUT_ARC_BOTTOM:
        k.place = Eng_layout_arc_bottom; k.max = Eng_layout_arc_max; k.multiline = 0;
        break;
    case ENG_LAYOUT_MONOGRAM:
        k.place = Eng_layout_monogram; k.max = Eng_layout_monogram_max; k.multiline = 0;
        break;
    case ENG_LAYOUT_VERTICAL:
        k.place = Eng_layout_vertical; k.max = Eng_layout_vertical_max; k.vertical = 1;
        break;
    default:
        break;
    }
    return k;
}

int eng_layout_parse(const char *name, eng_Layout *out)
{
    static const char *names[] = { "line", "arc-top", "arc-bottom", "monogram", "vertical" };
    int i;
    for (i = 0; name && out && i < 5; i++) {
        if (!strcmp(name, names[i])) {
            *out = (eng_Layout)i;
            return 0;
        }
    }
    return -1;
}

int Eng_glyph_corners(const Eng_LayoutIn *in, unsigned gid, const eng_Affine *m,
                      double xs[4], double ys[4])
{
    const Eng_Glyph *g;
    eng_Status st = Eng_font_glyph(in->font, gid, &g);
    double cx[4], cy[4];
    int i;
    if (st)
        return -(int)st;
    if (g->empty)
        return 0;
    cx[0] = g->x0; cy[0] = g->y0; cx[1] = g->x1; cy[1] = g->y0;
    cx[2] = g->x0; cy[2] = g->y1; cx[3] = g->x1; cy[3] = g->y1;
    for (i = 0; i < 4; i++) {
        xs[i] = m->xx * cx[i] + m->xy * cy[i] + m->tx;
        ys[i] = m->yx * cx[i] + m->yy * cy[i] + m->ty;
    }
    return 1;
}

int Eng_glyph_box(const Eng_LayoutIn *in, unsigned gid, const eng_Affine *m,
                  double *x0, double *y0, double *x1, double *y1)
{
    double xs[4], ys[4];
    int i, r = Eng_glyph_corners(in, gid, m, xs, ys);
    if (r <= 0)
        return r;
    *x0 = *y0 = INFINITY;
    *x1 = *y1 = -INFINITY;
    for (i = 0; i < 4; i++) {
        double x = xs[i], y = ys[i];
        *x0 = fmin(*x0, x); *x1 = fmax(*x1, x);
        *y0 = fmin(*y0, y); *y1 = fmax(*y1, y);
    }
    return 1;
}

int Eng_glyph_in_rect(const Eng_LayoutIn *in, unsigned gid, const eng_Affine *m,
                      double x0, double y0, double x1, double y1)
{
    const double eps = 1e-6;
    double a, b, c, d;
    int r = Eng_glyph_box(in, gid, m, &a, &b, &c, &d);
    if (r <= 0)
        return r < 0 ? r : 1;
    return a >= x0 - eps && b >= y0 - eps && c <= x1 + eps && d <= y1 + eps;
}

static const char *charm_name(const eng_Charm *c)
{
    return c->name && c->name[0] ? c->name : "chosen";
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\n' || cp == 0xa0 || cp == 0x3000 ||
           hb_unicode_general_category(hb_unicode_funcs_get_default(), cp) ==
               HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR;
}

/* Shapes characters [0, c_end) line by line. */
static eng_Status shape_text(eng_Context *ctx, const eng_Charm *charm, const eng_Request *req,
                             const Eng_Char *chars, int nchars, int c_end, int vertical,
                             Shaped *sh)
{
    int c0 = 0, i;
    eng_Status st;
    sh->n = 0;
    sh->nlines = 0;
    for (i = 0; i <= c_end; i++) {
        if (i < c_end && chars[i].cp != '\n')
            continue;
        if (sh->nlines == ENG_MAX_LINES) {
            st = Eng_fail(ctx, ENG_ERR_TOO_LONG, 0, "too many lines for the %s charm: at most %d",
                          charm_name(charm), ENG_MAX_LINES);
            Eng_why(ctx, ENG_WHY_TOO_MANY_LINES, 0, ENG_MAX_LINES, 0);
            return st;
        }
        sh->line_start[sh->nlines++] = sh->n;
        st = Eng_shape(ctx, req->font, req->text, chars, nchars, c0, i, vertical,
                       &sh->glyphs, &sh->n, &sh->cap);
        if (st)
            return st;
        c0 = i + 1;
    }
    sh->line_start[sh->nlines] = sh->n;
    return ENG_OK;
}

static Eng_LayoutIn layout_in(eng_Context *ctx, const eng_Charm *charm, const eng_Request *req,
                              const Eng_Char *chars, int nchars, const Shaped *sh)
{
    Eng_LayoutIn in;
    in.ctx = ctx;
    in.charm = charm;
    /* The font is logically const; its glyph cache is a memo (font.c). */
    in.font = (eng_Font *)req->font;
    in.chars = chars;
    in.nchars = nchars;
    in.glyphs = sh->glyphs;
    in.nglyphs = sh->n;
    in.line_start = sh->line_start;
    in.nlines = sh->nlines;
    return in;
}

/* Index just past the first k counted characters. */
static int prefix_end(const Eng_Char *chars, int n, int k)
{
    int i, seen = 0;
    for (i = 0; i < n; i++) {
        if (Eng_char_counts(chars[i].cp) && seen++ == k)
            return i;
    }
    return n;
}

/* Does the prefix of k counted characters fit at height h? 1, 0 or -status. */
static int prefix_fits(eng_Context *ctx, const eng_Charm *charm, const eng_Request *req,
                       const Eng_Char *chars, int n, int k, double h)
{
    LayoutKind kind = kind_of(req->layout);
    Shaped sh;
    Eng_Placed *placed = NULL;
    Eng_LayoutIn in;
    int r;
    eng_Status st;
    memset(&sh, 0, sizeof sh);
    st = shape_text(ctx, charm, req, chars, n, prefix_end(chars, n, k), kind.vertical, &sh);
    if (st) {
        r = -(int)st;
        goto fail;
    }
    placed = Eng_alloc(ctx, (size_t)(sh.n + 1) * sizeof *placed);
    if (!placed) {
        r = -(int)ENG_ERR_NOMEM;
        goto fail;
    }
    in = layout_in(ctx, charm, req, chars, n, &sh);
    r = kind.place(&in, h, placed);
fail:
    free(sh.glyphs);
    free(placed);
    return r;
}

/* The refusal for text that does not fit at the minimum height: how many
 * characters would. */
static eng_Status refuse_too_long(eng_Context *ctx, const eng_Charm *charm,
                                  const eng_Request *req, const Eng_Char *chars, int n,
                                  int count)
{
    int lo = 0, hi = count - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2, r;
        r = prefix_fits(ctx, charm, req, chars, n, mid, req->min_height_mm);
        if (r < 0)
            return Eng_fail(ctx, (eng_Status)-r, 0, "out of memory");
        if (r) lo = mid; else hi = mid - 1;
    }
    if (lo == 0) {
        Eng_fail(ctx, ENG_ERR_TOO_LONG, 0,
                 "too large for the %s charm: at %g mm minimum height not even "
                 "one character fits", charm_name(charm), req->min_height_mm);
        Eng_why(ctx, ENG_WHY_NOTHING_FITS, 0, 0, req->min_height_mm);
        return ENG_ERR_TOO_LONG;
    }
    Eng_fail(ctx, ENG_ERR_TOO_LONG, 0,
             "too long for the %s charm: at %g mm minimum height it fits %d character%s",
             charm_name(charm), req->min_height_mm, lo, lo == 1 ? "" : "s");
    Eng_why(ctx, ENG_WHY_DOES_NOT_FIT, 0, lo, req->min_height_mm);
    return ENG_ERR_TOO_LONG;
}

static eng_Status build(eng_Context *ctx, eng_Font *font, const Eng_Placed *placed, int n,
                        double h, eng_Engraving **out)
{
    eng_Engraving *e = Eng_calloc(ctx, 1, sizeof *e);
    eng_Status st = ENG_ERR_NOMEM;
    int i;
    if (!e)
        goto fail;
    e->ctx = ctx;
    e->height_mm = h;
    e->path = eng_path_new(ctx);
    e->info = Eng_calloc(ctx, (size_t)n + 1, sizeof *e->info);
    e->verb_start = Eng_calloc(ctx, (size_t)n + 1, sizeof *e->verb_start);
    e->pt_start = Eng_calloc(ctx, (size_t)n + 1, sizeof *e->pt_start);
    if (!e->path || !e->info || !e->verb_start || !e->pt_start)
        goto fail;
    for (i = 0; i < n; i++) {
        const Eng_Glyph *g;
        eng_GlyphInfo *gi = &e->info[i];
        const eng_Affine *m = &placed[i].m;
        e->verb_start[i] = e->path->nverbs;
        e->pt_start[i] = e->path->npts;
        st = Eng_font_glyph(font, placed[i].gid, &g);
        if (!st)
            st = Eng_path_append_range(e->path, g->outline, 0, g->outline->nverbs, 0, m);
        if (st)
            goto fail;
        gi->glyph_id = placed[i].gid;
        gi->char_pos = placed[i].char_index + 1;
        gi->origin_x = m->tx;
        gi->origin_y = m->ty;
        gi->angle = placed[i].angle;
        gi->scale = sqrt(m->xx * m->xx + m->yx * m->yx);
        gi->x0 = gi->x1 = m->tx;
        gi->y0 = gi->y1 = m->ty;
        if (e->path->npts > e->pt_start[i]) {
            size_t k;
            gi->x0 = gi->y0 = INFINITY;
            gi->x1 = gi->y1 = -INFINITY;
            for (k = e->pt_start[i]; k < e->path->npts; k++) {
                gi->x0 = fmin(gi->x0, e->path->pts[k].x);
                gi->x1 = fmax(gi->x1, e->path->pts[k].x);
                gi->y0 = fmin(gi->y0, e->path->pts[k].y);
                gi->y1 = fmax(gi->y1, e->path->pts[k].y);
            }
        }
    }
    e->verb_start[n] = e->path->nverbs;
    e->pt_start[n] = e->path->npts;
    e->nglyphs = (size_t)n;
    *out = e;
    return ENG_OK;
fail:
    eng_engraving_free(e);
    return Eng_fail(ctx, st, 0, st == ENG_ERR_NOMEM ? "out of memory"
                                                     : "this engraving is too complex");
}

/* Refusals of text that would surprise the atelier. Marks: at most
 * ENG_MAX_MARKS on one character, whatever the font. */
static eng_Status refuse_marks(eng_Context *ctx, const Eng_Char *chars, int base, int limit,
                               const char *why)
{
    Eng_fail(ctx, ENG_ERR_GLYPH, base + 1, "character %d carries %s", base + 1, why);
    Eng_why(ctx, ENG_WHY_STACKED_MARKS, chars[base].cp, limit, 0);
    return ENG_ERR_GLYPH;
}

static eng_Status check_marks(eng_Context *ctx, const Eng_Char *chars, int n)
{
    int i, run = 0;
    for (i = 0; i < n; i++) {
        run = Eng_char_is_mark(chars[i].cp) ? run + 1 : 0;
        if (run > ENG_MAX_MARKS)
            return refuse_marks(ctx, chars, i - run >= 0 ? i - run : 0, ENG_MAX_MARKS,
                                "more combining marks than can be engraved");
    }
    return ENG_OK;
}

/* After shaping: HarfBuzz composes a base and its marks into one glyph when
 * the font has the precomposed form (e + U+0301 is é). A mark it could not
 * compose is a glyph of its own in the base's cluster; more than
 * ENG_MAX_LOOSE_MARKS of them on one character would be stacked by a font
 * not drawn for it. Also refuses a text with no ink at all (only spaces or
 * invisible characters: the customer would pay for a blank charm). */
static eng_Status check_shaped(eng_Context *ctx, eng_Font *font, const Eng_Char *chars,
                               int n, const Shaped *sh)
{
    int i = 0, ink = 0;
    while (i < sh->n) {
        int ci = sh->glyphs[i].char_index, g = 0, marks = 0, j;
        for (; i < sh->n && sh->glyphs[i].char_index == ci; i++) {
            const Eng_Glyph *gl;
            eng_Status st = Eng_font_glyph(font, sh->glyphs[i].gid, &gl);
            if (st)
                return Eng_fail(ctx, st, 0, st == ENG_ERR_NOMEM ? "out of memory"
                                                                : "a glyph of this font is unreadable");
            ink |= !gl->empty;
            g++;
        }
        for (j = ci + 1; j < n && Eng_char_is_mark(chars[j].cp); j++)
            marks++;
        if ((g - 1 < marks ? g - 1 : marks) > ENG_MAX_LOOSE_MARKS)
            return refuse_marks(ctx, chars, ci, ENG_MAX_LOOSE_MARKS,
                                "combining marks this font cannot compose; they would be stacked");
    }
    if (!ink) {
        Eng_fail(ctx, ENG_ERR_CONTROL, 0,
                 "only blank or invisible characters: nothing would be engraved");
        Eng_why(ctx, ENG_WHY_INVISIBLE, 0, 0, 0);
        return ENG_ERR_CONTROL;
    }
    return ENG_OK;
}

static eng_Status check_request(eng_Context *ctx, const eng_Charm *charm,
                                const eng_Request *req)
{
    if (!charm || !Eng_charm_valid(charm))
        return Eng_fail(ctx, ENG_ERR_ARG, 0, "this charm's dimensions are not valid");
    if (!req || !req->font || !req->text)
        return Eng_fail(ctx, ENG_ERR_ARG, 0, "no text or font given");
    if (req->font->ctx != ctx)
        return Eng_fail(ctx, ENG_ERR_ARG, 0, "this font belongs to another context");
    if (!isfinite(req->min_height_mm) || req->min_height_mm <= 0 ||
        req->min_height_mm > 1000 || !isfinite(req->max_height_mm) ||
        req->max_height_mm < 0 || req->max_height_mm > 1000)
        return Eng_fail(ctx, ENG_ERR_ARG, 0, "the character height limits are not valid");
    if ((unsigned)req->layout > ENG_LAYOUT_VERTICAL)
        return Eng_fail(ctx, ENG_ERR_ARG, 0, "unknown layout");
    return ENG_OK;
}

/* The count rules, before any shaping: at most charm->max_chars counted
 * characters, at most three initials in a monogram. *count: the characters
 * that count (refuse_too_long says how many fit). */
static eng_Status check_count(eng_Context *ctx, const eng_Charm *charm, const eng_Request *req,
                              const Eng_Char *chars, int n, int *count)
{
    int initials = 0;
    *count = 0;
    for (int i = 0; i < n; i++) {
        int counts = Eng_char_counts(chars[i].cp), space = is_space(chars[i].cp);
        *count += counts;
        initials += counts && !space;
    }
    if (charm->max_chars > 0 && *count > charm->max_chars) {
        eng_Status st = Eng_fail(ctx, ENG_ERR_TOO_LONG, 0,
                                 "too long for the %s charm: at most %d characters",
                                 charm_name(charm), charm->max_chars);
        Eng_why(ctx, ENG_WHY_OVER_LIMIT, 0, charm->max_chars, 0);
        return st;
    }
    if (req->layout == ENG_LAYOUT_MONOGRAM && initials > 3) {
        eng_Status st = Eng_fail(ctx, ENG_ERR_TOO_LONG, 0,
                                 "a monogram has at most three initials, not %d", initials);
        Eng_why(ctx, ENG_WHY_MONOGRAM, 0, initials, 0);
        return st;
    }
    return ENG_OK;
}

/* The largest height in [lo, hi] at which the text still fits, knowing it
 * fits at lo: hi itself, else by bisection (BISECT_STEPS). placed is the
 * layout's scratch. Returns 0 with *h set, or a layout failure (-status). */
static int largest_fit(const LayoutKind *kind, const Eng_LayoutIn *in, double lo, double hi,
                       Eng_Placed *placed, double *h)
{
    int r;
    *h = lo;
    if (hi <= lo)
        return 0;
    r = kind->place(in, hi, placed);
    if (r > 0) {
        *h = hi;
        return 0;
    }
    for (int i = 0; i < BISECT_STEPS && r >= 0; i++) {
        double mid = 0.5 * (lo + hi);
        r = kind->place(in, mid, placed);
        if (r > 0) lo = mid; else hi = mid;
    }
    *h = lo;
    return r < 0 ? r : 0;
}

eng_Status eng_engrave(eng_Context *ctx, const eng_Charm *charm, const eng_Request *req,
                       eng_Engraving **out)
{
    Eng_Char *chars = NULL;
    Eng_Placed *placed = NULL;
    Shaped sh;
    Eng_LayoutIn in;
    LayoutKind kind;
    eng_Status st;
    int n = 0, count = 0, r;
    double lo, hi, h;
    if (!ctx)
        return ENG_ERR_ARG;
    Eng_clear_error(ctx);
    if (!out)
        return Eng_fail(ctx, ENG_ERR_ARG, 0, "no place for the result");
    *out = NULL;
    memset(&sh, 0, sizeof sh);
    st = check_request(ctx, charm, req);
    if (st)
        return st;
    kind = kind_of(req->layout);
    st = Eng_text_decode(ctx, req->text, kind.multiline, &chars, &n);
    if (st)
        return st;
    if (n == 0) {
        /* Nothing typed yet: an empty engraving, not an error. */
        st = build(ctx, (eng_Font *)req->font, NULL, 0, 0, out);
        goto fail;
    }
    st = check_marks(ctx, chars, n);
    if (!st)
        st = check_count(ctx, charm, req, chars, n, &count);
    if (st)
        goto fail;
    st = shape_text(ctx, charm, req, chars, n, n, kind.vertical, &sh);
    if (!st)
        st = check_shaped(ctx, (eng_Font *)req->font, chars, n, &sh);
    if (st)
        goto fail;
    placed = Eng_alloc(ctx, (size_t)(sh.n + 1) * sizeof *placed);
    if (!placed) {
        st = Eng_fail(ctx, ENG_ERR_NOMEM, 0, "out of memory");
        goto fail;
    }
    in = layout_in(ctx, charm, req, chars, n, &sh);
    lo = req->min_height_mm;
    r = kind.place(&in, lo, placed);
    if (r < 0) {
        st = Eng_fail(ctx, (eng_Status)-r, 0, "out of memory");
        goto fail;
    }
    if (!r) {
        st = refuse_too_long(ctx, charm, req, chars, n, count);
        goto fail;
    }
    hi = kind.max(&in);
    if (req->max_height_mm > 0 && req->max_height_mm < hi)
        hi = req->max_height_mm;
    r = largest_fit(&kind, &in, lo, hi, placed, &h);
    if (r < 0) {
        st = Eng_fail(ctx, (eng_Status)-r, 0, "out of memory");
        goto fail;
    }
    r = kind.place(&in, h, placed);
    if (r < 0) {
        st = Eng_fail(ctx, (eng_Status)-r, 0, "out of memory");
        goto fail;
    }
    st = build(ctx, in.font, placed, sh.n, h, out);
fail:
    free(chars);
    free(sh.glyphs);
    free(placed);
    return st;
}
