/* fuzz_engrave.c — libFuzzer target: arbitrary bytes as the text and the
 * layout parameters (charm size and area, layout, heights, font, view,
 * affine) through validation, shaping, layout, rasterizing, rendering and
 * SVG export. Nothing may crash, leak or trip a sanitizer; refusals are fine.
 * Run from the repository root (fonts are read from assets/fonts). */
#include "engrave.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static eng_Context *ctx;
static eng_Font *fonts[3];

static double unit(const uint8_t *d, int i)
{
    return d[i] / 255.0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t pixels[96 * 96 * 4], mask[64 * 64];
    static const eng_Metal metal = { { 210, 172, 78 }, { 247, 227, 161 }, { 138, 106, 34 } };
    char text[ENG_MAX_TEXT_BYTES + 40];
    eng_Charm charm;
    eng_Request req;
    eng_Engraving *e = NULL;
    size_t n;
    if (!ctx) {
        eng_Simd simd = ENG_SIMD_AUTO;
        ctx = eng_context_new();
        /* ENGRAVE_SIMD=portable|sse2|... fuzzes one code path (default:
         * the best the CPU has). */
        if (getenv("ENGRAVE_SIMD") &&
            (eng_simd_parse(getenv("ENGRAVE_SIMD"), &simd) || eng_context_set_simd(ctx, simd)))
            abort();
        if (!ctx ||
            eng_font_open(ctx, "assets/fonts/EBGaramond12-Regular.otf", 0, &fonts[0]) ||
            eng_font_open(ctx, "assets/fonts/DejaVuSans.ttf", 0, &fonts[1]) ||
            eng_font_open(ctx, "assets/fonts/NotoSansCJK-Regular.ttc", 0, &fonts[2]))
            abort();
    }
    if (size < 16)
        return 0;
    memset(&charm, 0, sizeof charm);
    charm.name = "Fuzz";
    charm.shape = (eng_CharmShape)(data[0] % 7);            /* 6 = invalid */
    charm.width_mm = 0.5 + 60 * unit(data, 1);
    charm.height_mm = 0.5 + 60 * unit(data, 2);
    charm.area_x_mm = charm.width_mm * 0.5 * unit(data, 3);
    charm.area_y_mm = charm.height_mm * 0.5 * unit(data, 4);
    charm.area_w_mm = (charm.width_mm - charm.area_x_mm) * unit(data, 5);
    charm.area_h_mm = (charm.height_mm - charm.area_y_mm) * unit(data, 6);
    charm.max_chars = data[7] % 40;
    memset(&req, 0, sizeof req);
    req.font = fonts[data[8] % 3];
    req.layout = (eng_Layout)(data[9] % 6);                 /* 5 = invalid */
    req.min_height_mm = data[10] == 0 ? -1 : 0.05 + 6 * unit(data, 10);
    req.max_height_mm = data[11] < 128 ? 0 : 10 * unit(data, 11);
    n = size - 16 < sizeof text - 1 ? size - 16 : sizeof text - 1;
    memcpy(text, data + 16, n);
    text[n] = '\0';
    req.text = text;
    if (eng_engrave(ctx, &charm, &req, &e) == ENG_OK) {
        eng_Image img = { pixels, 96, 96, 96 * 4 };
        eng_View view = { 0.2 + 30 * unit(data, 12), 48 - 400 * (unit(data, 13) - 0.5),
                          48 - 400 * (unit(data, 14) - 0.5) };
        double a = 6.3 * unit(data, 15), s = 0.5 + 20 * unit(data, 12);
        eng_Affine m = { s * cos(a), -s * sin(a), 32 - 200 * (unit(data, 13) - 0.5),
                         s * sin(a), s * cos(a), 32 - 200 * (unit(data, 14) - 0.5) };
        eng_Mask mk = { mask, 64, 64, 64 };
        char *svg = NULL;
        size_t len;
        eng_render_charm(ctx, &charm, &metal, e, &view, &img);
        eng_path_fill(ctx, eng_engraving_path(e), &m,
                      data[15] & 1 ? ENG_FILL_EVENODD : ENG_FILL_NONZERO, &mk);
        if (eng_export_svg(ctx, &charm, e, &svg, &len) == ENG_OK && strlen(svg) != len)
            abort();
        free(svg);
        eng_engraving_free(e);
    } else if (e != NULL || eng_errmsg(ctx)[0] == '\0') {
        abort();    /* a refusal must leave no engraving and say why */
    }
    return 0;
}
