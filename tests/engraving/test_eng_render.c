/* test_eng_render.c — eng_render_charm: paints inside the frame only, the
 * body in the metal's colours, the engraving darker than the metal around. */
#include "../test.h"
#include "engrave.h"

#include <stdlib.h>
#include <string.h>

static eng_Context *ctx;
static eng_Font *serif;
static const eng_Metal gold = { { 0xD2, 0xAC, 0x4E }, { 0xF7, 0xE3, 0xA1 }, { 0x8A, 0x6A, 0x22 } };

#define S 400

static uint8_t img[S * S * 4];

static void clear(void)
{
    int i;
    for (i = 0; i < S * S; i++) {
        img[4 * i] = 10; img[4 * i + 1] = 200; img[4 * i + 2] = 30; img[4 * i + 3] = 255;
    }
}

static int lum(int x, int y)
{
    const uint8_t *p = img + 4 * (y * S + x);
    return p[0] * 3 + p[1] * 6 + p[2];
}

TEST(paints_only_inside_the_frame)
{
    static const eng_CharmShape shapes[] = { ENG_CHARM_DISC, ENG_CHARM_HEART, ENG_CHARM_BAR,
                                             ENG_CHARM_TAG, ENG_CHARM_OVAL, ENG_CHARM_DOGTAG };
    int s;
    for (s = 0; s < 6; s++) {
        eng_Charm c = { "Charm", shapes[s], 18, 24, 3, 7, 12, 10, 0 };
        eng_Image im = { img, S, S, S * 4 };
        eng_View v = { 10, 100, 100 };
        double x0, y0, x1, y1;
        int x, y;
        clear();
        CHECK(eng_render_charm(ctx, &c, &gold, NULL, &v, &im) == ENG_OK);
        eng_charm_frame(&c, &x0, &y0, &x1, &y1);
        for (y = 0; y < S; y++) {
            for (x = 0; x < S; x++) {
                int inside = x >= 100 + x0 * 10 - 1 && x <= 100 + x1 * 10 + 1 &&
                             y >= 100 + y0 * 10 - 1 && y <= 100 + y1 * 10 + 1;
                const uint8_t *p = img + 4 * (y * S + x);
                if (!inside)
                    CHECKF(p[0] == 10 && p[1] == 200 && p[2] == 30, "shape %d: painted at %d,%d", s, x, y);
            }
        }
        /* The centre of the body is metal: warm, not the green backdrop. */
        CHECK(img[4 * (220 * S + 190)] > img[4 * (220 * S + 190) + 2] + 40);
    }
}

TEST(engraving_is_a_darker_groove)
{
    eng_Charm c = { "Disc", ENG_CHARM_DISC, 20, 20, 3, 5, 14, 10, 0 };
    eng_Request r = { serif, 1.2, 0, ENG_LAYOUT_LINE, "I" };
    eng_Engraving *e;
    eng_Image im = { img, S, S, S * 4 };
    eng_View v = { 18, 20, 20 };
    int plain, cut, x, y, found = 0;
    CHECK(eng_engrave(ctx, &c, &r, &e) == ENG_OK);
    clear();
    CHECK(eng_render_charm(ctx, &c, &gold, NULL, &v, &im) == ENG_OK);
    plain = lum(200, 200);
    clear();
    CHECK(eng_render_charm(ctx, &c, &gold, e, &v, &im) == ENG_OK);
    /* Somewhere on the I's stem (x ~ 200 px) the metal is darker. */
    for (y = 150; y < 250; y++)
        for (x = 190; x < 210; x++)
            if (lum(x, y) < plain - 200)
                found = 1;
    cut = lum(200, 200);
    CHECKF(found, "plain %d, cut %d", plain, cut);
    eng_engraving_free(e);
}

TEST(off_image_and_bad_views)
{
    eng_Charm c = { "Disc", ENG_CHARM_DISC, 20, 20, 3, 5, 14, 10, 0 };
    eng_Image im = { img, S, S, S * 4 };
    eng_View far = { 10, -5000, 3000 }, bad = { -1, 0, 0 };
    CHECK(eng_render_charm(ctx, &c, &gold, NULL, &far, &im) == ENG_OK);
    CHECK(eng_render_charm(ctx, &c, &gold, NULL, &bad, &im) == ENG_ERR_ARG);
    im.stride = 3;
    CHECK(eng_render_charm(ctx, &c, &gold, NULL, &far, &im) == ENG_ERR_ARG);
}

