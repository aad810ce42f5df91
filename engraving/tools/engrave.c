/* engrave — the production tool: lays out an engraving exactly as the kiosk
 * previews it and writes the engraver's SVG (mm) and/or a PNG preview drawn
 * by our rasterizer.
 *
 *   engrave --font F --charm C --layout L --text T [--svg out.svg]
 *           [--png out.png --px N] [--metal M] [--min-height MM]
 *           [--max-height MM] [--face N] [--transparent]
 *
 * F is a font id from the catalogue (garamond, italic, sans, japanese) or a
 * font file; C a charm id (disc, heart, bar, tag, oval, dogtag) with the
 * catalogue's sizes; L line, arc-top, arc-bottom, monogram or vertical; M
 * yellow-gold, rose-gold, platinum or vermeil.
 * Exit status: 0 done, 2 the text was refused (the reason on stderr),
 * 1 anything else (usage, unreadable font, unwritable file).
 */
#include "engrave.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

/* The catalogue's charms, fonts and finishes (assets/catalogue.json): the
 * kiosk reads them from its store; this tool keeps a copy for production. */
static const eng_Charm charms[] = {
    { "Round Disc", ENG_CHARM_DISC, 20, 20, 3, 5, 14, 10, 12 },
    { "Heart", ENG_CHARM_HEART, 20, 18, 4, 3.5, 12, 7, 9 },
    { "Slim Bar", ENG_CHARM_BAR, 36, 8, 3, 1.5, 30, 5, 20 },
    { "Signet Tag", ENG_CHARM_TAG, 16, 24, 2, 7, 12, 14, 10 },
    { "Oval Locket", ENG_CHARM_OVAL, 18, 24, 3, 7, 12, 10, 10 },
    { "Dog Tag", ENG_CHARM_DOGTAG, 18, 30, 3, 6, 12, 19, 14 },
};

static const struct {
    const char *id, *file;
    double min_height;
} fonts[] = {
    { "garamond", "assets/fonts/EBGaramond12-Regular.otf", 1.2 },
    { "italic", "assets/fonts/EBGaramond12-Italic.otf", 1.4 },
    { "sans", "assets/fonts/DejaVuSans.ttf", 1.0 },
    { "japanese", "assets/fonts/NotoSansCJK-Regular.ttc", 1.8 },
};

static const struct {
    const char *id;
    eng_Metal metal;
} metals[] = {
    { "yellow-gold", { { 0xD2, 0xAC, 0x4E }, { 0xF7, 0xE3, 0xA1 }, { 0x8A, 0x6A, 0x22 } } },
    { "rose-gold", { { 0xD1, 0x9A, 0x86 }, { 0xF6, 0xD3, 0xC5 }, { 0x8E, 0x56, 0x46 } } },
    { "platinum", { { 0xC4, 0xC5, 0xC7 }, { 0xF5, 0xF6, 0xF7 }, { 0x76, 0x78, 0x7C } } },
    { "vermeil", { { 0xDD, 0xB8, 0x66 }, { 0xFA, 0xEB, 0xB8 }, { 0x97, 0x78, 0x2F } } },
};

static void usage(void)
{
    fprintf(stderr,
            "usage: engrave --font F --charm C --layout L --text T [--svg out.svg]\n"
            "               [--png out.png --px N] [--metal M] [--min-height MM]\n"
            "               [--max-height MM] [--face N] [--transparent]\n"
            "  F: garamond | italic | sans | japanese | a font file\n"
            "  C: disc | heart | bar | tag | oval | dogtag\n"
            "  L: line | arc-top | arc-bottom | monogram | vertical\n"
            "  M: yellow-gold (default) | rose-gold | platinum | vermeil\n");
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return !(errno || end == s || *end);
}

static int parse_int(const char *s, long *out)
{
    char *end;
    errno = 0;
    *out = strtol(s, &end, 10);
    return !(errno || end == s || *end);
}

static int write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    return ok;
}

typedef struct {
    unsigned char *data;
    size_t len, cap;
    int failed;
} Mem;

static void to_mem(void *u, void *data, int n)
{
    Mem *m = u;
    if (m->failed || n <= 0)
        return;
    if (m->len + (size_t)n > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 65536;
        unsigned char *d;
        while (cap < m->len + (size_t)n)
            cap *= 2;
        d = realloc(m->data, cap);
        if (!d) {
            m->failed = 1;
            return;
        }
        m->data = d;
        m->cap = cap;
    }
    memcpy(m->data + m->len, data, (size_t)n);
    m->len += (size_t)n;
}

/* Frames the charm in a px x px square and draws it. 0 ok, else exit code. */
static int write_png(eng_Context *ctx, const eng_Charm *charm, const eng_Metal *metal,
                     const eng_Engraving *e, const char *path, int px, int transparent)
{
    double x0, y0, x1, y1, ppm;
    eng_Image img;
    eng_View view;
    Mem mem = { NULL, 0, 0, 0 };
    int rc = 1, i;
    uint8_t *pix = malloc((size_t)px * (size_t)px * 4);
    if (!pix) {
        fprintf(stderr, "engrave: out of memory\n");
        return 1;
    }
    /* A warm ivory backdrop, the boutique's display card. */
    for (i = 0; i < px * px; i++) {
        pix[4 * i] = 0xF6; pix[4 * i + 1] = 0xF2; pix[4 * i + 2] = 0xEC;
        pix[4 * i + 3] = transparent ? 0 : 255;
    }
    eng_charm_frame(charm, &x0, &y0, &x1, &y1);
    ppm = 0.92 * px / (x1 - x0 > y1 - y0 ? x1 - x0 : y1 - y0);
    view.px_per_mm = ppm;
    view.origin_x = 0.5 * px - 0.5 * (x0 + x1) * ppm;
    view.origin_y = 0.5 * px - 0.5 * (y0 + y1) * ppm;
    img.pixels = pix;
    img.width = img.height = px;
    img.stride = px * 4;
    if (eng_render_charm(ctx, charm, metal, e, &view, &img)) {
        fprintf(stderr, "engrave: %s\n", eng_errmsg(ctx));
        goto done;
    }
    if (!stbi_write_png_to_func(to_mem, &mem, px, px, 4, pix, px * 4) || mem.failed) {
        fprintf(stderr, "engrave: cannot encode the PNG\n");
        goto done;
    }
    if (!write_file(path, mem.data, mem.len)) {
        fprintf(stderr, "engrave: cannot write %s: %s\n", path, strerror(errno));
        goto done;
    }
    rc = 0;
done:
    free(mem.data);
    free(pix);
    return rc;
}

