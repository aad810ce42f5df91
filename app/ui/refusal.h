/* refusal.h — why an engraving was refused, in the customer's words.
 *
 * The engraving library says why as data (eng_Refusal) and in English for
 * logs (eng_errmsg); this turns the data into one short sentence through
 * gettext, so that a Paris kiosk answers in French. The sentence speaks of
 * "this charm" and the font's catalogue name: the customer sees the rest.
 */
#ifndef UI_REFUSAL_H
#define UI_REFUSAL_H

#include <stddef.h>

#include "engrave.h"
#include "model/catalogue.h"

/* Writes the sentence for r into out (always terminated). font may be NULL. */
void ui_refusal_sentence(const eng_Refusal *r, const model_Font *font, char *out, size_t n);

#endif
