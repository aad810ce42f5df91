/* font.c — faces through FreeType (outlines, unhinted, in font units) and the
 * matching HarfBuzz font for shaping. Glyph outlines are cached per font. */
#include "internal.h"

#include FT_OUTLINE_H
#include FT_TRUETYPE_TABLES_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The file at path is a regular file FreeType may read: missing, a
 * directory and too large are each said in their own words. */
static eng_Status check_file(eng_Context *ctx, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return Eng_fail(ctx, ENG_ERR_IO, 0, "cannot read the font file %s: %s", path,
                        strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return Eng_fail(ctx, ENG_ERR_IO, 0, "%s is a directory, not a font file", path);
    if (!S_ISREG(sb.st_mode))
        return Eng_fail(ctx, ENG_ERR_IO, 0, "%s is not a regular file", path);
    if ((unsigned long long)sb.st_size > ENG_MAX_FONT_BYTES)
        return Eng_fail(ctx, ENG_ERR_LIMIT, 0, "the font file %s is too large", path);
    return ENG_OK;
}

eng_Status eng_font_face_count(eng_Context *ctx, const char *path, int *n)
{
    FT_Face face = NULL;
    eng_Status st;
    if (!ctx)
        return ENG_ERR_ARG;
    Eng_clear_error(ctx);
    if (!path || !n)
        return Eng_fail(ctx, ENG_ERR_ARG, 0, "no font file given");
    *n = 0;
    st = check_file(ctx, path);
    if (st)
        return st;
    /* Face index -1: FreeType only reads how many faces the file holds. */
    if (FT_New_Face(ctx->ft, path, -1, &face) || !face)
        return Eng_fail(ctx, ENG_ERR_FONT, 0, "%s is not a font file", path);
    *n = face->num_faces > 0 ? (int)face->num_faces : 0;
    FT_Done_Face(face);
    if (*n == 0)
        return Eng_fail(ctx, ENG_ERR_FONT, 0, "%s holds no font face", path);
    return ENG_OK;
}


static double cap_height_of(FT_Face face)
{
    TT_OS2 *os2 = FT_Get_Sfnt_Table(face, FT_SFNT_OS2);
    FT_UInt h = FT_Get_Char_Index(face, 'H');
    if (os2 && os2->version >= 2 && os2->sCapHeight > 0)
        return os2->sCapHeight;
    if (h && !FT_Load_Glyph(face, h, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING)) {
        FT_BBox box;
        FT_Outline_Get_CBox(&face->glyph->outline, &box);
        if (box.yMax > 0)
            return (double)box.yMax;
    }
    /* No Latin capital: take 70% of the em, a usual cap height. */
    return 0.7 * face->units_per_EM;
}

eng_Status eng_font_open(eng_Context *ctx, const char *path, int face_index,
                         eng_Font **out)
{
    eng_Font *f = NULL;
    eng_Status st;
    if (!ctx)
        return ENG_ERR_ARG;
    Eng_clear_error(ctx);
    if (!path || !out || face_index < 0 || face_index > 0xffff)
        return Eng_fail(ctx, ENG_ERR_ARG, 0, "no font file or face given");
    *out = NULL;
    st = check_file(ctx, path);
    if (st)
        return st;
    f = Eng_calloc(ctx, 1, sizeof *f);
    if (!f)
        return Eng_fail(ctx, ENG_ERR_NOMEM, 0, "out of memory");
    f->ctx = ctx;
    if (FT_New_Face(ctx->ft, path, face_index, &f->face) || !f->face) {
        f->face = NULL;
        st = Eng_fail(ctx, ENG_ERR_FONT, 0, "%s is not a font we can read (face %d)",
                      path, face_index);
        goto fail;
    }
    if (!FT_IS_SCALABLE(f->face) || f->face->units_per_EM < 16) {
        st = Eng_fail(ctx, ENG_ERR_FONT, 0, "%s has no outlines to engrave", path);
        goto fail;
    }
    f->blob = hb_blob_create_from_file_or_fail(path);
    if (!f->blob) {
        st = Eng_fail(ctx, ENG_ERR_IO, 0, "cannot read the font file %s", path);
        goto fail;
    }
    f->hbface = hb_face_create(f->blob, (unsigned)face_index);
    f->hb = hb_font_create(f->hbface);
    if (!f->hb || hb_face_get_glyph_count(f->hbface) == 0) {
        st = Eng_fail(ctx, ENG_ERR_FONT, 0, "%s is not a font we can shape", path);
        goto fail;
    }
    f->upem = f->face->units_per_EM;
    /* Shape in font units: positions come back unscaled and unhinted. */
    hb_font_set_scale(f->hb, f->upem, f->upem);
    f->cap_height = cap_height_of(f->face);
    f->ascender = f->face->ascender;
    f->descender = f->face->descender;
    if (f->ascender <= f->descender) {
        f->ascender = 0.8 * f->upem;
        f->descender = -0.2 * f->upem;
    }
    snprintf(f->name, sizeof f->name, "%s%s%s",
             f->face->family_name ? f->face->family_name : "this font",
             f->face->style_name && strcmp(f->face->style_name, "Regular") ? " " : "",
             f->face->style_name && strcmp(f->face->style_name, "Regular") ? f->face->style_name : "");
    *out = f;
    return ENG_OK;
fail:
    eng_font_free(f);
    return st;
}

void eng_font_free(eng_Font *font)
{
    size_t i;
    if (!font)
        return;
    for (i = 0; i < font->cache_cap; i++)
        eng_path_free(font->cache[i].outline);
    free(font->cache);
    hb_font_destroy(font->hb);
    hb_face_destroy(font->hbface);
    hb_blob_destroy(font->blob);
    if (font->face)
        FT_Done_Face(font->face);
    free(font);
}

/* FreeType outline decomposition into an eng_Path (font units, y up). */
static int dec_move(const FT_Vector *to, void *u)
{
    if (eng_path_close(u) != ENG_OK)
        return 1;
    return eng_path_move_to(u, to->x, to->y) != ENG_OK;
}

static int dec_line(const FT_Vector *to, void *u)
{
    return eng_path_line_to(u, to->x, to->y) != ENG_OK;
}

static int dec_conic(const FT_Vector *c, const FT_Vector *to, void *u)
{
    return eng_path_quad_to(u, c->x, c->y, to->x, to->y) != ENG_OK;
}

static int dec_cubic(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *u)
{
    return eng_path_cubic_to(u, c1->x, c1->y, c2->x, c2->y, to->x, to->y) != ENG_OK;
}

static eng_Status load_outline(eng_Font *font, unsigned gid, eng_Path *p)
{
    static const FT_Outline_Funcs funcs = { dec_move, dec_line, dec_conic, dec_cubic, 0, 0 };
    FT_Outline *o;
    if (FT_Load_Glyph(font->face, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP))
        return ENG_ERR_FONT;
    if (font->face->glyph->format != FT_GLYPH_FORMAT_OUTLINE)
        return ENG_OK;
    o = &font->face->glyph->outline;
    if (FT_Outline_Decompose(o, &funcs, p))
        return ENG_ERR_NOMEM;
    /* Decompose leaves the last contour open; exports want it closed. */
    return eng_path_close(p);
}

static size_t slot_of(const eng_Font *font, unsigned gid)
{
    return (gid * 2654435761u) & (font->cache_cap - 1);
}

static eng_Status grow_cache(eng_Font *font)
{
    size_t cap = font->cache_cap ? font->cache_cap * 2 : 256, i;
    Eng_Glyph *old = font->cache, *n = Eng_calloc(font->ctx, cap, sizeof *n);
    size_t oldcap = font->cache_cap;
    if (!n)
        return ENG_ERR_NOMEM;
    font->cache = n;
    font->cache_cap = cap;
    for (i = 0; i < oldcap; i++) {
        if (old[i].gid) {
            size_t s = slot_of(font, old[i].gid);
            while (n[s].gid)
                s = (s + 1) & (cap - 1);
            n[s] = old[i];
        }
    }
    free(old);
    return ENG_OK;
}

eng_Status Eng_font_glyph(eng_Font *font, unsigned gid, const Eng_Glyph **out)
{
    eng_Path *p = NULL;
    Eng_Glyph g;
    size_t s;
    eng_Status st;
    double x0, y0, x1, y1;
    if (gid == 0 || gid >= (unsigned)font->face->num_glyphs)
        return ENG_ERR_GLYPH;
    if (font->cache_cap) {
        for (s = slot_of(font, gid); font->cache[s].gid; s = (s + 1) & (font->cache_cap - 1)) {
            if (font->cache[s].gid == gid) {
                *out = &font->cache[s];
                return ENG_OK;
            }
        }
    }
    p = eng_path_new(font->ctx);
    if (!p)
        return ENG_ERR_NOMEM;
    st = load_outline(font, gid, p);
    if (st)
        goto fail;
    memset(&g, 0, sizeof g);
    g.gid = gid;
    g.outline = p;
    g.empty = !eng_path_bounds(p, &x0, &y0, &x1, &y1);
    if (!g.empty) {
        g.x0 = (float)x0; g.y0 = (float)y0; g.x1 = (float)x1; g.y1 = (float)y1;
    }
    /* Keep the table at most half full; past the cap, start afresh (the
     * outlines handed out earlier in this call are re-fetched by callers). */
    if (font->cache_len + 1 > font->cache_cap / 2) {
        if (font->cache_cap >= ENG_MAX_CACHED_GLYPHS * 2) {
            size_t i;
            for (i = 0; i < font->cache_cap; i++) {
                eng_path_free(font->cache[i].outline);
                font->cache[i].outline = NULL;
                font->cache[i].gid = 0;
            }
            font->cache_len = 0;
        } else {
            st = grow_cache(font);
            if (st)
                goto fail;
        }
    }
    for (s = slot_of(font, gid); font->cache[s].gid; s = (s + 1) & (font->cache_cap - 1))
        ;
    font->cache[s] = g;
    font->cache_len++;
    *out = &font->cache[s];
    return ENG_OK;
fail:
    eng_path_free(p);
    return st;
}
