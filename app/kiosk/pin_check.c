/* pin_check.c — see pin_check.h. */
#include "kiosk/pin_check.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <sodium.h>

struct pin_Check {
    pthread_t thread;
    int joinable;                       /* 1: a thread runs or ran, join it */
    pthread_mutex_t lock;
    pthread_cond_t over;
    int done;                           /* under lock */
    char db_path[4096];
    char pin[STORE_PIN_MAX_DIGITS + 2];
    int64_t now;
    pin_Answer answer;                  /* written before done is set */
};

static void check(pin_Check *c)
{
    store_Db *db = NULL;
    pin_Answer a;
    memset(&a, 0, sizeof a);
    a.status = store_open(c->db_path, &db);
    if (a.status == STORE_OK)
        a.status = store_staff_check_pin(db, c->pin, c->now, &a.result, &a.left, a.name);
    if (a.status != STORE_OK)
        snprintf(a.err, sizeof a.err, "%s", store_errmsg(db));
    store_close(db);
    sodium_memzero(c->pin, sizeof c->pin);
    pthread_mutex_lock(&c->lock);
    c->answer = a;
    c->done = 1;
    pthread_cond_broadcast(&c->over);
    pthread_mutex_unlock(&c->lock);
    sodium_memzero(&a, sizeof a);
}

#define PIN_CHECK_NICE 10   /* below the UI thread: frames first, the hashing after */

static void *run(void *user)
{
    /* Linux gives each thread its own nice value: on a busy machine the
     * hashing takes the time the UI thread leaves, not the other way round
     * (a check then lasts longer, the pad stays smooth). Best effort. */
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), PIN_CHECK_NICE);
    check(user);
    return NULL;
}

pin_Check *pin_check_start(const char *db_path, const char *pin, int64_t now)
{
    pin_Check *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->over, NULL);
    snprintf(c->db_path, sizeof c->db_path, "%s", db_path ? db_path : "");
    /* Longer than any PIN stays longer: the store refuses it as malformed. */
    snprintf(c->pin, sizeof c->pin, "%s", pin ? pin : "");
    c->now = now;
    if (pthread_create(&c->thread, NULL, run, c) == 0)
        c->joinable = 1;
    else
        check(c);           /* slow, but the PIN is still checked */
    return c;
}

int pin_check_answer(pin_Check *c, int wait, pin_Answer *out)
{
    int done;
    pthread_mutex_lock(&c->lock);
    while (wait && !c->done)
        pthread_cond_wait(&c->over, &c->lock);
    done = c->done;
    if (done)
        *out = c->answer;
    pthread_mutex_unlock(&c->lock);
    return done;
}

void pin_check_free(pin_Check *c)
{
    if (!c)
        return;
    if (c->joinable)
        pthread_join(c->thread, NULL);
    pthread_cond_destroy(&c->over);
    pthread_mutex_destroy(&c->lock);
    sodium_memzero(c, sizeof *c);
    free(c);
}
