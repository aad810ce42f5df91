/* http.c — the hub's HTTP side (libmicrohttpd): signature and clock checks,
 * routing, one libpq connection per server thread.
 *
 * A hub process keeps nothing between requests but those connections: every
 * fact lives in PostgreSQL, so processes can be added or restarted freely.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "hub/http_body.h"
#include "hub/hub.h"
#include "sync/sync.h"

#define CONNS_MAX     256
#define PEM_MAX       (64 * 1024)

typedef struct {
    const hub_ServeOptions *opt;
    pthread_mutex_t lock;           /* guards conns[] */
    PGconn *conns[CONNS_MAX];
    int n_conns;
    atomic_ulong requests;
} Server;

static _Thread_local PGconn *thread_pg;

typedef struct {
    char *uri;                      /* the raw target, as signed */
    hub_Body body;
    int started;
} Request;

/* This thread's connection, opened on first use and again after it broke. */
static PGconn *pg_of_thread(Server *s)
{
    char err[HUB_ERR_MAX];
    if (thread_pg && PQstatus(thread_pg) == CONNECTION_OK)
        return thread_pg;
    if (thread_pg) {
        PQreset(thread_pg);
        if (PQstatus(thread_pg) == CONNECTION_OK)
            return thread_pg;
        return NULL;
    }
    PGconn *pg = hub_db_connect(s->opt->conninfo, err, sizeof err);
    if (!pg) {
        fprintf(stderr, "kiosk-hub: %s\n", err);
        return NULL;
    }
    pthread_mutex_lock(&s->lock);
    if (s->n_conns < CONNS_MAX) {
        s->conns[s->n_conns++] = pg;
        thread_pg = pg;
    }
    pthread_mutex_unlock(&s->lock);
    if (!thread_pg)
        PQfinish(pg);
    return thread_pg;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    Request *r = calloc(1, sizeof *r);
    if (r)
        r->uri = strdup(uri);
    return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    Request *r = *req_cls;
    if (r) {
        free(r->uri);
        hub_body_free(&r->body);
        free(r);
    }
    *req_cls = NULL;
}

static void trace(Server *s, const char *endpoint, const char *what, const char *text,
                  size_t len, unsigned long n)
{
    char path[1024];
    if (!s->opt->trace_dir || !text)
        return;
    snprintf(path, sizeof path, "%s/%ld-%06lu-%s-%s.json", s->opt->trace_dir, (long)getpid(),
             n, endpoint, what);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
}

