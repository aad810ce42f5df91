/* upstream.h — the test upstream's parts (tests/upstream/): options, its
 * database and the two endpoints' logic. See upstream.c for the manual. */
#ifndef UPSTREAM_H
#define UPSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "sync/sync.h"

#define UP_PATH_MAX       1024
#define SYNC_KIOSK_ID_CAP 65        /* kiosk id bytes with the NUL */
#define UP_CANCEL_MAX     16        /* --cancel flags */

typedef struct {
    int port;
    char db[UP_PATH_MAX];
    unsigned char key[SYNC_SECRET_BYTES];
    char tls_cert[UP_PATH_MAX], tls_key[UP_PATH_MAX];
    double fail_rate, reset_rate;
    int latency_ms, stall, malformed, retry_after;
    double retry_after_rate;        /* 429 with this probability (--retry-after-rate);
                                     * 0: every other request */
    int bad_appointment, bad_lease, bad_catalogue;  /* publish an item the kiosk refuses */
    int appt_minutes;               /* --appointments-minutes (30) */
    int clock_offset;       /* seconds added to the upstream's clock (--clock-offset) */
    char reject_charm[64];
    char catalogue[UP_PATH_MAX];    /* published as a change at start */
    int appointments;               /* synthetic appointment changes published at start */
    int appt_start, appt_every;     /* the first starts appt_start s from now, then every
                                     * appt_every s (0: all in one slot); 3600 each */
    int appt_from;                  /* the first one's number: appt-<appt_from> (1) */
    char cancel[UP_CANCEL_MAX][64]; /* appointment ids whose cancellation is published */
    int n_cancel;
    int page_size;                  /* changes per answer */
    int lease_size;                 /* serials leased to each kiosk (0: no leases) */
    char lease_charm[64];           /* the edition leased: its charm id ("oval") */
    int lease_total;                /* and its size (50) */
    uint64_t seed;
    int proxy_port;                 /* --proxy PORT: forward to the hub on 127.0.0.1:PORT */
    char trace[UP_PATH_MAX];        /* --trace DIR: every request and answer body, as the
                                     * hub writes them (tests/hub/validate.py reads them) */
} up_Options;

typedef struct up_Db up_Db;

/* Parses argv; 0, or -1 after printing the problem. */
int up_options_parse(int argc, char **argv, up_Options *opt);

/* Opens (creating) the upstream's database and publishes --catalogue and
 * --appointments as changes. 0, or -1 after printing the problem. */
int up_db_open(const up_Options *opt, up_Db **out);
void up_db_close(up_Db *db);        /* accepts NULL */

/* POST /v1/orders from kiosk `kiosk` (verified): stores the batch in one
 * transaction and returns the answer's JSON (malloc'd) with *code 200, or
 * an error body with *code 400. NULL on out of memory. */
char *up_orders(up_Db *db, const up_Options *opt, const char *kiosk, const char *body,
                size_t len, unsigned *code);

/* POST /v1/quarantine from kiosk `kiosk`: records the refused changes it
 * reports (idempotent by kiosk and id) and answers {"received": [ids]}. As
 * up_orders. */
char *up_quarantine(up_Db *db, const char *kiosk, const char *body, size_t len, unsigned *code);

/* GET /v1/changes?since=CURSOR (since may be NULL). As up_orders. */
char *up_changes(up_Db *db, const up_Options *opt, const char *kiosk, const char *since,
                 unsigned *code);

#endif
