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
