/* frame_stats.c — see frame_stats.h. */
#include "headless/frame_stats.h"

#include <stdlib.h>
#include <string.h>

void headless_stats_init(headless_FrameStats *st)
{
    memset(st, 0, sizeof *st);
}

void headless_stats_add(headless_FrameStats *st, const char *screen, double ms)
{
    int i;
    for (i = 0; i < st->screens; i++)
        if (strcmp(st->screen[i], screen) == 0) break;
    if (i == st->screens) {
        if (st->screens == FRAME_STATS_SCREENS) return;
        snprintf(st->screen[i], sizeof st->screen[i], "%s", screen);
        st->ms[i] = malloc(sizeof(double) * FRAME_STATS_MAX);
        if (!st->ms[i]) return;
        st->screens++;
    }
    if (st->ms[i] && st->n[i] < FRAME_STATS_MAX) st->ms[i][st->n[i]++] = ms;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static double pct(const double *v, int n, double p)
{
    int k = (int)(p / 100.0 * n + 0.999999) - 1;
    if (k < 0) k = 0;
    if (k >= n) k = n - 1;
    return v[k];
}

static void line(FILE *out, const char *name, double *v, int n)
{
    if (n == 0) return;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    fprintf(out, "frames screen=%s n=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
            name, n, pct(v, n, 50), pct(v, n, 99), v[n - 1]);
}

void headless_stats_number(headless_FrameStats *st, double ms)
{
    if (st->numbers < FRAME_STATS_NUMBERS) st->number_ms[st->numbers++] = ms;
}

void headless_stats_print(headless_FrameStats *st, FILE *out)
{
    int total = 0, k = 0;
    double *all;
    fprintf(out, "first_frame_ms=%.1f\n", st->first_frame_ms);
    if (st->numbers) {
        qsort(st->number_ms, (size_t)st->numbers, sizeof st->number_ms[0], cmp_double);
        fprintf(out, "commit_to_number orders=%d p50_ms=%.2f max_ms=%.2f\n", st->numbers,
                pct(st->number_ms, st->numbers, 50), st->number_ms[st->numbers - 1]);
    }
    for (int i = 0; i < st->screens; i++) total += st->n[i];
    all = malloc(sizeof(double) * (size_t)(total > 0 ? total : 1));
    for (int i = 0; i < st->screens; i++) {
        if (all) memcpy(all + k, st->ms[i], sizeof(double) * (size_t)st->n[i]);
        k += st->n[i];
        line(out, st->screen[i], st->ms[i], st->n[i]);
    }
    if (all) line(out, "all", all, total);
    free(all);
}

void headless_stats_free(headless_FrameStats *st)
{
    for (int i = 0; i < st->screens; i++) free(st->ms[i]);
    memset(st, 0, sizeof *st);
}
