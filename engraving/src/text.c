/* text.c — UTF-8 decoding and validation of the customer's text.
 *
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past
 * U+10FFFF. Positions in messages are 1-based characters, as the customer
 * counts them on the screen, never bytes. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Decodes one character at s (n bytes left). Returns its length, 0 if the
 * bytes are not valid UTF-8. */
static int decode_one(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c = s[0], min;
    int len, i;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xc2 && c <= 0xdf) { len = 2; c &= 0x1f; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { len = 3; c &= 0x0f; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { len = 4; c &= 0x07; min = 0x10000; }
    else return 0;
    if ((size_t)len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

static int is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
           cp == 0x2028 || cp == 0x2029;
}

/* Embedding, override and isolate controls: invisible, yet they reorder
 * the characters around them, so the atelier would read one thing and the
 * customer have meant another. (The marks U+200E/U+200F only settle the
 * direction of neutral characters and stay allowed.) */
static int is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

eng_Status Eng_text_decode(eng_Context *ctx, const char *text, int allow_newline,
                           Eng_Char **chars, int *n)
{
    size_t len, i = 0;
    Eng_Char *c = NULL;
    int k = 0;
    eng_Status st;
    *chars = NULL;
    *n = 0;
    /* strnlen: never read past the cap, even without a terminator nearby. */
    len = strnlen(text, ENG_MAX_TEXT_BYTES + 1);
    if (len > ENG_MAX_TEXT_BYTES) {
        Eng_fail(ctx, ENG_ERR_LIMIT, 0, "this text is too long to engrave (at most %d bytes)",
                 ENG_MAX_TEXT_BYTES);
        Eng_why(ctx, ENG_WHY_TEXT_BYTES, 0, ENG_MAX_TEXT_BYTES, 0);
        return ENG_ERR_LIMIT;
    }
    c = Eng_alloc(ctx, (len + 1) * sizeof *c);
    if (!c)
        return Eng_fail(ctx, ENG_ERR_NOMEM, 0, "out of memory");
    while (i < len) {
        uint32_t cp;
        int l = decode_one((const unsigned char *)text + i, len - i, &cp);
        if (!l) {
            st = Eng_fail(ctx, ENG_ERR_UTF8, k + 1,
                          "character %d is not valid text (broken UTF-8)", k + 1);
            Eng_why(ctx, ENG_WHY_BAD_UTF8, 0, 0, 0);
            goto fail;
        }
        if (cp == '\n' && !allow_newline) {
            st = Eng_fail(ctx, ENG_ERR_CONTROL, k + 1,
                          "character %d is a line break, but this layout has a single line",
                          k + 1);
            Eng_why(ctx, ENG_WHY_LINE_BREAK, cp, 0, 0);
            goto fail;
        }
        if (cp != '\n' && is_control(cp)) {
            st = Eng_fail(ctx, ENG_ERR_CONTROL, k + 1,
                          "character %d (U+%04X) is a control character and cannot be engraved",
                          k + 1, (unsigned)cp);
            Eng_why(ctx, ENG_WHY_CONTROL, cp, 0, 0);
            goto fail;
        }
        if (is_bidi_control(cp)) {
            st = Eng_fail(ctx, ENG_ERR_CONTROL, k + 1,
                          "character %d (U+%04X) is a bidirectional control: it would reorder "
                          "the text, and cannot be engraved", k + 1, (unsigned)cp);
            Eng_why(ctx, ENG_WHY_BIDI, cp, 0, 0);
            goto fail;
        }
        c[k].cp = cp;
        c[k].byte = (int)i;
        k++;
        i += (size_t)l;
    }
    c[k].cp = 0;
    c[k].byte = (int)len;   /* sentinel: the end of the text */
    *chars = c;
    *n = k;
    return ENG_OK;
fail:
    free(c);
    return st;
}

int Eng_char_is_mark(uint32_t cp)
{
    hb_unicode_general_category_t gc =
        hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

int Eng_char_counts(uint32_t cp)
{
    hb_unicode_general_category_t gc;
    if (cp == '\n')
        return 0;
    gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    return gc != HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK &&
           gc != HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK &&
           gc != HB_UNICODE_GENERAL_CATEGORY_FORMAT;
}
