/* refusal.c — see refusal.h. */
#include "ui/refusal.h"

#include <stdio.h>

#include "i18n/i18n.h"

/* The character as UTF-8 (cp is a valid scalar value: the library decoded
 * it). */
static void utf8_of(uint32_t cp, char out[5])
{
    if (cp < 0x80) {
        out[0] = (char)cp; out[1] = 0;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6); out[1] = (char)(0x80 | (cp & 0x3F)); out[2] = 0;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12); out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F)); out[3] = 0;
    } else {
        out[0] = (char)(0xF0 | cp >> 18); out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        out[2] = (char)(0x80 | (cp >> 6 & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F)); out[4] = 0;
    }
}

void ui_refusal_sentence(const eng_Refusal *r, const model_Font *font, char *out, size_t n)
{
    unsigned long k = r->limit > 0 ? (unsigned long)r->limit : 0;
    char ch[5];
    switch (r->why) {
    case ENG_WHY_OVER_LIMIT:
        snprintf(out, n, ngettext("At most %d character on this charm.",
                                  "At most %d characters on this charm.", k), r->limit);
        break;
    case ENG_WHY_DOES_NOT_FIT:
        snprintf(out, n, ngettext("Too long to stay legible: %d character fits.",
                                  "Too long to stay legible: %d characters fit.", k),
                 r->limit);
        break;
    case ENG_WHY_NOTHING_FITS:
        snprintf(out, n, "%s", _("This font is too large for this charm."));
        break;
    case ENG_WHY_NO_GLYPH:
        utf8_of(r->cp, ch);
        if (font)
            snprintf(out, n, _("“%s” is not in %s: choose another font."), ch,
                     _(font->name));
        else
            snprintf(out, n, _("“%s” is not in this font."), ch);
        break;
    case ENG_WHY_MONOGRAM:
        snprintf(out, n, "%s", _("A monogram takes three initials at most."));
        break;
    case ENG_WHY_TOO_MANY_LINES:
        snprintf(out, n, ngettext("At most %d line on this charm.", "At most %d lines on this charm.", k),
                 r->limit);
        break;
    case ENG_WHY_LINE_BREAK:
        snprintf(out, n, "%s", _("This layout takes a single line."));
        break;
    case ENG_WHY_CONTROL:
    case ENG_WHY_BAD_UTF8:
        snprintf(out, n, _("Character %d cannot be engraved."), r->pos);
        break;
    case ENG_WHY_BIDI:
        snprintf(out, n, _("Character %d is an invisible sign that cannot be engraved."), r->pos);
        break;
    case ENG_WHY_INVISIBLE:
        snprintf(out, n, "%s", _("Only spaces or invisible signs: nothing to engrave."));
        break;
    case ENG_WHY_STACKED_MARKS:
        utf8_of(r->cp, ch);
        snprintf(out, n, _("Too many accents stacked on “%s”."), ch);
        break;
    case ENG_WHY_TEXT_BYTES:
        snprintf(out, n, "%s", _("This text is too long to engrave."));
        break;
    default:
        snprintf(out, n, "%s", _("This text cannot be engraved; please change it."));
        break;
    }
}