static enum MHD_Result send_answer(struct MHD_Connection *conn, hub_Answer *a)
{
    if (!a->body) {
        a->code = 500;
        a->body = strdup("{\"error\":\"the hub is out of memory\"}");
        if (!a->body)
            return MHD_NO;
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(a->body), a->body,
                                                                MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", "application/json");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (a->retry_after > 0) {
        char v[16];
        snprintf(v, sizeof v, "%d", a->retry_after);
        MHD_add_response_header(resp, "Retry-After", v);
    }
    enum MHD_Result ret = MHD_queue_response(conn, a->code, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* 401 with the check that failed: "kiosk", "clock" or "signature". */
static void unauthorized(hub_Answer *a, const char *why, const char *reason)
{
    char body[256];
    snprintf(body, sizeof body, "{\"error\":\"%s\",\"reason\":\"%s\"}", why, reason);
    a->code = 401;
    a->body = strdup(body);
}

/* Fills *who when the request is signed by a registered kiosk within the
 * clock window; else a 401 (or 503: the database) in *a and -1. */
static int authenticate(Server *s, PGconn *pg, struct MHD_Connection *conn, const char *method,
                        const Request *r, hub_Caller *who, hub_Answer *a)
{
    char err[HUB_ERR_MAX], target[2048];
    const char *id = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Kiosk-Id");
    const char *ts = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Timestamp");
    const char *sig = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Signature");
    if (!id || !ts || !sig) {
        unauthorized(a, "missing X-Kiosk-Id, X-Timestamp or X-Signature", "kiosk");
        return -1;
    }
    if (!hub_id_ok(id)) {
        unauthorized(a, "X-Kiosk-Id: expected 1 to 64 of a-z 0-9 - _", "kiosk");
        return -1;
    }
    const char *p[1] = { id };
    PGresult *res = hub_query(pg, PGRES_TUPLES_OK, err, sizeof err,
        "SELECT encode(secret, 'hex'), boutique_id FROM kiosks WHERE id = $1 AND NOT disabled",
        1, p);
    if (!res) {
        fprintf(stderr, "kiosk-hub: %s\n", err);
        hub_answer_error(a, 503, "the hub's database failed; try again");
        a->retry_after = 1;
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        unauthorized(a, "no such kiosk (or disabled)", "kiosk");
        return -1;
    }
    unsigned char key[SYNC_SECRET_BYTES];
    size_t klen = 0;
    sodium_hex2bin(key, sizeof key, PQgetvalue(res, 0, 0), 64, NULL, &klen, NULL);
    snprintf(who->kiosk, sizeof who->kiosk, "%s", id);
    snprintf(who->boutique, sizeof who->boutique, "%s", PQgetvalue(res, 0, 1));
    PQclear(res);
    char *end = NULL;
    errno = 0;
    long long t = strtoll(ts, &end, 10);
    long long skew = t - (long long)time(NULL);
    if (errno || end == ts || *end || skew > SYNC_CLOCK_SKEW_MAX || skew < -SYNC_CLOCK_SKEW_MAX) {
        sodium_memzero(key, sizeof key);
        unauthorized(a, "X-Timestamp: more than 5 minutes off the hub's clock", "clock");
        return -1;
    }
    snprintf(target, sizeof target, "%s%s", s->opt->prefix ? s->opt->prefix : "", r->uri);
    int ok = sync_sign_verify(key, method, target, t, r->body.data ? r->body.data : "", r->body.len, sig);
    sodium_memzero(key, sizeof key);
    if (!ok) {
        unauthorized(a, "X-Signature: does not verify with this kiosk's secret", "signature");
        return -1;
    }
    return 0;
}

static int is_json(struct MHD_Connection *conn)
{
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    return ct && strncmp(ct, "application/json", 16) == 0;
}

static enum MHD_Result handle(Server *s, struct MHD_Connection *conn, const char *method,
                              const char *url, Request *r)
{
    hub_Answer a = { 0 };
    hub_Caller who = { { 0 }, { 0 } };
    struct timespec t0, t1;
    const char *endpoint = "other";
    unsigned long n = atomic_fetch_add(&s->requests, 1) + 1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int orders = strcmp(url, "/v1/orders") == 0, changes = strcmp(url, "/v1/changes") == 0;
    int report = strcmp(url, "/v1/quarantine") == 0;
    if (orders) endpoint = "orders";
    else if (changes) endpoint = "changes";
    else if (report) endpoint = "quarantine";
    trace(s, endpoint, "request", r->body.data ? r->body.data : "", r->body.len, n);

    PGconn *pg = NULL;
    if (!orders && !changes && !report) {
        hub_answer_error(&a, 404, "no such endpoint (protocol v1: /v1/orders, /v1/changes, "
                         "/v1/quarantine)");
    } else if ((changes && strcmp(method, "GET") != 0) ||
               (!changes && strcmp(method, "POST") != 0)) {
        hub_answer_error(&a, 405, changes ? "GET only" : "POST only");
    } else if (r->body.too_big) {
        hub_answer_error(&a, 413, "the body is larger than 2 MiB");
    } else if (!changes && !is_json(conn)) {
        hub_answer_error(&a, 415, "Content-Type: expected application/json");
    } else if (!(pg = pg_of_thread(s))) {
        hub_answer_error(&a, 503, "the hub cannot reach its database; try again");
        a.retry_after = 5;
    } else if (authenticate(s, pg, conn, method, r, &who, &a) == 0) {
        if (orders)
            hub_api_orders(pg, &who, r->body.data, r->body.len, &a);
        else if (report)
            hub_api_quarantine(pg, &who, r->body.data, r->body.len, &a);
        else
            hub_api_changes(pg, &who, MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
                                                                  "since"), &a);
    }
    enum MHD_Result ret = send_answer(conn, &a);
    char what[32];
    snprintf(what, sizeof what, "answer-%u", a.code);
    if (a.body)
        trace(s, endpoint, what, a.body, strlen(a.body), n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (s->opt->access_log)
        fprintf(stderr, "request %s %s %u %ld us\n", endpoint, who.kiosk[0] ? who.kiosk : "-",
                a.code, (long)((t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000));
    free(a.body);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    Server *s = cls;
    Request *r = *req_cls;
    if (!r)
        return MHD_NO;
    if (!r->started) {
        r->started = 1;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        return hub_body_append(&r->body, upload_data, n, HUB_BODY_MAX) ? MHD_NO : MHD_YES;
    }
    return handle(s, conn, method, url, r);
}

int hub_serve(const hub_ServeOptions *opt)
{
    static Server s;
    char err[HUB_ERR_MAX], *cert = NULL, *key = NULL;
    struct MHD_Daemon *d = NULL;
    int rc = 1;
    s.opt = opt;
    pthread_mutex_init(&s.lock, NULL);

    /* Migrate once, with a connection of its own, before serving. */
    PGconn *pg = hub_db_connect(opt->conninfo, err, sizeof err);
    if (!pg || hub_db_migrate(pg, err, sizeof err)) {
        fprintf(stderr, "kiosk-hub: %s\n", err);
        PQfinish(pg);
        return 1;
    }
    PQfinish(pg);

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)opt->port);
    if (inet_pton(AF_INET, opt->listen ? opt->listen : "127.0.0.1", &addr.sin_addr) != 1) {
        fprintf(stderr, "kiosk-hub: --listen: expected an IPv4 address\n");
        return 2;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (opt->tls_cert) {
        cert = hub_file_read(opt->tls_cert, PEM_MAX);
        key = hub_file_read(opt->tls_key, PEM_MAX);
        if (!cert || !key) {
            fprintf(stderr, "kiosk-hub: cannot read --tls-cert or --tls-key\n");
            goto fail;
        }
        flags |= MHD_USE_TLS;
    }
    d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &s,
                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                         MHD_OPTION_THREAD_POOL_SIZE, (unsigned)opt->threads,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
                         MHD_OPTION_URI_LOG_CALLBACK, on_uri, &s,
                         MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s,
                         cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
                         MHD_OPTION_HTTPS_MEM_KEY, key,
                         MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "kiosk-hub: cannot listen on %s:%d\n",
                opt->listen ? opt->listen : "127.0.0.1", opt->port);
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("listening on %u\n", info ? (unsigned)info->port : (unsigned)opt->port);
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    rc = 0;
fail:
    if (d)
        MHD_stop_daemon(d);
    for (int i = 0; i < s.n_conns; i++)
        PQfinish(s.conns[i]);
    s.n_conns = 0;
    free(cert);
    free(key);
    pthread_mutex_destroy(&s.lock);
    return rc;
}
