/* jobs.c — the production SVG and the job sheet PNG (see jobs.h).
 *
 * The sheet is a white A4 page at 150 dpi: the piece in its metal at the
 * top (eng_render_charm), then one line per fact. Each line is text laid
 * out by eng_engrave on a pseudo charm, a bar as wide as the page's text
 * column and one line tall, so the library's shaping (kerning, accents,
 * CJK in the order's own font) is reused rather than a second text stack;
 * its glyph outlines are filled by eng_path_fill into a coverage mask and
 * inked onto the page, left-aligned at the margin.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <engrave.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

#include "jobs/jobs.h"

#define PATH_MAX_BYTES  4096
#define PX_PER_MM       (150.0 / 25.4)      /* 150 dpi */
#define MARGIN_PX       90
#define PIECE_TOP_PX    80
#define PIECE_BOX_PX    760                 /* the piece fits this square */
#define LINE_HEIGHT_MM  4.2                 /* capital height of sheet text */
#define LINE_PITCH_PX   58
#define LABEL_WIDTH_PX  300
#define LINE_MAX        256

typedef struct {
    eng_Context *ctx;
    eng_Font *sans;                 /* the sheet's own font */
    eng_Font *order_font;           /* the engraving's font, for its text */
    uint8_t *pixels;                /* RGBA page */
    char *msg;
    size_t msglen;
} Sheet;

static jobs_Status fail(Sheet *s, jobs_Status st, const char *fmt, const char *a, const char *b)
{
    snprintf(s->msg, s->msglen, fmt, a ? a : "", b ? b : "");
    return st;
}

/* mkdir -p */
static int make_dirs(const char *path)
{
    char p[PATH_MAX_BYTES];
    if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p)
        return -1;
    for (char *q = p + 1; ; q++) {
        if (*q != '/' && *q != '\0')
            continue;
        char c = *q;
        *q = '\0';
        if (mkdir(p, 0750) != 0 && errno != EEXIST)
            return -1;
        *q = c;
        if (!c)
            break;
    }
    return 0;
}

/* Writes len bytes to path through path.tmp and a rename. 0 ok. */
static int write_atomic(const char *path, const void *data, size_t len)
{
    char tmp[PATH_MAX_BYTES];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return -1;
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, len, f) == len;
    ok = (fflush(f) == 0) && ok;
    ok = (fsync(fileno(f)) == 0) && ok;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

static eng_Charm to_eng_charm(const model_Charm *c, eng_CharmShape shape)
{
    eng_Charm e = { c->name, shape, c->width_mm, c->height_mm, c->area_x_mm, c->area_y_mm,
                    c->area_w_mm, c->area_h_mm, c->max_chars };
    return e;
}

