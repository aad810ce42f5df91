/* driver.h — runs an event script against the real UI, without a window.
 *
 * The UI draws with SDL's software renderer into a 1080x1920 surface; input
 * is pushed as real SDL finger and key events through SDL's queue, so the
 * code under test is the code customers use. Time is virtual: each frame is
 * 16 ms, `wait` advances the clock, so a 90 s idle timeout takes no 90 s.
 */
#ifndef HEADLESS_DRIVER_H
#define HEADLESS_DRIVER_H

#include <SDL.h>
#include <stdint.h>

#include "headless/frame_stats.h"
#include "headless/script.h"
#include "ui/ui.h"

#define HEADLESS_FRAME_MS 16

typedef struct {
    ui_App *app;                    /* borrowed */
    SDL_Surface *canvas;            /* borrowed: the renderer's target */
    SDL_Renderer *renderer;         /* borrowed */
    const char *shots_dir;          /* NULL: `shot` lines are errors */
    const char *script_path;        /* for messages */
    headless_FrameStats *stats;     /* NULL: not measured */
    int64_t now_ms;                 /* the virtual clock */
} headless_Driver;

/* Draws one frame at the current virtual time and advances it. */
void headless_frame(headless_Driver *d);

/* Runs every command; 0 when the script ran to its end and every expect
 * held, else -1 with "script:LINE: what failed" in err. */
int headless_run(headless_Driver *d, const script_Script *s, char *err, size_t errlen);

#endif
