/* engrave.h — the engraving library: text on a charm, in millimetres.
 *
 * Concepts
 *   charm      a piece of jewellery with an outline (disc, heart, bar...) and an
 *              engravable rectangle, all in millimetres, origin at the charm's
 *              top-left, y pointing down.
 *   font       a face FreeType can read (TTF, OTF/CFF, a face of a TTC).
 *   request    text + font + layout + the font's minimum character height (mm):
 *              below that height the atelier cannot engrave it cleanly.
 *   engraving  the shaped (HarfBuzz) and laid-out glyph outlines, in charm mm.
 *              It is what the customer sees and what the engraver receives.
 *   view       how millimetres map to pixels: px = origin + mm * px_per_mm.
 *   image      caller-owned RGBA pixels (bytes R,G,B,A; straight alpha), the
 *              same memory layout as SDL_PIXELFORMAT_RGBA32.
 *
 * Rules
 *   - No globals; one eng_Context per thread. Fonts and engravings made with a
 *     context are used with that context only.
 *   - Every function returns an eng_Status; the human message of the last
 *     failure is eng_errmsg(ctx), written in the customer's words ("too long
 *     for the Heart charm: at 1.2 mm minimum height it fits 9 characters").
 *   - Nothing aborts: out-of-memory is ENG_ERR_NOMEM.
 *   - Pointers given to a function are borrowed for the call unless the
 *     comment says otherwise; free functions accept NULL.
 *   - No environment variable is read. What varies per machine is a context
 *     option: the rasterizer's code path (eng_context_set_simd) is the best
 *     the CPU has unless the caller picks another.
 *
 * Architectures
 *   Any with a C11 compiler: the rasterizer has a portable C path, plus SSE2
 *   (and AVX2, chosen at run time) on x86-64 and NEON on aarch64. The
 *   portable, SSE2 and NEON paths draw the same bytes; AVX2 at most one
 *   level (of 255) apart on a pixel. `make test` runs the unit tests on
 *   x86-64 for every path and, cross-built, under qemu-aarch64.
 *
 * Example
 *   eng_Context *ctx = eng_context_new();
 *   eng_Font *serif;
 *   if (eng_font_open(ctx, "assets/fonts/EBGaramond12-Regular.otf", 0, &serif))
 *       fail(eng_errmsg(ctx));
 *   eng_Charm disc = { "Round Disc", ENG_CHARM_DISC, 20, 20, 4, 6, 12, 8, 12 };
 *   eng_Request req = { serif, 1.2, 0, ENG_LAYOUT_LINE, "Léa" };
 *   eng_Engraving *e;
 *   if (eng_engrave(ctx, &disc, &req, &e)) show_inline(eng_errmsg(ctx));
 *   eng_View view = { 40.0, 10, 10 };                     // 40 px per mm
 *   eng_render_charm(ctx, &disc, &yellow_gold, e, &view, &image);
 *   eng_engraving_free(e); eng_font_free(serif); eng_context_free(ctx);
 */
#ifndef ENGRAVE_H
#define ENGRAVE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    ENG_OK = 0,
    ENG_ERR_NOMEM,     /* an allocation failed */
    ENG_ERR_IO,        /* a file could not be read or written */
    ENG_ERR_FONT,      /* not a font FreeType can read, or no such face */
    ENG_ERR_ARG,       /* a bad parameter: NULL, NaN, negative or absurd size */
    ENG_ERR_UTF8,      /* the text is not valid UTF-8 */
    ENG_ERR_CONTROL,   /* the text holds a control character */
    ENG_ERR_GLYPH,     /* the font has no glyph for a character */
    ENG_ERR_TOO_LONG,  /* the text does not fit at the minimum height, or is
                          over the charm's character limit */
    ENG_ERR_LIMIT      /* a hard cap was reached (ENG_MAX_*) */
} eng_Status;

/* Hard caps, named in one place. */
#define ENG_MAX_TEXT_BYTES   256    /* UTF-8 bytes of one engraving */
/* Combining marks (Unicode Mn, Me) one character may carry: Vietnamese
 * stacks two (e + dot below + circumflex); more is not writing. Of those,
 * the marks the font leaves as glyphs of their own (it has no precomposed
 * form) stack above one another: one is an accent, two are a tower. */
