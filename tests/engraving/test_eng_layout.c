/* test_eng_layout.c — validation, refusals and the geometry of every layout. */
#include "../test.h"
#include "engrave.h"

#include <math.h>
#include <stdlib.h>

static eng_Context *ctx;
static eng_Font *serif, *sans, *cjk;

static const eng_Charm disc = { "Round Disc", ENG_CHARM_DISC, 20, 20, 3, 5, 14, 10, 12 };
static const eng_Charm heart = { "Heart", ENG_CHARM_HEART, 20, 18, 4, 3.5, 12, 7, 9 };
static const eng_Charm heart_nolimit = { "Heart", ENG_CHARM_HEART, 20, 18, 4, 3.5, 12, 7, 0 };
static const eng_Charm dogtag = { "Dog Tag", ENG_CHARM_DOGTAG, 18, 30, 3, 6, 12, 19, 14 };

static eng_Status engrave(const eng_Charm *c, eng_Font *f, eng_Layout l, double min,
                          const char *text, eng_Engraving **e)
{
    eng_Request r = { f, min, 0, l, text };
    return eng_engrave(ctx, c, &r, e);
}

TEST(line_is_centred_in_the_area_and_as_large_as_fits)
{
    eng_Engraving *e;
    double x0, y0, x1, y1;
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "Léa", &e) == ENG_OK);
    CHECK(eng_engraving_bounds(e, &x0, &y0, &x1, &y1));
    CHECK(x0 >= 3 - 1e-6 && x1 <= 17 + 1e-6 && y0 >= 5 - 1e-6 && y1 <= 15 + 1e-6);
    CHECKF(fabs((x0 + x1) / 2 - 10) < 0.6, "centre x %g", (x0 + x1) / 2);
    /* As large as fits: touching the area on at least one side. */
    CHECK(fabs(x0 - 3) < 0.01 || fabs(x1 - 17) < 0.01 || fabs(y0 - 5) < 0.01 || fabs(y1 - 15) < 0.01);
    CHECK(eng_engraving_height_mm(e) > 1.2);
    eng_engraving_free(e);
}

TEST(max_height_caps_the_size)
{
    eng_Engraving *e;
    eng_Request r = { serif, 1.2, 2.5, ENG_LAYOUT_LINE, "Léa" };
    CHECK(eng_engrave(ctx, &disc, &r, &e) == ENG_OK);
    CHECKF(fabs(eng_engraving_height_mm(e) - 2.5) < 1e-9, "%g", eng_engraving_height_mm(e));
    eng_engraving_free(e);
}

TEST(auto_size_shrinks_but_never_below_minimum)
{
    eng_Engraving *e;
    double prev = 1e9;
    const char *texts[] = { "Ann", "Annabel", "Annabel Lee", "Annabel Lee." };
    int i;
    for (i = 0; i < 4; i++) {
        CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, texts[i], &e) == ENG_OK);
        CHECK(eng_engraving_height_mm(e) >= 1.2);
        CHECK(eng_engraving_height_mm(e) <= prev + 1e-9);
        prev = eng_engraving_height_mm(e);
        eng_engraving_free(e);
    }
}

TEST(refuses_text_longer_than_charm)
{
    eng_Engraving *e = (eng_Engraving *)1;
    int n;
    const char *msg = "too long for the Heart charm: at 1.2 mm minimum height it fits ";
    /* No catalogue limit: the physical fit refuses, and says how many fit. */
    CHECK(engrave(&heart_nolimit, serif, ENG_LAYOUT_LINE, 1.2,
                  "Mademoiselle Alexandrine-Eugénie de Montmorency-Beaufort", &e) == ENG_ERR_TOO_LONG);
    CHECK(e == NULL);
    CHECKF(!strncmp(eng_errmsg(ctx), msg, strlen(msg)), "%s", eng_errmsg(ctx));
    n = atoi(eng_errmsg(ctx) + strlen(msg));
    CHECKF(n > 5 && n < 56, "%s", eng_errmsg(ctx));
    CHECK(strstr(eng_errmsg(ctx), " characters"));
    /* The catalogue's limit. */
    CHECK(engrave(&heart, serif, ENG_LAYOUT_LINE, 1.2, "Alexandrine", &e) == ENG_ERR_TOO_LONG);
    CHECKF(!strcmp(eng_errmsg(ctx), "too long for the Heart charm: at most 9 characters"), "%s",
           eng_errmsg(ctx));
}