int main(int argc, char **argv)
{
    const char *font_arg = NULL, *charm_arg = NULL, *layout_arg = "line", *text = NULL;
    const char *svg_path = NULL, *png_path = NULL, *metal_arg = "yellow-gold", *font_file;
    double min_h = 0, max_h = 0;
    long px = 600, face = 0;
    int transparent = 0, i, rc = 1;
    eng_Context *ctx = NULL;
    eng_Font *font = NULL;
    eng_Engraving *e = NULL;
    eng_Charm charm;
    eng_CharmShape shape;
    const eng_Metal *metal = NULL;
    eng_Request req;
    eng_Status st;
    char *svg = NULL;
    size_t svg_len;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int ok = 1;
        if (!strcmp(a, "--transparent")) { transparent = 1; continue; }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(); return 0; }
        if (!v) { usage(); return 1; }
        if (!strcmp(a, "--font")) font_arg = v;
        else if (!strcmp(a, "--charm")) charm_arg = v;
        else if (!strcmp(a, "--layout")) layout_arg = v;
        else if (!strcmp(a, "--text")) text = v;
        else if (!strcmp(a, "--svg")) svg_path = v;
        else if (!strcmp(a, "--png")) png_path = v;
        else if (!strcmp(a, "--metal")) metal_arg = v;
        else if (!strcmp(a, "--px")) ok = parse_int(v, &px) && px >= 16 && px <= ENG_MAX_IMAGE_SIDE;
        else if (!strcmp(a, "--face")) ok = parse_int(v, &face) && face >= 0 && face < 65536;
        else if (!strcmp(a, "--min-height")) ok = parse_double(v, &min_h) && min_h > 0;
        else if (!strcmp(a, "--max-height")) ok = parse_double(v, &max_h) && max_h >= 0;
        else { fprintf(stderr, "engrave: unknown option %s\n", a); usage(); return 1; }
        if (!ok) { fprintf(stderr, "engrave: bad value for %s: %s\n", a, v); return 1; }
        i++;
    }
    if (!font_arg || !charm_arg || !text) {
        usage();
        return 1;
    }
    if (eng_charm_shape_parse(charm_arg, &shape)) {
        fprintf(stderr, "engrave: unknown charm %s\n", charm_arg);
        return 1;
    }
    charm = charms[shape];
    memset(&req, 0, sizeof req);
    if (eng_layout_parse(layout_arg, &req.layout)) {
        fprintf(stderr, "engrave: unknown layout %s\n", layout_arg);
        return 1;
    }
    for (i = 0; i < (int)(sizeof metals / sizeof metals[0]); i++)
        if (!strcmp(metal_arg, metals[i].id))
            metal = &metals[i].metal;
    if (!metal) {
        fprintf(stderr, "engrave: unknown metal %s\n", metal_arg);
        return 1;
    }
    font_file = font_arg;
    for (i = 0; i < (int)(sizeof fonts / sizeof fonts[0]); i++) {
        if (!strcmp(font_arg, fonts[i].id)) {
            font_file = fonts[i].file;
            if (min_h <= 0)
                min_h = fonts[i].min_height;
        }
    }
    if (min_h <= 0)
        min_h = 1.2;
    ctx = eng_context_new();
    if (!ctx) {
        fprintf(stderr, "engrave: out of memory\n");
        return 1;
    }
    if (eng_font_open(ctx, font_file, (int)face, &font)) {
        fprintf(stderr, "engrave: %s\n", eng_errmsg(ctx));
        goto done;
    }
    req.font = font;
    req.min_height_mm = min_h;
    req.max_height_mm = max_h;
    req.text = text;
    st = eng_engrave(ctx, &charm, &req, &e);
    if (st) {
        fprintf(stderr, "engrave: %s\n", eng_errmsg(ctx));
        rc = st == ENG_ERR_NOMEM ? 1 : 2;
        goto done;
    }
    if (svg_path) {
        if (eng_export_svg(ctx, &charm, e, &svg, &svg_len)) {
            fprintf(stderr, "engrave: %s\n", eng_errmsg(ctx));
            goto done;
        }
        if (!write_file(svg_path, svg, svg_len)) {
            fprintf(stderr, "engrave: cannot write %s: %s\n", svg_path, strerror(errno));
            goto done;
        }
    }
    if (png_path && write_png(ctx, &charm, metal, e, png_path, (int)px, transparent))
        goto done;
    printf("%s charm, %s layout: %zu glyphs, character height %.2f mm\n", charm.name,
           layout_arg, eng_engraving_glyph_count(e), eng_engraving_height_mm(e));
    rc = 0;
done:
    free(svg);
    eng_engraving_free(e);
    eng_font_free(font);
    eng_context_free(ctx);
    return rc;
}
