/* test_eng_svg.c — the production SVG parsed back: viewBox in mm, one path
 * per glyph whose box is the glyph's box in mm, inside the charm's area. */
#include "../test.h"
#include "engrave.h"

#include <math.h>
#include <stdlib.h>

static eng_Context *ctx;
static eng_Font *serif;
static const eng_Charm disc = { "Round <Disc> & co", ENG_CHARM_DISC, 20, 20, 3, 5, 14, 10, 12 };

/* Bounding box of the coordinates of a path's d attribute: pairs of numbers
 * after the command letters. Returns the number of points, -1 on junk. */
static int d_bounds(const char *d, const char *end, double *x0, double *y0, double *x1, double *y1)
{
    int n = 0, k = 0;
    double x = 0;
    *x0 = *y0 = INFINITY;
    *x1 = *y1 = -INFINITY;
    while (d < end) {
        char *next;
        double v;
        if (*d == ' ' || *d == 'M' || *d == 'L' || *d == 'Q' || *d == 'C' || *d == 'Z') {
            d++;
            continue;
        }
        v = strtod(d, &next);
        if (next == d)
            return -1;
        d = next;
        if (k++ % 2 == 0) {
            x = v;
        } else {
            *x0 = fmin(*x0, x); *x1 = fmax(*x1, x);
            *y0 = fmin(*y0, v); *y1 = fmax(*y1, v);
            n++;
        }
    }
    return k % 2 ? -1 : n;
}

TEST(svg_is_in_millimetres_with_one_path_per_glyph)
{
    eng_Engraving *e;
    eng_Request r = { serif, 1.2, 0, ENG_LAYOUT_LINE, "Léa" };
    char *svg;
    size_t len, i;
    const char *p;
    int glyph_paths = 0;
    CHECK(eng_engrave(ctx, &disc, &r, &e) == ENG_OK);
    CHECK(eng_export_svg(ctx, &disc, e, &svg, &len) == ENG_OK);
    CHECK(strlen(svg) == len);
    CHECK(strstr(svg, "viewBox=\"0 0 20 20\""));
    CHECK(strstr(svg, "width=\"20mm\" height=\"20mm\""));
    CHECK(strstr(svg, "<g id=\"charm\""));
    CHECK(strstr(svg, "Round &lt;Disc&gt; &amp; co"));
    CHECK(!strchr(svg, ','));
    for (p = svg; (p = strstr(p, "<path id=\"glyph-")); p++) {
        int idx = atoi(p + 16);
        const char *d = strstr(p, " d=\"") + 4, *end = strchr(d, '"');
        double x0, y0, x1, y1;
        eng_GlyphInfo g;
        CHECK(idx >= 1 && (size_t)idx <= eng_engraving_glyph_count(e));
        CHECK(eng_engraving_glyph(e, (size_t)idx - 1, &g) == ENG_OK);
        CHECK(d_bounds(d, end, &x0, &y0, &x1, &y1) > 3);
        CHECKF(fabs(x0 - g.x0) < 1e-3 && fabs(y0 - g.y0) < 1e-3 && fabs(x1 - g.x1) < 1e-3 &&
               fabs(y1 - g.y1) < 1e-3, "glyph %d: %g %g %g %g vs %g %g %g %g", idx, x0, y0, x1,
               y1, g.x0, g.y0, g.x1, g.y1);
        CHECK(x0 >= 3 - 1e-3 && x1 <= 17 + 1e-3 && y0 >= 5 - 1e-3 && y1 <= 15 + 1e-3);
        glyph_paths++;
    }
    CHECK(glyph_paths == 3);
    /* The charm's outline spans the body. */
    p = strstr(svg, "id=\"charm-outline\" d=\"");
    CHECK(p);
    {
        const char *d = p + strlen("id=\"charm-outline\" d=\""), *end = strchr(d, '"');
        double x0, y0, x1, y1;
        CHECK(d_bounds(d, end, &x0, &y0, &x1, &y1) > 8);
        CHECK(fabs(x0) < 1e-3 && fabs(y0) < 1e-3 && fabs(x1 - 20) < 1e-3 && fabs(y1 - 20) < 1e-3);
    }
    for (i = 0; i < len; i++)
        CHECK(svg[i] != 0);
    free(svg);
    eng_engraving_free(e);
}

TEST(svg_of_no_engraving_has_only_the_charm)
{
    char *svg;
    size_t len;
    CHECK(eng_export_svg(ctx, &disc, NULL, &svg, &len) == ENG_OK);
    CHECK(strstr(svg, "charm-outline") && !strstr(svg, "glyph-"));
    free(svg);
}

int main(void)
{
    ctx = eng_context_new();
    if (eng_font_open(ctx, "assets/fonts/EBGaramond12-Regular.otf", 0, &serif)) {
        printf("FAIL fonts: %s\n", eng_errmsg(ctx));
        return 1;
    }
    RUN(svg_is_in_millimetres_with_one_path_per_glyph);
    RUN(svg_of_no_engraving_has_only_the_charm);
    eng_font_free(serif);
    eng_context_free(ctx);
    return test_summary();
}