TEST(the_count_of_characters_that_fit_is_true)
{
    eng_Engraving *e;
    const char *text = "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM";
    const char *msg = "too long for the Heart charm: at 2 mm minimum height it fits ";
    char prefix[80];
    int n;
    CHECK(engrave(&heart_nolimit, serif, ENG_LAYOUT_LINE, 2, text, &e) == ENG_ERR_TOO_LONG);
    CHECKF(!strncmp(eng_errmsg(ctx), msg, strlen(msg)), "%s", eng_errmsg(ctx));
    n = atoi(eng_errmsg(ctx) + strlen(msg));
    snprintf(prefix, sizeof prefix, "%.*s", n, text);
    CHECK(engrave(&heart_nolimit, serif, ENG_LAYOUT_LINE, 2, prefix, &e) == ENG_OK);
    eng_engraving_free(e);
    snprintf(prefix, sizeof prefix, "%.*s", n + 1, text);
    CHECK(engrave(&heart_nolimit, serif, ENG_LAYOUT_LINE, 2, prefix, &e) == ENG_ERR_TOO_LONG);
}

TEST(refuses_invalid_utf8_naming_the_position)
{
    eng_Engraving *e;
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "Lé\xc3", &e) == ENG_ERR_UTF8);
    CHECK(eng_errpos(ctx) == 3);
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "\xed\xa0\x80", &e) == ENG_ERR_UTF8);  /* surrogate */
    CHECK(eng_errpos(ctx) == 1);
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "ab\xc0\xafz", &e) == ENG_ERR_UTF8);   /* overlong */
    CHECK(eng_errpos(ctx) == 3);
    CHECK(strstr(eng_errmsg(ctx), "character 3"));
}

TEST(refuses_control_characters_naming_the_position)
{
    eng_Engraving *e;
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "Lé\ta", &e) == ENG_ERR_CONTROL);
    CHECK(eng_errpos(ctx) == 3);
    CHECK(strstr(eng_errmsg(ctx), "U+0009"));
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "a\xc2\x85", &e) == ENG_ERR_CONTROL);
    CHECK(eng_errpos(ctx) == 2);
    CHECK(engrave(&disc, serif, ENG_LAYOUT_ARC_TOP, 1.2, "a\nb", &e) == ENG_ERR_CONTROL);
    CHECK(eng_errpos(ctx) == 2);
}

TEST(refuses_characters_the_font_lacks)
{
    eng_Engraving *e;
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "Lé字a", &e) == ENG_ERR_GLYPH);
    CHECK(eng_errpos(ctx) == 3);
    CHECKF(strstr(eng_errmsg(ctx), "\"字\" (character 3)") != NULL, "%s", eng_errmsg(ctx));
    CHECK(engrave(&disc, cjk, ENG_LAYOUT_LINE, 1.8, "字", &e) == ENG_OK);
    eng_engraving_free(e);
}

TEST(refuses_over_the_byte_cap)
{
    eng_Engraving *e;
    char big[ENG_MAX_TEXT_BYTES + 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, big, &e) == ENG_ERR_LIMIT);
}

