/* frame_stats.h — frame times per screen, for `make bench` (--frame-stats). */
#ifndef HEADLESS_FRAME_STATS_H
#define HEADLESS_FRAME_STATS_H

#include <stdio.h>

#define FRAME_STATS_SCREENS 8
#define FRAME_STATS_MAX     100000   /* frames kept per screen */
#define FRAME_STATS_NUMBERS 1000     /* orders timed from commit to number */

typedef struct {
    char screen[FRAME_STATS_SCREENS][16];
    double *ms[FRAME_STATS_SCREENS];   /* owned */
    int n[FRAME_STATS_SCREENS];
    int screens;
    double first_frame_ms;             /* process start (main) to first present */
    double number_ms[FRAME_STATS_NUMBERS]; /* each order's commit to its number presented */
    int numbers;
} headless_FrameStats;

void headless_stats_init(headless_FrameStats *st);
void headless_stats_add(headless_FrameStats *st, const char *screen, double ms);
/* Counts one order whose number was presented ms after its commit returned. */
void headless_stats_number(headless_FrameStats *st, double ms);

/* Prints "first_frame_ms=...", "commit_to_number orders=N p50_ms=...
 * max_ms=..." when orders were placed, and one "frames screen=... n=... p50_ms=...
 * p99_ms=... max_ms=..." line per screen, plus one for all screens. */
void headless_stats_print(headless_FrameStats *st, FILE *out);
void headless_stats_free(headless_FrameStats *st);

#endif
