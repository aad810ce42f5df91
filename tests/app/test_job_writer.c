/* test_job_writer.c — the production-file writer (app/jobs/job_writer.c, built
 * here with a queue of 2 so that a handful of orders fills it): a post
 * never writes on the caller's thread, even on a full queue, and what the
 * queue could not hold is written anyway, found again in the database;
 * orders owed from before the start are caught up in the background. */
#define JOB_WRITER_QUEUE 2
#include "../../app/jobs/job_writer.c"

#include <time.h>

#include "test.h"
#include "app/test_store_fixture.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int sheet_written(const char *jobs, const model_Order *o)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s/jobsheet.png", jobs, o->uuid);
    return access(path, F_OK) == 0;
}

TEST(full_queue_never_writes_on_the_caller_and_loses_nothing)
{
    static model_Catalogue cat;
    model_Order owed[3], posted[6];
    char jobs[192];
    double slowest = 0;
    store_Db *db = open_catalogue(NULL);
    CHECK(db);
    CHECK(store_catalogue_load(db, &cat) == STORE_OK);
    snprintf(jobs, sizeof jobs, "%s/jobs", tmpdir);
    for (int i = 0; i < 3; i++) {           /* stored before the kiosk started */
        owed[i] = sample_order("disc");
        snprintf(owed[i].text, sizeof owed[i].text, "Owed %d", i);
        CHECK(store_order_insert(db, &owed[i]) == STORE_OK);
    }
    job_Writer *w = job_writer_start(jobs, ".", &cat, dbpath);
    CHECK(w);
    for (int i = 0; i < 6; i++) {           /* three times what the queue holds */
        posted[i] = sample_order("disc");
        snprintf(posted[i].text, sizeof posted[i].text, "New %d", i);
        CHECK(store_order_insert(db, &posted[i]) == STORE_OK);
        double t = now_ms();
        job_writer_post(w, &posted[i], 0, NULL);
        if (now_ms() - t > slowest) slowest = now_ms() - t;
    }
    /* A job sheet takes tens of milliseconds at least (far more under
     * sanitizers): a post that wrote one would show. */
    CHECKF(slowest < 20, "a post took %.1f ms", slowest);
    job_writer_stop(w);
    for (int i = 0; i < 3; i++) CHECKF(sheet_written(jobs, &owed[i]), "owed order %d", i);
    for (int i = 0; i < 6; i++) CHECKF(sheet_written(jobs, &posted[i]), "posted order %d", i);
    store_close(db);
    {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        CHECK(system(cmd) == 0);
    }
}

int main(void)
{
    RUN(full_queue_never_writes_on_the_caller_and_loses_nothing);
    return test_summary();
}
