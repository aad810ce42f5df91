/* layout_monogram.c — the classic three-letter monogram: first-name initial,
 * the family initial in the middle ENG_MONOGRAM_RATIO times larger, then the
 * middle-name initial, all centred on one cap-height axis. One or two
 * initials are set side by side at one size. Spaces are ignored. */
#include "internal.h"

#define GAP 0.12    /* between initials, in character heights */

/* Which initial (0..2) character ci belongs to: marks join their base;
 * spaces belong to none (-1). */
static int initial_of(const Eng_LayoutIn *in, int ci)
{
    int i, k = -1;
    for (i = 0; i <= ci && i < in->nchars; i++) {
        uint32_t cp = in->chars[i].cp;
        int space = cp == ' ' || cp == 0xa0 || cp == 0x3000 ||
                    hb_unicode_general_category(hb_unicode_funcs_get_default(), cp) ==
                        HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR;
        if (space) {
            if (i == ci)
                return -1;
        } else if (Eng_char_counts(cp) || k < 0) {
            k++;
        }
    }
    return k > 2 ? 2 : k;
}

int Eng_layout_monogram(const Eng_LayoutIn *in, double h, Eng_Placed *out)
{
    const eng_Charm *c = in->charm;
    double width[3] = { 0, 0, 0 }, scale[3], total = 0, pen;
    double axis = c->area_y_mm + 0.5 * c->area_h_mm;
    int i, k, n = 0, fits = 1, idx[256];
    int *which = in->nglyphs <= 256 ? idx : NULL;
    if (!which)
        return 0;   /* cannot be: at most three initials and their marks */
    for (i = 0; i < in->nglyphs; i++) {
        which[i] = initial_of(in, in->glyphs[i].char_index);
        if (which[i] + 1 > n)
            n = which[i] + 1;
    }
    for (k = 0; k < 3; k++)
        scale[k] = h / in->font->cap_height * (n == 3 && k == 1 ? ENG_MONOGRAM_RATIO : 1);
    for (i = 0; i < in->nglyphs; i++)
        if (which[i] >= 0)
            width[which[i]] += in->glyphs[i].x_adv * scale[which[i]];
    for (k = 0; k < n; k++)
        total += width[k] + (k ? GAP * h : 0);
    pen = c->area_x_mm + 0.5 * (c->area_w_mm - total);
    for (k = 0; k < n; k++) {
        double hk = scale[k] * in->font->cap_height, base = axis + 0.5 * hk;
        for (i = 0; i < in->nglyphs; i++) {
            const Eng_ShapedGlyph *g = &in->glyphs[i];
            int r;
            if (which[i] != k)
                continue;
            out[i].gid = g->gid;
            out[i].char_index = g->char_index;
            out[i].angle = 0;
            out[i].m = Eng_glyph_affine(scale[k], 0, pen + g->x_off * scale[k],
                                        base - g->y_off * scale[k]);
            pen += g->x_adv * scale[k];
            r = Eng_glyph_in_rect(in, g->gid, &out[i].m, c->area_x_mm, c->area_y_mm,
                                  c->area_x_mm + c->area_w_mm, c->area_y_mm + c->area_h_mm);
            if (r < 0)
                return r;
            fits &= r;
        }
        pen += GAP * h;
    }
    /* Spaces: placed on the axis, they draw nothing. */
    for (i = 0; i < in->nglyphs; i++) {
        if (which[i] < 0) {
            out[i].gid = in->glyphs[i].gid;
            out[i].char_index = in->glyphs[i].char_index;
            out[i].angle = 0;
            out[i].m = Eng_glyph_affine(scale[0], 0, c->area_x_mm + 0.5 * c->area_w_mm, axis);
        }
    }
    return fits;
}

double Eng_layout_monogram_max(const Eng_LayoutIn *in)
{
    return in->charm->area_h_mm;
}
