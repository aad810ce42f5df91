/* engraving.c — the eng_Engraving object: its glyphs and their geometry. */
#include "internal.h"

#include <stdlib.h>

void eng_engraving_free(eng_Engraving *e)
{
    if (!e)
        return;
    eng_path_free(e->path);
    free(e->info);
    free(e->verb_start);
    free(e->pt_start);
    free(e);
}

double eng_engraving_height_mm(const eng_Engraving *e)
{
    return e ? e->height_mm : 0;
}

size_t eng_engraving_glyph_count(const eng_Engraving *e)
{
    return e ? e->nglyphs : 0;
}

eng_Status eng_engraving_glyph(const eng_Engraving *e, size_t i, eng_GlyphInfo *out)
{
    if (!e || !out || i >= e->nglyphs)
        return ENG_ERR_ARG;
    *out = e->info[i];
    return ENG_OK;
}

int eng_engraving_bounds(const eng_Engraving *e, double *x0, double *y0, double *x1,
                         double *y1)
{
    return e ? eng_path_bounds(e->path, x0, y0, x1, y1) : 0;
}

const eng_Path *eng_engraving_path(const eng_Engraving *e)
{
    return e ? e->path : NULL;
}