TEST(render_survives_allocation_failures)
{
    eng_Charm c = { "Heart", ENG_CHARM_HEART, 20, 18, 4, 3.5, 12, 7, 0 };
    eng_Image im = { img, S, S, S * 4 };
    eng_View v = { 15, 30, 40 };
    unsigned long n, injected = 0, nomem = 0;
    int succeeded = 0;
    eng_Context *fresh = eng_context_new();
    CHECK(fresh);
    /* Fail the 1st, 2nd, ... allocation until a render makes fewer than n:
     * that one ran without a failure and must succeed. */
    for (n = 1; n < 1000 && !succeeded; n++) {
        unsigned long before = eng_context_fail_alloc_after(fresh, n);
        eng_Status st = eng_render_charm(fresh, &c, &gold, NULL, &v, &im);
        unsigned long made = eng_context_fail_alloc_after(fresh, 0) - before;
        if (made >= n) {
            injected++;
            nomem += st == ENG_ERR_NOMEM;
            CHECKF(st == ENG_OK || st == ENG_ERR_NOMEM, "n=%lu: status %d", n, (int)st);
        } else {
            CHECKF(st == ENG_OK, "n=%lu: no failure injected, yet status %d", n, (int)st);
            succeeded = 1;
        }
    }
    eng_context_free(fresh);
    CHECKF(injected > 0 && nomem > 0, "injected %lu failures, %lu said so", injected, nomem);
    CHECKF(succeeded, "no render got through after %lu failures", injected);
}

TEST(every_path_renders_the_same_charm)
{
    /* An engraved heart (odd widths: the blur's last columns) with every
     * path this build has: the portable, SSE2 and NEON renders must be the
     * same bytes (the same float sums everywhere); AVX2's coverage may be a
     * level off on a rounding tie, so its render may move a little. */
    static uint8_t ref[S * S * 4];
    eng_Charm c = { "Heart", ENG_CHARM_HEART, 20, 18, 4, 3.5, 12, 7, 0 };
    eng_Request r = { serif, 1.2, 0, ENG_LAYOUT_ARC_TOP, "Léa & Tom" };
    eng_Engraving *e;
    eng_Image im = { img, 397, 389, S * 4 };
    eng_View v = { 17.3, 21.7, 33.1 };
    eng_Simd s;
    int i, compared = 0;
    CHECK(eng_engrave(ctx, &c, &r, &e) == ENG_OK);
    CHECK(eng_context_set_simd(ctx, ENG_SIMD_PORTABLE) == ENG_OK);
    clear();
    CHECK(eng_render_charm(ctx, &c, &gold, e, &v, &im) == ENG_OK);
    memcpy(ref, img, sizeof ref);
    for (s = ENG_SIMD_SSE2; s <= ENG_SIMD_NEON; s++) {
        int tol = s == ENG_SIMD_AVX2 ? 8 : 0;
        if (!eng_simd_available(s))
            continue;
        compared++;
        CHECK(eng_context_set_simd(ctx, s) == ENG_OK);
        clear();
        CHECK(eng_render_charm(ctx, &c, &gold, e, &v, &im) == ENG_OK);
        for (i = 0; i < S * S * 4; i++)
            CHECKF(abs(img[i] - ref[i]) <= tol, "%s at %d,%d channel %d: %d vs portable %d",
                   eng_simd_name(s), i / 4 % S, i / 4 / S, i % 4, img[i], ref[i]);
    }
    eng_context_set_simd(ctx, ENG_SIMD_AUTO);
    eng_engraving_free(e);
#if defined(__x86_64__) || (defined(__aarch64__) && defined(__ARM_NEON))
    CHECK(compared > 0);
#endif
}

int main(void)
{
    ctx = eng_context_new();
    if (eng_font_open(ctx, "assets/fonts/EBGaramond12-Regular.otf", 0, &serif)) {
        printf("FAIL fonts: %s\n", eng_errmsg(ctx));
        return 1;
    }
    RUN(paints_only_inside_the_frame);
    RUN(engraving_is_a_darker_groove);
    RUN(off_image_and_bad_views);
    RUN(render_survives_allocation_failures);
    RUN(every_path_renders_the_same_charm);
    eng_font_free(serif);
    eng_context_free(ctx);
    return test_summary();
}