TEST(refuses_bad_parameters)
{
    eng_Engraving *e;
    eng_Charm bad = disc;
    eng_Request r = { serif, NAN, 0, ENG_LAYOUT_LINE, "a" };
    CHECK(eng_engrave(ctx, &disc, &r, &e) == ENG_ERR_ARG);
    r.min_height_mm = -1;
    CHECK(eng_engrave(ctx, &disc, &r, &e) == ENG_ERR_ARG);
    r.min_height_mm = 1;
    r.layout = (eng_Layout)99;
    CHECK(eng_engrave(ctx, &disc, &r, &e) == ENG_ERR_ARG);
    r.layout = ENG_LAYOUT_LINE;
    bad.area_w_mm = 40;
    CHECK(eng_engrave(ctx, &bad, &r, &e) == ENG_ERR_ARG);
    CHECK(eng_engrave(ctx, NULL, &r, &e) == ENG_ERR_ARG);
    CHECK(eng_engrave(ctx, &disc, NULL, &e) == ENG_ERR_ARG);
    CHECK(eng_engrave(NULL, &disc, &r, &e) == ENG_ERR_ARG);
}

TEST(empty_text_gives_an_empty_engraving)
{
    eng_Engraving *e;
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "", &e) == ENG_OK);
    CHECK(eng_engraving_glyph_count(e) == 0 && eng_engraving_height_mm(e) == 0);
    eng_engraving_free(e);
}

/* A text that would engrave nothing is refused, not sold as a blank charm:
 * spaces, no-break spaces, zero-width spaces, a byte-order mark, a word
 * joiner, alone or mixed. */
TEST(refuses_text_made_only_of_blank_or_invisible_characters)
{
    static const char *const blank[] = {
        "  ", "\xc2\xa0", "\xe2\x80\x8b", "\xef\xbb\xbf", "\xe2\x81\xa0",
        " \xe2\x80\x8b\xc2\xa0\xef\xbb\xbf", "\xe3\x80\x80", "\xe2\x80\x8d\xe2\x80\x8c",
    };
    eng_Engraving *e = NULL;
    const eng_Refusal *r = eng_refusal(ctx);
    for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
        CHECKF(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, blank[i], &e) == ENG_ERR_CONTROL &&
               e == NULL, "text %zu", i);
        CHECKF(r->why == ENG_WHY_INVISIBLE, "text %zu: why %d", i, r->why);
        CHECK(engrave(&disc, sans, ENG_LAYOUT_MONOGRAM, 1.0, blank[i], &e) == ENG_ERR_CONTROL);
        CHECK(engrave(&dogtag, cjk, ENG_LAYOUT_VERTICAL, 1.8, blank[i], &e) == ENG_ERR_CONTROL);
    }
    CHECK(engrave(&dogtag, serif, ENG_LAYOUT_LINE, 1.2, " \n ", &e) == ENG_ERR_CONTROL);
    /* With something to engrave, a space or a zero-width space is fine. */
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "L\xe2\x80\x8b" "a M", &e) == ENG_OK);
    eng_engraving_free(e);
}

/* Embedding, override and isolate controls reorder what the atelier reads
 * ("\u202Eesiotrot" shows as "tortoise"): refused wherever they stand. */
TEST(refuses_bidirectional_controls_naming_the_position)
{
    static const uint32_t bidi[] = { 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
                                     0x2066, 0x2067, 0x2068, 0x2069 };
    eng_Engraving *e = NULL;
    const eng_Refusal *r = eng_refusal(ctx);
    for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++) {
        char text[16];
        uint32_t cp = bidi[i];
        snprintf(text, sizeof text, "Ab%c%c%cc", (char)(0xe0 | cp >> 12),
                 (char)(0x80 | (cp >> 6 & 0x3f)), (char)(0x80 | (cp & 0x3f)));
        CHECKF(engrave(&disc, sans, ENG_LAYOUT_LINE, 1.0, text, &e) == ENG_ERR_CONTROL &&
               e == NULL, "U+%04X", (unsigned)cp);
        CHECKF(r->why == ENG_WHY_BIDI && r->pos == 3 && r->cp == cp, "U+%04X: why %d pos %d",
               (unsigned)cp, r->why, r->pos);
        CHECK(strstr(eng_errmsg(ctx), "bidirectional") != NULL);
    }
    /* A right-to-left mark only settles neutral characters: allowed. */
    CHECK(engrave(&disc, sans, ENG_LAYOUT_LINE, 1.0, "\xd7\xa9\xd7\x9c\xe2\x80\x8f", &e) == ENG_OK);
    eng_engraving_free(e);
}