#define ENG_MAX_MARKS        2
#define ENG_MAX_LOOSE_MARKS  1
#define ENG_MAX_IMAGE_SIDE   8192   /* pixels, either side of an eng_Image */

/* ---- context ---------------------------------------------------------- */

typedef struct eng_Context eng_Context;

/* Creates a context (FreeType library, scratch buffers) that rasterizes
 * with the fastest code path this build and CPU have (ENG_SIMD_AUTO). NULL
 * on OOM. */
eng_Context *eng_context_new(void);
void eng_context_free(eng_Context *ctx);

/* The rasterizer's code paths. Every path computes the same coverage:
 * PORTABLE, SSE2 and NEON give the same bytes (the same float sums in the
 * same order); AVX2 groups its prefix sums 8 cells at a time and may differ
 * from them by one level (of 255) on a pixel whose coverage is a rounding
 * tie. The metal render follows the same choice, with the same results. */
typedef enum {
    ENG_SIMD_AUTO = 0,      /* the fastest available: AVX2 > SSE2 > NEON > PORTABLE */
    ENG_SIMD_PORTABLE,      /* plain C, every architecture */
    ENG_SIMD_SSE2,          /* x86-64 builds */
    ENG_SIMD_AVX2,          /* x86-64 builds on a CPU with AVX2 (narrow targets;
                               wide ones use SSE2) */
    ENG_SIMD_NEON           /* aarch64 builds */
} eng_Simd;

/* Chooses ctx's code path. ENG_ERR_ARG (message on ctx) when this build or
 * CPU does not have it or simd is not an eng_Simd; the path in use is then
 * unchanged. The choice is per context: the library reads no environment. */
eng_Status eng_context_set_simd(eng_Context *ctx, eng_Simd simd);

/* The path ctx uses (never ENG_SIMD_AUTO). */
eng_Simd eng_context_simd(const eng_Context *ctx);

/* Whether this build and CPU have the path (AUTO and PORTABLE: always). */
int eng_simd_available(eng_Simd simd);

/* "auto", "portable", "sse2", "avx2", "neon"; NULL for anything else.
 * Static storage. eng_simd_parse is the reverse (ENG_ERR_ARG for an
 * unknown name; *out untouched). */
const char *eng_simd_name(eng_Simd simd);
eng_Status eng_simd_parse(const char *name, eng_Simd *out);

/* Message of the last failure on ctx, "" if none. Borrowed: valid until the
 * next call on ctx. */
const char *eng_errmsg(const eng_Context *ctx);

/* 1-based character position (not byte) in the request text of the last
 * text failure (ENG_ERR_UTF8, _CONTROL, _GLYPH), or 0 when none applies. */
int eng_errpos(const eng_Context *ctx);

/* Why a text was refused, as data, so that an application can say it in its
 * customer's language (eng_errmsg is English, for logs and tools). */
typedef enum {
    ENG_WHY_NONE = 0,       /* not a refusal of the text: see eng_errmsg */
    ENG_WHY_BAD_UTF8,       /* pos: the broken character */
    ENG_WHY_LINE_BREAK,     /* pos: a line break in a single-line layout */
    ENG_WHY_CONTROL,        /* pos, cp: a control character */
    ENG_WHY_NO_GLYPH,       /* pos, cp: the font lacks this character */
    ENG_WHY_OVER_LIMIT,     /* limit: the charm's character limit */
    ENG_WHY_DOES_NOT_FIT,   /* limit: characters that fit at min_height_mm */
    ENG_WHY_NOTHING_FITS,   /* not one character fits at min_height_mm */
    ENG_WHY_TOO_MANY_LINES, /* limit: lines allowed */
    ENG_WHY_MONOGRAM,       /* limit: initials given (a monogram takes 3) */
    ENG_WHY_TEXT_BYTES,     /* limit: ENG_MAX_TEXT_BYTES */
    ENG_WHY_BIDI,           /* pos, cp: a bidirectional embedding, override or
                               isolate control (U+202A-U+202E, U+2066-U+2069):
                               it would reorder what the atelier reads */
    ENG_WHY_INVISIBLE,      /* the text is only blank or invisible characters
                               (spaces, no-break space, zero-width space, BOM):
                               nothing would be engraved */
    ENG_WHY_STACKED_MARKS   /* pos, cp (the base character), limit: more combining
                               marks on one character than ENG_MAX_MARKS, or more
                               than ENG_MAX_LOOSE_MARKS the font leaves uncomposed */
} eng_Why;

