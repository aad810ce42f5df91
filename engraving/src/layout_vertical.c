/* layout_vertical.c — top to bottom columns (CJK on a bar or tag), the first
 * column on the right as in Japanese; '\n' starts a new column. Shaped with
 * HarfBuzz's vertical direction, which applies the font's vertical forms and
 * vertical metrics (pen moves down by y_advance, offsets place each glyph's
 * vertical origin on the column axis). */
#include "internal.h"

#define COLUMN_GAP 0.15     /* between columns, in ems */

int Eng_layout_vertical(const Eng_LayoutIn *in, double h, Eng_Placed *out)
{
    const eng_Charm *c = in->charm;
    double s = h / in->font->cap_height;
    double pitch = (1 + COLUMN_GAP) * in->font->upem * s, longest = 0, top;
    double cx = c->area_x_mm + 0.5 * c->area_w_mm;
    int l, i, fits = 1;
    for (l = 0; l < in->nlines; l++) {
        double len = 0;
        for (i = in->line_start[l]; i < in->line_start[l + 1]; i++)
            len -= in->glyphs[i].y_adv;
        if (len > longest)
            longest = len;
    }
    top = c->area_y_mm + 0.5 * (c->area_h_mm - longest * s);
    for (l = 0; l < in->nlines; l++) {
        double x = cx + (0.5 * (in->nlines - 1) - l) * pitch, pen = top;
        for (i = in->line_start[l]; i < in->line_start[l + 1]; i++) {
            const Eng_ShapedGlyph *g = &in->glyphs[i];
            int r;
            out[i].gid = g->gid;
            out[i].char_index = g->char_index;
            out[i].angle = 0;
            out[i].m = Eng_glyph_affine(s, 0, x + g->x_off * s, pen - g->y_off * s);
            pen -= g->y_adv * s;
            r = Eng_glyph_in_rect(in, g->gid, &out[i].m, c->area_x_mm, c->area_y_mm,
                                  c->area_x_mm + c->area_w_mm, c->area_y_mm + c->area_h_mm);
            if (r < 0)
                return r;
            fits &= r;
        }
    }
    return fits;
}

double Eng_layout_vertical_max(const Eng_LayoutIn *in)
{
    const eng_Charm *c = in->charm;
    double side = c->area_w_mm < c->area_h_mm ? c->area_w_mm : c->area_h_mm;
    return side * in->font->cap_height / in->font->upem;
}