/* Combining marks: the font composes one or two into a precomposed letter
 * (Vietnamese), a single loose accent is positioned; a tower of them
 * ("Zalgo" text) is refused, naming the character that carries it. */
TEST(refuses_stacked_combining_marks_beyond_what_the_font_composes)
{
    eng_Engraving *e = NULL;
    const eng_Refusal *r = eng_refusal(ctx);
    /* e + dot below + circumflex: composed into one glyph. */
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "Vie\xcc\xa3\xcc\x82t", &e) == ENG_OK);
    CHECKF(eng_engraving_glyph_count(e) == 4, "%zu glyphs", eng_engraving_glyph_count(e));
    eng_engraving_free(e);
    CHECK(engrave(&disc, sans, ENG_LAYOUT_LINE, 1.0, "Vie\xcc\xa3\xcc\x82t", &e) == ENG_OK);
    eng_engraving_free(e);
    /* Three marks on one letter: refused whatever the font. */
    CHECK(engrave(&disc, sans, ENG_LAYOUT_LINE, 1.0, "Lea\xcc\x81\xcc\x81\xcc\x81", &e) ==
          ENG_ERR_GLYPH && e == NULL);
    CHECKF(r->why == ENG_WHY_STACKED_MARKS && r->pos == 3 && r->cp == 'a' &&
           r->limit == ENG_MAX_MARKS, "why %d pos %d cp %u", r->why, r->pos, (unsigned)r->cp);
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2,
                  "Z\xcd\x91\xcd\x8a\xcd\x86\xcc\x8c\xcc\x9b" "a", &e) == ENG_ERR_GLYPH);
    CHECK(r->why == ENG_WHY_STACKED_MARKS && r->pos == 1 && r->cp == 'Z');
    /* Two marks no font composes (two acutes over a): stacked loose. */
    CHECK(engrave(&disc, sans, ENG_LAYOUT_LINE, 1.0, "xa\xcc\x8b\xcc\x8b", &e) == ENG_ERR_GLYPH);
    CHECKF(r->why == ENG_WHY_STACKED_MARKS && r->pos == 2 && r->limit == ENG_MAX_LOOSE_MARKS,
           "why %d pos %d limit %d", r->why, r->pos, r->limit);
    CHECK(strstr(eng_errmsg(ctx), "character 2") != NULL);
}

TEST(combining_marks_and_ligatures_shape)
{
    eng_Engraving *e;
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "Le\xcc\x81" "a", &e) == ENG_OK);
    CHECK(eng_engraving_glyph_count(e) >= 3);
    eng_engraving_free(e);
    /* DejaVu Sans has an fi ligature: two characters, one glyph. */
    CHECK(engrave(&disc, sans, ENG_LAYOUT_LINE, 1.2, "fi", &e) == ENG_OK);
    CHECK(eng_engraving_glyph_count(e) == 1);
    eng_engraving_free(e);
}

TEST(hebrew_runs_right_to_left)
{
    eng_Engraving *e;
    eng_GlyphInfo a, b;
    CHECK(engrave(&disc, sans, ENG_LAYOUT_LINE, 1.0, "שלום", &e) == ENG_OK);
    CHECK(eng_engraving_glyph_count(e) == 4);
    CHECK(eng_engraving_glyph(e, 0, &a) == ENG_OK && eng_engraving_glyph(e, 3, &b) == ENG_OK);
    /* Visual order: the leftmost glyph is the last character. */
    CHECK(a.char_pos == 4 && b.char_pos == 1 && a.origin_x < b.origin_x);
    eng_engraving_free(e);
    CHECK(engrave(&disc, sans, ENG_LAYOUT_LINE, 1.0, "سلام", &e) == ENG_OK);
    eng_engraving_free(e);
}