typedef struct {
    eng_Why why;
    int pos;                /* 1-based character, 0 when none applies */
    uint32_t cp;            /* the offending character, 0 when none */
    int limit;              /* see eng_Why */
    double min_height_mm;   /* the height the fit was tried at */
} eng_Refusal;

/* The last failure on ctx as data; why is ENG_WHY_NONE after a success or
 * a failure that is not about the text. Borrowed, like eng_errmsg. */
const eng_Refusal *eng_refusal(const eng_Context *ctx);

/* ---- fonts -------------------------------------------------------------- */

typedef struct eng_Font eng_Font;

/* Opens face `face_index` of the font file at `path`. On success *out owns the
 * face (free it with eng_font_free, before the context). ENG_ERR_IO when the
 * file cannot be read (missing, a directory), ENG_ERR_FONT when it is not a
 * font or has no such face. */
eng_Status eng_font_open(eng_Context *ctx, const char *path, int face_index,
                         eng_Font **out);
void eng_font_free(eng_Font *font);

/* ---- charms ------------------------------------------------------------- */

typedef enum {
    ENG_CHARM_DISC,    /* round disc, width = height = diameter */
    ENG_CHARM_HEART,
    ENG_CHARM_BAR,     /* long rounded rectangle, landscape */
    ENG_CHARM_TAG,     /* rectangle with clipped top corners */
    ENG_CHARM_OVAL,    /* oval locket */
    ENG_CHARM_DOGTAG   /* military dog tag: rounded rectangle, notched */
} eng_CharmShape;

/* Parses "disc", "heart", "bar", "tag", "oval", "dogtag". 0 ok, -1 unknown. */
int eng_charm_shape_parse(const char *name, eng_CharmShape *out);

typedef struct {
    const char *name;               /* for messages: "the Heart charm" */
    eng_CharmShape shape;
    double width_mm, height_mm;     /* the body, without the jump ring */
    double area_x_mm, area_y_mm;    /* engravable rectangle, from top-left */
    double area_w_mm, area_h_mm;
    int max_chars;                  /* catalogue limit, 0 = none */
} eng_Charm;

/* The box (mm, charm coordinates) that eng_render_charm may paint: the body,
 * the jump ring above it and the soft shadow. Use it to frame a view. */
void eng_charm_frame(const eng_Charm *charm, double *x0, double *y0,
                     double *x1, double *y1);

/* ---- engraving ---------------------------------------------------------- */

typedef enum {
    ENG_LAYOUT_LINE,        /* centred lines ('\n' separates them) */
    ENG_LAYOUT_ARC_TOP,     /* along a circular arc, top of a round charm */
    ENG_LAYOUT_ARC_BOTTOM,
    ENG_LAYOUT_MONOGRAM,    /* three initials, the middle one larger */
    ENG_LAYOUT_VERTICAL     /* top to bottom (CJK on a bar) */
} eng_Layout;

/* Parses "line", "arc-top", "arc-bottom", "monogram", "vertical". 0 ok, -1. */
int eng_layout_parse(const char *name, eng_Layout *out);

typedef struct {
    const eng_Font *font;     /* borrowed */
    double min_height_mm;     /* engravability floor for the character height */
    double max_height_mm;     /* preferred ceiling; 0 = as large as fits */
    eng_Layout layout;
    const char *text;         /* UTF-8, borrowed */
} eng_Request;

typedef struct eng_Engraving eng_Engraving;
typedef struct eng_Path eng_Path;  /* see "paths" below */

/* Validates, shapes and lays out req->text on the charm, auto-sizing down to
 * req->min_height_mm. Empty text gives an empty engraving (ENG_OK). On
 * success *out is owned by the caller. On refusal *out is NULL, the status
 * says which class of problem, eng_errmsg() says it in the customer's words
 * and eng_errpos() points at the offending character when there is one. */
eng_Status eng_engrave(eng_Context *ctx, const eng_Charm *charm,
                       const eng_Request *req, eng_Engraving **out);
