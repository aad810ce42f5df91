/* png_compare.c — compares a headless screenshot with its golden image
 * (tests/e2e/golden.sh), and makes the golden images (make golden).
 *
 * The golden PNGs are committed, so they are kept at a reduced size: a
 * 1080x1920 shot is stored at 540x960 (--reduce 2). A shot is compared
 * after the same reduction (the factor is read from the two sizes), pixel
 * by pixel: a pixel differs when one of its channels (RGBA) is more than
 * --tolerance (default 16 of 255) away; the images match while at most
 * --max-share (default 0.05 %) of the pixels differ. On this machine two
 * runs give identical shots; the tolerance absorbs small font-hinting and
 * rasterizer differences, and a changed word, colour or layout is well
 * above it (one character is about 0.05 % of the reduced screen).
 *
 *   png_compare [--tolerance T] [--max-share PERCENT] [--diff OUT.png] SHOT GOLDEN
 *   png_compare --reduce K IN.png OUT.png
 *
 * Exit status: 0 match (or written), 1 differ, 2 unreadable or sizes that
 * do not fit. Reads and writes PNGs with stb_image / stb_image_write and
 * reduces with stb_image_resize (Debian's libstb).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>

typedef struct {
    unsigned char *px;      /* RGBA, w * h * 4 */
    int w, h;
} Image;

static int load(const char *path, Image *im)
{
    int n = 0;
    im->px = stbi_load(path, &im->w, &im->h, &n, 4);
    if (!im->px) {
        fprintf(stderr, "png_compare: %s: cannot read it as a PNG: %s\n", path,
                stbi_failure_reason());
        return -1;
    }
    return 0;
}

/* Reduces *im by k in each direction (k 1: unchanged). */
static int reduce(Image *im, int k, const char *path)
{
    if (k == 1)
        return 0;
    if (k < 1 || im->w % k || im->h % k) {
        fprintf(stderr, "png_compare: %s: %dx%d does not divide by %d\n", path, im->w, im->h, k);
        return -1;
    }
    int w = im->w / k, h = im->h / k;
    unsigned char *out = malloc((size_t)w * h * 4);
    if (!out || !stbir_resize_uint8(im->px, im->w, im->h, 0, out, w, h, 0, 4)) {
        fprintf(stderr, "png_compare: %s: cannot reduce it\n", path);
        free(out);
        return -1;
    }
    stbi_image_free(im->px);
    im->px = out;           /* freed with free(): stbi_image_free is free() too */
    im->w = w;
    im->h = h;
    return 0;
}

static double number(const char *s, const char *what)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || v < 0) {
        fprintf(stderr, "png_compare: %s: expected a number, got '%s'\n", what, s);
        exit(2);
    }
    return v;
}

static int usage(void)
{
    fprintf(stderr, "usage: png_compare [--tolerance T] [--max-share PERCENT] [--diff OUT.png]"
                    " SHOT GOLDEN\n       png_compare --reduce K IN.png OUT.png\n");
    return 2;
}

int main(int argc, char **argv)
{
    double tolerance = 16, max_share = 0.05;
    const char *diff_path = NULL;
    int k = 0, i = 1;
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (strcmp(argv[i], "--tolerance") == 0) tolerance = number(argv[i + 1], argv[i]);
        else if (strcmp(argv[i], "--max-share") == 0) max_share = number(argv[i + 1], argv[i]);
        else if (strcmp(argv[i], "--diff") == 0) diff_path = argv[i + 1];
        else if (strcmp(argv[i], "--reduce") == 0) k = (int)number(argv[i + 1], argv[i]);
        else return usage();
    }
    if (argc - i != 2)
        return usage();
    const char *a_path = argv[i], *b_path = argv[i + 1];
    Image a = { 0 }, b = { 0 };
    int rc = 2;
    if (load(a_path, &a) != 0)
        goto done;
    if (k) {
        if (reduce(&a, k, a_path) != 0)
            goto done;
        /* Stored as RGB (a screen is opaque), as small as stb makes it. */
        stbi_write_png_compression_level = 9;
        for (long p = 0; p < (long)a.w * a.h; p++)
            memmove(&a.px[p * 3], &a.px[p * 4], 3);
        if (stbi_write_png(b_path, a.w, a.h, 3, a.px, a.w * 3))
            rc = 0;
        else
            fprintf(stderr, "png_compare: %s: cannot write it\n", b_path);
        goto done;
    }
    if (load(b_path, &b) != 0)
        goto done;
    if (b.w == 0 || b.h == 0 || a.w % b.w || a.h % b.h || a.w / b.w != a.h / b.h) {
        fprintf(stderr, "png_compare: %s is %dx%d, %s %dx%d: not the same screen\n",
                a_path, a.w, a.h, b_path, b.w, b.h);
        goto done;
    }
    if (reduce(&a, a.w / b.w, a_path) != 0)
        goto done;
    long differ = 0, total = (long)a.w * a.h;
    for (long p = 0; p < total; p++) {
        int off = 0;
        for (int c = 0; c < 4; c++)
            off |= abs(a.px[p * 4 + c] - b.px[p * 4 + c]) > tolerance;
        differ += off;
        if (diff_path) {    /* the golden image, faded, with the differing pixels red */
            unsigned char *q = &b.px[p * 4];
            for (int c = 0; c < 3; c++)
                q[c] = off ? (c == 0 ? 255 : 0) : (unsigned char)(192 + q[c] / 4);
            q[3] = 255;
        }
    }
    double share = 100.0 * (double)differ / (double)total;
    printf("%s: %ld of %ld pixels differ by more than %g (%.3f %%, at most %.3f %%)\n",
           a_path, differ, total, tolerance, share, max_share);
    if (diff_path && differ && !stbi_write_png(diff_path, b.w, b.h, 4, b.px, b.w * 4))
        fprintf(stderr, "png_compare: %s: cannot write it\n", diff_path);
    rc = share <= max_share ? 0 : 1;
done:
    free(a.px);
    free(b.px);
    return rc;
}
