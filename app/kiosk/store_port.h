/* store_port.h — the store behind the touch UI's ui_Backend (see store_port.c). */
#ifndef APP_BACKEND_H
#define APP_BACKEND_H

#include "jobs/job_writer.h"
#include "store/store.h"
#include "ui/ui.h"

typedef struct {
    store_Db *db;                     /* borrowed */
    const model_Catalogue *cat;       /* borrowed, for the queue's names */
    store_Hours hours;                /* the boutique's day, from the configuration */
    const char *data_dir;             /* fonts for the production files */
    const char *jobs_dir;             /* where each order's production files go */
    job_Writer *jobs;                 /* borrowed; NULL: no production files */
    struct pin_Check *pin;            /* owned: the staff PIN being checked, or NULL */
    int resting;                      /* BACKEND_SERVING, or why the counter rests */
    int64_t recheck_at;               /* UI's Unix seconds: try a write again; 0 unset */
} backend_Store;

/* Why the counter takes no orders (backend_Store.resting). */
enum {
    BACKEND_SERVING = 0,
    BACKEND_REST_UNWRITABLE,          /* a write does not go through: tried again each minute */
    BACKEND_REST_DAMAGED,             /* PRAGMA quick_check found damage, or a foreign schema:
                                       * until the database is replaced and the kiosk restarted */
};
#define BACKEND_RECHECK_S 60

/* Looks at the database (store_health; quick: with PRAGMA quick_check) and
 * sets b->resting, saying in the log why the counter rests or that it
 * serves again. At start, and after a write failed. Returns b->resting. */
int backend_check_health(backend_Store *b, int quick);

/* The callbacks, bound to b (borrowed: it outlives the UI). */
ui_Backend backend_for_store(backend_Store *b);

#endif
