/* job_writer.c — see job_writer.h.
 *
 * One thread, one queue of copied orders, one flag: `owed` says the
 * database may hold orders whose files nobody is writing (set at start and
 * by a post that found the queue full). The thread empties the queue first,
 * then walks the database for what is owed, one order at a time, looking at
 * the queue between two orders so that a customer who just ordered waits
 * for no backlog. An order's files are written only when its job sheet is
 * missing (files go through a temporary name and a rename, so a present
 * sheet is a whole one): a posted order the catch-up already wrote is not
 * written twice.
 */
#include "jobs/job_writer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jobs/jobs.h"
#include "store/store.h"

typedef struct {
    model_Order order;
    int edition_size;
    char slot[24];
} Item;

struct job_Writer {
    const char *jobs_dir, *data_dir, *db_path;
    const model_Catalogue *cat;
    store_Db *db;                   /* the thread's own connection, opened when owed */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    Item queue[JOB_WRITER_QUEUE];
    int head, count, quit, owed;
};

static int sheet_present(const job_Writer *w, const char *uuid)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s/jobsheet.png", w->jobs_dir, uuid);
    return access(path, F_OK) == 0;
}

static void write_one(const job_Writer *w, const Item *it)
{
    char msg[256];
    jobs_Job job = { &it->order, w->cat, w->data_dir, it->order.serial, it->edition_size,
                     it->slot[0] ? it->slot : NULL };
    if (sheet_present(w, it->order.uuid)) return;
    if (jobs_write(w->jobs_dir, &job, msg, sizeof msg) != JOBS_OK)
        fprintf(stderr, "kiosk: production files of order %lld: %s\n",
                (long long)it->order.number, msg);
}

/* Takes the oldest queued item into *it; 0 when the queue is empty. Called
 * with the lock held. */
static int take(job_Writer *w, Item *it)
{
    if (w->count == 0) return 0;
    *it = w->queue[w->head];
    w->head = (w->head + 1) % JOB_WRITER_QUEUE;
    w->count--;
    return 1;
}

/* Writes everything queued now. Called with the lock held; releases it
 * around each write. */
static void drain(job_Writer *w)
{
    Item it;
    while (take(w, &it)) {
        pthread_mutex_unlock(&w->lock);
        write_one(w, &it);
        pthread_mutex_lock(&w->lock);
    }
}

typedef struct {
    const job_Writer *w;
    int64_t *numbers;
    size_t n, cap;
    int failed;                     /* out of memory: the walk is cut short */
} Missing;

static int collect_missing(const store_QueueItem *item, void *user)
{
    Missing *m = user;
    if (sheet_present(m->w, item->row.order.uuid)) return 0;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        int64_t *grown = realloc(m->numbers, cap * sizeof *grown);
        if (!grown) {
            m->failed = 1;
            return 1;
        }
        m->numbers = grown;
        m->cap = cap;
    }
    m->numbers[m->n++] = item->row.order.number;
    return 0;
}

/* Writes the files of every order not yet collected whose job sheet is
 * missing, reading the database on the thread's own connection. Called
 * with the lock held; releases it while it reads and writes, and drains
 * the queue between two orders. */
static void catch_up(job_Writer *w)
{
    Missing m = { w, NULL, 0, 0, 0 };
    w->owed = 0;
    pthread_mutex_unlock(&w->lock);
    if (!w->db && store_open(w->db_path, &w->db) != STORE_OK) {
        fprintf(stderr, "kiosk: production files: %s: %s\n", w->db_path, store_errmsg(w->db));
        store_close(w->db);
        w->db = NULL;
        pthread_mutex_lock(&w->lock);
        return;
    }
    if (store_queue_each(w->db, collect_missing, &m) != STORE_OK)
        fprintf(stderr, "kiosk: production files: %s\n", store_errmsg(w->db));
    if (m.failed) fprintf(stderr, "kiosk: production files: out of memory listing the backlog\n");
    if (m.n > 0) fprintf(stderr, "kiosk: writing the production files of %zu orders\n", m.n);
    for (size_t i = 0; i < m.n; i++) {
        store_QueueItem item;
        pthread_mutex_lock(&w->lock);
        drain(w);
        pthread_mutex_unlock(&w->lock);
        if (store_order_get(w->db, m.numbers[i], &item) != STORE_OK) {
            fprintf(stderr, "kiosk: production files: %s\n", store_errmsg(w->db));
            continue;
        }
        {
            Item it;
            memset(&it, 0, sizeof it);
            it.order = item.row.order;
            it.edition_size = item.edition_size;
            snprintf(it.slot, sizeof it.slot, "%.19s", item.slot);
            write_one(w, &it);
        }
    }
    free(m.numbers);
    pthread_mutex_lock(&w->lock);
}

static void *run(void *user)
{
    job_Writer *w = user;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->count == 0 && !w->owed && !w->quit) pthread_cond_wait(&w->wake, &w->lock);
        if (w->count > 0) drain(w);
        else if (w->owed) catch_up(w);
        else break;                               /* quit, and nothing left */
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

job_Writer *job_writer_start(const char *jobs_dir, const char *data_dir, const model_Catalogue *cat,
                             const char *db_path)
{
    job_Writer *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->jobs_dir = jobs_dir;
    w->data_dir = data_dir;
    w->db_path = db_path;
    w->cat = cat;
    w->owed = 1;                    /* a kiosk stopped early left files to write */
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        free(w);
        return NULL;
    }
    return w;
}

void job_writer_post(job_Writer *w, const model_Order *order, int edition_size, const char *slot)
{
    if (!w) return;
    pthread_mutex_lock(&w->lock);
    if (w->count < JOB_WRITER_QUEUE) {
        Item *it = &w->queue[(w->head + w->count) % JOB_WRITER_QUEUE];
        memset(it, 0, sizeof *it);
        it->order = *order;
        it->edition_size = edition_size;
        snprintf(it->slot, sizeof it->slot, "%.19s", slot ? slot : "");
        w->count++;
    } else {
        w->owed = 1;                /* the order is stored: the catch-up finds it */
    }
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}

void job_writer_stop(job_Writer *w)
{
    if (!w) return;
    pthread_mutex_lock(&w->lock);
    w->quit = 1;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    store_close(w->db);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
}
