/* sync.h — upstream sync: the kiosk's side of the protocol (README.md, "Upstream sync").
 *
 * Runs only in the sync daemon (`kioskctl sync --daemon`), the one process
 * that holds the kiosk's secret and talks to the network; the touch UI never
 * links this part (tests/sync/privsep.sh checks that `kiosk` has no libcurl).
 *
 * Concepts:
 *   outbox     the orders waiting to go upstream (store.h); every order has a
 *              row, written in the order's own transaction.
 *   batch      at most SYNC_BATCH_MAX orders in one POST /v1/orders. The
 *              upstream answers per order: accepted, duplicate (it already
 *              holds that UUID: the answer to a request whose reply was lost)
 *              or rejected with a reason. Accepted and duplicate settle the
 *              row as sent; rejected settles it as rejected.
 *   changes    GET /v1/changes?since=CURSOR: catalogue, appointment and
 *              edition changes and the next cursor, applied with it in one
 *              transaction.
 *   signature  every request carries X-Kiosk-Id, X-Timestamp (Unix seconds)
 *              and X-Signature: hex HMAC-SHA256, keyed with the kiosk's
 *              secret, of "METHOD\nPATH\nTIMESTAMP\n" followed by the body
 *              (PATH with its query string).
 *   backoff    after a failure the daemon waits a random time in
 *              [0, min(5 min, base * 2^attempt)] ("full jitter"), or longer
 *              when the upstream said Retry-After.
 *
 * Example (what `kioskctl sync-now` does):
 *
 *     sync_Client *c = NULL;
 *     sync_Report rep = { 0 };
 *     if (sync_client_new(&cfg, NULL, &c) == SYNC_OK &&
 *         sync_push(c, db, INT64_MAX, &rep) == SYNC_OK)
 *         printf("%lld sent\n", (long long)(rep.accepted + rep.duplicate));
 *     else
 *         fprintf(stderr, "%s\n", sync_errmsg(c));
 *     sync_client_free(c);
 *
 * Errors: functions return a sync_Status; the message is on the client
 * (sync_errmsg), in plain words and without personal data, because it is
 * logged and stored for staff (store_sync_record).
 */
#ifndef SYNC_H
#define SYNC_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "store/store.h"

/* Hard caps and protocol constants, named in one place. */
#define SYNC_BATCH_MAX        100               /* orders in one POST /v1/orders */
#define SYNC_BODY_MAX         (4 * 1024 * 1024) /* bytes of a response body */
#define SYNC_REQUEST_MAX      (2 * 1024 * 1024) /* bytes of a request body */
#define SYNC_SECRET_BYTES     32                /* the HMAC key: 64 hex digits in its file */
#define SYNC_SIG_HEX          65                /* hex HMAC-SHA256 with the NUL */
#define SYNC_CLOCK_SKEW_MAX   300               /* seconds the upstream tolerates */
#define SYNC_BACKOFF_CAP_MS   300000            /* 5 minutes */
#define SYNC_ERRMSG_MAX       256
#define SYNC_PULL_PAGES_MAX   20                /* changes pages fetched in one pull */

typedef enum {
    SYNC_OK = 0,
    SYNC_ERR,           /* local failure (database, memory, a file); see sync_errmsg */
    SYNC_ERR_CONFIG,    /* the configuration cannot work (URL, secret, TLS files) */
    SYNC_ERR_NET,       /* no answer: connect, timeout, reset, TLS; try again later */
    SYNC_ERR_HTTP,      /* an HTTP error status; try again later */
    SYNC_ERR_PROTO      /* an answer that does not follow the protocol; try again later */
} sync_Status;

typedef struct sync_Client sync_Client;

/* What one push or pull did, added to the caller's counters. */
typedef struct {
    int64_t batches;        /* POST /v1/orders answered */
    int64_t accepted, duplicate, rejected;
    int64_t change_pages;   /* GET /v1/changes answered */
    int64_t catalogues;     /* catalogue changes applied */
    int64_t items;          /* appointment and edition changes applied */
    int64_t unplaced;       /* upstream appointments with no free station: waiting */
    int64_t cancelled;      /* upstream cancellations applied */
    int64_t placed_later;   /* waiting appointments a station took (store_appointments_retry) */
    int64_t not_placed;     /* waiting appointments whose slot ended first */
    int64_t quarantined;    /* changes refused and set aside */
    int64_t reported;       /* refused changes told to the upstream */
} sync_Report;

/* ---- client (client.c) --------------------------------------------------- */

/* Creates a client from the configuration (borrowed; its upstream_url,
 * kiosk_id and secret_file must be set): reads the secret, checks the URL
 * (https, or http to a loopback address with allow_insecure_http =
 * loopback) and prepares a libcurl handle with TLS verification always on,
 * ca_file and pinned_public_key when given, connect and total timeouts, and
 * proxies from the environment. `stop` (borrowed, may be NULL) aborts a
 * transfer in progress when it becomes non-zero (SIGTERM). Always sets *out
 * unless out of memory, so that sync_errmsg(*out) explains a failure; free
 * it in both cases. */
sync_Status sync_client_new(const config_Kiosk *cfg, const volatile sig_atomic_t *stop,
                            sync_Client **out);
void sync_client_free(sync_Client *c);                  /* accepts NULL */
const char *sync_errmsg(const sync_Client *c);          /* never NULL */

/* Milliseconds the upstream asked to wait (Retry-After) in its last answer;
 * 0 when it did not ask. */
int64_t sync_retry_after_ms(const sync_Client *c);

/* ---- the exchanges (engine.c) --------------------------------------------- */