TEST(several_lines_stack_downwards)
{
    eng_Engraving *e;
    eng_GlyphInfo a, b;
    CHECK(engrave(&dogtag, serif, ENG_LAYOUT_LINE, 1.2, "Léa\nMax", &e) == ENG_OK);
    CHECK(eng_engraving_glyph(e, 0, &a) == ENG_OK && eng_engraving_glyph(e, 3, &b) == ENG_OK);
    CHECK(b.origin_y > a.origin_y + eng_engraving_height_mm(e));
    eng_engraving_free(e);
}

static void arc_check(eng_Layout l, int *ok)
{
    eng_Engraving *e;
    size_t i, n;
    double d0 = 0, prev = 0;
    *ok = 0;
    if (engrave(&disc, serif, l, 1.2, "Forever Love", &e) != ENG_OK)
        return;
    n = eng_engraving_glyph_count(e);
    for (i = 0; i < n; i++) {
        eng_GlyphInfo g;
        double upx, upy, d;
        eng_engraving_glyph(e, i, &g);
        /* The glyph's up vector (screen coordinates). */
        upx = sin(g.angle);
        upy = -cos(g.angle);
        /* Distance of its baseline from the centre, along its up vector:
         * the same for all glyphs when they stand on one circle. */
        d = (g.origin_x - 10) * upx + (g.origin_y - 10) * upy;
        if (l == ENG_LAYOUT_ARC_BOTTOM)
            d = -d;
        if (i == 0)
            d0 = d;
        if (fabs(d - d0) > 1e-6 || d <= 0 || d > 10)
            goto done;
        /* Angles advance clockwise for the top, anticlockwise at the bottom. */
        if (i && (l == ENG_LAYOUT_ARC_TOP ? g.angle <= prev : g.angle >= prev))
            goto done;
        prev = g.angle;
        /* Every glyph stays on the metal. */
        if (hypot(g.x0 - 10, g.y0 - 10) > 10 || hypot(g.x1 - 10, g.y1 - 10) > 10)
            goto done;
    }
    *ok = n == 12 && eng_engraving_height_mm(e) >= 1.2;
done:
    eng_engraving_free(e);
}

TEST(arc_glyphs_stand_on_one_circle)
{
    int ok;
    arc_check(ENG_LAYOUT_ARC_TOP, &ok);
    CHECK(ok);
    arc_check(ENG_LAYOUT_ARC_BOTTOM, &ok);
    CHECK(ok);
}

TEST(arc_top_is_symmetric_about_the_vertical)
{
    eng_Engraving *e;
    eng_GlyphInfo a, b;
    CHECK(engrave(&disc, serif, ENG_LAYOUT_ARC_TOP, 1.2, "OXXO", &e) == ENG_OK);
    eng_engraving_glyph(e, 0, &a);
    eng_engraving_glyph(e, 3, &b);
    CHECKF(fabs(a.angle + b.angle) < 0.02, "%g %g", a.angle, b.angle);
    CHECK(a.angle < 0 && b.angle > 0);
    eng_engraving_free(e);
}

TEST(monogram_middle_initial_is_larger)
{
    eng_Engraving *e;
    eng_GlyphInfo g[3];
    int i;
    CHECK(engrave(&disc, serif, ENG_LAYOUT_MONOGRAM, 1.2, "AMB", &e) == ENG_OK);
    CHECK(eng_engraving_glyph_count(e) == 3);
    for (i = 0; i < 3; i++)
        eng_engraving_glyph(e, (size_t)i, &g[i]);
    CHECKF(fabs(g[1].scale / g[0].scale - ENG_MONOGRAM_RATIO) < 1e-9, "%g", g[1].scale / g[0].scale);
    CHECK(fabs(g[2].scale - g[0].scale) < 1e-12);
    CHECK(g[0].x1 <= g[1].x0 && g[1].x1 <= g[2].x0);
    /* Centred on one axis: the caps' centres line up. */
    CHECK(fabs((g[0].origin_y - 0.5 * eng_engraving_height_mm(e)) -
               (g[1].origin_y - 0.5 * ENG_MONOGRAM_RATIO * eng_engraving_height_mm(e))) < 1e-9);
    eng_engraving_free(e);
    CHECK(engrave(&disc, serif, ENG_LAYOUT_MONOGRAM, 1.2, "ABCD", &e) == ENG_ERR_TOO_LONG);
}

