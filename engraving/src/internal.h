/* internal.h — what the engraving library's files share and nobody else sees.
 *
 * Visibility levels (as in curl): eng_ in engrave.h is public; Eng_ here is
 * internal to the library; static functions are file-local.
 */
#ifndef ENG_INTERNAL_H
#define ENG_INTERNAL_H

#include "engrave.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <math.h>

/* ---- context: errors, allocation hook, scratch ---------------------------- */

typedef struct { float x, y; } Eng_Pt;

struct eng_Context {
    FT_Library ft;
    char msg[320];
    int errpos;
    eng_Refusal refusal;        /* the last failure as data */
    unsigned long allocs;       /* allocations made so far */
    unsigned long fail_at;      /* allocation number that fails, 0 = none */
    /* Rasterizer scratch, kept between calls: acc is all zero between
     * eng_path_fill calls (each fill clears exactly the cells it wrote). */
    float *acc;
    size_t acc_cap;             /* floats */
    uint64_t *bits;             /* per row: one bit per 16 cells that were written */
    size_t bits_cap;            /* words */
    Eng_Pt *tpts;               /* the path's points mapped to pixels */
    size_t tpts_cap;
    uint8_t *masks;             /* render scratch */
    eng_Simd simd;              /* the rasterizer's code path, never AUTO */
    size_t masks_cap;
};

/* Which instruction sets this build can run (the choice among them is the
 * context's, at run time). SSE2 is x86-64's baseline; AVX2 code is compiled
 * with a target attribute and used only when the CPU has it; NEON is
 * aarch64's baseline. Everything else runs the portable C. */
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__)
#define ENG_HAVE_SSE2 1
#define ENG_HAVE_AVX2 1
#elif defined(__SSE2__)
#define ENG_HAVE_SSE2 1
#endif
#if defined(__aarch64__) && defined(__ARM_NEON)
#define ENG_HAVE_NEON 1
#endif

