/* font_check.h — the catalogue's font check, done with the engraving library.
 *
 * The store links no font code (only SQLite and libsodium), yet a catalogue
 * whose font the kiosk cannot open must never replace one it can. Every
 * program that imports a catalogue (the kiosk, kioskctl init, the sync
 * daemon) installs this check on its store handle; the kiosk also runs it at
 * start over the stored catalogue, to hide a font whose file has gone.
 * It lives here, beside the production files, because libkioskjobs.a is the
 * application's part that links the engraving library.
 *
 *   jobs_FontCheck *fc = jobs_font_check_new(cfg.data_dir);
 *   store_set_font_check(db, jobs_font_check, fc);
 *   ... imports ...
 *   store_set_font_check(db, NULL, NULL);    (or store_close first)
 *   jobs_font_check_free(fc);
 */
#ifndef JOBS_FONT_CHECK_H
#define JOBS_FONT_CHECK_H

#include <stddef.h>

#include "store/store.h"

#define JOBS_FONT_PATH_MAX 4096

/* One engraving context and the data directory fonts are found under. Used
 * by one thread at a time (the thread that uses the store handle). */
typedef struct jobs_FontCheck jobs_FontCheck;

/* data_dir is copied. NULL when out of memory. */
jobs_FontCheck *jobs_font_check_new(const char *data_dir);
void jobs_font_check_free(jobs_FontCheck *fc);      /* accepts NULL */

/* The store_FontCheckFn (store.h): opens `file` (relative to the data
 * directory) at face `face` as the engraving library will, and releases it.
 * user is the jobs_FontCheck. why names the file as the catalogue does:
 * "\"assets/fonts/x.otf\" does not exist", "... is a directory, not a font
 * file", "... is not a font file", "face 3, but \"a.ttc\" has 1 face". */
store_FontCheck jobs_font_check(void *user, const char *file, int face, char *why, size_t cap);

#endif
