/* engrave — the production tool: lays out an engraving exactly as the kiosk
 * previews it and writes the engraver's SVG (mm) and/or a PNG preview drawn
 * by our rasterizer.
 *
 *   engrave --font F --charm C --layout L --text T [--svg out.svg]
 *           [--png out.png --px N] [--metal M] [--min-height MM]
 *           [--max-height MM] [--face N] [--transparent] [--catalogue FILE]
 *           [--simd PATH]
 *
 * F is a font id from the catalogue (garamond, italic, sans, japanese) or a
 * font file; C a charm id (disc, heart, bar, tag, oval, dogtag) with the
 * catalogue's sizes; L line, arc-top, arc-bottom, monogram or vertical; M
 * a finish id (yellow-gold, rose-gold, platinum, vermeil). The catalogue is
 * assets/catalogue.json unless --catalogue names another.
 * Exit status: 0 done, 2 the text was refused (the reason on stderr),
 * 1 anything else (usage, unreadable font, unwritable file).
 */
#include "engrave.h"

#include <cJSON.h>
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

/* The catalogue (assets/catalogue.json, the file the kiosk's store imports)
 * gives the charms' sizes and engravable areas, the fonts' files and
 * minimum heights and the finishes' colours: this tool reads the same file
 * rather than keeping a copy. */
#define CATALOGUE_MAX_BYTES (4u << 20)

/* Reads and parses the catalogue at path; NULL (reason on stderr) if it
 * cannot. The tree is owned by the caller (cJSON_Delete). */
static cJSON *catalogue_load(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0;
    cJSON *cat = NULL;
    if (!f) {
        fprintf(stderr, "engrave: cannot read the catalogue %s: %s\n", path, strerror(errno));
        return NULL;
    }
    buf = malloc(CATALOGUE_MAX_BYTES + 1);
    if (buf)
        len = fread(buf, 1, CATALOGUE_MAX_BYTES + 1, f);
    if (!buf || ferror(f) || len > CATALOGUE_MAX_BYTES) {
        fprintf(stderr, "engrave: cannot read the catalogue %s (unreadable or over %u bytes)\n",
                path, CATALOGUE_MAX_BYTES);
        goto done;
    }
    buf[len] = 0;
    cat = cJSON_Parse(buf);
    if (!cat)
        fprintf(stderr, "engrave: the catalogue %s is not valid JSON\n", path);
done:
    free(buf);
    fclose(f);
    return cat;
}

/* The entry of array `list` of the catalogue whose "id" is id, or NULL. */
static const cJSON *catalogue_entry(const cJSON *cat, const char *list, const char *id)
{
    const cJSON *it, *arr = cJSON_GetObjectItemCaseSensitive(cat, list);
    cJSON_ArrayForEach(it, arr) {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(it, "id");
        if (cJSON_IsString(k) && !strcmp(k->valuestring, id))
            return it;
    }
    return NULL;
}

static int json_number(const cJSON *obj, const char *key, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v))
        return 0;
    *out = v->valuedouble;
    return 1;
}

