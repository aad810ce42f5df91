/* jobs.h — an order's production files for the atelier.
 *
 * For each order, `<jobs_dir>/<uuid>/` holds:
 *   engraving.svg  the engraving library's production SVG (millimetres: the
 *                  charm's outline on its own layer, one path per glyph);
 *   jobsheet.png   a one-page job sheet: the piece rendered in its metal,
 *                  then order number, charm, finish and hallmark, font,
 *                  layout, text, edition serial and appointment time.
 * Both are drawn by the engraving library (the sheet's lines are laid out
 * by eng_engrave on a long pseudo "bar" charm and filled by our rasterizer)
 * and written to a temporary name then renamed, so a reader never sees half
 * a file. Writing again replaces them (kioskctl jobs NUMBER).
 *
 * This part sits apart from the core library (libkioskcore has no engraving
 * dependency): it is its own libkioskjobs.a, linked into kiosk and kioskctl.
 * It uses no globals; one call makes and frees its own eng_Context.
 *
 *   jobs_Job job = { &order, &catalogue, "/usr/share/atelier-kiosk", 12, 50,
 *                    "2026-11-21 14:30" };
 *   char msg[256];
 *   if (jobs_write("var/jobs", &job, msg, sizeof msg) != JOBS_OK) log(msg);
 */
#ifndef JOBS_H
#define JOBS_H

#include <stddef.h>

#include "model/catalogue.h"

typedef enum {
    JOBS_OK = 0,
    JOBS_ERR_INPUT,     /* the order names something the catalogue lacks */
    JOBS_ERR_ENGRAVE,   /* the engraving library refused or failed */
    JOBS_ERR_IO         /* a directory or file could not be written */
} jobs_Status;

#define JOBS_SHEET_WIDTH  1240      /* A4 at 150 dpi, portrait */
#define JOBS_SHEET_HEIGHT 1754
#define JOBS_SHEET_FONT   "assets/fonts/DejaVuSans.ttf"  /* under data_dir */

/* One order's job; every pointer borrowed. */
typedef struct {
    const model_Order *order;       /* uuid, number, choices, text, serial */
    const model_Catalogue *cat;     /* holds the order's charm, finish and font */
    const char *data_dir;           /* font files are relative to it */
    int serial;                     /* edition number, 0 = not limited */
    int edition_size;
    const char *slot;               /* appointment "YYYY-MM-DD HH:MM", NULL or "" none */
} jobs_Job;

/* Writes <jobs_dir>/<uuid>/engraving.svg and jobsheet.png (and, for each
 * matching piece N of a set, engraving-N.svg and jobsheet-N.png), creating
 * the directories. On failure returns the status and a message in msg (no
 * personal data: the order's engraving text is not personal data here, but
 * no appointment name is ever given to this part). */
jobs_Status jobs_write(const char *jobs_dir, const jobs_Job *job, char *msg, size_t msglen);

#endif