void eng_engraving_free(eng_Engraving *e);

/* Character height chosen by the layout, in mm (0 for an empty engraving). */
double eng_engraving_height_mm(const eng_Engraving *e);

/* ---- rendering ---------------------------------------------------------- */

typedef struct { uint8_t r, g, b; } eng_Rgb;

/* A finish's polished-metal look: body colour, highlight and shade. */
typedef struct { eng_Rgb base, light, shade; } eng_Metal;

typedef struct {
    uint8_t *pixels;          /* borrowed, width*height, stride bytes a row */
    int width, height, stride;
} eng_Image;

typedef struct {
    double px_per_mm;
    double origin_x, origin_y; /* pixel where charm (0,0) mm lands */
} eng_View;

/* Draws the charm in the metal, with the engraving (may be NULL) cut into it
 * as a groove, composited source-over onto dst. Drawn by our rasterizer. */
eng_Status eng_render_charm(eng_Context *ctx, const eng_Charm *charm,
                            const eng_Metal *metal, const eng_Engraving *e,
                            const eng_View *view, eng_Image *dst);

/* ---- production export -------------------------------------------------- */

/* Writes an SVG in millimetres (viewBox in mm): the charm's outline on its own
 * layer, one filled <path> per glyph. *svg_out is transferred to the caller
 * (free()), NUL-terminated, *len_out bytes without the NUL. */
eng_Status eng_export_svg(eng_Context *ctx, const eng_Charm *charm,
                          const eng_Engraving *e, char **svg_out,
                          size_t *len_out);

/* ==== additions below: lower-level API used by the tools, tests and bench ===
 * Everything above this line is the kiosk's contract and is unchanged. */

/* More hard caps (all of them live here, in one place). */
#define ENG_MAX_SVG_BYTES    (4u << 20)   /* one production SVG */
#define ENG_MAX_PATH_POINTS  (1u << 20)   /* points of one eng_Path */
#define ENG_MAX_LINES        16           /* lines (or columns) of one engraving */
#define ENG_MAX_FONT_BYTES   (64u << 20)  /* font file size */
#define ENG_MAX_SEGMENTS     (1u << 22)   /* flattened line segments of one fill */
#define ENG_MAX_CURVE_STEPS  1024         /* lines one curve may flatten into */
#define ENG_MAX_CACHED_GLYPHS 4096        /* glyph outlines cached per font */

/* Why a cap on text bytes but also on characters: ENG_MAX_TEXT_BYTES keeps
 * shaping bounded; the catalogue's max_chars is the customer-facing limit. */

/* Character height definition: the height of a capital letter (the font's
 * cap height, OS/2 sCapHeight or the height of "H"), in mm. The minimum,
 * maximum and eng_engraving_height_mm() all use it, for every layout. In a
 * monogram it is the height of the two smaller initials; the middle one is
 * ENG_MONOGRAM_RATIO times taller. */
#define ENG_MONOGRAM_RATIO   1.5

/* ---- glyphs of an engraving (for tests, the kiosk's caret, exports) ------ */

typedef struct {
    unsigned glyph_id;          /* in the request's font */
    int char_pos;               /* 1-based character of the text it draws */
    double origin_x, origin_y;  /* mm: the glyph's pen position on its baseline */
    double angle;               /* radians, clockwise on screen; 0 = upright */
    double scale;               /* mm per font unit */
    double x0, y0, x1, y1;      /* mm: bounding box of the placed outline */
} eng_GlyphInfo;

/* Number of placed glyphs (spaces included, they have an empty box). */
size_t eng_engraving_glyph_count(const eng_Engraving *e);
/* Copies glyph i (0-based) to *out. ENG_ERR_ARG if i is out of range. */
eng_Status eng_engraving_glyph(const eng_Engraving *e, size_t i,
                               eng_GlyphInfo *out);
/* All glyph outlines of e, in charm mm (fill non-zero). Borrowed from e. */
const eng_Path *eng_engraving_path(const eng_Engraving *e);
/* Bounding box of all glyph outlines, in charm mm. 0 if empty, 1 otherwise. */
int eng_engraving_bounds(const eng_Engraving *e, double *x0, double *y0,
                         double *x1, double *y1);

/* ---- paths ---------------------------------------------------------------- */

