/* i18n.h — every user-visible string goes through gettext.
 *
 * Source strings are English. _("...") translates at run time; N_("...")
 * marks a string for extraction (xgettext -k_ -kN_) without translating it
 * where it is defined (tables, catalogue names), to be translated with _()
 * where it is shown. Catalogues live in assets/locale/<lang>/LC_MESSAGES/kiosk.mo.
 */
#ifndef CONFIG_I18N_H
#define CONFIG_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

/* Binds the "kiosk" text domain to <data_dir>/assets/locale and selects the
 * language of `locale` ("fr_FR" -> French) for messages. English when no
 * catalogue exists for it. */
void i18n_init(const char *data_dir, const char *locale);

#endif
