/* kit.h — the UI's toolkit: its one face for the screens. A drawing
 * context (ui_Ctx) with widgets, hit-testing, text, shapes, the theme and
 * the trace, one frame at a time. It knows nothing of the kiosk: no
 * session, no catalogue, no screen.
 *
 * Immediate mode, after microui: every frame a screen draws itself and
 * declares its widgets (id + rectangle). A touch is resolved against the
 * widgets of the frame the customer actually saw (the previous one): a
 * finger that goes down and up on the same enabled widget activates it,
 * and the widget id becomes an action for the current screen. The same list
 * serves the headless driver (`press`, `expect`) and the trace.
 *
 * All coordinates are logical pixels of the 1080x1920 portrait canvas.
 */
#ifndef UI_KIT_H
#define UI_KIT_H

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>

#include "ui/kit/theme.h"

#define UI_WIDTH  1080
#define UI_HEIGHT 1920

#define UI_MAX_WIDGETS   160
#define UI_WIDGET_ID_MAX 48
#define UI_MAX_ACTIONS   16
#define UI_TEXT_CACHE    512   /* cached text textures before a flush */
#define UI_SHAPE_CACHE   128   /* cached rounded-rectangle textures */
#define UI_TRACE_MASK "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"   /* "•••" */

typedef struct { int x, y, w, h; } ui_Rect;

typedef struct {
    char id[UI_WIDGET_ID_MAX];
    ui_Rect rect;
    int enabled;
} ui_Widget;

typedef enum {
    UI_FONT_DISPLAY,     /* serif, the wordmark and the thank-you */
    UI_FONT_TITLE,       /* serif, screen titles */
    UI_FONT_HEADING,     /* serif, tile names, review values */
    UI_FONT_ENGRAVING,   /* serif, the typed text */
    UI_FONT_ITALIC,      /* serif italic, subtitles and hints */
    UI_FONT_BODY,        /* sans, prices and details */
    UI_FONT_LABEL,       /* sans, small letter-spaced capitals */
    UI_FONT_KEY,         /* sans, keyboard keys */
    UI_FONT_BUTTON,      /* sans, button labels */
    UI_FONT_FIGURES,     /* sans, the total: lining figures (Garamond's are old-style) */
    UI_FONT_NUMBER,      /* sans, the order number staff must read at a glance */
    UI_FONT_COUNT,
    UI_FONT_EXTRA = UI_FONT_COUNT  /* first of the fonts added by ui_ctx_add_font */
} ui_Font;

#define UI_MAX_EXTRA_FONTS 8

typedef enum { UI_ALIGN_LEFT, UI_ALIGN_CENTER, UI_ALIGN_RIGHT } ui_Align;

typedef struct TextEntry TextEntry;
typedef struct ShapeEntry ShapeEntry;

typedef struct {
    SDL_Renderer *renderer;            /* borrowed */
    ui_Theme theme;
    TTF_Font *fonts[UI_FONT_COUNT + UI_MAX_EXTRA_FONTS];
    int n_extra;
    TextEntry *text_cache;             /* UI_TEXT_CACHE entries */
    int text_used;
    ShapeEntry *shape_cache;           /* UI_SHAPE_CACHE entries */
    int shape_used;

    ui_Widget widgets[UI_MAX_WIDGETS]; /* being drawn this frame */
    int n_widgets;
    ui_Widget shown[UI_MAX_WIDGETS];   /* the last finished frame's */
    int n_shown;

    /* Pointer: one finger (or the mouse) at a time. */
    int pointer_down;
    int pointer_x, pointer_y;
    char pressed_id[UI_WIDGET_ID_MAX]; /* widget under the finger at down */
    int64_t pressed_ms;                /* when it went down */
    int hold_fired;                    /* this press already made a long-press action */
    char actions[UI_MAX_ACTIONS][UI_WIDGET_ID_MAX];
    int n_actions;

    FILE *trace;                       /* borrowed, may be NULL */
    int trace_private;                 /* 1: text drawn now is personal data, traced as
                                        * UI_TRACE_MASK (rect and colour kept) */
    const char *window_name;           /* "main" */
    long frame;
    int64_t now_ms;
} ui_Ctx;

/* Opens the theme's fonts under data_dir and prepares the caches.
 * 0 ok; -1 with a message in err. */