/* Every refusal also comes as data, for the kiosk to say in French. */
TEST(refusals_come_as_data_too)
{
    eng_Engraving *e;
    const eng_Refusal *r = eng_refusal(ctx);
    char big[ENG_MAX_TEXT_BYTES + 2];
    CHECK(engrave(&heart, serif, ENG_LAYOUT_LINE, 1.2, "Alexandrine", &e) == ENG_ERR_TOO_LONG);
    CHECK(r->why == ENG_WHY_OVER_LIMIT && r->limit == 9);
    CHECK(engrave(&heart_nolimit, serif, ENG_LAYOUT_LINE, 2, "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM",
                  &e) == ENG_ERR_TOO_LONG);
    CHECKF(r->why == ENG_WHY_DOES_NOT_FIT && r->limit > 0 && r->limit < 36 &&
           r->min_height_mm == 2, "why %d limit %d", r->why, r->limit);
    CHECK(strstr(eng_errmsg(ctx), " fits ") != NULL);
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 40, "A", &e) == ENG_ERR_TOO_LONG);
    CHECKF(r->why == ENG_WHY_NOTHING_FITS && r->min_height_mm == 40, "why %d", r->why);
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "L\xc3", &e) == ENG_ERR_UTF8);
    CHECK(r->why == ENG_WHY_BAD_UTF8 && r->pos == 2);
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "ab\tc", &e) == ENG_ERR_CONTROL);
    CHECK(r->why == ENG_WHY_CONTROL && r->pos == 3 && r->cp == '\t');
    CHECK(engrave(&disc, serif, ENG_LAYOUT_ARC_TOP, 1.2, "a\nb", &e) == ENG_ERR_CONTROL);
    CHECK(r->why == ENG_WHY_LINE_BREAK && r->pos == 2);
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "L\xc3\xa9\xe5\xad\x97", &e) == ENG_ERR_GLYPH);
    CHECK(r->why == ENG_WHY_NO_GLYPH && r->pos == 3 && r->cp == 0x5B57);
    CHECK(engrave(&disc, serif, ENG_LAYOUT_MONOGRAM, 1.2, "ABCD", &e) == ENG_ERR_TOO_LONG);
    CHECK(r->why == ENG_WHY_MONOGRAM && r->limit == 4);
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, big, &e) == ENG_ERR_LIMIT);
    CHECK(r->why == ENG_WHY_TEXT_BYTES && r->limit == ENG_MAX_TEXT_BYTES);
    /* A success, or a failure not about the text, clears it. */
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "Ana", &e) == ENG_OK);
    eng_engraving_free(e);
    CHECK(r->why == ENG_WHY_NONE);
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, 1.2, "Ab\tc", &e) == ENG_ERR_CONTROL);
    CHECK(engrave(&disc, serif, ENG_LAYOUT_LINE, -1, "Ana", &e) == ENG_ERR_ARG);
    CHECK(r->why == ENG_WHY_NONE);
}

TEST(vertical_runs_top_to_bottom)
{
    eng_Engraving *e;
    size_t i;
    double prev = -1;
    CHECK(engrave(&dogtag, cjk, ENG_LAYOUT_VERTICAL, 1.8, "愛と光", &e) == ENG_OK);
    CHECK(eng_engraving_glyph_count(e) == 3);
    for (i = 0; i < 3; i++) {
        eng_GlyphInfo g;
        eng_engraving_glyph(e, i, &g);
        CHECK(g.y0 > prev);
        CHECK(g.x0 >= 3 && g.x1 <= 15);
        prev = g.y1 - 0.01;
    }
    eng_engraving_free(e);
}