/* x' = xx*x + xy*y + tx ; y' = yx*x + yy*y + ty */
typedef struct { double xx, xy, tx, yx, yy, ty; } eng_Affine;

static inline eng_Affine eng_affine_identity(void)
{
    eng_Affine m = { 1, 0, 0, 0, 1, 0 };
    return m;
}

/* a then b: the result maps p to b(a(p)). */
eng_Affine eng_affine_then(eng_Affine a, eng_Affine b);



/* A path of contours (move, line, quadratic, cubic, close), float points.
 * Allocation goes through ctx (and its test hook); NULL on OOM. The path
 * keeps ctx borrowed and must be freed before it. */
eng_Path *eng_path_new(eng_Context *ctx);
void eng_path_free(eng_Path *p);
void eng_path_clear(eng_Path *p);
/* Each returns ENG_ERR_NOMEM, ENG_ERR_LIMIT (ENG_MAX_PATH_POINTS) or
 * ENG_ERR_ARG (non-finite coordinates). A segment without a current point
 * starts a contour at its first point. */
eng_Status eng_path_move_to(eng_Path *p, double x, double y);
eng_Status eng_path_line_to(eng_Path *p, double x, double y);
eng_Status eng_path_quad_to(eng_Path *p, double cx, double cy, double x, double y);
eng_Status eng_path_cubic_to(eng_Path *p, double c1x, double c1y,
                             double c2x, double c2y, double x, double y);
eng_Status eng_path_close(eng_Path *p);
/* Appends src transformed by m (NULL = identity) to dst. */
eng_Status eng_path_append(eng_Path *dst, const eng_Path *src, const eng_Affine *m);
/* Control box of the points. 0 if the path is empty, 1 otherwise. */
int eng_path_bounds(const eng_Path *p, double *x0, double *y0, double *x1, double *y1);
/* Circle, ellipse and rounded rectangle as cubic contours, clockwise on
 * screen (y down) when ccw = 0. */
eng_Status eng_path_ellipse(eng_Path *p, double cx, double cy, double rx, double ry, int ccw);
eng_Status eng_path_round_rect(eng_Path *p, double x, double y, double w, double h,
                               double r, int ccw);

/* ---- the rasterizer ----------------------------------------------------- */

typedef enum { ENG_FILL_NONZERO, ENG_FILL_EVENODD } eng_FillRule;

/* 8-bit coverage: 0 = outside, 255 = fully covered. Caller-owned. */
typedef struct {
    uint8_t *pixels;
    int width, height, stride;
} eng_Mask;

/* Rasterizes path, mapped by m (NULL = identity) into pixel coordinates
 * (pixel (i,j) is the square [i,i+1)x[j,j+1)), into dst: every pixel of dst
 * is overwritten with its exact covered area. Curves are flattened to
 * about ENG_FLATTEN_TOLERANCE px (ftgrays's rules). Outside dst is clipped. */
#define ENG_FLATTEN_TOLERANCE 0.0625
eng_Status eng_path_fill(eng_Context *ctx, const eng_Path *path,
                         const eng_Affine *m, eng_FillRule rule, eng_Mask *dst);

/* The charm's body outline (hole included, fill with non-zero) and its jump
 * ring(s), in charm mm, appended to body and ring (either may be NULL). */
eng_Status eng_charm_outline(const eng_Charm *charm, eng_Path *body, eng_Path *ring);

/* ---- font files ---------------------------------------------------------- */

/* Sets *n to the number of faces in the font file at `path` (1 for a TTF or
 * OTF, N for a collection), without keeping anything open. ENG_ERR_IO when
 * the file cannot be read (missing, a directory: eng_errmsg says which),
 * ENG_ERR_LIMIT over ENG_MAX_FONT_BYTES, ENG_ERR_FONT when it is not a font
 * file. For checking a catalogue before it is used. */
eng_Status eng_font_face_count(eng_Context *ctx, const char *path, int *n);

/* ---- testing hooks ------------------------------------------------------ */

/* Makes the n-th allocation from now on ctx fail (1 = the next), 0 = never.
 * Returns the number of allocations made on ctx so far. For tests. */
unsigned long eng_context_fail_alloc_after(eng_Context *ctx, unsigned long n);

#endif