int ui_ctx_init(ui_Ctx *ui, SDL_Renderer *r, const ui_Theme *theme,
                const char *data_dir, char *err, int errlen);
void ui_ctx_release(ui_Ctx *ui);

/* Opens one more font (face `face` of the file at path, size px) and returns
 * its ui_Font, or -1 with a message in err. */
int ui_ctx_add_font(ui_Ctx *ui, const char *path, int face, int size, char *err, int errlen);

/* 1 when the font has a glyph for every character of the UTF-8 text. */
int ui_font_covers(ui_Ctx *ui, ui_Font f, const char *text);

/* Frame bracket: begin clears the widget list; end makes it the shown one. */
void ui_frame_begin(ui_Ctx *ui, int64_t now_ms);
void ui_frame_end(ui_Ctx *ui);

/* Feeds one pointer event in logical pixels (down=1 press, 0 release). */
void ui_pointer(ui_Ctx *ui, int down, int x, int y);
/* Turns a finger held on a widget for at least ms into the action
 * "<id>:hold" (once per press; its release then taps nothing). Call once a
 * frame for each widget that has a long-press meaning. */
void ui_long_press(ui_Ctx *ui, const char *id, int64_t ms);
/* Queues an action as if widget `id` was tapped (keyboard shortcuts). */
void ui_push_action(ui_Ctx *ui, const char *id);
/* Takes the oldest pending action into id; 0 when none. */
int ui_pop_action(ui_Ctx *ui, char *id, size_t cap);

/* Declares a widget for this frame; returns 1 while a finger holds it down
 * (to draw it pressed). */
int ui_widget(ui_Ctx *ui, const char *id, ui_Rect r, int enabled);
/* The widget `id` in the last shown frame, or NULL. */
const ui_Widget *ui_widget_shown(const ui_Ctx *ui, const char *id);

/* ---- drawing ---- */
void ui_fill(ui_Ctx *ui, ui_Rect r, ui_Color c);
/* Anti-aliased rounded rectangle: fill, then a border of width bw (0 = none),
 * drawn on a flat background colour bg: the corners are composited onto bg
 * once, and each frame the whole shape is one opaque copy (a software
 * renderer copies several times faster than it blends). Colours opaque. */
void ui_round_rect(ui_Ctx *ui, ui_Rect r, int radius, ui_Color fill, ui_Color border, int bw,
                   ui_Color bg);
void ui_hline(ui_Ctx *ui, int x0, int x1, int y, ui_Color c);

/* Size of text in a font (with tracking: extra pixels between characters). */
void ui_text_size(ui_Ctx *ui, ui_Font f, const char *text, int tracking, int *w, int *h);
/* Renders text into the cache without drawing it (wrap: 0, or the width of
 * ui_text_wrapped), so that a later frame drawing it costs a copy. */
void ui_text_prepare(ui_Ctx *ui, ui_Font f, const char *text, ui_Color c, int tracking, int wrap);
/* The drawing calls take the id of the widget whose text they draw (NULL:
 * none): the trace says which widget each text belongs to. */
/* Draws text with its top at y; x is the left, centre or right edge per align.
 * Returns the drawn width. Empty text draws nothing. */
int ui_text(ui_Ctx *ui, const char *id, ui_Font f, const char *text, int x, int y, ui_Align align,
            ui_Color c, int tracking);
/* Draws text centred in r, both ways. */
void ui_text_in(ui_Ctx *ui, const char *id, ui_Font f, const char *text, ui_Rect r, ui_Color c,
                int tracking);
/* Draws text wrapped to width w, centred; returns the height used. */
int ui_text_wrapped(ui_Ctx *ui, const char *id, ui_Font f, const char *text, int x, int y, int w,
                    ui_Color c);
/* The same with the lines flush left at x; returns the height used. */
int ui_text_wrapped_left(ui_Ctx *ui, const char *id, ui_Font f, const char *text, int x, int y,
                         int w, ui_Color c);
/* Height ui_text_wrapped would use (0 for empty text), to place it first. */
int ui_text_wrapped_height(ui_Ctx *ui, ui_Font f, const char *text, int w, ui_Color c);

static inline int ui_rect_contains(ui_Rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static inline ui_Color ui_alpha(ui_Color c, uint8_t a)
{
    c.a = a;
    return c;
}

#endif
