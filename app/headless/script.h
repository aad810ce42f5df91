/* script.h — the headless driver's event scripts, parsed.
 *
 * One command a line; blank lines and lines starting with '#' are skipped.
 *   press <widget-id>        tap the centre of a widget on screen
 *   hold <widget-id> <ms>    press, keep the finger down, release
 *   tap <x> <y>              tap a point of the 1080x1920 canvas
 *   type <text>              type through the on-screen keyboard's keys
 *   key <SDL key name>       a physical key ("Escape", "Return", "Backspace")
 *   input <text>             text from a physical keyboard or input method
 *   wait <ms>                let time pass (the clock is virtual)
 *   shot <name>              write <shots dir>/<name>.png
 *   expect <widget-id>       fail unless the widget is on screen
 *   expect-not <widget-id>   fail if the widget is on screen
 *   expect-enabled <id>, expect-disabled <id>
 *   expect-screen <name>     fail unless that screen is shown
 * Every step but wait and shot first waits, drawing frames, while the screen
 * waits for an answer (a staff PIN being checked on another thread).
 * Parsing is separate from running so the parser can be fuzzed on its own.
 */
#ifndef HEADLESS_SCRIPT_H
#define HEADLESS_SCRIPT_H

#include <stddef.h>

#define SCRIPT_MAX_LINES  20000
#define SCRIPT_ARG_MAX    256

typedef enum {
    SCRIPT_PRESS, SCRIPT_HOLD, SCRIPT_TAP, SCRIPT_TYPE, SCRIPT_KEY, SCRIPT_INPUT, SCRIPT_WAIT,
    SCRIPT_SHOT, SCRIPT_EXPECT, SCRIPT_EXPECT_NOT, SCRIPT_EXPECT_ENABLED,
    SCRIPT_EXPECT_DISABLED, SCRIPT_EXPECT_SCREEN
} script_Op;

typedef struct {
    script_Op op;
    int line;                    /* 1-based line in the file */
    char arg[SCRIPT_ARG_MAX];    /* widget id, text, key name, shot name */
    long x, y;                   /* tap point; hold/wait milliseconds in x */
} script_Command;

typedef struct {
    script_Command *commands;    /* owned */
    int n;
} script_Script;

/* Parses text (len bytes, need not be NUL-terminated). Returns 0, or -1 with
 * "line N: what is wrong" in err. On success *out owns its commands. */
int script_parse(const char *text, size_t len, script_Script *out, char *err, size_t errlen);

/* Reads and parses a file; the message names the file too. */
int script_load(const char *path, script_Script *out, char *err, size_t errlen);

void script_free(script_Script *s);

#endif
