/* backend.h — the store behind the touch UI's ui_Backend (see backend.c). */
#ifndef APP_BACKEND_H
#define APP_BACKEND_H

#include "job_writer.h"
#include "store/store.h"
#include "ui/ui.h"

typedef struct {
    store_Db *db;                     /* borrowed */
    const model_Catalogue *cat;       /* borrowed, for the queue's names */
    store_Hours hours;                /* the boutique's day, from the configuration */
    const char *data_dir;             /* fonts for the production files */
    const char *jobs_dir;             /* where each order's production files go */
    job_Writer *jobs;                 /* borrowed; NULL: no production files */
} backend_Store;

/* The callbacks, bound to b (borrowed: it outlives the UI). */
ui_Backend backend_for_store(backend_Store *b);

#endif
