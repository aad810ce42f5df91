/* job_writer.h — the kiosk writes each order's production files off the UI
 * thread.
 *
 * Drawing and compressing a job sheet takes a noticeable moment (far more
 * under sanitizers); the customer's Thank-you screen must not wait for it.
 * The order is already committed when its job is posted, so nothing is lost
 * if the kiosk dies first: at start the kiosk posts again every queued order
 * whose files are missing, and `kioskctl jobs NUMBER` rewrites them by hand.
 */
#ifndef APP_JOB_WRITER_H
#define APP_JOB_WRITER_H

#include "model/catalogue.h"

#define JOB_WRITER_QUEUE 64     /* jobs waiting; beyond, a post writes at once */

typedef struct job_Writer job_Writer;

/* Starts the writer thread. Strings and the catalogue are borrowed and must
 * outlive it. NULL on failure (the caller then writes synchronously). */
job_Writer *job_writer_start(const char *jobs_dir, const char *data_dir,
                             const model_Catalogue *cat);

/* Queues the files of one order (copied). slot may be NULL. */
void job_writer_post(job_Writer *w, const model_Order *order, int edition_size,
                     const char *slot);

/* Writes what is queued, then stops the thread. Accepts NULL. */
void job_writer_stop(job_Writer *w);

#endif
