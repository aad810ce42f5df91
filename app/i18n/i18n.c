/* i18n.c — gettext setup for the "kiosk" text domain.
 *
 * Why not setlocale(LC_ALL, ""): a kiosk (and CI) often has no locale
 * generated but C.UTF-8, and the boutique's language comes from our config,
 * not from the environment. So we run under C.UTF-8 (UTF-8 text, the C
 * number format) and choose the messages' language with LANGUAGE. GNU
 * gettext ignores LANGUAGE when the messages locale is "C"/"POSIX" but
 * honours it under "C.UTF-8" (glibc >= 2.35 treats C.UTF-8 as a real
 * locale); tests/app/test_config.c checks this with a catalogue it writes.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"

#define LANG_MAX 64

void i18n_init(const char *data_dir, const char *locale)
{
    char dir[4096], lang[LANG_MAX], full[LANG_MAX];

    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "C");         /* English only, but still runs */

    /* "fr_FR.UTF-8@euro" -> full "fr_FR", lang "fr"; LANGUAGE "fr_FR:fr" so
     * a regional catalogue wins when there is one. */
    snprintf(full, sizeof full, "%s", locale && *locale ? locale : "en_US");
    full[strcspn(full, ".@")] = '\0';
    snprintf(lang, sizeof lang, "%s", full);
    lang[strcspn(lang, "_-")] = '\0';
    char language[2 * LANG_MAX + 2];
    if (strcmp(full, lang) == 0)
        snprintf(language, sizeof language, "%s", lang);
    else
        snprintf(language, sizeof language, "%s:%s", full, lang);
    setenv("LANGUAGE", language, 1);

    snprintf(dir, sizeof dir, "%s/assets/locale", data_dir && *data_dir ? data_dir : ".");
    bindtextdomain("kiosk", dir);
    bind_textdomain_codeset("kiosk", "UTF-8");
    textdomain("kiosk");
}