void *Eng_alloc(eng_Context *ctx, size_t n);
void *Eng_realloc(eng_Context *ctx, void *p, size_t n);
void *Eng_calloc(eng_Context *ctx, size_t n, size_t size);
/* Sets ctx's message (printf format) and errpos; returns st. */
eng_Status Eng_fail(eng_Context *ctx, eng_Status st, int pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void Eng_clear_error(eng_Context *ctx);
/* Records why the text was refused (after Eng_fail, which resets it). */
void Eng_why(eng_Context *ctx, eng_Why why, uint32_t cp, int limit, double min_height_mm);

/* ---- rasterizer (raster.c deposits, raster_sum.c sums) ----------------------- */

/* The accumulation buffer of one fill: see raster.c's banner. */
typedef struct {
    float *acc;
    uint64_t *bits;             /* NULL: dense (narrow target, no block bits) */
    int w, h, stride, words;    /* stride: cells a row; words: bit words a row */
    float fw, fh;
} Eng_Raster;

/* Cells per block bit (log2): one 4-float vector. */
#define ENG_RASTER_BLOCK_SHIFT 2
/* A full pixel's coverage in a cell: 8-bit conversion is a clamp and a
 * rounding. */
#define ENG_RASTER_FULL 255.0f

/* Turns each row's deposits into coverage in dst (w x h) by rule, with
 * ctx's code path, leaving r's cells and block bits all zero again. */
void Eng_raster_sum(const Eng_Raster *r, const eng_Mask *dst, eng_FillRule rule, eng_Simd simd);

/* ---- paths ----------------------------------------------------------------- */

enum { ENG_VERB_MOVE, ENG_VERB_LINE, ENG_VERB_QUAD, ENG_VERB_CUBIC, ENG_VERB_CLOSE };

struct eng_Path {
    eng_Context *ctx;           /* borrowed */
    uint8_t *verbs;
    Eng_Pt *pts;
    size_t nverbs, npts, cap_verbs, cap_pts;
    int open;                   /* a contour is open (move_to seen) */
};

/* Points each verb consumes. */
static inline int Eng_verb_points(uint8_t v)
{
    return v == ENG_VERB_CUBIC ? 3 : v == ENG_VERB_QUAD ? 2 : v == ENG_VERB_CLOSE ? 0 : 1;
}

/* Appends verbs [v0, v1) of src (their points start at point index p0),
 * mapped by m. */
eng_Status Eng_path_append_range(eng_Path *dst, const eng_Path *src, size_t v0,
                                 size_t v1, size_t p0, const eng_Affine *m);

/* ---- fonts ------------------------------------------------------------------ */

typedef struct {
    unsigned gid;               /* 0 = empty slot (gid 0 is never cached) */
    eng_Path *outline;          /* font units, y up */
    float x0, y0, x1, y1;       /* control box, font units */
    int empty;
} Eng_Glyph;

struct eng_Font {
    eng_Context *ctx;           /* borrowed */
    FT_Face face;
    hb_blob_t *blob;
    hb_face_t *hbface;
    hb_font_t *hb;
    int upem;
    double cap_height;          /* font units */
    double ascender, descender; /* font units, descender negative */
    char name[80];              /* family + style, for messages */
    Eng_Glyph *cache;           /* open addressing, cache_cap slots */
    size_t cache_len, cache_cap;
};

/* The outline of glyph gid, cached in the font. The font is logically const
 * for callers (a request borrows it const); the cache is a memo, mutated
 * only by the context's own thread. *out is borrowed from the font. */
eng_Status Eng_font_glyph(eng_Font *font, unsigned gid, const Eng_Glyph **out);

/* ---- text: decoding, validation, shaping ------------------------------------ */

typedef struct {
    uint32_t cp;
    int byte;                   /* offset of its first byte */
} Eng_Char;

/* Decodes and validates text (UTF-8, control characters, the caps).
 * allow_newline: '\n' separates lines. On success *chars (n entries, owned by
 * the caller) . */
eng_Status Eng_text_decode(eng_Context *ctx, const char *text, int allow_newline,
                           Eng_Char **chars, int *n);

/* Does cp count against the charm's character limit? (Marks and line breaks
 * do not.) */
int Eng_char_counts(uint32_t cp);

/* Is cp a combining mark that sits on the character before it (Unicode Mn,
 * Me)? */
int Eng_char_is_mark(uint32_t cp);

typedef struct {
    unsigned gid;
    int char_index;             /* 0-based index in the decoded characters */
    double x_adv, y_adv, x_off, y_off;  /* font units, HarfBuzz convention */
} Eng_ShapedGlyph;

/* Shapes text[b0, b1) (one line: no '\n') with the font, horizontal or
 * top-to-bottom. Glyphs are appended to *out (grown with ctx). A glyph the
 * font lacks is refused with ENG_ERR_GLYPH naming the character. */
eng_Status Eng_shape(eng_Context *ctx, const eng_Font *font, const char *text,
                     const Eng_Char *chars, int nchars, int c0, int c1,
                     int vertical, Eng_ShapedGlyph **out, int *nout, int *cap);

/* ---- layouts ---------------------------------------------------------------- */

/* A glyph placed on the charm: font units (y up) -> charm mm (y down). */
typedef struct {
    unsigned gid;
    int char_index;
    eng_Affine m;
    double angle;
} Eng_Placed;

/* What a layout works from: the shaped lines, the font and the charm. */
typedef struct {
    eng_Context *ctx;
    const eng_Charm *charm;
    eng_Font *font;
    const Eng_Char *chars;      /* the decoded text (for monogram initials) */
    int nchars;
    const Eng_ShapedGlyph *glyphs;
    int nglyphs;
    const int *line_start;      /* nlines + 1 glyph indices */
    int nlines;
} Eng_LayoutIn;

/* Places the glyphs at character height h (mm) into out (nglyphs entries) and
 * says whether it fits the charm: 1 fits, 0 does not, <0 an eng_Status error. */
typedef int (*Eng_LayoutFn)(const Eng_LayoutIn *in, double h, Eng_Placed *out);
/* Largest character height the layout can use on this charm. */
typedef double (*Eng_LayoutMaxFn)(const Eng_LayoutIn *in);

int Eng_layout_line(const Eng_LayoutIn *in, double h, Eng_Placed *out);
double Eng_layout_line_max(const Eng_LayoutIn *in);
int Eng_layout_arc_top(const Eng_LayoutIn *in, double h, Eng_Placed *out);
int Eng_layout_arc_bottom(const Eng_LayoutIn *in, double h, Eng_Placed *out);
double Eng_layout_arc_max(const Eng_LayoutIn *in);
int Eng_layout_monogram(const Eng_LayoutIn *in, double h, Eng_Placed *out);
double Eng_layout_monogram_max(const Eng_LayoutIn *in);
int Eng_layout_vertical(const Eng_LayoutIn *in, double h, Eng_Placed *out);
double Eng_layout_vertical_max(const Eng_LayoutIn *in);

/* Shared by layouts: is glyph g, placed by m, inside the rectangle (mm)?
 * 1 yes, 0 no, <0 error. Empty glyphs always fit. */
int Eng_glyph_in_rect(const Eng_LayoutIn *in, unsigned gid, const eng_Affine *m,
                      double x0, double y0, double x1, double y1);
/* The four corners of glyph gid's control box, mapped by m (a rotated
 * rectangle). 0 if empty, 1 if not, <0 error. */
int Eng_glyph_corners(const Eng_LayoutIn *in, unsigned gid, const eng_Affine *m,
                      double xs[4], double ys[4]);
/* Transformed control box of glyph gid; 0 if empty, 1 if not, <0 error. */
int Eng_glyph_box(const Eng_LayoutIn *in, unsigned gid, const eng_Affine *m,
                  double *x0, double *y0, double *x1, double *y1);

/* Font units (y up) of a glyph -> charm mm (y down): scale s mm per unit,
 * rotated clockwise on screen by angle, origin at (x, y) mm. */
static inline eng_Affine Eng_glyph_affine(double s, double angle, double x, double y)
{
    double c = cos(angle), sn = sin(angle);
    eng_Affine m;
    m.xx = s * c; m.xy = s * sn; m.tx = x;
    m.yx = s * sn; m.yy = -s * c; m.ty = y;
    return m;
}

#define ENG_ARC_MAX_SPAN_DEG 150.0   /* an arc engraving spans at most this */

/* ---- engravings ------------------------------------------------------------- */

struct eng_Engraving {
    eng_Context *ctx;
    double height_mm;
    eng_Path *path;             /* all glyphs, charm mm */
    size_t nglyphs;
    eng_GlyphInfo *info;
    size_t *verb_start;         /* nglyphs + 1: glyph i is verbs [s[i], s[i+1]) */
    size_t *pt_start;           /* nglyphs + 1 */
};

/* ---- charm geometry (charm_shapes.c) ----------------------------------------- */

typedef struct {
    double cx, cy, r;           /* mm */
} Eng_Circle;

/* Holes of the charm (1 or 2) and the jump rings through them. */
int Eng_charm_holes(const eng_Charm *charm, Eng_Circle holes[2], Eng_Circle rings[2],
                    double *wire);
/* The body outline inset by `inset` mm (0 = the body), hole excluded. */
eng_Status Eng_charm_body(const eng_Charm *charm, double inset, eng_Path *out);
/* The soft shadow: offset and blur radius, mm. */
void Eng_charm_shadow(const eng_Charm *charm, double *dx, double *dy, double *blur);
/* Does the charm look sane (finite, positive, not absurd)? */
int Eng_charm_valid(const eng_Charm *charm);

#endif