static const char *json_string(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Charm `id` into *out (its name borrowed from cat). 0 ok, -1 no such
 * charm, -2 the entry is malformed. */
static int catalogue_charm(const cJSON *cat, const char *id, eng_Charm *out)
{
    const cJSON *c = catalogue_entry(cat, "charms", id), *area;
    const char *shape;
    double mc = 0;
    if (!c)
        return -1;
    memset(out, 0, sizeof *out);
    area = cJSON_GetObjectItemCaseSensitive(c, "area");
    out->name = json_string(c, "name");
    shape = json_string(c, "shape");
    if (!out->name || !shape || eng_charm_shape_parse(shape, &out->shape) ||
        !json_number(c, "width_mm", &out->width_mm) ||
        !json_number(c, "height_mm", &out->height_mm) ||
        !json_number(area, "x_mm", &out->area_x_mm) || !json_number(area, "y_mm", &out->area_y_mm) ||
        !json_number(area, "w_mm", &out->area_w_mm) || !json_number(area, "h_mm", &out->area_h_mm))
        return -2;
    if (json_number(c, "max_chars", &mc))
        out->max_chars = mc > 0 && mc < 1e6 ? (int)mc : 0;
    return 0;
}

/* Font `id`: its file (borrowed from cat), face and minimum height. 0 ok,
 * -1 no such font, -2 malformed. */
static int catalogue_font(const cJSON *cat, const char *id, const char **file, long *face,
                          double *min_h)
{
    const cJSON *f = catalogue_entry(cat, "fonts", id);
    double fc = 0;
    if (!f)
        return -1;
    *file = json_string(f, "file");
    if (!*file || !json_number(f, "min_height_mm", min_h))
        return -2;
    if (json_number(f, "face", &fc))
        *face = fc >= 0 && fc < 65536 ? (long)fc : 0;
    return 0;
}

static int parse_rgb(const char *s, eng_Rgb *out)
{
    unsigned long v;
    char *end;
    if (!s || s[0] != '#' || strlen(s) != 7)
        return 0;
    v = strtoul(s + 1, &end, 16);
    if (*end)
        return 0;
    out->r = (uint8_t)(v >> 16);
    out->g = (uint8_t)(v >> 8);
    out->b = (uint8_t)v;
    return 1;
}

/* Finish `id`'s colours. 0 ok, -1 no such finish, -2 malformed. */
static int catalogue_finish(const cJSON *cat, const char *id, eng_Metal *out)
{
    const cJSON *f = catalogue_entry(cat, "finishes", id), *c;
    if (!f)
        return -1;
    c = cJSON_GetObjectItemCaseSensitive(f, "colors");
    return parse_rgb(json_string(c, "base"), &out->base) &&
           parse_rgb(json_string(c, "light"), &out->light) &&
           parse_rgb(json_string(c, "shade"), &out->shade) ? 0 : -2;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: engrave --font F --charm C --layout L --text T [--svg out.svg]\n"
            "               [--png out.png --px N] [--metal M] [--min-height MM]\n"
            "               [--max-height MM] [--face N] [--transparent]\n"
            "               [--catalogue FILE (default assets/catalogue.json)]\n"
            "               [--simd auto | portable | sse2 | avx2 | neon]\n"
            "  F: a font id of the catalogue (garamond | italic | sans | japanese)\n"
            "     or a font file\n"
            "  C: a charm id of the catalogue (disc | heart | bar | tag | oval | dogtag)\n"
            "  L: line | arc-top | arc-bottom | monogram | vertical\n"
            "  M: a finish id of the catalogue (yellow-gold (default) | rose-gold |\n"
            "     platinum | vermeil)\n");
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

/* The command line. */
typedef struct {
    const char *font, *charm, *layout, *text, *svg, *png, *metal, *catalogue;
    double min_h, max_h;
    long px, face;
    int face_given, transparent;
    eng_Simd simd;                      /* --simd: the rasterizer's code path */
} Options;

/* Reads the command line into *o. Returns -1 to go on, else the exit
 * status (0 after --help, 1 for a usage error, said on stderr). */
static int parse_args(int argc, char **argv, Options *o)
{
    memset(o, 0, sizeof *o);
    o->layout = "line";
    o->metal = "yellow-gold";
    o->catalogue = "assets/catalogue.json";
    o->px = 600;
    o->simd = ENG_SIMD_AUTO;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int ok = 1;
        if (!strcmp(a, "--transparent")) { o->transparent = 1; continue; }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(); return 0; }
        if (!v) { usage(); return 1; }
        if (!strcmp(a, "--font")) o->font = v;
        else if (!strcmp(a, "--charm")) o->charm = v;
        else if (!strcmp(a, "--layout")) o->layout = v;
        else if (!strcmp(a, "--text")) o->text = v;
        else if (!strcmp(a, "--svg")) o->svg = v;
        else if (!strcmp(a, "--png")) o->png = v;
        else if (!strcmp(a, "--metal")) o->metal = v;
        else if (!strcmp(a, "--catalogue")) o->catalogue = v;
        else if (!strcmp(a, "--px")) ok = parse_int(v, &o->px) && o->px >= 16 && o->px <= ENG_MAX_IMAGE_SIDE;
        else if (!strcmp(a, "--face")) {
            ok = parse_int(v, &o->face) && o->face >= 0 && o->face < 65536;
            o->face_given = 1;
        }
        else if (!strcmp(a, "--min-height")) ok = parse_double(v, &o->min_h) && o->min_h > 0;
        else if (!strcmp(a, "--max-height")) ok = parse_double(v, &o->max_h) && o->max_h >= 0;
        else if (!strcmp(a, "--simd")) ok = eng_simd_parse(v, &o->simd) == ENG_OK;
        else { fprintf(stderr, "engrave: unknown option %s\n", a); usage(); return 1; }
        if (!ok) { fprintf(stderr, "engrave: bad value for %s: %s\n", a, v); return 1; }
        i++;
    }
    if (!o->font || !o->charm || !o->text) {
        usage();
        return 1;
    }
    return -1;
}

