/* text.c — small text checks the store applies to what it is given. */
#include <string.h>

#include "store/store_int.h"

int store_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int n;
        unsigned cp;
        if (c < 0x80) { p++; continue; }
        else if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
        else return 0;
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        /* Overlong forms, surrogates and values past U+10FFFF. */
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += n + 1;
    }
    return 1;
}

int store_utf8_count(const char *s)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

int store_layout_known(const char *name)
{
    static const char *const layouts[] = {
        "line", "arc-top", "arc-bottom", "monogram", "vertical"
    };
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
        if (strcmp(name, layouts[i]) == 0)
            return 1;
    return 0;
}

int store_shape_known(const char *name)
{
    static const char *const shapes[] = {
        "disc", "heart", "bar", "tag", "oval", "dogtag"
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        if (strcmp(name, shapes[i]) == 0)
            return 1;
    return 0;
}

int store_text_ok(const char *s, size_t cap, int multiline)
{
    if (!s)
        return 0;
    size_t len = strnlen(s, cap);
    if (len == 0 || len >= cap || !store_utf8_valid(s))
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && !(multiline && *p == '\n')) || *p == 0x7F)
            return 0;
    return 1;
}

/* The code point at *p (valid UTF-8), advancing *p past it. */
static unsigned next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned c = s[0];
    int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    unsigned cp = n == 0 ? c : n == 1 ? c & 0x1F : n == 2 ? c & 0x0F : c & 0x07;
    for (int i = 1; i <= n && s[i]; i++)
        cp = (cp << 6) | (s[i] & 0x3F);
    *p = s + 1;
    while (n-- > 0 && (**p & 0xC0) == 0x80)
        (*p)++;
    return cp;
}

static int in_ranges(unsigned cp, const unsigned (*r)[2], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp >= r[i][0] && cp <= r[i][1])
            return 1;
    return 0;
}

/* Characters that leave no mark: Unicode White_Space and
 * Default_Ignorable_Code_Point (Unicode 15), and the braille blank. */
static int is_blank(unsigned cp)
{
    static const unsigned r[][2] = {
        { 0x09, 0x0D }, { 0x20, 0x20 }, { 0x85, 0x85 }, { 0xA0, 0xA0 }, { 0xAD, 0xAD },
        { 0x34F, 0x34F }, { 0x61C, 0x61C }, { 0x115F, 0x1160 }, { 0x1680, 0x1680 },
        { 0x17B4, 0x17B5 }, { 0x180B, 0x180F }, { 0x2000, 0x200F }, { 0x2028, 0x202F },
        { 0x205F, 0x206F }, { 0x2800, 0x2800 }, { 0x3000, 0x3000 }, { 0x3164, 0x3164 },
        { 0xFE00, 0xFE0F }, { 0xFEFF, 0xFEFF }, { 0xFFA0, 0xFFA0 }, { 0xFFF0, 0xFFF8 },
        { 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A }, { 0xE0000, 0xE0FFF },
    };
    return in_ranges(cp, r, sizeof r / sizeof r[0]);
}

/* The blocks of combining diacritical marks (all Mn): enough to see a
 * tower of accents without Unicode's tables, which the store does not link.
 * The engraving library counts every mark; its limit is the same. */
static int is_combining(unsigned cp)
{
    static const unsigned r[][2] = {
        { 0x300, 0x36F }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, { 0x20D0, 0x20FF },
        { 0xFE20, 0xFE2F },
    };
    return in_ranges(cp, r, sizeof r / sizeof r[0]);
}

int store_text_bidi_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned cp = next_cp(&p);
        if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
            return (int)cp;
    }
    return 0;
}

const char *store_text_engravable(const char *s)
{
    int ink = 0, marks = 0;
    if (store_text_bidi_control(s))
        return "holds a bidirectional control character, which would reorder what the "
               "atelier reads";
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned cp = next_cp(&p);
        marks = is_combining(cp) ? marks + 1 : 0;
        if (marks > STORE_TEXT_MARKS_MAX)
            return "stacks more combining marks on one character than can be engraved";
        ink |= !is_blank(cp);
    }
    if (*s && !ink)
        return "is only blank or invisible characters: nothing would be engraved";
    return NULL;
}
