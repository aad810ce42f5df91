/* shape.c — HarfBuzz shaping of one line (or column) of the text: kerning,
 * ligatures, combining marks, right-to-left scripts, vertical CJK. Positions
 * come back in font units (the HarfBuzz font is scaled to units per em). */
#include "internal.h"

#include <stdlib.h>

/* Index of the character starting at byte b (largest start <= b). */
static int char_at_byte(const Eng_Char *chars, int n, int b)
{
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (chars[mid].byte <= b) lo = mid; else hi = mid - 1;
    }
    return lo;
}

/* Writes the UTF-8 of cp to buf (at least 5 bytes), NUL-terminated. */
static void utf8_of(uint32_t cp, char *buf)
{
    if (cp < 0x80) {
        buf[0] = (char)cp; buf[1] = 0;
    } else if (cp < 0x800) {
        buf[0] = (char)(0xc0 | (cp >> 6)); buf[1] = (char)(0x80 | (cp & 0x3f)); buf[2] = 0;
    } else if (cp < 0x10000) {
        buf[0] = (char)(0xe0 | (cp >> 12)); buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        buf[2] = (char)(0x80 | (cp & 0x3f)); buf[3] = 0;
    } else {
        buf[0] = (char)(0xf0 | (cp >> 18)); buf[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        buf[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); buf[3] = (char)(0x80 | (cp & 0x3f));
        buf[4] = 0;
    }
}

/* The glyph at cluster position `ci` is .notdef: name the culprit, the first
 * character of the cluster the font cannot map (a mark may be the one). */
static eng_Status missing(eng_Context *ctx, const eng_Font *font, const Eng_Char *chars,
                          int ci, int cend)
{
    int k = ci;
    char u[8];
    hb_codepoint_t g;
    for (; k < cend; k++)
        if (!hb_font_get_nominal_glyph(font->hb, chars[k].cp, &g))
            break;
    if (k == cend)
        k = ci;
    utf8_of(chars[k].cp, u);
    Eng_fail(ctx, ENG_ERR_GLYPH, k + 1, "\"%s\" (character %d) is not available in the %s font",
             u, k + 1, font->name);
    Eng_why(ctx, ENG_WHY_NO_GLYPH, chars[k].cp, 0, 0);
    return ENG_ERR_GLYPH;
}

eng_Status Eng_shape(eng_Context *ctx, const eng_Font *font, const char *text,
                     const Eng_Char *chars, int nchars, int c0, int c1,
                     int vertical, Eng_ShapedGlyph **out, int *nout, int *cap)
{
    hb_buffer_t *buf = NULL;
    hb_glyph_info_t *gi;
    hb_glyph_position_t *gp;
    unsigned n, i;
    eng_Status st = ENG_OK;
    if (c1 <= c0)
        return ENG_OK;
    buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(buf)) {
        st = Eng_fail(ctx, ENG_ERR_NOMEM, 0, "out of memory");
        goto fail;
    }
    /* The whole text is context (for Arabic joining across the cut); only
     * [c0, c1) is shaped. */
    hb_buffer_add_utf8(buf, text, chars[nchars].byte, (unsigned)chars[c0].byte,
                       chars[c1].byte - chars[c0].byte);
    if (vertical)
        hb_buffer_set_direction(buf, HB_DIRECTION_TTB);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(font->hb, buf, NULL, 0);
    if (!hb_buffer_allocation_successful(buf)) {
        st = Eng_fail(ctx, ENG_ERR_NOMEM, 0, "out of memory");
        goto fail;
    }
    gi = hb_buffer_get_glyph_infos(buf, &n);
    gp = hb_buffer_get_glyph_positions(buf, &n);
    if (*nout + (int)n > *cap) {
        int ncap = *cap ? *cap : 64;
        Eng_ShapedGlyph *g;
        while (ncap < *nout + (int)n)
            ncap *= 2;
        g = Eng_realloc(ctx, *out, (size_t)ncap * sizeof *g);
        if (!g) {
            st = Eng_fail(ctx, ENG_ERR_NOMEM, 0, "out of memory");
            goto fail;
        }
        *out = g;
        *cap = ncap;
    }
    for (i = 0; i < n; i++) {
        Eng_ShapedGlyph *g = *out + *nout + (int)i;
        int ci = char_at_byte(chars, nchars, (int)gi[i].cluster);
        if (gi[i].codepoint == 0) {
            /* The cluster ends where the next cluster (in logical order)
             * begins; scan at most to the end of the line. */
            st = missing(ctx, font, chars, ci, c1);
            goto fail;
        }
        g->gid = gi[i].codepoint;
        g->char_index = ci;
        g->x_adv = gp[i].x_advance;
        g->y_adv = gp[i].y_advance;
        g->x_off = gp[i].x_offset;
        g->y_off = gp[i].y_offset;
    }
    *nout += (int)n;
fail:
    hb_buffer_destroy(buf);
    return st;
}
