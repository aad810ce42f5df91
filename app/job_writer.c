/* job_writer.c — see job_writer.h. */
#include "job_writer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobs/jobs.h"

typedef struct {
    model_Order order;
    int edition_size;
    char slot[24];
} Item;

struct job_Writer {
    const char *jobs_dir, *data_dir;
    const model_Catalogue *cat;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    Item queue[JOB_WRITER_QUEUE];
    int head, count, quit;
};

static void write_one(const job_Writer *w, const Item *it)
{
    char msg[256];
    jobs_Job job = { &it->order, w->cat, w->data_dir, it->order.serial, it->edition_size,
                     it->slot[0] ? it->slot : NULL };
    if (jobs_write(w->jobs_dir, &job, msg, sizeof msg) != JOBS_OK)
        fprintf(stderr, "kiosk: production files of order %lld: %s\n",
                (long long)it->order.number, msg);
}

static void *run(void *user)
{
    job_Writer *w = user;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        Item it;
        while (w->count == 0 && !w->quit) pthread_cond_wait(&w->wake, &w->lock);
        if (w->count == 0) break;                 /* quit, and nothing left */
        it = w->queue[w->head];
        w->head = (w->head + 1) % JOB_WRITER_QUEUE;
        w->count--;
        pthread_mutex_unlock(&w->lock);
        write_one(w, &it);
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

job_Writer *job_writer_start(const char *jobs_dir, const char *data_dir, const model_Catalogue *cat)
{
    job_Writer *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->jobs_dir = jobs_dir;
    w->data_dir = data_dir;
    w->cat = cat;
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
    Item it;
    int queued = 0;
    memset(&it, 0, sizeof it);
    it.order = *order;
    it.edition_size = edition_size;
    snprintf(it.slot, sizeof it.slot, "%.19s", slot ? slot : "");
    pthread_mutex_lock(&w->lock);
    if (w->count < JOB_WRITER_QUEUE) {
        w->queue[(w->head + w->count) % JOB_WRITER_QUEUE] = it;
        w->count++;
        queued = 1;
        pthread_cond_signal(&w->wake);
    }
    pthread_mutex_unlock(&w->lock);
    if (!queued) write_one(w, &it);               /* a backlog: better late than lost */
}

void job_writer_stop(job_Writer *w)
{
    if (!w) return;
    pthread_mutex_lock(&w->lock);
    w->quit = 1;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
}
