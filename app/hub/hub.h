/* hub.h — the brand's hub (build/kiosk-hub): protocol v1 (docs/protocol-v1.md)
 * for many kiosks, every byte of state in PostgreSQL.
 *
 * Concepts:
 *   hub process  stateless: libmicrohttpd's thread pool, one libpq
 *                connection per thread, opened on first use. Any number of
 *                them may serve one database side by side.
 *   registry     boutiques and their kiosks, each kiosk with its own 32-byte
 *                secret (printed once by `kiosk-hub admin add-kiosk`).
 *   changes      one log (changes.seq) of what goes down: catalogue and
 *                appointments for a boutique's kiosks, edition leases and
 *                order statuses for one kiosk. A writer takes the one row of
 *                change_seq, so sequence numbers become visible in order and
 *                a cursor never skips a change committed late.
 *   leases       granted in the transaction that locks the edition's row
 *                (SELECT ... FOR UPDATE); an exclusion constraint refuses
 *                two overlapping ranges of one edition whatever the code does.
 *
 * Errors: functions return 0 or -1 with a message in the caller's buffer, in
 * the words of an operator; nothing personal (appointment names) is logged.
 */
#ifndef HUB_H
#define HUB_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#define HUB_SCHEMA_VERSION   1
#define HUB_ERR_MAX          256
#define HUB_BODY_MAX         (2 * 1024 * 1024)  /* bytes of a request body */
#define HUB_ID_MAX           65                 /* kiosk or boutique id with the NUL */
#define HUB_PAGE_MAX         500                /* change rows in one answer */
#define HUB_CURSOR_PREFIX    "h1."

/* An answer: HTTP status and a malloc'd JSON body. */
typedef struct {
    unsigned code;
    char *body;
    int retry_after;        /* seconds, 0: none */
} hub_Answer;

/* The authenticated caller. */
typedef struct {
    char kiosk[HUB_ID_MAX];
    char boutique[HUB_ID_MAX];
} hub_Caller;

/* ---- db.c ---- */

/* Connects with a libpq connection string (`conninfo`; "" uses the PG*
 * environment variables). NULL with a message in err on failure. */
PGconn *hub_db_connect(const char *conninfo, char *err, size_t errcap);

/* Creates or migrates the schema to HUB_SCHEMA_VERSION under an advisory
 * lock (two processes starting together migrate once). 0 or -1. */
int hub_db_migrate(PGconn *pg, char *err, size_t errcap);

/* Runs a statement without parameters that returns no rows. 0 or -1. */
int hub_exec(PGconn *pg, const char *sql, char *err, size_t errcap);

/* PQexecParams with text parameters; the result (caller PQclears) or NULL
 * with a message when the status is not `want`. */
PGresult *hub_query(PGconn *pg, ExecStatusType want, char *err, size_t errcap,
                    const char *sql, int n, const char *const *params);

/* Appends a change to the log inside the caller's transaction: kind
 * (catalogue, appointment, edition, order), for a boutique or one kiosk
 * (the other NULL; both NULL: every kiosk), its key and JSON payload. */
int hub_publish(PGconn *pg, const char *boutique, const char *kiosk, const char *kind,
                const char *key, const char *payload, char *err, size_t errcap);

/* ---- api.c: the three endpoints, for an authenticated caller ---- */
void hub_api_orders(PGconn *pg, const hub_Caller *who, const char *body, size_t len,
                    hub_Answer *out);
void hub_api_changes(PGconn *pg, const hub_Caller *who, const char *since, hub_Answer *out);
void hub_api_quarantine(PGconn *pg, const hub_Caller *who, const char *body, size_t len,
                        hub_Answer *out);

/* Grants `kiosk` a new lease of each edition whose unsold serials in its
 * leases fell to half a lease or less, while the edition has serials left;
 * each grant publishes the kiosk's whole lease list for that edition. */
int hub_leases_refill(PGconn *pg, const char *kiosk, char *err, size_t errcap);

/* An error answer {"error": why} with `code`. */
void hub_answer_error(hub_Answer *out, unsigned code, const char *why);

/* ---- http.c ---- */
typedef struct {
    const char *conninfo;
    const char *listen;         /* address, default 127.0.0.1 */
    int port;
    int threads;
    const char *prefix;         /* path prefix before /v1 (behind a proxy) */
    const char *tls_cert, *tls_key;
    const char *trace_dir;      /* every request and answer body written here (tests) */
    int access_log;             /* one line per request with its time (bench) */
} hub_ServeOptions;

int hub_serve(const hub_ServeOptions *opt);

/* ---- admin.c ---- */
int hub_admin(const char *conninfo, int argc, char **argv);

/* Validators shared by admin and api. */
int hub_id_ok(const char *s);               /* 1 to 64 of a-z 0-9 - _ */

#endif