static eng_Rgb rgb(uint32_t v)
{
    eng_Rgb c = { (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
    return c;
}

/* Draws `text` in `font` with its left edge at x px and its baseline region
 * starting at y px (top of the line). Ink is near-black. */
static jobs_Status draw_text(Sheet *s, const eng_Font *font, const char *text, int x, int y)
{
    if (!text[0])
        return JOBS_OK;
    double width_mm = (JOBS_SHEET_WIDTH - x - MARGIN_PX) / PX_PER_MM;
    double height_mm = LINE_HEIGHT_MM * 2.0;
    eng_Charm bar = { "the job sheet", ENG_CHARM_BAR, width_mm, height_mm, 0, 0, width_mm,
                      height_mm, 0 };
    eng_Request req = { font, 1.0, LINE_HEIGHT_MM, ENG_LAYOUT_LINE, text };
    eng_Engraving *e = NULL;
    if (eng_engrave(s->ctx, &bar, &req, &e) != ENG_OK)
        return fail(s, JOBS_ERR_ENGRAVE, "job sheet: %s: %s", text, eng_errmsg(s->ctx));
    double x0, y0, x1, y1;
    jobs_Status st = JOBS_OK;
    if (eng_engraving_bounds(e, &x0, &y0, &x1, &y1)) {
        int h = (int)(height_mm * PX_PER_MM) + 2;
        int w = JOBS_SHEET_WIDTH - x;
        uint8_t *cov = calloc((size_t)w * (size_t)h, 1);
        eng_Mask mask = { cov, w, h, w };
        eng_Affine m = { PX_PER_MM, 0, -x0 * PX_PER_MM, 0, PX_PER_MM, 0 };
        if (!cov || eng_path_fill(s->ctx, eng_engraving_path(e), &m, ENG_FILL_NONZERO, &mask)) {
            st = fail(s, JOBS_ERR_ENGRAVE, "job sheet: cannot draw '%s'%s", text, NULL);
        } else {
            for (int j = 0; j < h && y + j < JOBS_SHEET_HEIGHT; j++) {
                uint8_t *row = s->pixels + ((size_t)(y + j) * JOBS_SHEET_WIDTH + x) * 4;
                for (int i = 0; i < w; i++) {
                    unsigned a = cov[(size_t)j * w + i];
                    for (int k = 0; k < 3; k++)     /* ink #1E1B18 over the page */
                        row[i * 4 + k] = (uint8_t)((row[i * 4 + k] * (255 - a) +
                                                    (k == 0 ? 0x1E : k == 1 ? 0x1B : 0x18) * a) / 255);
                }
            }
        }
        free(cov);
    }
    eng_engraving_free(e);
    return st;
}

/* The piece, centred in a square at the top of the page. */
static jobs_Status draw_piece(Sheet *s, const eng_Charm *charm, const model_Finish *f,
                              const eng_Engraving *e)
{
    double x0, y0, x1, y1;
    eng_charm_frame(charm, &x0, &y0, &x1, &y1);
    double scale = PIECE_BOX_PX / ((x1 - x0) > (y1 - y0) ? (x1 - x0) : (y1 - y0));
    eng_View view = { scale, (JOBS_SHEET_WIDTH - (x1 - x0) * scale) / 2 - x0 * scale,
                      PIECE_TOP_PX + (PIECE_BOX_PX - (y1 - y0) * scale) / 2 - y0 * scale };
    eng_Metal metal = { rgb(f->base_rgb), rgb(f->light_rgb), rgb(f->shade_rgb) };
    eng_Image img = { s->pixels, JOBS_SHEET_WIDTH, JOBS_SHEET_HEIGHT, JOBS_SHEET_WIDTH * 4 };
    if (eng_render_charm(s->ctx, charm, &metal, e, &view, &img) != ENG_OK)
        return fail(s, JOBS_ERR_ENGRAVE, "job sheet: cannot draw the piece: %s%s",
                    eng_errmsg(s->ctx), NULL);
    return JOBS_OK;
}

static jobs_Status draw_facts(Sheet *s, const jobs_Job *job, const model_Charm *c,
                              const model_Finish *f, const model_Font *font, int piece, int pieces)
{
    const model_Order *o = job->order;
    char v[9][LINE_MAX];
    if (pieces > 1) snprintf(v[0], LINE_MAX, "%lld, piece %d of %d", (long long)o->number, piece, pieces);
    else snprintf(v[0], LINE_MAX, "%lld", (long long)o->number);
    snprintf(v[1], LINE_MAX, "%s (%s)", c->name, c->id);
    snprintf(v[2], LINE_MAX, "%s, hallmark %s", f->name, f->hallmark);
    snprintf(v[3], LINE_MAX, "%s", font->name);
    snprintf(v[4], LINE_MAX, "%s", o->layout);
    snprintf(v[5], LINE_MAX, "%s", o->text);
    if (job->serial)
        snprintf(v[6], LINE_MAX, "%d of %d", job->serial, job->edition_size);
    else
        snprintf(v[6], LINE_MAX, "-");
    snprintf(v[7], LINE_MAX, "%s", job->slot && job->slot[0] ? job->slot : "-");
    snprintf(v[8], LINE_MAX, "%s", o->uuid);
    static const char *const labels[9] = { "Order", "Charm", "Finish", "Font", "Layout",
                                           "Text", "Serial", "Appointment", "UUID" };
    int y = PIECE_TOP_PX + PIECE_BOX_PX + 60;
    jobs_Status st = JOBS_OK;
    for (int i = 0; st == JOBS_OK && i < 9; i++, y += LINE_PITCH_PX) {
        st = draw_text(s, s->sans, labels[i], MARGIN_PX, y);
        if (st != JOBS_OK)
            break;
        if (i == 5) {   /* the engraving text, in its own font, line breaks as " / " */
            char one[LINE_MAX];
            size_t n = 0;
            for (const char *p = o->text; *p && n + 4 < sizeof one; p++) {
                if (*p == '\n') {
                    memcpy(one + n, " / ", 3);
                    n += 3;
                } else {
                    one[n++] = *p;
                }
            }
            one[n] = '\0';
            st = draw_text(s, s->order_font, one, MARGIN_PX + LABEL_WIDTH_PX, y);
        } else {
            st = draw_text(s, s->sans, v[i], MARGIN_PX + LABEL_WIDTH_PX, y);
        }
    }
    return st;
}

static jobs_Status open_font(Sheet *s, const char *data_dir, const char *file, int face,
                             eng_Font **out)
{
    char path[PATH_MAX_BYTES];
    snprintf(path, sizeof path, "%s/%s", data_dir, file);
    if (eng_font_open(s->ctx, path, face, out) != ENG_OK)
        return fail(s, JOBS_ERR_ENGRAVE, "%s: %s", path, eng_errmsg(s->ctx));
    return JOBS_OK;
}

typedef struct {
    uint8_t *data;
    size_t len, cap;
    int failed;
} Mem;

static void to_mem(void *user, void *data, int size)
{
    Mem *m = user;
    if (m->failed || size <= 0)
        return;
    if (m->len + (size_t)size > m->cap) {
        size_t cap = (m->cap ? m->cap * 2 : 1 << 16) + (size_t)size;
        uint8_t *p = realloc(m->data, cap);
        if (!p) {
            m->failed = 1;
            return;
        }
        m->data = p;
        m->cap = cap;
    }
    memcpy(m->data + m->len, data, (size_t)size);
    m->len += (size_t)size;
}

/* Encodes the sheet drawn in s->pixels as a PNG and writes it to
 * <dir>/jobsheet<suffix>.png. */
static jobs_Status write_sheet(Sheet *s, const char *dir, const char *suffix)
{
    Mem png = { NULL, 0, 0, 0 };
    char path[PATH_MAX_BYTES + 32];     /* dir + "/jobsheet-N.png" */
    jobs_Status st = JOBS_OK;
    if (!stbi_write_png_to_func(to_mem, &png, JOBS_SHEET_WIDTH, JOBS_SHEET_HEIGHT, 4, s->pixels,
                                JOBS_SHEET_WIDTH * 4) || png.failed) {
        st = fail(s, JOBS_ERR_IO, "job sheet: cannot encode the PNG%s%s", NULL, NULL);
    } else {
        snprintf(path, sizeof path, "%s/jobsheet%s.png", dir, suffix);
        if (write_atomic(path, png.data, png.len) != 0)
            st = fail(s, JOBS_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    }
    free(png.data);
    return st;
}

/* Writes one piece's files: engraving.svg and jobsheet.png for the first,
 * engraving-N.svg and jobsheet-N.png for piece N of a set. */
static jobs_Status write_piece(const char *jobs_dir, const jobs_Job *job, int piece, int pieces,
                               char *msg, size_t msglen)
{
    char suffix[16] = "";
    Sheet s = { NULL, NULL, NULL, NULL, msg, msglen };
    const model_Order *o = job->order;
    eng_Engraving *e = NULL;
    char *svg = NULL;
    size_t svg_len = 0;
    char dir[PATH_MAX_BYTES], path[PATH_MAX_BYTES + 32];   /* dir + "/engraving-N.svg" */
    jobs_Status st = JOBS_OK;
    eng_CharmShape shape;
    eng_Layout layout;

    msg[0] = '\0';
    const model_Charm *c = model_catalogue_charm(job->cat, o->charm_id);
    const model_Finish *f = model_catalogue_finish(job->cat, o->finish_id);
    const model_Font *font = model_catalogue_font(job->cat, o->font_id);
    if (!c || !f || !font)
        return fail(&s, JOBS_ERR_INPUT, "order %s: its charm, finish or font is no longer in"
                    " the catalogue%s", o->uuid, NULL);
    if (eng_charm_shape_parse(c->shape, &shape) != 0 || eng_layout_parse(o->layout, &layout) != 0)
        return fail(&s, JOBS_ERR_INPUT, "order %s: unknown shape or layout%s", o->uuid, NULL);
    if (snprintf(dir, sizeof dir, "%s/%s", jobs_dir, o->uuid) >= (int)sizeof dir)
        return fail(&s, JOBS_ERR_IO, "%s: path too long%s", jobs_dir, NULL);
    if (make_dirs(dir) != 0)
        return fail(&s, JOBS_ERR_IO, "%s: cannot create the directory: %s", dir, strerror(errno));

    s.ctx = eng_context_new();
    s.pixels = malloc((size_t)JOBS_SHEET_WIDTH * JOBS_SHEET_HEIGHT * 4);
    if (!s.ctx || !s.pixels) {
        st = fail(&s, JOBS_ERR_ENGRAVE, "out of memory%s%s", NULL, NULL);
        goto fail;
    }
    memset(s.pixels, 0xFF, (size_t)JOBS_SHEET_WIDTH * JOBS_SHEET_HEIGHT * 4);
    st = open_font(&s, job->data_dir, font->file, font->face_index, &s.order_font);
    if (st == JOBS_OK)
        st = open_font(&s, job->data_dir, JOBS_SHEET_FONT, 0, &s.sans);
    if (st != JOBS_OK)
        goto fail;

    eng_Charm charm = to_eng_charm(c, shape);
    eng_Request req = { s.order_font, font->min_height_mm, 0, layout, o->text };
    if (eng_engrave(s.ctx, &charm, &req, &e) != ENG_OK) {
        st = fail(&s, JOBS_ERR_ENGRAVE, "order %s: %s", o->uuid, eng_errmsg(s.ctx));
        goto fail;
    }
    if (eng_export_svg(s.ctx, &charm, e, &svg, &svg_len) != ENG_OK) {
        st = fail(&s, JOBS_ERR_ENGRAVE, "order %s: SVG: %s", o->uuid, eng_errmsg(s.ctx));
        goto fail;
    }
    if (piece > 1) snprintf(suffix, sizeof suffix, "-%d", piece);
    snprintf(path, sizeof path, "%s/engraving%s.svg", dir, suffix);
    if (write_atomic(path, svg, svg_len) != 0) {
        st = fail(&s, JOBS_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
        goto fail;
    }
    st = draw_piece(&s, &charm, f, e);
    if (st == JOBS_OK)
        st = draw_facts(&s, job, c, f, font, piece, pieces);
    if (st != JOBS_OK)
        goto fail;
    st = write_sheet(&s, dir, suffix);
fail:
    free(svg);
    eng_engraving_free(e);
    eng_font_free(s.sans);
    eng_font_free(s.order_font);
    eng_context_free(s.ctx);
    free(s.pixels);
    return st;
}

jobs_Status jobs_write(const char *jobs_dir, const jobs_Job *job, char *msg, size_t msglen)
{
    const model_Order *o = job->order;
    int pieces = 1 + o->n_extra;
    jobs_Status st = write_piece(jobs_dir, job, 1, pieces, msg, msglen);
    /* A set: every matching piece gets its own SVG and sheet, same order. */
    for (int i = 0; st == JOBS_OK && i < o->n_extra; i++) {
        model_Order one = *o;
        jobs_Job pj = *job;
        snprintf(one.charm_id, sizeof one.charm_id, "%s", o->extra[i].charm_id);
        snprintf(one.font_id, sizeof one.font_id, "%s", o->extra[i].font_id);
        snprintf(one.layout, sizeof one.layout, "%s", o->extra[i].layout);
        snprintf(one.text, sizeof one.text, "%s", o->extra[i].text);
        one.n_extra = 0;
        pj.order = &one;
        pj.serial = 0;              /* a set's numbered piece is its first */
        st = write_piece(jobs_dir, &pj, i + 2, pieces, msg, msglen);
    }
    return st;
}