/* Sends the outbox rows due at `due` (store_outbox_pending; INT64_MAX: all)
 * in batches of SYNC_BATCH_MAX, oldest first, settling each batch as its
 * answer arrives, until none is due or an exchange fails. The first failure
 * stops the push: the batch in flight stays pending (counted as an attempt)
 * and is sent again later with the same UUIDs. */
sync_Status sync_push(sync_Client *c, store_Db *db, int64_t due, sync_Report *rep);

/* Fetches changes since the stored cursor and applies them, page by page
 * (at most SYNC_PULL_PAGES_MAX), each with its new cursor. An item the
 * store refuses is set aside (store_changes_apply) and reported: before
 * each page and after the last, the items not yet reported go up in
 * POST /v1/quarantine (sync_report_quarantine). */
sync_Status sync_pull(sync_Client *c, store_Db *db, sync_Report *rep);

/* Tells the upstream about the refused changes not yet reported (at most
 * STORE_QUARANTINE_REPORT_MAX per request, until none is left); marks those
 * it acknowledged. SYNC_OK when nothing is left to tell. */
sync_Status sync_report_quarantine(sync_Client *c, store_Db *db, sync_Report *rep);

/* ---- protocol (protocol.c): pure functions, no I/O ------------------------ */

/* The body of POST /v1/orders for rows[0..n) (borrowed): a malloc'd string
 * the caller frees, or NULL when out of memory. */
char *sync_orders_body(const char *kiosk_id, const store_OrderRow *rows, int n);

/* Parses the answer to a batch (body: `len` bytes, borrowed, need not be
 * NUL-terminated). results[i] (caller-owned, n entries) gets the outcome for
 * rows[i]: SENT for accepted or duplicate, REJECTED with the reason, RETRY
 * when the answer does not mention it. Counts into *rep. SYNC_ERR_PROTO with
 * a message in err (errcap bytes) when the body does not follow the
 * protocol or mentions an order it was not sent; results are then all RETRY. */
sync_Status sync_orders_parse(const char *body, size_t len, const store_OrderRow *rows, int n,
                              store_OutboxResult *results, sync_Report *rep,
                              char *err, size_t errcap);

/* Parses an answer of GET /v1/changes. On SYNC_OK *root owns the document
 * (free with sync_json_free) and *ch points into it; *more is 1 when the
 * upstream has more changes after this page. SYNC_ERR_PROTO with a message
 * in err otherwise (*root NULL). Contents (the catalogue's fields) are
 * validated by store_changes_apply. */
sync_Status sync_changes_parse(const char *body, size_t len, struct cJSON **root,
                               store_Changes *ch, int *more, char *err, size_t errcap);
void sync_json_free(struct cJSON *root);                /* accepts NULL */

/* Why the upstream answered 401, from its body {"error": ..., "reason":
 * "clock" | "signature" | "kiosk"} (body: len bytes, borrowed, may be
 * NULL); SYNC_AUTH_UNKNOWN when it does not say. */
typedef enum {
    SYNC_AUTH_UNKNOWN = 0,
    SYNC_AUTH_CLOCK,        /* the timestamp is more than SYNC_CLOCK_SKEW_MAX off */
    SYNC_AUTH_SIGNATURE,    /* the signature does not verify: not the same secret */
    SYNC_AUTH_KIOSK         /* no such kiosk (or headers missing) */
} sync_AuthReason;
sync_AuthReason sync_auth_reason(const char *body, size_t len);

/* The body of POST /v1/quarantine for items[0..n) (borrowed): a malloc'd
 * string the caller frees, or NULL when out of memory. */
char *sync_quarantine_body(const char *kiosk_id, const store_QuarantineItem *items, int n);

/* Parses the answer to a quarantine report: {"received": [ids]}. ids[i]
 * (n entries, borrowed) are the items sent; *acked gets how many of them the
 * answer names, and they are moved to the front of ids. SYNC_ERR_PROTO with
 * a message in err when the body does not follow the protocol. */
sync_Status sync_quarantine_parse(const char *body, size_t len, int64_t *ids, int n,
                                  int *acked, char *err, size_t errcap);

/* ---- signatures (sign.c) ------------------------------------------------- */

/* Reads the secret file: 64 hex digits (whitespace around them ignored),
 * e.g. made by `openssl rand -hex 32`, readable by its owner only. 0 and the
 * key in key[], or -1 with a message in err. */
int sync_secret_load(const char *path, unsigned char key[SYNC_SECRET_BYTES], char *err,
                     size_t errcap);

/* hex[] = hex HMAC-SHA256 of "METHOD\nPATH\nTIMESTAMP\n" + body[0..len). */
void sync_sign(const unsigned char key[SYNC_SECRET_BYTES], const char *method,
               const char *path, int64_t timestamp, const char *body, size_t len,
               char hex[SYNC_SIG_HEX]);

/* 1 when `sig` (hex, any case) is the signature of the request, compared in
 * constant time; 0 otherwise. */
int sync_sign_verify(const unsigned char key[SYNC_SECRET_BYTES], const char *method,
                     const char *path, int64_t timestamp, const char *body, size_t len,
                     const char *sig);

/* ---- backoff (backoff.c) ------------------------------------------------- */

/* The wait before retry number `attempt` (0 after the first failure) with
 * full jitter: random32 (uniform, e.g. randombytes_random()) mapped onto
 * [0, min(SYNC_BACKOFF_CAP_MS, base_ms * 2^attempt)]. When the upstream
 * asked for retry_after_ms > 0 the wait is at least that, still capped at
 * SYNC_BACKOFF_CAP_MS. */
int64_t sync_backoff_ms(int attempt, int64_t base_ms, uint32_t random32,
                        int64_t retry_after_ms);

#endif
