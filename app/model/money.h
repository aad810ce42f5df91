/* money.h — prices as the customer reads them, from integer minor units.
 *
 * No floating point and no C locale machinery (a bare kiosk image has no
 * locales installed): a small table of currencies (their minor-unit digits
 * and symbol) and of locale conventions (symbol position, separators).
 * Whole amounts drop their zero decimals, as a boutique's price tags do:
 * "€1,250", "1 250 €", but "€1,250.50".
 */
#ifndef MODEL_MONEY_H
#define MODEL_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Formats `minor` units of ISO 4217 `currency` for `locale` ("en_US",
 * "fr_FR", "ja_JP"; unknown locales format as en_US) into buf, always
 * NUL-terminated. Returns the length written (truncated to cap-1). */
size_t model_money_format(char *buf, size_t cap, int64_t minor,
                          const char *currency, const char *locale);

/* Digits after the decimal point for the currency (2 for EUR, 0 for JPY). */
int model_money_decimals(const char *currency);

#endif