/* Looks the charm, the metal and the font up in the catalogue: the font is
 * a catalogue id (its file into *file, its face and minimum height into *o
 * unless given) or else a font file. 0, or 1 with the reason on stderr. */
static int from_catalogue(const cJSON *cat, Options *o, eng_Charm *charm, eng_Metal *metal,
                          const char **file)
{
    int found = catalogue_charm(cat, o->charm, charm);
    if (found) {
        fprintf(stderr, found == -1 ? "engrave: unknown charm %s (not in %s)\n"
                                    : "engrave: charm %s is malformed in %s\n", o->charm, o->catalogue);
        return 1;
    }
    found = catalogue_finish(cat, o->metal, metal);
    if (found) {
        fprintf(stderr, found == -1 ? "engrave: unknown metal %s (not in %s)\n"
                                    : "engrave: finish %s is malformed in %s\n", o->metal, o->catalogue);
        return 1;
    }
    const char *cat_file = NULL;
    long cat_face = 0;
    double cat_min = 0;
    *file = o->font;
    found = catalogue_font(cat, o->font, &cat_file, &cat_face, &cat_min);
    if (found == -2) {
        fprintf(stderr, "engrave: font %s is malformed in %s\n", o->font, o->catalogue);
        return 1;
    }
    if (found == 0) {
        *file = cat_file;
        if (!o->face_given)
            o->face = cat_face;
        if (o->min_h <= 0)
            o->min_h = cat_min;
    }
    if (o->min_h <= 0)
        o->min_h = 1.2;
    return 0;
}

int main(int argc, char **argv)
{
    Options o;
    const char *font_file = NULL;
    cJSON *cat = NULL;
    eng_Metal metal;
    int rc = parse_args(argc, argv, &o);
    eng_Context *ctx = NULL;
    eng_Font *font = NULL;
    eng_Engraving *e = NULL;
    eng_Charm charm;
    eng_Request req;
    eng_Status st;
    char *svg = NULL;
    size_t svg_len;

    if (rc >= 0)
        return rc;
    rc = 1;
    memset(&req, 0, sizeof req);
    if (eng_layout_parse(o.layout, &req.layout)) {
        fprintf(stderr, "engrave: unknown layout %s\n", o.layout);
        return 1;
    }
    cat = catalogue_load(o.catalogue);
    if (!cat)
        return 1;
    if (from_catalogue(cat, &o, &charm, &metal, &font_file))
        goto done;
    ctx = eng_context_new();
    if (!ctx) {
        fprintf(stderr, "engrave: out of memory\n");
        goto done;
    }
    /* The rasterizer's code path (the same pixels on every one: for
     * checking a board, or A/B timing). */
    if (eng_context_set_simd(ctx, o.simd)) {
        fprintf(stderr, "engrave: %s\n", eng_errmsg(ctx));
        goto done;
    }
    if (eng_font_open(ctx, font_file, (int)o.face, &font)) {
        fprintf(stderr, "engrave: %s\n", eng_errmsg(ctx));
        goto done;
    }
    req.font = font;
    req.min_height_mm = o.min_h;
    req.max_height_mm = o.max_h;
    req.text = o.text;
    st = eng_engrave(ctx, &charm, &req, &e);
    if (st) {
        fprintf(stderr, "engrave: %s\n", eng_errmsg(ctx));
        rc = st == ENG_ERR_NOMEM ? 1 : 2;
        goto done;
    }
    if (o.svg) {
        if (eng_export_svg(ctx, &charm, e, &svg, &svg_len)) {
            fprintf(stderr, "engrave: %s\n", eng_errmsg(ctx));
            goto done;
        }
        if (!write_file(o.svg, svg, svg_len)) {
            fprintf(stderr, "engrave: cannot write %s: %s\n", o.svg, strerror(errno));
            goto done;
        }
    }
    if (o.png && write_png(ctx, &charm, &metal, e, o.png, (int)o.px, o.transparent))
        goto done;
    printf("%s charm, %s layout: %zu glyphs, character height %.2f mm\n", charm.name,
           o.layout, eng_engraving_glyph_count(e), eng_engraving_height_mm(e));
    rc = 0;
done:
    free(svg);
    eng_engraving_free(e);
    eng_font_free(font);
    eng_context_free(ctx);
    cJSON_Delete(cat);
    return rc;
}
