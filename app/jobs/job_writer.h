/* job_writer.h — the kiosk writes each order's production files off the UI
 * thread.
 *
 * Drawing and compressing a job sheet takes a noticeable moment (far more
 * under sanitizers); the customer's Thank-you screen must not wait for it,
 * and neither may the first frame. The order is already committed when its
 * job is posted, so nothing is lost if the kiosk dies first, and nothing is
 * lost when the queue is full either: the database is the list of work.
 * The writer's thread has its own connection to it and catches up, in the
 * background, every order not yet collected whose job sheet is missing: at
 * start (a kiosk stopped before its writer finished, a backlog of any size)
 * and after a post found the queue full. New orders go before the backlog.
 * `kioskctl jobs NUMBER` rewrites an order's files by hand.
 */
#ifndef APP_JOB_WRITER_H
#define APP_JOB_WRITER_H

#include "model/catalogue.h"

#ifndef JOB_WRITER_QUEUE           /* (a test defines a smaller one to fill it) */
#define JOB_WRITER_QUEUE 64     /* jobs waiting; beyond, the database remembers them */
#endif

typedef struct job_Writer job_Writer;

/* Starts the writer thread, which begins by catching up the orders whose
 * files are missing (reading the database at db_path on a connection of its
 * own). Strings and the catalogue are borrowed and must outlive it. NULL on
 * failure (the kiosk then writes no production files; kioskctl jobs can). */
job_Writer *job_writer_start(const char *jobs_dir, const char *data_dir,
                             const model_Catalogue *cat, const char *db_path);

/* Queues the files of one stored order (copied). slot may be NULL. Never
 * blocks on the writing and never writes: when the queue is full the order
 * is left to the next catch-up from the database. Accepts NULL w. */
void job_writer_post(job_Writer *w, const model_Order *order, int edition_size,
                     const char *slot);

/* Writes what is queued and what the catch-up still owes, then stops the
 * thread. Accepts NULL. */
void job_writer_stop(job_Writer *w);

#endif
