/* preview.h — charm pictures drawn by the engraving library, as textures.
 *
 * Owns two eng_Contexts, each with one eng_Font per catalogue font (all
 * opened at start: no font loading while a customer types): the UI thread's
 * and a worker thread's, which draws the engraving being typed so that a
 * keystroke never waits for the rasterizer (the previous picture stays up
 * for the few milliseconds it takes). Pictures of a charm in a
 * finish are cached by (charm, finish, size); the engraved preview is cached
 * by its whole request, so a frame that changes nothing re-renders nothing.
 * Pictures are opaque, composited onto the background colour bg_rgb
 * (0xRRGGBB) they will be shown on: an opaque copy costs a software
 * renderer far less than a blended one.
 */
#ifndef UI_PREVIEW_H
#define UI_PREVIEW_H

#include <SDL.h>
#include <stdint.h>

#include "model/catalogue.h"

typedef struct ui_Previews ui_Previews;

/* Opens the catalogue's fonts under data_dir. NULL with a message in err. */
ui_Previews *ui_previews_new(SDL_Renderer *r, const model_Catalogue *cat,
                             const char *data_dir, char *err, int errlen);
void ui_previews_free(ui_Previews *p);

/* The charm in the finish, no engraving, fitted in a size x size square.
 * Borrowed texture (owned by the cache); NULL while it is being drawn (call
 * again next frame; calling early, before it is shown, draws it ahead). */
SDL_Texture *ui_preview_charm(ui_Previews *p, const model_Charm *charm,
                              const model_Finish *finish, int size, uint32_t bg_rgb);

/* The charm engraved with text in font and layout. When the engraving is
 * refused, the charm is drawn without it and *refusal points at the reason
 * in the customer's words (borrowed until the next call), else NULL. */
SDL_Texture *ui_preview_engraving(ui_Previews *p, const model_Charm *charm,
                                  const model_Finish *finish, const model_Font *font,
                                  const char *layout, const char *text, int size,
                                  uint32_t bg_rgb, const char **refusal);

/* Takes the pictures the worker finished into the caches: once a frame,
 * on the UI thread, before drawing. */
void ui_previews_collect(ui_Previews *p);

/* 1 while the worker draws or holds a picture not yet shown. */
int ui_previews_busy(ui_Previews *p);

#endif
