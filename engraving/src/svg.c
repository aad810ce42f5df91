/* svg.c — the production file: an SVG in millimetres for a laser or rotary
 * engraver. viewBox = the charm body in mm; layer "charm" holds its outline
 * (a reference stroke, not engraved), layer "engraving" one filled <path>
 * per glyph, non-zero fill, exactly the outlines the preview shows.
 *
 * Numbers are written by hand with 4 decimals (0.1 um): printf's %f follows
 * LC_NUMERIC, and a kiosk running in French would write "1,5". */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    eng_Context *ctx;
    char *buf;
    size_t len, cap;
    eng_Status st;
} Buf;

static void put(Buf *b, const char *s, size_t n)
{
    if (b->st)
        return;
    if (b->len + n + 1 > ENG_MAX_SVG_BYTES) {
        b->st = ENG_ERR_LIMIT;
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *nb;
        while (cap < b->len + n + 1)
            cap *= 2;
        nb = Eng_realloc(b->ctx, b->buf, cap);
        if (!nb) {
            b->st = ENG_ERR_NOMEM;
            return;
        }
        b->buf = nb;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

static void puts_(Buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* Locale-independent fixed point, trailing zeros trimmed: 1.5, -0.0312, 12. */
static void num(Buf *b, double v)
{
    char s[48];
    long long q;
    int n = 0, i;
    char frac[5];
    if (!(v > -1e9 && v < 1e9))
        v = 0;
    q = (long long)(v * 10000.0 + (v < 0 ? -0.5 : 0.5));
    if (q < 0) {
        s[n++] = '-';
        q = -q;
    }
    n += snprintf(s + n, sizeof s - (size_t)n, "%lld", q / 10000);
    for (i = 3; i >= 0; i--) {
        frac[i] = (char)('0' + q % 10);
        q /= 10;
    }
    for (i = 4; i > 0 && frac[i - 1] == '0'; i--)
        ;
    if (i) {
        s[n++] = '.';
        memcpy(s + n, frac, (size_t)i);
        n += i;
    }
    if (n == 2 && s[0] == '-' && s[1] == '0')
        n = 1, s[0] = '0';
    put(b, s, (size_t)n);
}

static void path_data(Buf *b, const eng_Path *p, size_t v0, size_t v1, size_t p0)
{
    static const char letter[] = { 'M', 'L', 'Q', 'C', 'Z' };
    size_t v, pi = p0;
    for (v = v0; v < v1; v++) {
        int k = Eng_verb_points(p->verbs[v]), i;
        char c[2] = { letter[p->verbs[v]], 0 };
        if (v > v0)
            puts_(b, " ");
        puts_(b, c);
        for (i = 0; i < k; i++) {
            puts_(b, " ");
            num(b, p->pts[pi + (size_t)i].x);
            puts_(b, " ");
            num(b, p->pts[pi + (size_t)i].y);
        }
        pi += (size_t)k;
    }
}

static void escaped(Buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': puts_(b, "&lt;"); break;
        case '>': puts_(b, "&gt;"); break;
        case '&': puts_(b, "&amp;"); break;
        case '"': puts_(b, "&quot;"); break;
        default:
            if ((unsigned char)*s >= 0x20)
                put(b, s, 1);
        }
    }
}

eng_Status eng_export_svg(eng_Context *ctx, const eng_Charm *charm, const eng_Engraving *e,
                          char **svg_out, size_t *len_out)
{
    Buf b;
    eng_Path *outline = NULL;
    size_t i;
    char id[48];
    if (!ctx)
        return ENG_ERR_ARG;
    Eng_clear_error(ctx);
    if (!svg_out || !len_out || !charm || !Eng_charm_valid(charm) || (e && e->ctx != ctx))
        return Eng_fail(ctx, ENG_ERR_ARG, 0, "cannot export: bad parameters");
    *svg_out = NULL;
    *len_out = 0;
    memset(&b, 0, sizeof b);
    b.ctx = ctx;
    outline = eng_path_new(ctx);
    if (!outline) {
        b.st = ENG_ERR_NOMEM;
        goto fail;
    }
    b.st = eng_charm_outline(charm, outline, NULL);
    puts_(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"");
    num(&b, charm->width_mm);
    puts_(&b, "mm\" height=\"");
    num(&b, charm->height_mm);
    puts_(&b, "mm\" viewBox=\"0 0 ");
    num(&b, charm->width_mm);
    puts_(&b, " ");
    num(&b, charm->height_mm);
    puts_(&b, "\">\n<desc>");
    escaped(&b, charm->name);
    puts_(&b, " charm; units: mm; character height ");
    num(&b, e ? e->height_mm : 0);
    puts_(&b, " mm</desc>\n<g id=\"charm\" fill=\"none\" stroke=\"#ff0000\" stroke-width=\"0.02\">\n"
              "<path id=\"charm-outline\" d=\"");
    path_data(&b, outline, 0, outline->nverbs, 0);
    puts_(&b, "\"/>\n</g>\n<g id=\"engraving\" fill=\"#000000\" stroke=\"none\" fill-rule=\"nonzero\">\n");
    for (i = 0; e && i < e->nglyphs; i++) {
        if (e->verb_start[i] == e->verb_start[i + 1])
            continue;   /* a space */
        snprintf(id, sizeof id, "<path id=\"glyph-%zu\" d=\"", i + 1);
        puts_(&b, id);
        path_data(&b, e->path, e->verb_start[i], e->verb_start[i + 1], e->pt_start[i]);
        puts_(&b, "\"/>\n");
    }
    puts_(&b, "</g>\n</svg>\n");
fail:
    eng_path_free(outline);
    if (b.st) {
        free(b.buf);
        return Eng_fail(ctx, b.st, 0, b.st == ENG_ERR_LIMIT ? "the production file would be too large"
                                                             : "out of memory");
    }
    *svg_out = b.buf;
    *len_out = b.len;
    return ENG_OK;
}
