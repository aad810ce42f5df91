/* layout_line.c — centred lines in the engravable rectangle.
 *
 * Lines are centred horizontally by their advance width and the block is
 * centred vertically by its cap-height box (first cap top to last baseline),
 * which is how a typographer centres a name: descenders and accents hang
 * outside the optical box. What must fit is the ink, every glyph's box. */
#include "internal.h"

/* Line pitch: the font's own ascender-descender distance, in font units. */
static double pitch_units(const eng_Font *f)
{
    return f->ascender - f->descender;
}

int Eng_layout_line(const Eng_LayoutIn *in, double h, Eng_Placed *out)
{
    const eng_Charm *c = in->charm;
    double s = h / in->font->cap_height;
    double block = h + (in->nlines - 1) * pitch_units(in->font) * s;
    double top = c->area_y_mm + 0.5 * (c->area_h_mm - block);
    double cx = c->area_x_mm + 0.5 * c->area_w_mm;
    int l, i, fits = 1;
    for (l = 0; l < in->nlines; l++) {
        double width = 0, pen, base = top + h + l * pitch_units(in->font) * s;
        for (i = in->line_start[l]; i < in->line_start[l + 1]; i++)
            width += in->glyphs[i].x_adv;
        pen = cx - 0.5 * width * s;
        for (i = in->line_start[l]; i < in->line_start[l + 1]; i++) {
            const Eng_ShapedGlyph *g = &in->glyphs[i];
            int r;
            out[i].gid = g->gid;
            out[i].char_index = g->char_index;
            out[i].angle = 0;
            out[i].m = Eng_glyph_affine(s, 0, pen + g->x_off * s, base - g->y_off * s);
            pen += g->x_adv * s;
            r = Eng_glyph_in_rect(in, g->gid, &out[i].m, c->area_x_mm, c->area_y_mm,
                                  c->area_x_mm + c->area_w_mm, c->area_y_mm + c->area_h_mm);
            if (r < 0)
                return r;
            fits &= r;
        }
    }
    return fits;
}

double Eng_layout_line_max(const Eng_LayoutIn *in)
{
    return in->charm->area_h_mm;
}