TEST(every_layout_respects_the_minimum_height)
{
    eng_Layout l;
    for (l = ENG_LAYOUT_LINE; l <= ENG_LAYOUT_VERTICAL; l++) {
        eng_Engraving *e;
        eng_Status st = engrave(&disc, l == ENG_LAYOUT_VERTICAL ? cjk : serif, l, 1.5,
                                l == ENG_LAYOUT_VERTICAL ? "愛と光" : "ABC", &e);
        CHECK(st == ENG_OK);
        CHECK(eng_engraving_height_mm(e) >= 1.5);
        eng_engraving_free(e);
    }
}

TEST(allocation_failures_are_reported_not_fatal)
{
    unsigned long n, injected = 0, nomem = 0;
    int succeeded = 0;
    /* Fail the 1st, 2nd, ... allocation until an engraving and its SVG make
     * fewer than n: that one ran without a failure and must succeed. */
    for (n = 1; n < 5000 && !succeeded; n++) {
        eng_Engraving *e = NULL;
        eng_Status st;
        char *svg = NULL;
        size_t len;
        unsigned long before = eng_context_fail_alloc_after(ctx, n);
        st = engrave(&disc, serif, ENG_LAYOUT_ARC_TOP, 1.2, "Forever", &e);
        if (st == ENG_OK)
            st = eng_export_svg(ctx, &disc, e, &svg, &len);
        unsigned long made = eng_context_fail_alloc_after(ctx, 0) - before;
        int has_svg = svg != NULL;
        free(svg);
        eng_engraving_free(e);
        if (made >= n) {
            injected++;
            nomem += st == ENG_ERR_NOMEM;
            CHECKF(st == ENG_OK || st == ENG_ERR_NOMEM, "n=%lu: status %d", n, (int)st);
        } else {
            CHECKF(st == ENG_OK && has_svg, "n=%lu: no failure injected, yet status %d", n, (int)st);
            succeeded = 1;
        }
    }
    CHECKF(injected > 0 && nomem > 0, "injected %lu failures, %lu said so", injected, nomem);
    CHECKF(succeeded, "no engraving got through after %lu failures", injected);
}

int main(void)
{
    ctx = eng_context_new();
    if (eng_font_open(ctx, "assets/fonts/EBGaramond12-Regular.otf", 0, &serif) ||
        eng_font_open(ctx, "assets/fonts/DejaVuSans.ttf", 0, &sans) ||
        eng_font_open(ctx, "assets/fonts/NotoSansCJK-Regular.ttc", 0, &cjk)) {
        printf("FAIL fonts: %s\n", eng_errmsg(ctx));
        return 1;
    }
    RUN(line_is_centred_in_the_area_and_as_large_as_fits);
    RUN(max_height_caps_the_size);
    RUN(auto_size_shrinks_but_never_below_minimum);
    RUN(refuses_text_longer_than_charm);
    RUN(the_count_of_characters_that_fit_is_true);
    RUN(refuses_invalid_utf8_naming_the_position);
    RUN(refuses_control_characters_naming_the_position);
    RUN(refuses_characters_the_font_lacks);
    RUN(refuses_over_the_byte_cap);
    RUN(refuses_bad_parameters);
    RUN(empty_text_gives_an_empty_engraving);
    RUN(refuses_text_made_only_of_blank_or_invisible_characters);
    RUN(refuses_bidirectional_controls_naming_the_position);
    RUN(refuses_stacked_combining_marks_beyond_what_the_font_composes);
    RUN(combining_marks_and_ligatures_shape);
    RUN(hebrew_runs_right_to_left);
    RUN(several_lines_stack_downwards);
    RUN(arc_glyphs_stand_on_one_circle);
    RUN(arc_top_is_symmetric_about_the_vertical);
    RUN(monogram_middle_initial_is_larger);
    RUN(vertical_runs_top_to_bottom);
    RUN(every_layout_respects_the_minimum_height);
    RUN(allocation_failures_are_reported_not_fatal);
    RUN(refusals_come_as_data_too);
    eng_font_free(serif);
    eng_font_free(sans);
    eng_font_free(cjk);
    eng_context_free(ctx);
    return test_summary();
}
